"""Enum values added (with their position), renamed (declared with
``column_notes(enum_renamed={"old": "new"})``) and removed, per column."""

from __future__ import annotations

from sqlalchemy import Column

from archdocs.migrate.changes import Change, ChangeKind
from archdocs.migrate.diff.types import enum_values
from archdocs.model.notes import notes_of_column


def compare_enum(table: str, old: Column[object], new: Column[object]) -> list[Change]:
    old_values, new_values = enum_values(old.type), enum_values(new.type)
    if old_values is None or new_values is None or old_values == new_values:
        return []
    renames = {before: after for before, after in notes_of_column(new.info).enum_renames
               if before in old_values and after in new_values and after not in old_values}
    renamed_to = set(renames.values())
    changes = []
    for before, after in sorted(renames.items()):
        changes.append(Change(ChangeKind.ENUM_RENAME_VALUE, table, after, old=old, new=new,
                              column=new.name, detail=f"{before} → {after}"))
    for position, value in enumerate(new_values):
        if value not in old_values and value not in renamed_to:
            changes.append(Change(ChangeKind.ENUM_ADD_VALUE, table, value, old=old, new=new,
                                  column=new.name, detail=f"at position {position + 1}"))
    for value in old_values:
        if value not in new_values and value not in renames:
            changes.append(Change(ChangeKind.ENUM_REMOVE_VALUE, table, value, old=old, new=new,
                                  column=new.name))
    return changes
