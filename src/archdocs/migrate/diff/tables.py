"""Tables added, dropped and renamed."""

from __future__ import annotations

from sqlalchemy import MetaData

from archdocs.migrate.changes import Change, ChangeKind, ProbableRename
from archdocs.migrate.diff.renames import probable_table_renames


def same_table_aliases(old: MetaData, new: MetaData, default_schema: str | None
                       ) -> dict[str, str]:
    """New name → old name for tables that differ only by naming the default schema
    (``public.t`` and ``t`` on PostgreSQL): the same table, not a drop and an add."""
    if not default_schema:
        return {}
    aliases: dict[str, str] = {}
    for name in new.tables:
        if name in old.tables:
            continue
        bare = name.removeprefix(f"{default_schema}.")
        other = bare if bare != name else f"{default_schema}.{name}"
        if other in old.tables and other not in new.tables:
            aliases[name] = other
    return aliases


def compare_tables(
    old: MetaData, new: MetaData, renames: dict[str, str], default_schema: str | None = None
) -> tuple[list[Change], list[tuple[str, str]], list[ProbableRename]]:
    """Changes to the set of tables, the (old, new) name pairs present on both sides and the
    probable undeclared table renames."""
    changes: list[Change] = []
    aliases = same_table_aliases(old, new, default_schema)
    renames = {**aliases, **renames}
    renamed_old = set(renames.values())
    added = [t for name, t in sorted(new.tables.items())
             if name not in old.tables and name not in renames]
    dropped = [t for name, t in sorted(old.tables.items())
               if name not in new.tables and name not in renamed_old]
    for table in added:
        changes.append(Change(ChangeKind.ADD_TABLE, table.fullname, new=table))
    for new_name, old_name in sorted(renames.items()):
        if new_name in aliases and aliases[new_name] == old_name:
            continue
        changes.append(
            Change(ChangeKind.RENAME_TABLE, new_name, old=old.tables[old_name],
                   new=new.tables[new_name], detail=f"{old_name} → {new_name}")
        )
    for table in dropped:
        changes.append(Change(ChangeKind.DROP_TABLE, table.fullname, old=table))
    pairs = [(name, name) for name in sorted(new.tables) if name in old.tables]
    pairs += sorted((old_name, new_name) for new_name, old_name in renames.items())
    return changes, pairs, probable_table_renames(dropped, added)
