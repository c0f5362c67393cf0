"""PAT006: a transactional outbox in a datastore without multi-record transactions."""

from collections.abc import Iterator

from archdocs.model.patterns import TransactionalOutbox
from archdocs.model.technology import Capability
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PAT006", "outbox-without-transactions", Severity.ERROR, family="patterns",
    why="The outbox guarantees that an event is published if and only if the business change "
        "committed, because both rows are written in one transaction. On a technology without "
        "multi-record transactions the two writes can half-succeed, which is exactly the "
        "dual-write problem the outbox is meant to remove.",
    fix="Put the outbox in the datastore the business change is written to, on a technology "
        "with multi-record ACID transactions, or use change data capture on the business "
        "table itself instead of an outbox.",
)
def outbox_without_transactions(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for pattern in system.patterns:
        if not isinstance(pattern, TransactionalOutbox):
            continue
        datastore = ctx.find_datastore(pattern.datastore)
        if datastore is None or datastore.has(Capability.ACID_TRANSACTIONS):
            continue
        yield Hit(
            pattern,
            f"outbox {pattern.name}: {datastore.name} runs on {datastore.technology.label}, "
            "which has no multi-record transactions, so the event and the business change "
            "cannot commit together",
        )


DOC = RuleDoc(
    checks="""
- every `TransactionalOutbox` whose datastore's technology lacks multi-record ACID transactions
  (Cassandra, Redis, Elasticsearch, ...).
""",
    example="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.Cassandra("4.1"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC)
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
    fixed="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC)
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
    suppress="""
system.pattern(TransactionalOutbox(
    "order events", datastore=db, table="outbox", relay=relay,
    suppress=[suppress("PAT006", "event and change are one partition-key batch (LWT)")]))
""",
)
