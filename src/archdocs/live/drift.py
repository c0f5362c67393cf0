"""Drift: how a live database differs from a datastore's declared schema.

alembic's autogenerate comparison does the comparing (``compare_metadata`` on a read-only
connection). archdocs turns its operations into :class:`Change` objects, drops the differences
that are only spelling (equivalent types, default expressions written another way), and the
renderers in :mod:`archdocs.live.drift_report` print them.

Direction: *missing* means declared in the model but absent from the database; *extra* means
present in the database but not declared.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import Index, MetaData, Table, UniqueConstraint, inspect
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.schema import DefaultClause, ForeignKeyConstraint
from sqlalchemy.schema import Sequence as SqlSequence
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.types import NullType, TypeEngine

from archdocs.errors import ArchdocsError
from archdocs.live.connection import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_STATEMENT_TIMEOUT,
    mask,
    parse_url,
    read_only_connection,
)
from archdocs.live.reflect import Progress, partitions_of, resolve_schemas
from archdocs.live.types import ServerType
from archdocs.model.datastore import Datastore
from archdocs.model.sql import type_text

IGNORED_TABLES = frozenset({"alembic_version"})
"""Tables in the database that are bookkeeping, not schema: never reported as extra."""

KINDS = (
    "table-missing", "table-extra", "column-missing", "column-extra", "column-type",
    "column-nullable", "column-default", "column-comment", "table-comment", "index-missing",
    "index-extra", "unique-missing", "unique-extra", "foreign-key-missing", "foreign-key-extra",
)
"""Every kind of change, in report order within a table."""


@dataclass(frozen=True)
class Change:
    """One difference between the declared schema and the live one."""

    kind: str
    table: str
    """``schema.table`` (just ``table`` in the default schema)."""
    column: str | None = None
    name: str | None = None
    """Index or constraint name, or the columns it covers when it has no name."""
    declared: str | None = None
    live: str | None = None

    def describe(self) -> str:
        """One line a person reads: what differs, declared value, live value."""
        subject = f"{self.table}.{self.column}" if self.column else self.table
        what = {
            "table-missing": "table declared but missing in the database",
            "table-extra": "table in the database but not declared",
            "column-missing": "column declared but missing in the database",
            "column-extra": "column in the database but not declared",
            "column-type": "type differs",
            "column-nullable": "nullability differs",
            "column-default": "server default differs",
            "column-comment": "comment differs",
            "table-comment": "table comment differs",
            "index-missing": "index declared but missing in the database",
            "index-extra": "index in the database but not declared",
            "unique-missing": "unique constraint declared but missing in the database",
            "unique-extra": "unique constraint in the database but not declared",
            "foreign-key-missing": "foreign key declared but missing in the database",
            "foreign-key-extra": "foreign key in the database but not declared",
        }[self.kind]
        text = f"{subject}: {what}"
        if self.name:
            text += f" ({self.name})"
        if self.declared is not None or self.live is not None:
            text += f": declared {_shown(self.declared)}, live {_shown(self.live)}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.table, KINDS.index(self.kind), self.column or "", self.name or "")


def _shown(value: str | None) -> str:
    return "(none)" if value is None else value


@dataclass(frozen=True)
class DriftReport:
    """The changes found, with what was compared."""

    datastore: str
    database: str
    """The database URL with its password masked."""
    schemas: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def drifted(self) -> bool:
        return bool(self.changes)


def detect_drift(
    url: str,
    datastore: Datastore,
    *,
    schemas: Sequence[str] = (),
    progress: Progress | None = None,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
) -> DriftReport:
    """Compare ``datastore``'s tables with the live database at ``url`` (read-only)."""
    say = progress or (lambda _message: None)
    parsed = parse_url(url)
    metadata = datastore.metadata
    if not metadata.tables:
        raise ArchdocsError(
            f"datastore '{datastore.name}' declares no tables to compare",
            location=datastore.declared_at,
            hint="give it schema=Base (your declarative base) or a MetaData",
        )
    say(f"connecting to {mask(parsed)}")
    with read_only_connection(
        parsed, connect_timeout=connect_timeout, statement_timeout=statement_timeout
    ) as connection:
        declared_schemas = {t.schema for t in metadata.tables.values()}
        named = sorted(s for s in declared_schemas if s is not None)
        resolved, default = resolve_schemas(connection, [*named, *schemas])
        # The default schema is compared only when the model declares tables in it.
        compared: set[str | None] = set(resolved)
        if None in declared_schemas:
            compared.add(None)
        skipped = {
            (schema, name)
            for schema in compared
            for name in partitions_of(connection, schema)
        }
        say(
            f"comparing {len(metadata.tables)} declared tables with schemas "
            f"{', '.join(sorted(s or default or 'default' for s in compared))}"
        )
        changes = compare(connection, metadata, compared, skipped)
    shown = tuple(sorted(s or default or "default" for s in compared))
    return DriftReport(
        datastore=datastore.name,
        database=mask(parsed),
        schemas=shown,
        changes=tuple(sorted(changes, key=Change.sort_key)),
    )


