"""Columns of a table present on both sides: added, dropped, renamed, and for the rest their
type, nullability, server default and comment."""

from __future__ import annotations

from sqlalchemy import Column, Table
from sqlalchemy.engine import Dialect

from archdocs.migrate.changes import Change, ChangeKind, ProbableRename
from archdocs.migrate.diff.renames import declared_column_renames, probable_column_renames
from archdocs.migrate.diff.types import render_type, types_differ


def default_sql(column: Column[object], dialect: Dialect) -> str | None:
    """The server default as the dialect writes it, ``None`` when there is none. Generated
    and identity columns have no default in this sense."""
    if column.server_default is None or column.computed is not None or column.identity is not None:
        return None
    compiler = dialect.ddl_compiler(dialect, None)  # type: ignore[arg-type]
    text = compiler.get_column_default_string(column)
    return str(text) if text is not None else None


def compare_columns(
    old_table: Table, new_table: Table, dialect: Dialect
) -> tuple[list[Change], list[ProbableRename], dict[str, str]]:
    """Column changes of one table, probable renames, and the declared column renames
    (new name → old name)."""
    table = new_table.fullname
    renames = declared_column_renames(old_table, new_table)
    renamed_old = set(renames.values())
    changes: list[Change] = []
    added = [c for c in new_table.columns if c.name not in old_table.columns and c.name not in renames]
    dropped = [c for c in old_table.columns
               if c.name not in new_table.columns and c.name not in renamed_old]
    for column in added:
        changes.append(Change(ChangeKind.ADD_COLUMN, table, column.name, new=column,
                              detail=render_type(column.type, dialect)))
    for new_name, old_name in sorted(renames.items()):
        changes.append(Change(ChangeKind.RENAME_COLUMN, table, new_name,
                              old=old_table.columns[old_name], new=new_table.columns[new_name],
                              detail=f"{old_name} → {new_name}"))
    for column in dropped:
        changes.append(Change(ChangeKind.DROP_COLUMN, table, column.name, old=column))
    for new_column in new_table.columns:
        old_name = renames.get(new_column.name, new_column.name)
        if any(new_column is c for c in added) or old_name not in old_table.columns:
            continue
        changes.extend(_column_changes(table, old_table.columns[old_name], new_column, dialect))
    return changes, probable_column_renames(table, dropped, added, dialect), renames


def _column_changes(
    table: str, old: Column[object], new: Column[object], dialect: Dialect
) -> list[Change]:
    changes = []
    name = new.name
    if types_differ(old.type, new.type, dialect):
        changes.append(Change(ChangeKind.ALTER_TYPE, table, name, old=old, new=new,
                              detail=f"{render_type(old.type, dialect)} → "
                                     f"{render_type(new.type, dialect)}"))
    if old.nullable and not new.nullable:
        changes.append(Change(ChangeKind.SET_NOT_NULL, table, name, old=old, new=new))
    elif new.nullable and not old.nullable:
        changes.append(Change(ChangeKind.DROP_NOT_NULL, table, name, old=old, new=new))
    old_default, new_default = default_sql(old, dialect), default_sql(new, dialect)
    if old_default != new_default:
        kind = ChangeKind.DROP_DEFAULT if new_default is None else ChangeKind.SET_DEFAULT
        changes.append(Change(kind, table, name, old=old, new=new,
                              detail=f"{old_default or 'none'} → {new_default or 'none'}"))
    if (old.comment or None) != (new.comment or None):
        changes.append(Change(ChangeKind.COLUMN_COMMENT, table, name, old=old, new=new))
    if dialect.name == "postgresql" and (old.identity is None) != (new.identity is None):
        changes.append(Change(ChangeKind.ALTER_IDENTITY, table, name, old=old, new=new,
                              detail="added" if new.identity is not None else "removed"))
    elif (dialect.name == "postgresql" and old.identity is not None and new.identity is not None
          and bool(old.identity.always) != bool(new.identity.always)):
        changes.append(Change(ChangeKind.ALTER_IDENTITY, table, name, old=old, new=new,
                              detail="always" if new.identity.always else "by default"))
    if computed_signature(old) != computed_signature(new):
        changes.append(Change(ChangeKind.ALTER_COMPUTED, table, name, old=old, new=new,
                              detail=f"{computed_signature(old) or 'plain'} → "
                                     f"{computed_signature(new) or 'plain'}"))
    if dialect.name == "mysql" and is_auto_increment(old) != is_auto_increment(new):
        changes.append(Change(ChangeKind.ALTER_AUTO_INCREMENT, table, name, old=old, new=new,
                              detail="added" if is_auto_increment(new) else "removed"))
    return changes


def computed_signature(column: Column[object]) -> str:
    """``AS (expr) STORED|VIRTUAL`` of a generated column, ``""`` for a plain one."""
    if column.computed is None:
        return ""
    kind = "STORED" if column.computed.persisted else "VIRTUAL"
    return f"AS ({column.computed.sqltext}) {kind}"


def is_auto_increment(column: Column[object]) -> bool:
    """Whether MySQL makes this column AUTO_INCREMENT (SQLAlchemy's rule: ``autoincrement=True``,
    or the table's single integer primary key column under ``"auto"``). On PostgreSQL the same
    thing is a ``nextval()`` default or an identity, compared as such."""
    table = column.table
    return table is not None and table._autoincrement_column is column
