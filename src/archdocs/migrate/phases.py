"""What each phase of an architecture migration changes, and how far the migration has got.

The phases already say what changes: the elements each names, how data is kept in step
(``sync``), where traffic switches (``cutover``) and where the old place goes
(``point_of_no_return`` or a phase that drops, retires, removes …). From that, each element a
phase names gets one kind of change in that phase:

* **adds**: the element is new with the migration (``introduces=``) and this is the first phase
  naming it; or the phase builds or copies (sync none or backfill, no cutover): something is
  added to the element (a column, a cluster, an index).
* **switches**: the phase moves traffic or keeps two places in step: a cutover, dual writes,
  CDC, replication, or a phase whose name says it switches, moves, routes or shadows.
* **retires**: the element is declared in ``retires=`` and this is the phase that retires it
  (the first destructive phase naming it, else the last phase naming it, else the last phase):
  the whole element goes. Or the phase is destructive (or the point of no return): the element
  loses its old part (a table dropped, a primary deleted) but stays.

An element declared in ``introduces=`` exists from the phase that adds it (the first phase
naming it, else the first phase); one declared in ``retires=`` exists up to the phase that
retires it. A flow exists while both of its ends do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from archdocs.migrate.architecture import cutover_index, is_destructive, migration_elements
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.migration import ArchitectureMigration, MigrationStatus, Phase, SyncMechanism
from archdocs.model.system import System


class PhaseChange(StrEnum):
    """What a phase does to an element it names."""

    ADDS = "adds"
    SWITCHES = "switches"
    RETIRES = "retires"


class PhaseState(StrEnum):
    """Where a phase stands, from the migration's status and its current phase."""

    DONE = "done"
    IN_PROGRESS = "in progress"
    TO_DO = "to do"
    STOPPED = "stopped"
    """The phase an abandoned migration stopped in."""
    UNKNOWN = "not declared"
    """An in-progress migration that does not declare its current phase."""


_SWITCHING = re.compile(
    r"\b(switch\w*|cut\s*over|cutover|mov\w*|rout\w*|redirect\w*|shadow\w*|flip\w*|"
    r"promot\w*|fail\w*\s*over)\b", re.IGNORECASE)
_SWITCHING_SYNC = (SyncMechanism.DUAL_WRITE, SyncMechanism.CDC, SyncMechanism.REPLICATION)


@dataclass(frozen=True)
class ElementChange:
    element: Element
    change: PhaseChange
    whole: bool = False
    """For :attr:`PhaseChange.RETIRES`: the whole element goes (declared in ``retires=``), not
    only its old part."""


@dataclass(frozen=True)
class PhaseEffect:
    """One phase: what it changes and what exists while it runs."""

    number: int
    """Counted from 1, as pages show it."""
    phase: Phase
    changes: tuple[ElementChange, ...]
    present: tuple[Element, ...]
    """The elements of the migration's part of the system that exist during the phase."""

    def change_of(self, element: Element) -> ElementChange | None:
        return next((c for c in self.changes if c.element is element), None)


@dataclass(frozen=True)
class MigrationEffects:
    """The migration's part of the system before, during each phase and after."""

    before: tuple[Element, ...]
    phases: tuple[PhaseEffect, ...]
    after: tuple[Element, ...]
    introduced: tuple[Element, ...]
    retired: tuple[Element, ...]

    def overall(self, element: Element) -> PhaseChange | None:
        """What the whole migration did to ``element``: added it, changed it (shown as
        switched) or nothing; retired elements are not in :attr:`after`."""
        if any(element is e for e in self.introduced):
            return PhaseChange.ADDS
        if any(p.change_of(element) is not None for p in self.phases):
            return PhaseChange.SWITCHES
        return None


def _members(system: System, refs: Sequence[Element | str]) -> list[Element]:
    found: list[Element] = []
    for ref in refs:
        element = system.resolve(ref)
        if element is not None and not any(element is f for f in found):
            found.append(element)
    return found


def _named_by(system: System, phases: Sequence[Phase], element: Element) -> list[int]:
    return [i for i, phase in enumerate(phases)
            if any(element is e for e in _members(system, phase.elements))]


def _retiring(phase: Phase) -> bool:
    return phase.point_of_no_return or is_destructive(phase)


def _switching(phase: Phase) -> bool:
    return phase.cutover or phase.sync in _SWITCHING_SYNC or bool(_SWITCHING.search(phase.name))


def scope(system: System, migration: ArchitectureMigration) -> list[Element]:
    """The migration's part of the system: what it names (affects, phases, introduces,
    retires) and the flows between those elements, in declaration order."""
    named = migration_elements(system, migration)
    for element in _members(system, [*migration.introduces, *migration.retires]):
        if not any(element is n for n in named):
            named.append(element)
    node_ids = {id(e) for e in named if not isinstance(e, Flow)}
    for flow in system.flows:
        ends = {id(system.resolve(flow.source)), id(system.resolve(flow.target))}
        if ends <= node_ids and not any(flow is n for n in named):
            named.append(flow)
    return named


