"""PAT004: the transactional outbox table is not in the outbox's datastore."""

from collections.abc import Iterator

from archdocs.model.patterns import TransactionalOutbox
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PAT004", "outbox-table-missing", Severity.ERROR, family="patterns",
    why="The outbox works because the event row is inserted in the same transaction as the "
        "business change, which needs the outbox table in the same database. If the declared "
        "table is not in that datastore's schema, either the pattern points at the wrong store "
        "or the table was never created, and events are lost or published for rolled-back "
        "changes.",
    fix="Add the outbox table (id, aggregate id, event type, payload, created_at) to the "
        "datastore's SQLAlchemy models, or correct TransactionalOutbox(datastore=..., table=...).",
)
def outbox_table_missing(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for pattern in system.patterns:
        if not isinstance(pattern, TransactionalOutbox):
            continue
        datastore = ctx.find_datastore(pattern.datastore)
        if datastore is None or datastore.table(pattern.table) is not None:
            continue
        names = [t.fullname for t in datastore.tables]
        holds = (f"it holds {', '.join(names[:6])}{' …' if len(names) > 6 else ''}"
                 if names else "it declares no tables")
        yield Hit(
            pattern,
            f"outbox {pattern.name}: table {pattern.table} is not in {datastore.name} ({holds})",
        )


DOC = RuleDoc(
    checks="""
- every `TransactionalOutbox`: its `table` must be one of the tables of its `datastore`.
""",
    example="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC, carries=["outbox"])
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
    fixed="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("outbox", metadata,
      Column("id", BigInteger, primary_key=True),
      Column("aggregate_id", Integer, nullable=False),
      Column("event_type", String(100), nullable=False),
      Column("payload", Text, nullable=False),
      Column("created_at", DateTime, nullable=False))

system = System("Shop")
sales = system.context("Sales")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
bus = sales.datastore("order-events", tech.Kafka("3.7"), role=Role.BROKER)
relay = system.flow(db, bus, Mechanism.CDC, carries=["outbox"])
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay))
""",
    suppress="""
system.pattern(TransactionalOutbox("order events", datastore=db, table="outbox", relay=relay,
                                   suppress=[suppress("PAT004", "created by the Debezium "
                                                                "migration, not by our models")]))
""",
)
