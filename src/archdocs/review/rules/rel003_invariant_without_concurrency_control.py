"""REL003: a write that must keep an invariant declares no concurrency control, or one the
schema does not support."""

from collections.abc import Iterator

from sqlalchemy import Table

from archdocs.model.notes import Operation
from archdocs.model.reliability import Concurrency
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "REL003", "invariant-without-concurrency-control", Severity.WARNING, family="reliability",
    why="Check-then-act under concurrency breaks invariants: two checkouts both read "
        "'1 in stock', both decrement, and the shop oversells; a redelivered message decrements "
        "twice. Read Committed, the default in PostgreSQL, SQL Server and Oracle (and MySQL's "
        "Repeatable Read for a read followed by an UPDATE), does not prevent this lost update. "
        "A write that must keep an invariant needs a version column compared in the UPDATE, a "
        "condition in the UPDATE itself, a reservation row under a constraint, a lock, or "
        "SERIALIZABLE isolation. Source: https://www.postgresql.org/docs/current/"
        "transaction-iso.html.",
    fix="Declare how the write keeps it, and make it so: "
        "concurrency=conditional_update(\"quantity >= :requested\"), optimistic(\"version\") "
        "with that column in the table, or reservation(\"stock_reservations\") with that "
        "table in the datastore.",
)
def invariant_without_concurrency_control(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for pattern in datastore.all_access_patterns():
            if pattern.operation is not Operation.WRITE or not pattern.invariant:
                continue
            control = pattern.concurrency
            target = pattern.table
            if control is None:
                yield Hit(datastore, f"write {pattern.name!r} must keep "
                          f"{pattern.invariant!r} but declares no concurrency control: "
                          "concurrent writers or a redelivery can break it",
                          target=target, location=pattern.declared_at)
                continue
            table = datastore.table(pattern.table) if pattern.table else None
            if control.kind is Concurrency.OPTIMISTIC_VERSION and table is not None \
                    and control.column is not None and control.column not in table.columns:
                yield Hit(datastore, f"write {pattern.name!r} relies on version column "
                          f"{control.column!r}, which {table.fullname} does not have",
                          target=target, location=pattern.declared_at)
            if control.kind is Concurrency.CONSTRAINT and table is not None \
                    and not _has_constraint(table, control.condition or ""):
                yield Hit(datastore, f"write {pattern.name!r} relies on constraint "
                          f"{control.condition!r}, which {table.fullname} does not declare",
                          target=target, location=pattern.declared_at)
            if control.kind is Concurrency.RESERVATION and control.table \
                    and datastore.tables and datastore.table(control.table) is None:
                yield Hit(datastore, f"write {pattern.name!r} relies on reservation table "
                          f"{control.table!r}, which {datastore.name} does not hold",
                          target=target, location=pattern.declared_at)


DOC = RuleDoc(
    checks="""
For every write access pattern (`operation=Operation.WRITE`) that declares an `invariant=`:

- no `concurrency=` declared;
- `optimistic("version")` whose column the written table lacks;
- `constraint("name")` whose check or unique constraint the table does not declare (the name
  as written, or as expanded by a naming convention: `ck_<table>_<name>`);
- `reservation("table")` whose table the datastore does not hold.

`conditional_update("…")`, pessimistic locks and SERIALIZABLE are taken as declared.
""",
    example="""
from sqlalchemy import CheckConstraint


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "stock"
    __table_args__ = (CheckConstraint("quantity >= 0", name="quantity_not_negative"),)
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    quantity: Mapped[int]


system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"), schema=Base, access_patterns=[
    AccessPattern("decrement stock", table="stock", operation=Operation.WRITE, equals=["sku"],
                  invariant="quantity never below zero")])
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
from sqlalchemy import CheckConstraint


class Base(DeclarativeBase):
    pass


class Stock(Base):
    __tablename__ = "stock"
    __table_args__ = (CheckConstraint("quantity >= 0", name="quantity_not_negative"),)
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    quantity: Mapped[int]


system = System("Shop")
catalog = system.context("Catalog")
api = catalog.service("catalog-api")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"), schema=Base, access_patterns=[
    AccessPattern("decrement stock", table="stock", operation=Operation.WRITE, equals=["sku"],
                  invariant="quantity never below zero",
                  concurrency=constraint("quantity_not_negative"))])
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""ctx.datastore(..., suppress=[suppress("REL003", "the reason", target="stock")])""",
)


def _has_constraint(table: Table, name: str) -> bool:
    """Whether ``table`` declares the constraint ``name``, as written or expanded by a naming
    convention (``ck_stock_levels_<name>``)."""
    return any(str(c.name) == name or str(c.name).endswith("_" + name)
               for c in table.constraints if c.name is not None)
