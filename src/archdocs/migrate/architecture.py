"""Helpers over declared architecture migrations, shared by the MIG review rules and the
migration pages."""

from __future__ import annotations

import re

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.migration import ArchitectureMigration, Phase
from archdocs.model.system import System

_DESTRUCTIVE = re.compile(
    r"\b(drop|dropp\w*|retire\w*|remov\w*|decommission\w*|delet\w*|contract|truncat\w*|"
    r"shut\s*down|switch\w* off|tear\w* down)\b", re.IGNORECASE)


def cutover_index(migration: ArchitectureMigration) -> int | None:
    return next((i for i, p in enumerate(migration.phases) if p.cutover), None)


def point_of_no_return_index(migration: ArchitectureMigration) -> int | None:
    return next((i for i, p in enumerate(migration.phases) if p.point_of_no_return), None)


def is_destructive(phase: Phase) -> bool:
    """A phase that removes the old place (drops, retires, decommissions it)."""
    return bool(_DESTRUCTIVE.search(phase.name) or _DESTRUCTIVE.search(phase.description))


def phase_elements(system: System, phase: Phase) -> list[Element]:
    """The declared elements a phase names (undeclared names are left to INT002)."""
    found = []
    for ref in phase.elements:
        element = system.resolve(ref)
        if element is not None:
            found.append(element)
    return found


def migration_elements(system: System, migration: ArchitectureMigration) -> list[Element]:
    """Every declared element the migration names (affects and phases), without repeats, in
    declaration order."""
    seen: list[Element] = []
    refs = list(migration.affects) + [ref for phase in migration.phases for ref in phase.elements]
    for ref in refs:
        element = system.resolve(ref)
        if element is not None and not any(element is s for s in seen):
            seen.append(element)
    return seen


def flows_reaching(system: System, datastore: Datastore) -> list[Flow]:
    """Flows whose target is ``datastore`` (or that pass through it)."""
    found = []
    for flow in system.flows:
        if system.resolve(flow.target) is datastore or (
                flow.via is not None and system.resolve(flow.via) is datastore):
            found.append(flow)
    return found
