"""Operational simplicity: how many technologies a system and each context run, which stateful
stores the team hosts itself, and what each store declares for backup, high availability and
retention."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from archdocs.model.datastore import Datastore, Hosting, Role
from archdocs.model.system import BoundedContext, System
from archdocs.model.technology import Kind

REBUILDABLE_ROLES = frozenset({Role.CACHE, Role.READ_MODEL, Role.SEARCH_INDEX, Role.BROKER})
"""Stores whose content is derived from, or passes through to, a system of record: losing
them costs a rebuild, not data."""


def is_stateful(datastore: Datastore) -> bool:
    """Whether losing the store loses data nothing else holds."""
    return datastore.role not in REBUILDABLE_ROLES


@dataclass(frozen=True)
class TechnologyCount:
    """Distinct technologies in a scope (the system or one context)."""

    scope: str
    technologies: tuple[str, ...]
    self_hosted_stateful: tuple[str, ...]
    """Names of stateful datastores the team runs itself."""


def technology_counts(system: System) -> list[TechnologyCount]:
    """The system first, then each context in declaration order."""
    scopes: list[tuple[str, list[Datastore]]] = [(system.name, list(system.datastores))]
    scopes += [(context.name, context.datastores) for context in system.contexts]
    counts = []
    for scope, datastores in scopes:
        names = tuple(sorted({d.technology.name for d in datastores}))
        hosted = tuple(sorted(
            d.name for d in datastores if d.hosting is Hosting.SELF_HOSTED and is_stateful(d)
        ))
        counts.append(TechnologyCount(scope, names, hosted))
    return counts


def same_kind_technologies(datastores: list[Datastore]) -> dict[Kind, list[str]]:
    """Kinds served by more than one technology (PostgreSQL and MySQL; Redis and Memcached)."""
    by_kind: dict[Kind, set[str]] = defaultdict(set)
    for datastore in datastores:
        by_kind[datastore.technology.kind].add(datastore.technology.name)
    return {kind: sorted(names) for kind, names in sorted(by_kind.items()) if len(names) > 1}


SPRAWL_TECHNOLOGIES_PER_CONTEXT = 3
"""A context that runs more technologies than this asks one team to operate them all."""


def context_sprawl(context: BoundedContext) -> tuple[str, ...]:
    names = tuple(sorted({d.technology.name for d in context.datastores}))
    return names if len(names) > SPRAWL_TECHNOLOGIES_PER_CONTEXT else ()
