"""SCH003: a relational table that no foreign key connects to any other table."""

from collections.abc import Iterator

from archdocs.model.datastore import Role
from archdocs.model.technology import Kind
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.schema import referenced_table


@rule(
    "SCH003", "table-without-relations", Severity.WARNING, family="schema",
    why="In a relational schema, a table that neither references nor is referenced by any "
        "other table is often a relationship that was never declared: an order_id column with "
        "no foreign key lets orphans in and leaves the ER diagram misleading. Sometimes it is "
        "genuinely standalone (settings, an import staging table), which is worth saying. Tables "
        "a declared pattern makes standalone by design (a TransactionalOutbox's outbox, an "
        "Inbox's idempotency table) are not reported.",
    fix="Declare the missing ForeignKey on the column that refers to another table; for an "
        "inbox or idempotency table, declare system.pattern(Inbox(\"…\", datastore=..., "
        "table=...)); if the table is standalone for another reason, suppress this finding on "
        "it with the reason (table_notes(suppress=[suppress(\"SCH003\", \"…\")])).",
)
def table_without_relations(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    by_design = {(id(ctx.find_datastore(store)), table) for p in system.patterns
                 for store, table in p.standalone_tables()}
    for datastore in system.datastores:
        tables = datastore.tables
        if datastore.technology.kind is not Kind.RELATIONAL or len(tables) < 2:
            continue  # a single table has nothing to relate to
        if datastore.role not in (Role.SYSTEM_OF_RECORD, Role.ARCHIVE):
            continue  # read models, caches and analytics copies are denormalised on purpose
        related: set[str] = set()
        for table in tables:
            for fk in ctx.foreign_keys(table):
                parent = datastore.table(referenced_table(fk))
                related.add(table.fullname)
                if parent is not None:
                    related.add(parent.fullname)
        for table in tables:
            if table.fullname in related:
                continue
            if any(key == id(datastore) and datastore.table(name) is table
                   for key, name in by_design):
                continue  # an outbox or inbox table is standalone by design
            yield Hit(
                datastore,
                f"table {table.fullname} in {datastore.name} has no foreign key to or from "
                + ("the other table" if len(tables) == 2
                   else f"any of the other {len(tables) - 1} tables"),
                target=table.fullname,
                location=ctx.table_location(datastore, table),
            )


DOC = RuleDoc(
    checks="""
- tables of relational datastores that are systems of record (or archives) with at least two
  tables, where no foreign key points from or to the table;
- read models, caches and analytics stores are skipped (denormalised on purpose), and so are
  outbox tables declared by `TransactionalOutbox` and inbox (idempotency) tables declared by
  `Inbox`.
""",
    example="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("order_notes", metadata, Column("id", Integer, primary_key=True),
      Column("order_id", Integer))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    fixed="""
metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))
Table("order_notes", metadata, Column("id", Integer, primary_key=True),
      Column("order_id", Integer, ForeignKey("orders.id"), index=True))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
""",
    suppress="""
Table("settings", metadata, Column("key", String(50), primary_key=True),
      info=table_notes(suppress=[suppress("SCH003", "key-value settings, standalone")]))
""",
)
