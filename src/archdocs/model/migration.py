"""Architecture migrations: moving the system from one shape to another, safely, in phases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from enum import StrEnum

from archdocs.model.element import Element
from archdocs.model.location import SourceLocation, caller_location
from archdocs.model.validate import check_fields


class SyncMechanism(StrEnum):
    """How data is kept in step between the old and the new place during a phase."""

    NONE = "none"
    DUAL_WRITE = "dual-write"
    CDC = "cdc"
    BACKFILL = "backfill"
    REPLICATION = "replication"


@dataclass(frozen=True)
class Phase:
    """One phase of a migration. ``elements`` names what the phase touches."""

    name: str
    sync: SyncMechanism = SyncMechanism.NONE
    description: str = ""
    elements: Sequence[Element | str] = ()
    rollback: str | None = None
    cutover: bool = False
    """Traffic switches to the new place in this phase."""
    point_of_no_return: bool = False
    """After this phase, rolling back means restoring data, not flipping a switch."""
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        check_fields(self)


class MigrationStatus(StrEnum):
    PROPOSED = "proposed"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    ABANDONED = "abandoned"


@dataclass(eq=False, repr=False)
class ArchitectureMigration(Element):
    """A planned change of the architecture: extract, re-platform, shard, introduce, retire."""

    KIND = "migration"

    from_state: str
    to_state: str
    _: KW_ONLY
    phases: Sequence[Phase] = ()
    cutover_criteria: Sequence[str] = ()
    risks: Sequence[str] = ()
    affects: Sequence[Element | str] = ()
    status: MigrationStatus = MigrationStatus.PROPOSED
    introduces: Sequence[Element | str] = ()
    """Elements (stores, services, flows) that exist only after the migration: left out of the
    site's *before* diagram."""
    retires: Sequence[Element | str] = ()
    """Elements the migration removes: left out of the *after* diagram (keep them declared
    while the migration is not done, so the review and diagrams still see them)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.phases = tuple(self.phases)
        self.cutover_criteria = tuple(self.cutover_criteria)
        self.risks = tuple(self.risks)
        self.affects = tuple(self.affects)
        self.introduces = tuple(self.introduces)
        self.retires = tuple(self.retires)
