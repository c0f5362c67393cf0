"""Reading a live schema: which schemas and tables to take, and what reflection could not type.

Partitions are left out (their parent table models them), and so are views (archdocs models
tables; views are listed in the datastore description instead). Columns whose type SQLAlchemy
does not know are reflected as ``NullType`` and reported by name.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import MetaData, Table, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SAWarning
from sqlalchemy.types import NullType

from archdocs.live.connection import LiveDatabaseError

Progress = Callable[[str], None]

_UNKNOWN_TYPE = re.compile(r"Did not recognize type '([^']+)' of column '([^']+)'")


@dataclass(frozen=True)
class UnknownType:
    """A column whose server type SQLAlchemy does not know; archdocs declares it
    :class:`~archdocs.live.types.ServerType`."""

    table: str
    column: str
    server_type: str

    def message(self) -> str:
        return (
            f"column {self.table}.{self.column} has type '{self.server_type}', which SQLAlchemy "
            "does not know; it is declared as ServerType"
            f"({self.server_type!r}) from archdocs.live.types (drift does not compare its type)"
        )


@dataclass
class Reflection:
    """What was read from the server."""

    metadata: MetaData
    schemas: list[str | None]
    """Schemas reflected; ``None`` is the connection's default schema."""
    default_schema: str | None
    views: dict[str | None, list[str]] = field(default_factory=dict)
    materialized_views: dict[str | None, list[str]] = field(default_factory=dict)
    partitions: dict[str | None, list[str]] = field(default_factory=dict)
    unknown_types: list[UnknownType] = field(default_factory=list)


def resolve_schemas(connection: Connection, requested: Sequence[str]) -> tuple[list[str | None], str | None]:
    """The schemas to read, with the default schema as ``None`` (how SQLAlchemy and alembic
    name it), after checking that each exists."""
    inspector = inspect(connection)
    default = inspector.default_schema_name
    if not requested:
        return [None], default
    existing = set(inspector.get_schema_names())
    unknown = [s for s in requested if s not in existing]
    if unknown:
        listed = ", ".join(sorted(s for s in existing if not _is_system_schema(s)))
        raise LiveDatabaseError(
            f"schema {', '.join(repr(s) for s in unknown)} does not exist in the database",
            hint=f"schemas there: {listed or '(none)'}",
        )
    schemas: list[str | None] = []
    for name in requested:
        schema = None if name == default else name
        if schema not in schemas:
            schemas.append(schema)
    return schemas, default


def partitions_of(connection: Connection, schema: str | None) -> list[str]:
    """Partition names in ``schema`` (PostgreSQL); reflection would count them as tables."""
    if connection.dialect.name != "postgresql":
        return []
    rows = connection.execute(
        text(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relispartition AND c.relkind IN ('r', 'p') AND n.nspname = COALESCE(:schema, current_schema()) "
            "ORDER BY c.relname"
        ),
        {"schema": schema},
    )
    return [row[0] for row in rows]


def reflect(
    connection: Connection, requested_schemas: Sequence[str] = (), progress: Progress | None = None
) -> Reflection:
    """Reflect the tables of the requested schemas (default: the default schema)."""
    say = progress or (lambda _message: None)
    schemas, default = resolve_schemas(connection, requested_schemas)
    inspector = inspect(connection)
    result = Reflection(metadata=MetaData(), schemas=schemas, default_schema=default)
    for number, schema in enumerate(schemas, 1):
        label = schema or default or "default schema"
        partitions = partitions_of(connection, schema)
        result.partitions[schema] = partitions
        result.views[schema] = sorted(inspector.get_view_names(schema=schema))
        if connection.dialect.name == "postgresql":
            result.materialized_views[schema] = sorted(
                inspector.get_materialized_view_names(schema=schema)
            )
        skip = set(partitions)
        names = [n for n in inspector.get_table_names(schema=schema) if n not in skip]
        say(f"reflecting schema {label} ({number}/{len(schemas)}): {len(names)} tables")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SAWarning)
            result.metadata.reflect(connection, schema=schema, only=names, views=False)
        found_types = {}
        for warning in caught:
            match = _UNKNOWN_TYPE.search(str(warning.message))
            if match:
                found_types[match.group(2)] = match.group(1)
            else:
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        reflected = [
            t for t in result.metadata.tables.values() if t.schema == schema and t.name in names
        ]
        result.unknown_types.extend(_unknown_types(reflected, found_types))
    result.unknown_types.sort(key=lambda u: (u.table, u.column))
    return result


def _unknown_types(tables: list[Table], reported: dict[str, str]) -> list[UnknownType]:
    found = []
    for table in tables:
        for column in table.columns:
            if isinstance(column.type, NullType):
                server_type = reported.get(column.name, "unknown")
                found.append(UnknownType(table.fullname, column.name, server_type))
    return found


def _is_system_schema(name: str) -> bool:
    return name in {"information_schema", "performance_schema", "mysql", "sys"} or name.startswith(
        "pg_"
    )
