"""The fix for an unserved access pattern, written the way the store spells it: a
``CREATE INDEX`` in the right SQL dialect, a MongoDB ``createIndex``, a DynamoDB global
secondary index, a Cassandra query table, and the SQLAlchemy ``Index(...)`` to add to the model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.notes import AccessPattern
from archdocs.model.sql import dialect_for
from archdocs.perf.indexes import KeyPart, index_name
from archdocs.quoting import python_string

INCLUDE_SINCE_POSTGRESQL = 11
"""``CREATE INDEX ... INCLUDE (...)`` exists from PostgreSQL 11 on."""


def supports_include(datastore: Datastore) -> bool:
    """Whether the store has included (non-key) index columns: SQL Server (since 2005) and
    PostgreSQL 11+ (an unstated version counts as current; TimescaleDB 2 needs PostgreSQL
    12+). MySQL and MariaDB have none: a covering index carries the columns in its key."""
    technology = datastore.technology
    if technology.sql_dialect == "mssql":
        return True
    if technology.id == "timescaledb":
        return True
    if technology.id != "postgresql":
        return False
    major = re.match(r"\s*(\d+)", technology.version or "")
    return major is None or int(major.group(1)) >= INCLUDE_SINCE_POSTGRESQL


def covering_key(
    datastore: Datastore, parts: Sequence[KeyPart], pattern: AccessPattern
) -> tuple[tuple[KeyPart, ...], tuple[str, ...]]:
    """The key and the INCLUDEd columns of the index that serves ``pattern`` and also holds
    the columns it only selects: those become INCLUDEd columns where the store has them, and
    are appended to the key where it does not (MySQL, MariaDB, PostgreSQL before 11)."""
    if pattern.text_search or datastore.technology.sql_dialect is None:
        return tuple(parts), ()
    keyed = {p.column for p in parts} | set(pattern.equals)
    selected = tuple(c for c in dict.fromkeys(pattern.select) if c not in keyed)
    if not selected:
        return tuple(parts), ()
    if supports_include(datastore):
        return tuple(parts), selected
    return tuple(parts) + tuple(KeyPart(c) for c in selected), ()


def create_index_statement(
    datastore: Datastore, table: Table, parts: Sequence[KeyPart], pattern: AccessPattern
) -> str:
    """The statement (or description) that creates an index with key ``parts`` on ``table``."""
    name = index_name(table, parts)
    technology = datastore.technology.id
    dialect = dialect_for(datastore.technology)
    if dialect is not None:
        preparer = dialect.identifier_preparer
        target = preparer.format_table(table)
        if pattern.text_search:
            columns = [preparer.quote(c) for c in pattern.equals]
            if datastore.technology.sql_dialect == "postgresql":
                document = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
                return (f"CREATE INDEX {preparer.quote(name)} ON {target} USING gin "
                        f"(to_tsvector('simple', {document}))")
            return f"CREATE FULLTEXT INDEX {preparer.quote(name)} ON {target} ({', '.join(columns)})"
        parts, include = covering_key(datastore, parts, pattern)
        name = index_name(table, parts)
        key = ", ".join(
            preparer.quote(p.column) + (" DESC" if p.descending else "") for p in parts
        )
        included = (f" INCLUDE ({', '.join(preparer.quote(c) for c in include)})"
                    if include else "")
        return f"CREATE INDEX {preparer.quote(name)} ON {target} ({key}){included}"
    if technology == "mongodb":
        spec = ", ".join(f"{json.dumps(p.column)}: {-1 if p.descending else 1}" for p in parts)
        return f"db.getCollection({json.dumps(table.name)}).createIndex({{{spec}}}, " \
               f"{{name: {json.dumps(name)}}})"
    if technology == "dynamodb":
        sort = f", sort key {parts[1].column}" if len(parts) > 1 else ""
        return f"a global secondary index {name} with partition key {parts[0].column}{sort}"
    if technology == "cassandra":
        clustering = "".join(f", {p.column}" for p in parts[1:])
        return (f"a query table {table.name}_by_{parts[0].column} with PRIMARY KEY "
                f"(({parts[0].column}){clustering}), written alongside {table.name}")
    if datastore.technology.kind.value == "key-value":
        return (f"a key that contains {', '.join(p.column for p in parts)} "
                f"(for example {table.name}:{{{parts[0].column}}}), maintained on every write")
    return f"an index {name} on ({', '.join(str(p) for p in parts)})"


def model_declaration(table: Table, parts: Sequence[KeyPart],
                      datastore: Datastore | None = None,
                      pattern: AccessPattern | None = None) -> str:
    """The ``Index(...)`` to add to the table's ``__table_args__`` (or ``Table(...)``) so the
    model says it too; with the store and the pattern, the columns the pattern only selects
    as ``postgresql_include=[...]`` / ``mssql_include=[...]`` (or at the end of the key)."""
    include: tuple[str, ...] = ()
    if datastore is not None and pattern is not None:
        parts, include = covering_key(datastore, parts, pattern)
    # Python code: names as Python string literals (repr), never pasted.
    columns = ", ".join(f"desc({python_string(p.column)})" if p.descending
                        else python_string(p.column) for p in parts)
    option = ""
    if include and datastore is not None:
        dialect = datastore.technology.sql_dialect
        option = f", {dialect}_include=[{', '.join(python_string(c) for c in include)}]"
    return f"Index({python_string(index_name(table, parts))}, {columns}{option})"