def compare(
    connection: Connection,
    metadata: MetaData,
    schemas: set[str | None],
    skipped_tables: set[tuple[str | None, str]],
) -> list[Change]:
    """alembic's comparison of ``metadata`` with the connected database, as changes, limited
    to ``schemas`` (``None``: the default schema) and without ``skipped_tables``."""
    default = connection.dialect.default_schema_name

    def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
        if type_ == "schema":
            # alembic walks every schema the server lists (MEASURED.md): keep ours only.
            return (None if name == default else name) in schemas
        if type_ == "table":
            schema = parent_names.get("schema_name")
            schema = None if schema == default else schema
            return name not in IGNORED_TABLES and (schema, name) not in skipped_tables
        return True

    # Imported here: every site build imports this module (the drift pages), and alembic
    # with Mako is a twentieth of a second that only a drift check needs.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    context = MigrationContext.configure(
        connection=connection,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "include_schemas": any(s is not None for s in schemas),
            "include_name": include_name,
            "target_metadata": metadata,
        },
    )
    with warnings.catch_warnings():
        # alembic warns that it skips expression indexes and unknown types; the model
        # cannot declare those precisely anyway.
        warnings.simplefilter("ignore")
        operations = compare_metadata(context, metadata)
    changes = [
        c for c in _changes(operations, connection.dialect)
        if c is not None and not _declared_sequence(c, metadata)
    ]
    return [_completed(c, metadata, connection) for c in changes]


def _completed(change: Change, metadata: MetaData, connection: Connection) -> Change:
    """The change with the values alembic's tuples leave out: table comments, and a declared
    ``Sequence`` shown as the default it stands for."""
    if change.kind == "table-comment":
        return _with_comments(change, metadata, connection)
    if change.kind == "column-default" and change.declared is None:
        table = metadata.tables.get(change.table)
        column = table.c.get(change.column or "") if table is not None else None
        if column is not None and isinstance(column.default, SqlSequence):
            return replace(change, declared=f"nextval('{column.default.name}')")
    return change


_NEXTVAL = re.compile(r"^nextval\('(?:\"?[^'.\"]+\"?\.)?\"?([^'.\"]+)\"?'(?:::regclass)?\)$")


def _declared_sequence(change: Change, metadata: MetaData) -> bool:
    """A live ``nextval('seq')`` default on a column the model gives ``Sequence('seq')``: the
    same thing, declared the way sqlacodegen writes it."""
    if change.kind != "column-default" or change.declared is not None or not change.live:
        return False
    match = _NEXTVAL.match(change.live)
    table = metadata.tables.get(change.table)
    if match is None or table is None or change.column is None or change.column not in table.c:
        return False
    default = table.c[change.column].default
    return isinstance(default, SqlSequence) and default.name == match.group(1)


def _with_comments(change: Change, metadata: MetaData, connection: Connection) -> Change:
    schema, _, name = change.table.rpartition(".")
    declared = metadata.tables.get(change.table)
    live = inspect(connection).get_table_comment(name, schema=schema or None).get("text")
    return Change(
        change.kind,
        change.table,
        declared=declared.comment if declared is not None else None,
        live=live or None,
    )


