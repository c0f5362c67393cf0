"""Questions the schema and scaling rules ask about a datastore's tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import ForeignKeyConstraint, Table

from archdocs.model.datastore import Datastore
from archdocs.model.scaling import Sharding, table_matches


def speaks_sql(datastore: Datastore) -> bool:
    """Whether the datastore is a SQL database (relational, or TimescaleDB on PostgreSQL)."""
    return datastore.technology.sql_dialect is not None


def foreign_keys(table: Table) -> list[ForeignKeyConstraint]:
    """The table's foreign key constraints, in a stable order."""
    found = [c for c in table.constraints if isinstance(c, ForeignKeyConstraint)]
    return sorted(found, key=lambda fk: ([c.name for c in fk.columns], referenced_table(fk)))


def referenced_table(fk: ForeignKeyConstraint) -> str:
    """The full name of the table ``fk`` points at, read from its declaration, so a key to a
    table that is not in the metadata can still be named."""
    return fk.elements[0].target_fullname.rsplit(".", 1)[0]


def referenced_columns(fk: ForeignKeyConstraint) -> list[str]:
    return [element.target_fullname.rsplit(".", 1)[-1] for element in fk.elements]


def fk_columns(fk: ForeignKeyConstraint) -> list[str]:
    """The referencing columns, in constraint order (``fk.columns`` is empty until the
    constraint is attached, so fall back to the element's parent)."""
    names = [c.name for c in fk.columns]
    return names or [element.parent.name for element in fk.elements]


def describe_fk(table: Table, fk: ForeignKeyConstraint) -> str:
    """``orders(customer_id) → customers(id)``."""
    return (
        f"{table.fullname}({', '.join(fk_columns(fk))}) → "
        f"{referenced_table(fk)}({', '.join(referenced_columns(fk))})"
    )


def table_holders(datastores: Sequence[Datastore]) -> dict[str, list[Datastore]]:
    """Table name → the datastores holding a table of that name, keyed by full name and by bare
    name, so a reference written either way (as :func:`table_matches` reads it) is one lookup."""
    holders: dict[str, list[Datastore]] = {}
    for datastore in datastores:
        for table in datastore.metadata.tables.values():
            for key in {table.fullname, table.name}:
                found = holders.setdefault(key, [])
                if not any(d is datastore for d in found):
                    found.append(datastore)
    return holders


def sharded_tables(datastore: Datastore, sharding: Sharding) -> Iterator[Table]:
    """The tables of ``datastore`` that ``sharding`` spreads across shards."""
    for table in datastore.tables:
        if is_reference_table(sharding, table):
            continue
        if not sharding.tables or any(table_matches(n, table.fullname) for n in sharding.tables):
            yield table


def is_reference_table(sharding: Sharding, table: Table) -> bool:
    return any(table_matches(name, table.fullname) for name in sharding.reference_tables)


def sharding_of(datastore: Datastore, table: Table) -> Sharding | None:
    """The sharding that spreads ``table``, or ``None`` when it lives whole on every node."""
    for sharding in datastore.scaling.sharding:
        if any(t is table for t in sharded_tables(datastore, sharding)):
            return sharding
    return None


def is_reference_anywhere(datastore: Datastore, table: Table) -> bool:
    """Whether some sharding copies ``table`` to every shard."""
    return any(is_reference_table(s, table) for s in datastore.scaling.sharding)
