"""Primary keys, unique constraints, foreign keys and check constraints of a table present on
both sides. Constraints match by name, unnamed ones by what they constrain."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Constraint,
    ForeignKeyConstraint,
    Table,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint

from archdocs.migrate.changes import Change, ChangeKind


def _unique_key(constraint: Constraint, columns: dict[str, str]) -> tuple[Any, ...]:
    names = tuple(columns.get(c.name, c.name) for c in constraint.columns)  # type: ignore[attr-defined]
    return (names, str(constraint.deferrable), str(constraint.initially))


def _fk_key(constraint: ForeignKeyConstraint, columns: dict[str, str]) -> tuple[Any, ...]:
    return (
        tuple(columns.get(c.name, c.name) for c in constraint.columns),
        tuple(element.target_fullname for element in constraint.elements),
        constraint.ondelete or "", constraint.onupdate or "", str(constraint.deferrable),
        str(constraint.initially), str(constraint.match),
    )


def _check_key(constraint: CheckConstraint, columns: dict[str, str]) -> tuple[Any, ...]:
    return (str(constraint.sqltext),)


def _exclude_key(constraint: ExcludeConstraint, columns: dict[str, str]) -> tuple[Any, ...]:
    elements = tuple((columns.get(str(name), str(name)), str(operator))
                     for _, name, operator in constraint._render_exprs)
    return (elements, str(constraint.using), str(constraint.where))


def _match(
    old: Iterable[Constraint], new: Iterable[Constraint],
    key: Callable[[Any, dict[str, str]], tuple[Any, ...]], renames: dict[str, str],
) -> tuple[list[Constraint], list[Constraint]]:
    """(added, dropped): a constraint whose name or definition changed is dropped and added."""
    old_to_new = {old_name: new_name for new_name, old_name in renames.items()}
    old_keyed = {(c.name, key(c, old_to_new)): c for c in old}
    new_keyed = {(c.name, key(c, {})): c for c in new}
    added = [c for k, c in new_keyed.items() if k not in old_keyed]
    dropped = [c for k, c in old_keyed.items() if k not in new_keyed]
    return (sorted(added, key=lambda c: str(c.name)), sorted(dropped, key=lambda c: str(c.name)))


def compare_constraints(old: Table, new: Table, renames: dict[str, str]) -> list[Change]:
    """Constraint changes of one table; ``renames`` maps new column names to old ones."""
    table = new.fullname
    changes: list[Change] = []
    old_pk = [renames_inverse(renames).get(c.name, c.name) for c in old.primary_key.columns]
    new_pk = [c.name for c in new.primary_key.columns]
    if old_pk != new_pk:
        old_name = str(old.primary_key.name) if old.primary_key.name else None
        new_name = str(new.primary_key.name) if new.primary_key.name else None
        if old_pk:
            changes.append(Change(ChangeKind.DROP_PRIMARY_KEY, table, old_name,
                                  old=old.primary_key, detail=", ".join(old_pk)))
        if new_pk:
            changes.append(Change(ChangeKind.ADD_PRIMARY_KEY, table, new_name,
                                  new=new.primary_key, detail=", ".join(new_pk)))
    for kind_pair, cls, key in (
        ((ChangeKind.ADD_UNIQUE, ChangeKind.DROP_UNIQUE), UniqueConstraint, _unique_key),
        ((ChangeKind.ADD_FOREIGN_KEY, ChangeKind.DROP_FOREIGN_KEY), ForeignKeyConstraint, _fk_key),
        ((ChangeKind.ADD_CHECK, ChangeKind.DROP_CHECK), CheckConstraint, _check_key),
        ((ChangeKind.ADD_EXCLUSION, ChangeKind.DROP_EXCLUSION), ExcludeConstraint, _exclude_key),
    ):
        old_items = [c for c in old.constraints if isinstance(c, cls) and _explicit(c)]
        new_items = [c for c in new.constraints if isinstance(c, cls) and _explicit(c)]
        added, dropped = _match(old_items, new_items, key, renames)
        for constraint in dropped:
            changes.append(Change(kind_pair[1], table, _name(constraint), old=constraint,
                                  detail=_describe(constraint)))
        for constraint in added:
            changes.append(Change(kind_pair[0], table, _name(constraint), new=constraint,
                                  detail=_describe(constraint)))
    return changes


def renames_inverse(renames: dict[str, str]) -> dict[str, str]:
    """Old column name → new column name."""
    return {old_name: new_name for new_name, old_name in renames.items()}


def _explicit(constraint: Constraint) -> bool:
    # CHECK constraints SQLAlchemy creates for Boolean / non-native Enum types belong to the
    # column type; they change with the type, not on their own.
    return not getattr(constraint, "_type_bound", False)


def _name(constraint: Constraint) -> str | None:
    return str(constraint.name) if constraint.name else None


def _describe(constraint: Constraint) -> str:
    if isinstance(constraint, ExcludeConstraint):
        parts = ", ".join(f"{name} WITH {operator}" for _, name, operator in
                          constraint._render_exprs)
        return f"EXCLUDE USING {constraint.using} ({parts})"
    if isinstance(constraint, CheckConstraint):
        return str(constraint.sqltext)
    if isinstance(constraint, ForeignKeyConstraint):
        columns = ", ".join(c.name for c in constraint.columns)
        targets = ", ".join(element.target_fullname for element in constraint.elements)
        return f"({columns}) → {targets}"
    return ", ".join(c.name for c in constraint.columns)  # type: ignore[attr-defined]
