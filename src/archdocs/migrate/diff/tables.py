"""Tables added, dropped and renamed."""

from __future__ import annotations

from sqlalchemy import MetaData

from archdocs.migrate.changes import Change, ChangeKind, ProbableRename
from archdocs.migrate.diff.renames import probable_table_renames


def compare_tables(
    old: MetaData, new: MetaData, renames: dict[str, str]
) -> tuple[list[Change], list[tuple[str, str]], list[ProbableRename]]:
    """Changes to the set of tables, the (old, new) name pairs present on both sides and the
    probable undeclared table renames."""
    changes: list[Change] = []
    renamed_old = set(renames.values())
    added = [t for name, t in sorted(new.tables.items())
             if name not in old.tables and name not in renames]
    dropped = [t for name, t in sorted(old.tables.items())
               if name not in new.tables and name not in renamed_old]
    for table in added:
        changes.append(Change(ChangeKind.ADD_TABLE, table.fullname, new=table))
    for new_name, old_name in sorted(renames.items()):
        changes.append(
            Change(ChangeKind.RENAME_TABLE, new_name, old=old.tables[old_name],
                   new=new.tables[new_name], detail=f"{old_name} → {new_name}")
        )
    for table in dropped:
        changes.append(Change(ChangeKind.DROP_TABLE, table.fullname, old=table))
    pairs = [(name, name) for name in sorted(new.tables) if name in old.tables]
    pairs += sorted((old_name, new_name) for new_name, old_name in renames.items())
    return changes, pairs, probable_table_renames(dropped, added)
