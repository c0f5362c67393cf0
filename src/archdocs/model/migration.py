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
    current_phase: str | int | None = None
    """The phase under way: its name, or its number counted from 1. Only for a migration that
    is in progress (or abandoned: the phase it stopped in). Pages then show the phases before
    it as done, and the elements it touches as being migrated."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.phases = tuple(self.phases)
        self.cutover_criteria = tuple(self.cutover_criteria)
        self.risks = tuple(self.risks)
        self.affects = tuple(self.affects)
        self.introduces = tuple(self.introduces)
        self.retires = tuple(self.retires)
        self._current: int | None = self._resolve_current_phase()

    @property
    def current_phase_index(self) -> int | None:
        """The current phase counted from 0, or ``None`` when none is declared."""
        return self._current

    def _resolve_current_phase(self) -> int | None:
        from archdocs.errors import ModelArgumentError

        declared = self.current_phase
        if declared is None:
            return None
        names = [phase.name for phase in self.phases]
        listed = ", ".join(repr(name) for name in names) or "(none declared)"
        if self.status not in (MigrationStatus.IN_PROGRESS, MigrationStatus.ABANDONED):
            raise ModelArgumentError(
                f"migration {self.name!r}: current_phase={declared!r} but the status is "
                f"{self.status.value!r}; only a migration in progress (or abandoned) has a "
                "current phase",
                location=self.declared_at,
                hint="set status=MigrationStatus.IN_PROGRESS, or remove current_phase=")
        if isinstance(declared, bool) or not isinstance(declared, (str, int)):
            raise ModelArgumentError(
                f"migration {self.name!r}: current_phase must be a phase name or a phase "
                f"number, not {declared!r}",
                location=self.declared_at, hint=f"the phases are {listed}")
        if isinstance(declared, int):
            if 1 <= declared <= len(names):
                return declared - 1
            raise ModelArgumentError(
                f"migration {self.name!r}: current_phase={declared} but the migration has "
                f"{len(names)} phase{'' if len(names) == 1 else 's'}",
                location=self.declared_at,
                hint=f"phases are numbered from 1 to {len(names)}: {listed}"
                if names else "declare the phases with phases=[Phase(...), ...]")
        if declared in names:
            return names.index(declared)
        folded = [name.casefold() for name in names]
        close = (f"did you mean {names[folded.index(declared.casefold())]!r}? "
                 if declared.casefold() in folded else "")
        raise ModelArgumentError(
            f"migration {self.name!r}: current_phase={declared!r} names no phase of it",
            location=self.declared_at,
            hint=f"{close}the phases are {listed} (or give the phase's number, from 1)")
