"""What archdocs knows about a table or column beyond SQLAlchemy: volume, access patterns,
dimensional role, renames and suppressions.

They ride in SQLAlchemy's own ``info`` dictionaries, so a model stays a plain SQLAlchemy model::

    class Order(Base):
        __tablename__ = "orders"
        __table_args__ = {"info": table_notes(volume=Volume(rows_per_day=40_000))}

        total: Mapped[Decimal] = mapped_column(info=column_notes(renamed_from="amount"))
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from archdocs.model.element import Suppression
from archdocs.model.location import SourceLocation, caller_location
from archdocs.model.reliability import ConcurrencyControl
from archdocs.model.scaling import Volume
from archdocs.model.validate import check_fields

INFO_KEY = "archdocs"


class Operation(StrEnum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class AccessPattern:
    """One way a table is used, declared so the review can check that something serves it.

    ``equals`` are columns filtered by equality, ``range`` a column filtered by a range,
    ``order_by`` the sort (``"created_at desc"``). ``select`` the columns it only reads
    (returns): an index that holds them too, as key or INCLUDEd columns, answers the pattern
    without visiting the table. ``per_second`` is the peak frequency.
    ``table`` may be omitted when the pattern is declared in the table's own notes.
    """

    name: str
    table: str | None = None
    operation: Operation = Operation.READ
    equals: Sequence[str] = ()
    range: str | None = None
    order_by: Sequence[str] = ()
    limit: int | None = None
    per_second: float | None = None
    latency_ms: float | None = None
    issued_by: str | None = None
    """Name of the service or flow that issues it."""
    text_search: bool = False
    """Full-text matching on the ``equals`` columns rather than exact equality."""
    example: str | None = None
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)
    invariant: str | None = None
    """For a write: the rule it must keep under concurrent writers ("stock never negative")."""
    concurrency: ConcurrencyControl | None = None
    """How it keeps ``invariant``: optimistic(...), conditional_update(...), reservation(...)."""
    select: Sequence[str] = ()
    """Columns the pattern reads but neither filters nor sorts on; a covering index holds
    them as INCLUDEd columns (PostgreSQL 11+, SQL Server) or at the end of its key."""

    def __post_init__(self) -> None:
        check_fields(self)

    def with_table(self, table: str) -> AccessPattern:
        """The same pattern attached to ``table``.

        Not checked again: every other field comes from this pattern, checked when it was
        made, and a site build makes tens of thousands of these (the checks were a third of
        a rebuild)."""
        attached = copy.copy(self)
        for name, value in (("table", table), ("equals", tuple(self.equals)),
                            ("order_by", tuple(self.order_by)), ("select", tuple(self.select))):
            object.__setattr__(attached, name, value)
        return attached


@dataclass(frozen=True)
class Fact:
    """Marks a table as a fact table of a dimensional model. ``grain`` says what one row is."""

    grain: str | None = None


@dataclass(frozen=True)
class Dimension:
    """Marks a table as a dimension. ``scd_type`` is the slowly-changing-dimension type (0–6)."""

    scd_type: int = 1


@dataclass(frozen=True)
class TableNotes:
    """archdocs' notes on one table. Build with :func:`table_notes`."""

    volume: Volume | None = None
    access_patterns: Sequence[AccessPattern] = ()
    fact: Fact | None = None
    dimension: Dimension | None = None
    renamed_from: str | None = None
    suppressions: Sequence[Suppression] = ()
    declared_at: SourceLocation | None = None


@dataclass(frozen=True)
class ColumnNotes:
    """archdocs' notes on one column. Build with :func:`column_notes`."""

    renamed_from: str | None = None
    denormalized_reason: str | None = None
    """Why this column copies an attribute of a referenced table, if it does."""
    suppressions: Sequence[Suppression] = ()
    enum_renames: tuple[tuple[str, str], ...] = ()
    """Enum values renamed in this column's type: ``(old value, new value)`` pairs, sorted."""
    rename_strategy: str = "in-place"
    """How a migration plan makes ``renamed_from``: ``"in-place"`` (RENAME COLUMN at cutover,
    deployed with the new code) or ``"expand-contract"`` (a new column kept in sync with the
    old one by a trigger, backfilled, then the old one dropped: no moment where the running
    version breaks)."""


def table_notes(
    *,
    volume: Volume | None = None,
    access: Sequence[AccessPattern] = (),
    fact: Fact | None = None,
    dimension: Dimension | None = None,
    renamed_from: str | None = None,
    suppress: Sequence[Suppression] = (),
) -> dict[str, Any]:
    """An ``info`` dictionary for ``__table_args__`` or ``Table(..., info=...)``."""
    notes = TableNotes(
        volume=volume,
        access_patterns=tuple(access),
        fact=fact,
        dimension=dimension,
        renamed_from=renamed_from,
        suppressions=tuple(suppress),
        declared_at=caller_location(),
    )
    return {INFO_KEY: notes}


RENAME_STRATEGIES = ("in-place", "expand-contract")


def column_notes(
    *,
    renamed_from: str | None = None,
    denormalized: str | None = None,
    suppress: Sequence[Suppression] = (),
    enum_renamed: Mapping[str, str] | None = None,
    rename_strategy: str = "in-place",
) -> dict[str, Any]:
    """An ``info`` dictionary for ``mapped_column(info=...)`` or ``Column(..., info=...)``.

    ``renamed_from`` declares a rename, so migration plans keep the data instead of dropping
    and adding. ``denormalized`` gives the reason a column deliberately copies data.
    ``enum_renamed`` declares renamed enum values (``{"old": "new"}``), so a plan renames them
    in place instead of removing one value and adding another. ``rename_strategy`` chooses
    how a plan makes the rename: ``"in-place"`` or ``"expand-contract"``.
    """
    if rename_strategy not in RENAME_STRATEGIES:
        raise ValueError(f"rename_strategy must be one of {', '.join(RENAME_STRATEGIES)}, "
                         f"not {rename_strategy!r}")
    return {
        INFO_KEY: ColumnNotes(
            renamed_from=renamed_from,
            denormalized_reason=denormalized,
            suppressions=tuple(suppress),
            enum_renames=tuple(sorted((enum_renamed or {}).items())),
            rename_strategy=rename_strategy,
        )
    }


# Most tables and columns have no notes; the review and the pages ask for them hundreds of
# thousands of times on a big model, so the empty notes (immutable) are made once.
_NO_TABLE_NOTES = TableNotes()
_NO_COLUMN_NOTES = ColumnNotes()


def notes_of_table(info: dict[str, Any]) -> TableNotes:
    """The :class:`TableNotes` in a table's ``info``, or empty notes."""
    notes = info.get(INFO_KEY)
    return notes if isinstance(notes, TableNotes) else _NO_TABLE_NOTES


def notes_of_column(info: dict[str, Any]) -> ColumnNotes:
    """The :class:`ColumnNotes` in a column's ``info``, or empty notes."""
    notes = info.get(INFO_KEY)
    return notes if isinstance(notes, ColumnNotes) else _NO_COLUMN_NOTES
