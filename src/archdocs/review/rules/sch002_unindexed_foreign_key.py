"""SCH002: a foreign key whose columns lead no index."""

from collections.abc import Iterator

from sqlalchemy import ForeignKeyConstraint, Table, UniqueConstraint

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule
from archdocs.review.schema import describe_fk, fk_columns, speaks_sql

# InnoDB creates an index for every foreign key that lacks one, so the finding would be noise.
_INDEXES_FOREIGN_KEYS_ITSELF = {"mysql"}


@rule(
    "SCH002", "unindexed-foreign-key", Severity.WARNING, family="schema",
    why="Deleting or updating a parent row makes the database look up the child rows by the "
        "foreign key columns; without an index whose leading columns are those columns, that "
        "is a full scan of the child table, taken under lock, for every parent change. Joins "
        "from parent to children scan too. PostgreSQL, SQL Server and Oracle do not create "
        "these indexes for you.",
    fix="Index the foreign key columns, in the key's order: mapped_column(ForeignKey(...), "
        "index=True), or Index(\"ix_child_parent\", \"parent_id\") in __table_args__. An "
        "existing index that starts with those columns (or the primary key) also serves.",
)
def unindexed_foreign_key(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        if not speaks_sql(datastore):
            continue
        if datastore.technology.sql_dialect in _INDEXES_FOREIGN_KEYS_ITSELF:
            continue
        for table in datastore.tables:
            leading = _index_column_lists(table)
            for fk in ctx.foreign_keys(table):
                columns = fk_columns(fk)
                if any(_leads(index, columns) for index in leading):
                    continue
                column = table.columns.get(columns[0])
                location = (ctx.column_location(datastore, table, column) if column is not None
                            else ctx.table_location(datastore, table))
                yield Hit(
                    datastore,
                    f"foreign key {describe_fk(table, fk)} has no index on "
                    f"({', '.join(columns)}): every delete or key update in "
                    f"{_parent(fk)} scans {table.fullname}",
                    target=f"{table.fullname}.{columns[0]}",
                    location=location,
                )


DOC = RuleDoc(
    checks="""
- every foreign key of a SQL datastore's table: some index (or the primary key, or a unique
  constraint) must start with the key's columns;
- MySQL and MariaDB are skipped: InnoDB creates the index itself.
""",
    example="""
class Base(DeclarativeBase):
    pass

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    fixed="""
class Base(DeclarativeBase):
    pass

class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)

system = System("Shop")
system.context("Sales").datastore("orders-db", tech.PostgreSQL("16"), schema=Base)
""",
    suppress="""
currency: Mapped[str] = mapped_column(
    ForeignKey("currencies.code"),
    info=column_notes(suppress=[suppress("SCH002", "currencies never change or get deleted")]))
""",
)


def _index_column_lists(table: Table) -> list[list[str]]:
    lists = [[c.name for c in table.primary_key.columns]]
    for index in table.indexes:
        lists.append([getattr(e, "name", str(e)) for e in index.expressions])
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            lists.append([c.name for c in constraint.columns])
    return lists


def _leads(index: list[str], columns: list[str]) -> bool:
    """The index starts with the key's columns (in any order among themselves)."""
    return len(index) >= len(columns) and set(index[: len(columns)]) == set(columns)


def _parent(fk: ForeignKeyConstraint) -> str:
    return fk.elements[0].target_fullname.rsplit(".", 1)[0]
