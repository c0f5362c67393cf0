"""Indexes of a table present on both sides, matched by name."""

from __future__ import annotations

from sqlalchemy import Index, Table

from archdocs.migrate.changes import Change, ChangeKind


def index_signature(index: Index, renames: dict[str, str] | None = None
                    ) -> tuple[tuple[str, ...], bool]:
    """What an index covers: its columns or expressions, uniqueness and dialect options."""
    old_to_new = {old: new for new, old in (renames or {}).items()}
    parts = tuple(old_to_new.get(str(getattr(e, "name", e)), str(getattr(e, "name", e)))
                  for e in index.expressions)
    return (parts, bool(index.unique))


def compare_indexes(old: Table, new: Table, renames: dict[str, str]) -> list[Change]:
    table = new.fullname
    old_indexes = {str(i.name): i for i in old.indexes}
    new_indexes = {str(i.name): i for i in new.indexes}
    changes = []
    for name in sorted(old_indexes):
        index = old_indexes[name]
        replaced = name in new_indexes and index_signature(index, renames) != index_signature(
            new_indexes[name])
        if name not in new_indexes or replaced:
            changes.append(Change(ChangeKind.DROP_INDEX, table, name, old=index,
                                  detail=", ".join(str(e) for e in index_signature(index)[0])))
    for name in sorted(new_indexes):
        index = new_indexes[name]
        replaced = name in old_indexes and index_signature(old_indexes[name], renames) != (
            index_signature(index))
        if name not in old_indexes or replaced:
            changes.append(Change(ChangeKind.ADD_INDEX, table, name, new=index,
                                  detail=", ".join(str(e) for e in index_signature(index)[0])))
    return changes
