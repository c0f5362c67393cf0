"""PAT005: a transactional outbox with no relay flow publishing it."""

from collections.abc import Iterator

from archdocs.model.patterns import TransactionalOutbox
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PAT005", "outbox-without-relay", Severity.ERROR, family="patterns",
    why="Writing events to an outbox table only moves the problem unless something reads the "
        "table and publishes the rows: without a relay the events never leave the database, "
        "the table grows forever, and the consumers the outbox exists for see nothing.",
    fix="Declare the relay: a CDC flow from the datastore to the broker (Debezium outbox "
        "router) or a poller service that reads the table, and pass it as "
        "TransactionalOutbox(..., relay=flow).",
)
def outbox_without_relay(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for pattern in system.patterns:
        if not isinstance(pattern, TransactionalOutbox):
            continue
        datastore = ctx.find_datastore(pattern.datastore)
        if datastore is None:
            continue  # INT002 reports it
        if pattern.relay is None:
            yield Hit(pattern, f"outbox {pattern.name}: no relay flow publishes table "
                               f"{pattern.table} of {datastore.name}, so its events never "
                               "leave the database")
            continue
        relay = ctx.find_flow(pattern.relay)
        if relay is None:
            continue  # INT002 reports it
        ends = (ctx.resolve(relay.source), ctx.resolve(relay.target))
        if not any(end is datastore for end in ends):
            yield Hit(pattern, f"outbox {pattern.name}: relay flow {relay.name} neither reads "
                               f"nor starts from {datastore.name}, so it cannot publish table "
                               f"{pattern.table}")


DOC = RuleDoc(
    checks="""
- a `TransactionalOutbox` without `relay`;
- a relay flow that neither starts from the outbox's datastore (CDC) nor reads it (a poller).
""",
    example="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox"))
""",
    fixed="""
metadata = MetaData()
Table("outbox", metadata, Column("id", BigInteger, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC, carries=["outbox"], name="outbox relay")
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
    suppress="""
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox",
                                   suppress=[suppress("PAT005", "relay is being built (#123)")]))
""",
)
