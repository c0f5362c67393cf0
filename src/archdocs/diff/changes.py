"""The architecture diff as data: what changed between two versions of a model.

Comparing produces these objects; rendering (Markdown, JSON) and policies (``--fail-on``) read
them and never compare anything themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from archdocs.review.finding import Finding

ADDED, REMOVED, CHANGED, RENAMED = "added", "removed", "changed", "renamed"


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after. ``field`` is a dotted path (``scaling.replication``)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ElementChange:
    """A context, service, datastore, flow, pattern, migration, external system or actor that
    was added, removed or changed."""

    kind: str
    system: str
    name: str
    change: str
    fields: tuple[FieldChange, ...] = ()
    previous_name: str | None = None
    """For a flow matched by its ends whose (generated) name changed with its mechanism."""
    summary: str = ""
    """A few words on an added or removed element (``PostgreSQL 16, system-of-record``)."""


@dataclass(frozen=True)
class SchemaItemChange:
    """A column, index, key or constraint of a table that was added, removed or changed."""

    item: str
    """``column``, ``primary-key``, ``foreign-key``, ``unique``, ``check``, ``index`` or
    ``table`` (a property of the table itself: comment, volume …)."""
    name: str
    change: str
    fields: tuple[FieldChange, ...] = ()
    detail: str = ""
    """The new definition (``VARCHAR(40) NOT NULL``) of an added item, or the old one of a
    removed item."""
    hazard: str | None = None
    """Why this change is risky on a live database, when it is (until the migration planner
    judges it, a coarse first look)."""
    previous_name: str | None = None


@dataclass(frozen=True)
class TableChange:
    """A table of a datastore that was added, removed, moved or changed."""

    system: str
    datastore: str
    table: str
    change: str
    items: tuple[SchemaItemChange, ...] = ()
    moved_from: str | None = None
    """For a table that left another datastore in the same change: that datastore."""
    moved_to: str | None = None
    hazard: str | None = None
    planned_hazards: tuple[str, ...] = ()
    """The migration planner's hazards for this table (``MH005 Change a column's type: ...``),
    from the same catalogue and dialect as ``archdocs plan``; when the datastore has a SQL
    plan they replace the coarse notes of the items."""
    unplanned_hazards: tuple[str, ...] = ()
    """Planned hazards with no safe path (an error-level step): never covered by the plan."""

    @property
    def hazards(self) -> list[str]:
        if self.planned_hazards:
            return list(self.planned_hazards)
        found = [self.hazard] if self.hazard else []
        return found + [item.hazard for item in self.items if item.hazard]


@dataclass(frozen=True)
class DecisionChange:
    """An ADR that was added, removed, or whose status changed."""

    id: str
    title: str
    change: str
    status_before: str | None = None
    status_after: str | None = None
    relates_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchemaPlanSummary:
    """The migration planner's verdict on one datastore's schema change."""

    system: str
    datastore: str
    phases: int
    steps: int
    worst_hazard: str | None
    worst_severity: str | None
    summary: str


@dataclass
class ArchitectureDiff:
    """Everything ``archdocs diff`` reports, sorted."""

    base: str
    head: str
    elements: list[ElementChange] = field(default_factory=list)
    tables: list[TableChange] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    decisions: list[DecisionChange] = field(default_factory=list)
    schema_plans: list[SchemaPlanSummary] | None = None
    """``None`` when the migration planner is not available: the schema changes stand alone."""
    schema_plan_error: str | None = None
    """Why the migration planner could not summarise the schema change, when it failed."""
    uncovered_hazards: list[tuple[str, str, str]] = field(default_factory=list)
    covered_hazards: list[tuple[str, str, str, str]] = field(default_factory=list)
    """``(system, datastore, hazard, covered by)`` for hazards this change plans for."""
    """``(system, datastore, hazard)`` for schema hazards no architecture migration or ADR of
    this change covers (the ``hazard-without-plan`` policy)."""

    @property
    def is_empty(self) -> bool:
        return not (self.elements or self.tables or self.introduced or self.resolved
                    or self.decisions)

    def as_dict(self) -> dict[str, Any]:
        def plain(items: list[Any]) -> list[dict[str, Any]]:
            return [asdict(item) for item in items]

        return {
            "base": self.base,
            "head": self.head,
            "elements": plain(self.elements),
            "tables": plain(self.tables),
            "findings": {
                "introduced": [f.as_dict() for f in self.introduced],
                "resolved": [f.as_dict() for f in self.resolved],
            },
            "decisions": plain(self.decisions),
            "schema_plans": plain(self.schema_plans) if self.schema_plans is not None else None,
            "schema_plan_error": self.schema_plan_error,
            "uncovered_hazards": [
                {"system": s, "datastore": d, "hazard": h} for s, d, h in self.uncovered_hazards
            ],
            "covered_hazards": [
                {"system": s, "datastore": d, "hazard": h, "covered_by": c}
                for s, d, h, c in self.covered_hazards
            ],
        }
