"""Renames: declared ones (``table_notes`` / ``column_notes(renamed_from=...)``) are matched;
a drop plus an add that look alike are only reported, never acted on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, MetaData, Table
from sqlalchemy.engine import Dialect

from archdocs.errors import ArchdocsError
from archdocs.migrate.changes import ProbableRename
from archdocs.migrate.diff.types import render_type
from archdocs.model.notes import notes_of_column, notes_of_table


def declared_table_renames(old: MetaData, new: MetaData) -> dict[str, str]:
    """New table name → old table name, for tables declaring ``renamed_from`` whose old name
    exists in ``old`` and no longer in ``new``."""
    renames: dict[str, str] = {}
    for name, table in sorted(new.tables.items()):
        previous = notes_of_table(table.info).renamed_from
        if not previous or name in old.tables:
            continue
        qualified = previous if "." in previous or not table.schema else f"{table.schema}.{previous}"
        if qualified in old.tables and qualified not in new.tables:
            renames[name] = qualified
    return renames


def declared_column_renames(old_table: Table, new_table: Table) -> dict[str, str]:
    """New column name → old column name within one table."""
    renames: dict[str, str] = {}
    for column in new_table.columns:
        previous = notes_of_column(column.info).renamed_from
        if not previous or column.name in old_table.columns:
            continue
        if previous in new_table.columns:
            raise ArchdocsError(
                f"column {new_table.fullname}.{column.name} declares renamed_from="
                f"'{previous}', but the new schema still has a column '{previous}'",
                hint="remove the renamed_from marker, or remove the old column from the model",
            )
        if previous in old_table.columns:
            renames[column.name] = previous
    return renames


def probable_column_renames(
    table: str, dropped: Sequence[Column[Any]], added: Sequence[Column[Any]], dialect: Dialect
) -> list[ProbableRename]:
    """Pairs of a dropped and an added column of the same type in one table."""
    found = []
    for old_column in dropped:
        for new_column in added:
            if render_type(old_column.type, dialect) == render_type(new_column.type, dialect):
                found.append(ProbableRename(table, old_column.name, new_column.name))
                break
    return found


def probable_table_renames(dropped: list[Table], added: list[Table]) -> list[ProbableRename]:
    """A dropped and an added table with the same column names."""
    found = []
    for old_table in dropped:
        old_columns = sorted(c.name for c in old_table.columns)
        for new_table in added:
            if sorted(c.name for c in new_table.columns) == old_columns:
                found.append(
                    ProbableRename(new_table.fullname, old_table.fullname, new_table.fullname,
                                   is_table=True)
                )
                break
    return found