def effects(system: System, migration: ArchitectureMigration) -> MigrationEffects:
    """What each phase of ``migration`` adds, switches and retires; see the module's doc."""
    phases = list(migration.phases)
    last = len(phases) - 1
    elements = scope(system, migration)
    introduced = _members(system, migration.introduces)
    retired = _members(system, migration.retires)
    added_in: dict[int, int] = {}
    for element in introduced:
        named = _named_by(system, phases, element)
        added_in[id(element)] = named[0] if named else 0
    retired_in: dict[int, int] = {}
    for element in retired:
        named = _named_by(system, phases, element)
        destructive = [i for i in named if _retiring(phases[i])]
        retired_in[id(element)] = (destructive or named or [last])[0 if destructive else -1]

    def exists(element: Element, moment: float) -> bool:
        """Whether ``element`` exists at ``moment``: -1 before the first phase, i during
        phase i, len(phases) after the last."""
        if id(element) in added_in and moment < added_in[id(element)]:
            return False
        if id(element) in retired_in and moment > retired_in[id(element)]:
            return False
        if isinstance(element, Flow):
            return all(exists(end, moment) for end in _flow_ends(system, flow=element)
                       if any(end is e for e in elements))
        return True

    phase_effects = []
    for i, phase in enumerate(phases):
        changes: list[ElementChange] = []
        touched = _members(system, phase.elements)
        touched += [e for e in introduced
                    if added_in[id(e)] == i and not any(e is t for t in touched)]
        touched += [e for e in retired
                    if retired_in[id(e)] == i and not any(e is t for t in touched)]
        for element in touched:
            changes.append(_change(phase, i, element, added_in, retired_in))
        present = tuple(e for e in elements if exists(e, i))
        phase_effects.append(PhaseEffect(i + 1, phase, tuple(changes), present))
    return MigrationEffects(
        before=tuple(e for e in elements if exists(e, -1)),
        phases=tuple(phase_effects),
        after=tuple(e for e in elements if exists(e, len(phases))),
        introduced=tuple(introduced),
        retired=tuple(retired),
    )


def _change(phase: Phase, index: int, element: Element, added_in: dict[int, int],
            retired_in: dict[int, int]) -> ElementChange:
    if added_in.get(id(element)) == index:
        return ElementChange(element, PhaseChange.ADDS)
    if retired_in.get(id(element)) == index:
        return ElementChange(element, PhaseChange.RETIRES, whole=True)
    if _retiring(phase):
        return ElementChange(element, PhaseChange.RETIRES)
    if _switching(phase):
        return ElementChange(element, PhaseChange.SWITCHES)
    return ElementChange(element, PhaseChange.ADDS)


def _flow_ends(system: System, *, flow: Flow) -> list[Element]:
    ends = []
    for ref in (flow.source, flow.target):
        element = system.resolve(ref)
        if element is not None:
            ends.append(element)
    return ends


# -- progress ---------------------------------------------------------------------------------


def phase_states(migration: ArchitectureMigration) -> list[PhaseState]:
    """Where each phase stands: done, in progress or to do."""
    count = len(migration.phases)
    current = migration.current_phase_index
    if migration.status is MigrationStatus.DONE:
        return [PhaseState.DONE] * count
    if migration.status is MigrationStatus.PROPOSED:
        return [PhaseState.TO_DO] * count
    if current is None:
        return [PhaseState.UNKNOWN] * count
    here = PhaseState.IN_PROGRESS if migration.status is MigrationStatus.IN_PROGRESS \
        else PhaseState.STOPPED
    return [PhaseState.DONE if i < current else here if i == current else PhaseState.TO_DO
            for i in range(count)]


def progress(migration: ArchitectureMigration) -> str:
    """``phase 2 of 5, Build the cluster`` for a migration with a current phase; otherwise
    its status (``done``, ``proposed``, ``in progress, current phase not declared``)."""
    current = migration.current_phase_index
    if current is not None:
        phase = migration.phases[current]
        stopped = "stopped in " if migration.status is MigrationStatus.ABANDONED else ""
        return f"{stopped}phase {current + 1} of {len(migration.phases)}, {phase.name}"
    if migration.status is MigrationStatus.IN_PROGRESS:
        return "in progress, current phase not declared"
    return migration.status.value


def is_under_way(migration: ArchitectureMigration) -> bool:
    """In progress: the model may already describe its target while the old state runs."""
    return migration.status is MigrationStatus.IN_PROGRESS


def before_cutover(migration: ArchitectureMigration) -> bool | None:
    """Whether traffic still runs on the old place: the current phase comes before the
    cutover phase (``None`` when either is not declared)."""
    current = migration.current_phase_index
    cutover = cutover_index(migration)
    if current is None or cutover is None:
        return None
    return current < cutover