def _changes(operations: Iterable[Any], dialect: Dialect) -> Iterable[Change | None]:
    for operation in operations:
        if isinstance(operation, list):
            for modification in operation:
                yield _modification(modification, dialect)
            continue
        kind, *rest = operation
        if kind in ("add_table", "remove_table"):
            table: Table = rest[0]
            yield Change("table-missing" if kind == "add_table" else "table-extra", table.fullname)
        elif kind in ("add_column", "remove_column"):
            schema, table_name, column = rest
            yield Change(
                "column-missing" if kind == "add_column" else "column-extra",
                _full(schema, table_name, dialect),
                column=column.name,
                declared=_type(column.type, dialect) if kind == "add_column" else None,
                live=_type(column.type, dialect) if kind == "remove_column" else None,
            )
        elif kind in ("add_index", "remove_index"):
            index: Index = rest[0]
            assert index.table is not None
            yield Change(
                _kind("index", kind), index.table.fullname, name=_constraint_label(index)
            )
        elif kind in ("add_constraint", "remove_constraint"):
            constraint = rest[0]
            if isinstance(constraint, UniqueConstraint):
                yield Change(
                    _kind("unique", kind), constraint.table.fullname,
                    name=_constraint_label(constraint),
                )
        elif kind in ("add_fk", "remove_fk"):
            fk: ForeignKeyConstraint = rest[0]
            yield Change(
                _kind("foreign-key", kind), fk.table.fullname, name=_fk_label(fk)
            )
        elif kind in ("add_table_comment", "remove_table_comment"):
            # alembic's tuple for a dropped comment carries neither comment: both are
            # filled in by compare() from the model and the server.
            table = rest[0]
            yield Change("table-comment", table.fullname)


def _kind(noun: str, operation: str) -> str:
    return f"{noun}-missing" if operation.startswith("add_") else f"{noun}-extra"


def _modification(modification: tuple[Any, ...], dialect: Dialect) -> Change | None:
    kind, schema, table_name, column_name, existing, live, declared = modification
    table = _full(schema, table_name, dialect)
    if kind == "modify_type":
        declared_text, live_text = _type(declared, dialect), _type(live, dialect)
        if (
            declared_text == live_text
            or isinstance(declared, (NullType, ServerType))
            or isinstance(live, NullType)
        ):
            return None
        return Change("column-type", table, column_name, declared=declared_text, live=live_text)
    if kind == "modify_nullable":
        return Change(
            "column-nullable", table, column_name,
            declared="NULL" if declared else "NOT NULL", live="NULL" if live else "NOT NULL",
        )
    if kind == "modify_default":
        declared_default, live_default = _default(declared), _default(live)
        if _same_default(declared_default, live_default):
            return None
        return Change(
            "column-default", table, column_name, declared=declared_default, live=live_default
        )
    if kind == "modify_comment":
        return Change("column-comment", table, column_name, declared=declared, live=live)
    return None


def _full(schema: str | None, table: str, dialect: Dialect) -> str:
    if schema and schema != dialect.default_schema_name:
        return f"{schema}.{table}"
    return table


def _type(type_: TypeEngine[Any] | None, dialect: Dialect) -> str:
    if type_ is None:
        return "(none)"
    return type_text(type_, dialect)


def _default(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, DefaultClause):
        value = value.arg
    if isinstance(value, SqlSequence):
        return f"nextval('{value.name}')"
    if isinstance(value, TextClause):
        return value.text
    return str(value)


_CAST = re.compile(r"::[a-z_ ]+(\(\d+\))?(\[\])?", re.IGNORECASE)


def _same_default(declared: str | None, live: str | None) -> bool:
    """Whether two default expressions only differ in spelling: casts the server adds,
    outer parentheses, quotes around numbers."""
    if declared is None or live is None:
        return declared == live
    return _normal_default(declared) == _normal_default(live)


def _normal_default(text: str) -> str:
    value = _CAST.sub("", text.strip())
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    value = re.sub(r"^'(-?\d+(\.\d+)?)'$", r"\1", value)
    return value.lower()


def _constraint_label(item: Index | UniqueConstraint) -> str:
    columns = ", ".join(str(getattr(c, "name", c)) for c in item.columns)
    return f"{item.name} on {columns}" if item.name else f"on {columns}"


def _fk_label(fk: ForeignKeyConstraint) -> str:
    columns = ", ".join(c.name for c in fk.columns) or ", ".join(fk.column_keys)
    target = ", ".join(e.target_fullname for e in fk.elements)
    label = f"({columns}) -> {target}"
    return f"{fk.name} {label}" if fk.name else label
