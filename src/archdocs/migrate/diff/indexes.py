"""Indexes of a table present on both sides, matched by name."""

from __future__ import annotations

from sqlalchemy import Index, Table

from archdocs.migrate.changes import Change, ChangeKind


def index_signature(index: Index, renames: dict[str, str] | None = None, dialect: str = ""
                    ) -> tuple[tuple[str, ...], bool, tuple[tuple[str, str], ...]]:
    """What an index covers: its columns or expressions, uniqueness and dialect options
    (``postgresql_where``, ``postgresql_using``, ``postgresql_include``, ``mysql_length`` …)."""
    old_to_new = {old: new for new, old in (renames or {}).items()}
    parts = tuple(old_to_new.get(str(getattr(e, "name", e)), str(getattr(e, "name", e)))
                  for e in index.expressions)
    options = tuple(sorted((key, str(value)) for key, value in index.dialect_kwargs.items()
                           if value is not None and value != [] and value != {}
                           and key.startswith(f"{dialect}_")))
    return (parts, bool(index.unique), options)


def compare_indexes(old: Table, new: Table, renames: dict[str, str], dialect: str = ""
                    ) -> list[Change]:
    """Indexes dropped, added, or rebuilt because their definition changed (options of
    other dialects than ``dialect`` do not count)."""
    table = new.fullname
    old_indexes = {str(i.name): i for i in old.indexes}
    new_indexes = {str(i.name): i for i in new.indexes}
    changes = []
    for name in sorted(old_indexes):
        index = old_indexes[name]
        replaced = name in new_indexes and index_signature(
            index, renames, dialect) != index_signature(new_indexes[name], None, dialect)
        if name not in new_indexes or replaced:
            changes.append(Change(ChangeKind.DROP_INDEX, table, name, old=index,
                                  detail=", ".join(str(e) for e in index_signature(index)[0])))
    for name in sorted(new_indexes):
        index = new_indexes[name]
        replaced = name in old_indexes and index_signature(
            old_indexes[name], renames, dialect) != index_signature(index, None, dialect)
        if name not in old_indexes or replaced:
            changes.append(Change(ChangeKind.ADD_INDEX, table, name, new=index,
                                  detail=", ".join(str(e) for e in index_signature(index)[0])))
    return changes
