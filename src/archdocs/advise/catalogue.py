"""What the advice knows about each technology beyond its capabilities: how simple it is to run,
which managed offerings the major clouds sell, what it costs, where the figures come from.

This is data, not code: a new technology is a new :class:`Profile` next to its entry in
:data:`archdocs.model.technology.CATALOGUE` (which holds kinds, capabilities and per-node
budgets). Sources for every limit and capability are listed in ``docs/guide/advice.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archdocs.model.constraints import BudgetClass, Cloud
from archdocs.model.datastore import Role
from archdocs.model.technology import CATALOGUE, Capability, Kind

C = Cloud


@dataclass(frozen=True)
class Profile:
    """Advice data for one catalogue technology (by id)."""

    simplicity: int
    """Operational simplicity when self-hosted, 1 (a cluster to nurse) to 5 (one process)."""
    managed: dict[Cloud, str] = field(default_factory=dict)
    """The managed offering per cloud, by its product name."""
    cost: BudgetClass = BudgetClass.LOW
    """The cheapest budget class that can run it in production (licences, cluster minimum)."""
    general_purpose: bool = False
    """Serves most workloads well: the 'start simple' default of its kind."""
    source: str = ""
    """Where its limits and capabilities come from."""
    not_in: frozenset[str] = frozenset()
    """Jurisdictions where its managed offerings are not sold although the cloud has regions
    there (third-party services that run only in the clouds' global partitions)."""


_GLOBAL = frozenset({"ae", "au", "br", "ca", "ch", "eu", "in", "jp", "kr", "sg", "uk", "us",
                     "za"})
CLOUD_RESIDENCIES: dict[Cloud, frozenset[str]] = {
    C.AWS: _GLOBAL | {"cn"},
    C.AZURE: _GLOBAL | {"cn"},
    C.GCP: _GLOBAL - {"ae"},
}
"""The jurisdictions (:data:`archdocs.model.constraints.RESIDENCIES`) in which each cloud has a
region, from the providers' public region lists (sources in ``docs/guide/advice.md``). Coarse
on purpose: 'eu' means at least one region inside the European Union. AWS and Azure serve
mainland China from separately operated partitions; Google Cloud has no region there."""

_NOT_IN_CHINA = frozenset({"cn"})
"""Third-party managed services (MongoDB Atlas, Elastic Cloud, Event Store Cloud, Timescale
Cloud) run in the clouds' global regions, not in their China partitions."""

PROFILES: dict[str, Profile] = {
    "postgresql": Profile(
        4, {C.AWS: "Amazon RDS / Aurora PostgreSQL", C.AZURE: "Azure Database for PostgreSQL",
            C.GCP: "Cloud SQL / AlloyDB for PostgreSQL"},
        general_purpose=True, source="PostgreSQL 16 documentation; AWS RDS user guide"),
    "mysql": Profile(
        4, {C.AWS: "Amazon RDS / Aurora MySQL", C.AZURE: "Azure Database for MySQL",
            C.GCP: "Cloud SQL for MySQL"},
        general_purpose=True, source="MySQL 8.0 reference manual"),
    "mariadb": Profile(4, {C.AWS: "Amazon RDS for MariaDB"}, general_purpose=True,
                       source="MariaDB knowledge base"),
    "sqlserver": Profile(
        3, {C.AWS: "Amazon RDS for SQL Server", C.AZURE: "Azure SQL Database",
            C.GCP: "Cloud SQL for SQL Server"},
        cost=BudgetClass.MEDIUM, source="Microsoft SQL Server documentation"),
    "oracle": Profile(2, {C.AWS: "Amazon RDS for Oracle", C.AZURE: "Oracle Database@Azure",
                          C.GCP: "Oracle Database@Google Cloud"},
                      cost=BudgetClass.HIGH, source="Oracle Database documentation"),
    "sqlite": Profile(5, {}, source="sqlite.org, 'Appropriate Uses For SQLite'"),
    "mongodb": Profile(
        3, {C.AWS: "MongoDB Atlas on AWS", C.AZURE: "MongoDB Atlas on Azure",
            C.GCP: "MongoDB Atlas on Google Cloud"},
        general_purpose=True, source="MongoDB manual (TTL indexes, sharding, transactions)", not_in=_NOT_IN_CHINA),
    "dynamodb": Profile(5, {C.AWS: "Amazon DynamoDB"},
                        source="Amazon DynamoDB developer guide (service quotas)"),
    "cassandra": Profile(
        1, {C.AWS: "Amazon Keyspaces", C.AZURE: "Azure Managed Instance for Apache Cassandra"},
        cost=BudgetClass.MEDIUM, source="Apache Cassandra documentation; DDIA ch. 3 and 6"),
    "redis": Profile(
        4, {C.AWS: "Amazon ElastiCache for Redis", C.AZURE: "Azure Cache for Redis",
            C.GCP: "Memorystore for Redis"},
        general_purpose=True, source="Redis documentation (persistence, expiry)"),
    "memcached": Profile(
        5, {C.AWS: "Amazon ElastiCache for Memcached", C.GCP: "Memorystore for Memcached"},
        source="memcached wiki"),
    "elasticsearch": Profile(
        2, {C.AWS: "Elastic Cloud on AWS", C.AZURE: "Elastic Cloud on Azure",
            C.GCP: "Elastic Cloud on Google Cloud"},
        cost=BudgetClass.MEDIUM, source="Elasticsearch reference (size your shards)", not_in=_NOT_IN_CHINA),
    "opensearch": Profile(2, {C.AWS: "Amazon OpenSearch Service"}, cost=BudgetClass.MEDIUM,
                          source="Amazon OpenSearch Service developer guide"),
    "influxdb": Profile(3, {C.AWS: "Amazon Timestream for InfluxDB"},
                        source="InfluxDB documentation (retention policies)"),
    "timescaledb": Profile(4, {C.AWS: "Timescale Cloud on AWS", C.AZURE: "Timescale Cloud on Azure"},
                           source="TimescaleDB documentation (hypertables, retention)", not_in=_NOT_IN_CHINA),
    "kafka": Profile(
        1, {C.AWS: "Amazon MSK", C.AZURE: "Azure Event Hubs (Kafka API)",
            C.GCP: "Google Cloud Managed Service for Apache Kafka"},
        cost=BudgetClass.MEDIUM, general_purpose=True,
        source="Apache Kafka documentation; DDIA ch. 11"),
    "rabbitmq": Profile(3, {C.AWS: "Amazon MQ for RabbitMQ"}, source="RabbitMQ documentation"),
    "eventstoredb": Profile(2, {C.AWS: "Event Store Cloud on AWS", C.AZURE: "Event Store Cloud on Azure",
                                C.GCP: "Event Store Cloud on Google Cloud"},
                            source="EventStoreDB documentation", not_in=_NOT_IN_CHINA),
    "s3": Profile(5, {C.AWS: "Amazon S3", C.AZURE: "Azure Blob Storage",
                      C.GCP: "Google Cloud Storage"}, source="Amazon S3 user guide"),
}

ROLE_KINDS: dict[Role, tuple[Kind, ...]] = {
    Role.SYSTEM_OF_RECORD: (Kind.RELATIONAL, Kind.DOCUMENT, Kind.KEY_VALUE, Kind.WIDE_COLUMN,
                            Kind.TIME_SERIES),
    Role.READ_MODEL: (Kind.RELATIONAL, Kind.DOCUMENT, Kind.KEY_VALUE, Kind.SEARCH,
                      Kind.TIME_SERIES, Kind.WIDE_COLUMN),
    Role.CACHE: (Kind.KEY_VALUE,),
    Role.SEARCH_INDEX: (Kind.SEARCH, Kind.RELATIONAL),
    Role.EVENT_STORE: (Kind.RELATIONAL, Kind.EVENT_LOG),
    Role.ANALYTICS: (Kind.RELATIONAL, Kind.TIME_SERIES, Kind.WIDE_COLUMN),
    Role.ARCHIVE: (Kind.OBJECT,),
    Role.BROKER: (Kind.EVENT_LOG,),
}
"""Kinds that can play each role, in the order the decision framework tries them."""

KIND_STRENGTHS: dict[tuple[Capability, Kind], tuple[int, str]] = {
    (Capability.ACID_TRANSACTIONS, Kind.RELATIONAL): (
        2, "multi-row transactions are what relational stores are built around (DDIA ch. 7)"),
    (Capability.JOINS, Kind.RELATIONAL): (2, "joins are native to the relational model (DDIA ch. 2)"),
    (Capability.FLEXIBLE_SCHEMA, Kind.DOCUMENT): (
        2, "a document holds a whole aggregate whose shape changes (DDIA ch. 2)"),
    (Capability.TTL, Kind.KEY_VALUE): (2, "expiring keys are native to a key-value store"),
    (Capability.TTL, Kind.DOCUMENT): (1, "TTL indexes expire documents"),
    (Capability.FULL_TEXT_SEARCH, Kind.SEARCH): (
        2, "relevance, analyzers and facets are a search engine's purpose"),
    (Capability.RETENTION_DOWNSAMPLING, Kind.TIME_SERIES): (
        2, "retention and downsampling are native to a time-series store"),
    (Capability.HIGH_WRITE_THROUGHPUT, Kind.WIDE_COLUMN): (
        2, "log-structured storage absorbs sustained writes (DDIA ch. 3)"),
    (Capability.HIGH_WRITE_THROUGHPUT, Kind.TIME_SERIES): (1, "built for append-heavy inserts"),
    (Capability.APPEND_ONLY_LOG, Kind.EVENT_LOG): (2, "an append-only log is the store itself"),
}
"""Points a kind earns for a need it serves natively, with the reason (and its source)."""

EMULATIONS: dict[tuple[Capability, Kind], tuple[int, str]] = {
    (Capability.APPEND_ONLY_LOG, Kind.RELATIONAL): (
        -1, "append-only by REVOKE UPDATE, DELETE and a trigger, not by the engine (PAT002)"),
}
"""Needs a kind meets without the capability, at a cost: not a rejection, a penalty."""

SEARCHES_PER_RELATIONAL_NODE = 200.0
SEARCH_REPLICA_FACTOR = 4.0
"""How many times the relational search rate read replicas of one primary are taken to carry."""
"""Full-text searches a second a relational primary serves next to its OLTP load before a
search engine pays for itself (Elastic, 'Search and relevance'; see the docs)."""

NEAR_HORIZON_YEARS = 1.0
"""Start simple: a store that outgrows one node within this many years should shard natively
from day one; later than that, the scalability path gets there (vertical, replicas,
partitioning, sharding) and the simpler store wins today."""

READS_PER_NODE = 10_000.0
"""Indexed point reads a second one relational node serves comfortably (sources in the docs);
beyond it read replicas carry reads."""

MAX_SHARDS_BEFORE_OTHER_TECHNOLOGY = 16
"""Past this many shards of a relational store, a natively distributed technology is simpler."""


def profile(technology_id: str) -> Profile:
    return PROFILES[technology_id]


def offered_in(technology_id: str, cloud: Cloud) -> frozenset[str]:
    """The jurisdictions where the managed offering of ``technology_id`` on ``cloud`` is sold
    (empty when there is none)."""
    prof = PROFILES[technology_id]
    if cloud not in prof.managed:
        return frozenset()
    return CLOUD_RESIDENCIES.get(cloud, frozenset()) - prof.not_in


def candidates() -> list[str]:
    """Technology ids the advice weighs, in id order (deterministic)."""
    return sorted(i for i in CATALOGUE if i in PROFILES)
