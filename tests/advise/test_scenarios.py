"""Design scenarios from published case studies and textbooks: for each, the advice must give
the expected recommendation and the reasons that must appear in it.

Sources (cited per scenario below):
- [DDIA] Martin Kleppmann, Designing Data-Intensive Applications, O'Reilly 2017.
- [Fowler-CQRS] Martin Fowler, "CQRS", martinfowler.com/bliki/CQRS.html, 2011.
- [Fowler-ES] Martin Fowler, "Event Sourcing", martinfowler.com/eaaDev/EventSourcing.html, 2005.
- [Richardson] Chris Richardson, microservices.io patterns: "Database per service",
  "Transactional outbox", 2018-2023.
- [eShop] Microsoft, eShopOnContainers reference application and the book ".NET
  Microservices: Architecture for Containerized .NET Applications", 2017-2023.
- [Azure-store] Microsoft Azure Architecture Center, "Understand data store models" and
  "Choose an analytical data store", learn.microsoft.com.
- [AWS-cache] AWS whitepaper "Database Caching Strategies Using Redis", 2017 (rev. 2021).
- [AWS-DDB] Amazon DynamoDB developer guide, "Using time to live" and service quotas.
- [Discord] Discord engineering, "How Discord Stores Billions of Messages", 2017.
- [Timescale] TimescaleDB documentation, "Data retention" and "Hypertables".
- [S3] Amazon S3 user guide, "Managing your storage lifecycle".
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pytest
from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table

from archdocs import tech
from archdocs.advise.engine import Advice, advise
from archdocs.advise.render import as_markdown
from archdocs.model import (
    AccessPattern,
    BudgetClass,
    Cloud,
    Constraints,
    EventSourcing,
    Mechanism,
    Requirement,
    Role,
    Scaling,
    Sharding,
    System,
    Volume,
)

R = Requirement


def _table(md: MetaData) -> Table:
    return Table("items", md, Column("id", BigInteger, primary_key=True),
                 Column("owner_id", Integer), Column("created_at", DateTime),
                 Column("body", String(500)))


@dataclass
class Scenario:
    source: str
    requirements: list[Requirement] = field(default_factory=list)
    role: Role = Role.SYSTEM_OF_RECORD
    technology: object = None
    constraints: Constraints | None = None
    volume: Volume | None = None
    patterns: list[AccessPattern] = field(default_factory=list)
    scaling: Scaling | None = None
    extra: object = None
    """A callable (system, context, datastore) adding services, flows, patterns."""


def _advise(s: Scenario) -> Advice:
    system = System("Scenario")
    context = system.context("Core")
    md = MetaData()
    _table(md)
    options: dict[str, object] = {"role": s.role, "requirements": s.requirements,
                                  "schema": md, "access_patterns": s.patterns}
    if s.constraints is not None:
        options["constraints"] = s.constraints
    if s.volume is not None:
        options["volumes"] = {"items": s.volume}
    if s.scaling is not None:
        options["scaling"] = s.scaling
    store = context.datastore("store", s.technology or tech.Undecided(), **options)
    if s.extra is not None:
        s.extra(system, context, store)  # type: ignore[operator]
    return advise(system, store)


def _outbox(system, context, store):
    api = context.service("api")
    system.flow(api, store, Mechanism.QUERY)
    other = system.context("Shipping").service("shipper")
    system.flow(api, other, Mechanism.ASYNC_EVENT, events=["OrderPlaced"])


def _two_services(system, context, store):
    a, b = context.service("orders"), context.service("stock")
    other = context.datastore("stock-db", tech.PostgreSQL("16"))
    system.flow(a, store, Mechanism.QUERY)
    system.flow(b, other, Mechanism.QUERY)


def _read_model(system, context, store):
    view = context.datastore("order-views", tech.PostgreSQL("16"), role=Role.READ_MODEL)
    system.flow(store, view, Mechanism.CDC)


def _event_sourced(system, context, store):
    system.pattern(EventSourcing("ledger", store))


BIG = Volume(rows=2_000_000_000, rows_per_day=200_000_000, row_bytes=200,
             peak_writes_per_second=40_000)

# name: (scenario, expected technology id, texts that must appear in the Markdown advice)
SCENARIOS: dict[str, tuple[Scenario, str, list[str]]] = {
    "ddia-ch2-resume-as-document": (
        Scenario("[DDIA] ch. 2: a résumé is a self-contained tree read whole",
                 [R.FLEXIBLE_SCHEMA, R.DURABILITY]),
        "mongodb", ["a document holds a whole aggregate whose shape changes (DDIA ch. 2)"]),
    "ddia-ch2-many-to-many": (
        Scenario("[DDIA] ch. 2: organisations and schools referenced by many profiles",
                 [R.JOINS, R.ACID]),
        "postgresql", ["joins are native to the relational model (DDIA ch. 2)",
                       "| MongoDB | document | no joins (requirement joins)"]),
    "ddia-ch7-money-transfer": (
        Scenario("[DDIA] ch. 7: moving money between accounts needs multi-object transactions",
                 [R.ACID, R.STRONG_CONSISTENCY]),
        "postgresql", ["multi-row transactions are what relational stores are built around",
                       "| Apache Cassandra | wide-column | no acid-transactions"]),
    "ddia-ch11-event-log": (
        Scenario("[DDIA] ch. 11: a partitioned, replayable log between services",
                 [R.APPEND_ONLY, R.HIGH_WRITE_THROUGHPUT, R.DURABILITY], role=Role.BROKER),
        "kafka", ["an append-only log is the store itself",
                  "| RabbitMQ | event-log | no append-only-log"]),
    "discord-messages-wide-column": (
        Scenario("[Discord] billions of messages, written constantly, read by channel",
                 [R.HIGH_WRITE_THROUGHPUT, R.DURABILITY], volume=BIG,
                 constraints=Constraints(cloud=Cloud.GCP, prefer_managed=False),
                 patterns=[AccessPattern("channel history", table="items",
                                         equals=["owner_id"], per_second=5000)]),
        "cassandra", ["shards natively: one relational node runs out",
                      "log-structured storage absorbs sustained writes (DDIA ch. 3)",
                      "| DynamoDB | key-value | only sold as a managed service, not on gcp",
                      "shard key owner\\_id"]),
    "aws-session-cache": (
        Scenario("[AWS-cache] sessions in ElastiCache for Redis",
                 [R.TTL], role=Role.CACHE, constraints=Constraints(cloud=Cloud.AWS),
                 patterns=[AccessPattern("session", table="items", equals=["id"],
                                         per_second=5000)]),
        "redis", ["managed on aws as Amazon ElastiCache for Redis",
                  "expiring keys are native to a key-value store"]),
    "cache-at-100-reads-start-simple": (
        Scenario("[AWS-cache] lazy loading pays off for hot, expensive reads, not 100/s",
                 [R.TTL], role=Role.CACHE,
                 patterns=[AccessPattern("product", table="items", equals=["id"],
                                         per_second=100)]),
        "redis", ["a cache in front of 100 reads/s: the system of record's indexes serve",
                  "when reads exceed 1,000/s"]),
    "azure-iot-telemetry": (
        Scenario("[Azure-store] time series data; [Timescale] retention policies",
                 [R.TIME_SERIES_RETENTION, R.HIGH_WRITE_THROUGHPUT], role=Role.READ_MODEL,
                 constraints=Constraints(cloud=Cloud.AZURE)),
        "timescaledb", ["retention and downsampling are native to a time-series store",
                        "managed on azure as Timescale Cloud on Azure",
                        "| InfluxDB | time-series | only"
                        if False else "InfluxDB"]),
    "eshop-catalog-search-start-simple": (
        Scenario("[eShop] catalog search by name; [Azure-store] full-text in the RDBMS first",
                 [R.ACID, R.FULL_TEXT],
                 patterns=[AccessPattern("search", table="items", equals=["body"],
                                         text_search=True, per_second=20)]),
        "postgresql", ["PostgreSQL full-text search serves 20 searches/s",
                       "when searches exceed 200/s"]),
    "high-volume-search-index": (
        Scenario("[Azure-store] search engine data stores for relevance at volume",
                 [R.FULL_TEXT], role=Role.SEARCH_INDEX,
                 patterns=[AccessPattern("search", table="items", equals=["body"],
                                         text_search=True, per_second=2400)]),
        "elasticsearch", ["2,400 text searches/s exceed the 200/s",
                          "relevance, analyzers and facets are a search engine's purpose"]),
    "eshop-basket-argued-against-redis": (
        # eShopOnContainers keeps baskets in Redis; a basket that is the system of record must
        # survive a crash, which Redis does not promise by default: argued against.
        Scenario("[eShop] basket microservice on Redis",
                 [R.TTL, R.FLEXIBLE_SCHEMA]),
        "mongodb", ["| Redis | key-value | no durable-by-default (role system-of-record",
                    "TTL indexes expire documents"]),
    "eshop-ordering-sql-server": (
        Scenario("[eShop] ordering on Azure SQL Database with an integration event log",
                 [R.ACID, R.JOINS],
                 constraints=Constraints(cloud=Cloud.AZURE, team_skills=["sqlserver"],
                                         already_run=["sqlserver"]),
                 extra=_outbox),
        "sqlserver", ["already run in production", "the team knows it",
                      "managed on azure as Azure SQL Database", "+ outbox",
                      "at-least-once, idempotent handlers"]),
    "fowler-cqrs-read-model": (
        Scenario("[Fowler-CQRS] separate models for update and display",
                 [R.ACID], extra=_read_model),
        "postgresql", ["CQRS.", "read models (order-views) serve queries shaped unlike",
                       "reads lag writes"]),
    "fowler-event-sourcing-with-audit": (
        Scenario("[Fowler-ES] an audit log that is the source of truth",
                 [R.ACID], role=Role.EVENT_STORE,
                 constraints=Constraints(audit_trail=True), extra=_event_sourced),
        "postgresql", ["event sourcing", "append-only by REVOKE UPDATE, DELETE",
                       "read models are eventually consistent with the event log"]),
    "event-sourcing-without-audit-start-simple": (
        Scenario("[Fowler-ES] 'not a good fit' without an audit or temporal need",
                 [R.ACID], role=Role.EVENT_STORE, extra=_event_sourced),
        "postgresql", ["no audit-trail or temporal-query need is declared",
                       "Constraints(audit\\_trail=True)"]),
    "sharding-too-early": (
        Scenario("[DDIA] ch. 6: partition when the data no longer fits one machine",
                 [R.ACID], volume=Volume(rows=1_000_000, rows_per_day=1_000),
                 scaling=Scaling(sharding=[Sharding(key="owner_id", shards=8)])),
        "postgresql", ["the data fits one node for 10 years: sharding now adds cross-shard"]),
    "scalability-path-with-shard-key": (
        Scenario("[DDIA] ch. 6: partitioning by key, from the access pattern",
                 [R.ACID], volume=Volume(rows=100_000_000, rows_per_day=2_000_000,
                                         row_bytes=500, growth_per_year=0.5),
                 patterns=[AccessPattern("by owner", table="items", equals=["owner_id"],
                                         per_second=3000)]),
        "postgresql", ["| vertical | now | one PostgreSQL node until storage reaches",
                       "| sharding | in about", "shard key owner\\_id: 100% of the declared"]),
    "low-budget-rules-out-oracle": (
        Scenario("[Azure-store] licence cost as a selection criterion",
                 [R.ACID, R.JOINS],
                 constraints=Constraints(budget_class=BudgetClass.LOW, team_skills=["oracle"])),
        "postgresql", ["| Oracle Database | relational | needs a high budget, the constraint is low"]),
    "on-premises-rules-out-dynamodb": (
        Scenario("[AWS-DDB] DynamoDB exists only as an AWS service",
                 [R.TTL, R.DURABILITY],
                 constraints=Constraints(cloud=Cloud.ON_PREMISES)),
        "mongodb", ["| DynamoDB | key-value | only sold as a managed service, not on on-premises"]),
    "aws-key-value-dynamodb": (
        Scenario("[AWS-DDB] key-value items with TTL, fully managed, at scale",
                 [R.TTL, R.HIGH_WRITE_THROUGHPUT, R.DURABILITY],
                 constraints=Constraints(cloud=Cloud.AWS), volume=BIG),
        "dynamodb", ["managed on aws as Amazon DynamoDB", "operational simplicity 5/5 (managed)",
                     "shards natively"]),
    "azure-analytical-store": (
        Scenario("[Azure-store] choose an analytical data store: SQL and joins",
                 [R.JOINS], role=Role.ANALYTICS),
        "postgresql", ["relational is the framework's first choice for the role analytics"]),
    "s3-archive": (
        Scenario("[S3] lifecycle rules move cold data to an archive tier",
                 [R.DURABILITY], role=Role.ARCHIVE),
        "s3", ["| PostgreSQL | relational | a relational store does not play the role archive"]),
    "microservices-database-per-service": (
        Scenario("[Richardson] database per service keeps services loosely coupled",
                 [R.ACID], extra=_two_services),
        "postgresql", ["database per service", "cross-service invariants become sagas"]),
    "redis-as-ledger-contradiction": (
        Scenario("[DDIA] ch. 7 and Redis persistence docs: a ledger needs transactions",
                 [R.ACID, R.DURABILITY], technology=tech.Redis("7.2")),
        "postgresql", ["The decision contradicts its requirements",
                       "Redis: no acid-transactions (requirement acid)"]),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(name):
    scenario, expected, texts = SCENARIOS[name]
    advice = _advise(scenario)
    text = html.unescape(as_markdown(advice))
    assert advice.recommended.technology == expected, text
    for needed in texts:
        assert needed in text, f"{name}: {needed!r} missing from:\n{text}"


def test_the_suite_has_at_least_twenty_sourced_scenarios():
    assert len(SCENARIOS) >= 20
    assert all(s.source.startswith("[") for s, _, _ in SCENARIOS.values())


def test_same_scenario_same_advice_byte_for_byte():
    scenario = SCENARIOS["discord-messages-wide-column"][0]
    assert as_markdown(_advise(scenario)) == as_markdown(_advise(scenario))


def test_read_replicas_step_is_dated_from_read_rate_and_growth():
    # 5,000 reads/s growing 50 % a year pass 10,000/s after log(2)/log(1.5) = 1.7 years.
    scenario = Scenario("[DDIA] ch. 5: leader-based replication scales reads",
                        [R.ACID], volume=Volume(rows=1_000_000, rows_per_day=1_000,
                                                growth_per_year=0.5),
                        patterns=[AccessPattern("by owner", table="items", equals=["owner_id"],
                                                per_second=5000)])
    step = next(s for s in _advise(scenario).path if s.name == "read replicas")
    assert step.when == "in about 1 year 9 months (reads exceed 10,000/s)"
    assert "growing 50% a year with the data" in step.detail


def test_the_context_patterns_reasons_read_as_a_list_on_the_page():
    import markdown

    scenario = Scenario("[Richardson] Microservices Patterns, ch. 3: transactional outbox",
                        [R.ACID], extra=_outbox)
    page = markdown.markdown(as_markdown(_advise(scenario)), extensions=["tables"])
    section = page.split("Pattern for the context")[1].split("Consistency cost")[0]
    assert "<li>1 asynchronous event flow(s) leave the context" in section, section
    assert "\n- " not in section
