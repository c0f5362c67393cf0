"""DDD context-map relationships between bounded contexts.

Context Mapper's CML writes ``Catalog [U,OHS,PL] -> [D,ACL] Ordering``; archdocs writes::

    system.relationship(upstream=catalog, downstream=ordering,
                        upstream_roles=[OHS, PL], downstream_roles=[ACL])
    system.relationship(ordering, payments, kind=CUSTOMER_SUPPLIER)   # supplier, customer
    system.relationship(identity, catalog, kind=PARTNERSHIP)          # symmetric

An upstream–downstream relationship says whose model wins: the upstream changes on its own
schedule, the downstream adapts. Its sides carry the integration patterns: an **open host
service** (OHS) and a **published language** (PL) upstream; an **anti-corruption layer**
(ACL) or a **conformist** (CF) downstream. **Customer–supplier** is an upstream–downstream
relationship in which the downstream (the customer) has a say in the upstream's (the
supplier's) plans. **Partnership** and **shared kernel** are symmetric: neither side is
upstream.

A relationship joins two bounded contexts, or a context and an external system (an external
payment provider is the classic upstream behind an anti-corruption layer). Each pair has at
most one relationship. Mistakes are refused when the relationship is declared, with the line.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePath
from typing import Any

from archdocs.errors import ArchdocsError
from archdocs.model.location import SourceLocation, caller_location


class ContextMapError(ArchdocsError):
    """A context-map relationship that cannot be right."""


class RelationshipKind(Enum):
    """What kind of relationship two contexts have."""

    UPSTREAM_DOWNSTREAM = "upstream-downstream"
    CUSTOMER_SUPPLIER = "customer-supplier"
    PARTNERSHIP = "partnership"
    SHARED_KERNEL = "shared-kernel"

    @property
    def symmetric(self) -> bool:
        """Partnership and shared kernel have no upstream and no downstream."""
        return self in (RelationshipKind.PARTNERSHIP, RelationshipKind.SHARED_KERNEL)

    @property
    def label(self) -> str:
        """The standard abbreviation drawn on a context map (empty for plain U/D)."""
        return _KIND_LABELS[self]

    @property
    def title(self) -> str:
        return _KIND_TITLES[self]


_KIND_LABELS = {
    RelationshipKind.UPSTREAM_DOWNSTREAM: "",
    RelationshipKind.CUSTOMER_SUPPLIER: "C/S",
    RelationshipKind.PARTNERSHIP: "P",
    RelationshipKind.SHARED_KERNEL: "SK",
}
_KIND_TITLES = {
    RelationshipKind.UPSTREAM_DOWNSTREAM: "upstream–downstream",
    RelationshipKind.CUSTOMER_SUPPLIER: "customer–supplier",
    RelationshipKind.PARTNERSHIP: "partnership",
    RelationshipKind.SHARED_KERNEL: "shared kernel",
}


class ContextRole(Enum):
    """An integration pattern on one side of an upstream–downstream relationship; ``value`` is
    its standard abbreviation."""

    OPEN_HOST_SERVICE = "OHS"
    PUBLISHED_LANGUAGE = "PL"
    ANTICORRUPTION_LAYER = "ACL"
    CONFORMIST = "CF"

    @property
    def upstream(self) -> bool:
        """OHS and PL belong to the upstream side, ACL and CF to the downstream side."""
        return self in (ContextRole.OPEN_HOST_SERVICE, ContextRole.PUBLISHED_LANGUAGE)

    @property
    def title(self) -> str:
        return self.name.lower().replace("_", " ").replace("anticorruption", "anti-corruption")


UPSTREAM_DOWNSTREAM = RelationshipKind.UPSTREAM_DOWNSTREAM
CUSTOMER_SUPPLIER = RelationshipKind.CUSTOMER_SUPPLIER
PARTNERSHIP = RelationshipKind.PARTNERSHIP
SHARED_KERNEL = RelationshipKind.SHARED_KERNEL
OHS = ContextRole.OPEN_HOST_SERVICE
PL = ContextRole.PUBLISHED_LANGUAGE
ACL = ContextRole.ANTICORRUPTION_LAYER
CF = ContextRole.CONFORMIST


@dataclass(frozen=True, eq=False)
class ContextRelationship:
    """A relationship between two contexts on the context map.

    ``upstream`` and ``downstream`` are the two sides; for a symmetric kind (partnership,
    shared kernel) they are just the first and the second named. Both are elements of the
    system (a :class:`~archdocs.model.system.BoundedContext` or an
    :class:`~archdocs.model.system.ExternalSystem`), resolved when the relationship is
    declared.
    """

    upstream: Any
    downstream: Any
    kind: RelationshipKind = RelationshipKind.UPSTREAM_DOWNSTREAM
    upstream_roles: tuple[ContextRole, ...] = ()
    downstream_roles: tuple[ContextRole, ...] = ()
    description: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location)

    @property
    def symmetric(self) -> bool:
        return self.kind.symmetric

    @property
    def conformist(self) -> bool:
        return ContextRole.CONFORMIST in self.downstream_roles

    @property
    def translates(self) -> bool:
        """The downstream protects its model with an anti-corruption layer."""
        return ContextRole.ANTICORRUPTION_LAYER in self.downstream_roles

    @property
    def notation(self) -> str:
        """The sides in Context Mapper's notation: ``[U,OHS,PL] → [D,ACL]``, ``[P]``."""
        if self.symmetric:
            return f"[{self.kind.label}]"
        up = ",".join(["U", *(r.value for r in self.upstream_roles)])
        down = ",".join(["D", *(r.value for r in self.downstream_roles)])
        if self.kind is RelationshipKind.CUSTOMER_SUPPLIER:
            up, down = up.replace("U", "U,S", 1), down.replace("D", "D,C", 1)
        return f"[{up}] \u2192 [{down}]"

    @property
    def title(self) -> str:
        """``Catalog [U,OHS,PL] → [D,ACL] Ordering`` or ``Identity [P] Catalog``, as in CML."""
        return f"{self.upstream.name} {self.notation} {self.downstream.name}"

    def side_of(self, element: object) -> str | None:
        """``"upstream"``, ``"downstream"`` (``"partner"`` for a symmetric kind), or
        ``None`` when ``element`` is not part of the relationship."""
        if element is self.upstream:
            return "partner" if self.symmetric else "upstream"
        if element is self.downstream:
            return "partner" if self.symmetric else "downstream"
        return None

    def other(self, element: object) -> Any:
        return self.downstream if element is self.upstream else self.upstream


def flows_downstream(system: Any, relationship: ContextRelationship) -> list[Any]:
    """The flows of ``system`` that go from the upstream side of ``relationship`` (the context's
    services and datastores, or the external system) to its downstream side."""
    def side(ref: Any) -> Any:
        element = system.resolve(ref)
        return system.context_of(element) or element

    return [flow for flow in system.flows
            if side(flow.source) is relationship.upstream
            and side(flow.target) is relationship.downstream]


def exposed_to(system: Any, event: str) -> list[ContextRelationship]:
    """The upstream–downstream relationships whose downstream takes ``event`` from its
    upstream without an anti-corruption layer (a conformist or a plain downstream)."""
    return [r for r in system.relationships
            if not r.symmetric and not r.translates
            and any(event in flow.events for flow in flows_downstream(system, r))]


def build_relationship(
    system: Any,
    upstream: Any,
    downstream: Any,
    *,
    kind: RelationshipKind,
    upstream_roles: Sequence[ContextRole],
    downstream_roles: Sequence[ContextRole],
    description: str,
) -> ContextRelationship:
    """Check and build a relationship of ``system`` (see :meth:`System.relationship`)."""
    where = caller_location()
    if not isinstance(kind, RelationshipKind):
        raise ContextMapError(
            f"relationship kind {kind!r} is not a RelationshipKind", location=where,
            hint="use UPSTREAM_DOWNSTREAM, CUSTOMER_SUPPLIER, PARTNERSHIP or SHARED_KERNEL")
    up = _participant(system, upstream, where)
    down = _participant(system, downstream, where)
    if up is down:
        raise ContextMapError(
            f"{up.KIND} {up.name!r} is related to itself", location=where,
            hint="a context-map relationship joins two different contexts: name the other one")
    ups, downs = _roles(upstream_roles, where), _roles(downstream_roles, where)
    if kind.symmetric and (ups or downs):
        raise ContextMapError(
            f"a {kind.title} between {up.name!r} and {down.name!r} has no upstream or "
            f"downstream, so it takes no roles (given {', '.join(r.value for r in ups + downs)})",
            location=where,
            hint="drop upstream_roles/downstream_roles, or declare an upstream-downstream "
                 "relationship if one side's model wins")
    for role in ups:
        if not role.upstream:
            raise ContextMapError(
                f"{role.value} ({role.title}) is a downstream role, given as an upstream role "
                f"of {up.name!r}", location=where,
                hint=f"move {role.value} to downstream_roles (upstream roles: OHS, PL)")
    for role in downs:
        if role.upstream:
            raise ContextMapError(
                f"{role.value} ({role.title}) is an upstream role, given as a downstream role "
                f"of {down.name!r}", location=where,
                hint=f"move {role.value} to upstream_roles (downstream roles: ACL, CF)")
    if ContextRole.CONFORMIST in downs and ContextRole.ANTICORRUPTION_LAYER in downs:
        raise ContextMapError(
            f"{down.name!r} is both a conformist (CF) and behind an anti-corruption layer "
            f"(ACL) towards {up.name!r}: a conformist takes the upstream's model as it is, "
            "an anti-corruption layer translates it", location=where,
            hint="keep the one that is true: CF when its model follows the upstream's, ACL "
                 "when it translates")
    if kind is RelationshipKind.CUSTOMER_SUPPLIER and ContextRole.CONFORMIST in downs:
        raise ContextMapError(
            f"{down.name!r} is a customer of {up.name!r} and a conformist: a customer's needs "
            "shape the supplier's plans, a conformist has no say and follows", location=where,
            hint="declare UPSTREAM_DOWNSTREAM with CF, or CUSTOMER_SUPPLIER without CF")
    for existing in system.relationships:
        if {id(existing.upstream), id(existing.downstream)} == {id(up), id(down)}:
            raise ContextMapError(
                f"{up.name!r} and {down.name!r} already have a relationship "
                f"({existing.title}, declared at line {existing.declared_at.line} of "
                f"{PurePath(existing.declared_at.file).name})", location=where,
                hint="a pair of contexts has one relationship on the map: merge the two")
    return ContextRelationship(up, down, kind, ups, downs, description, declared_at=where)


def _participant(system: Any, ref: Any, where: SourceLocation) -> Any:
    element = system.resolve(ref)
    if element is None or element.KIND not in ("context", "external"):
        names = sorted(c.name for c in (*system.contexts, *system.externals))
        what = f"{ref!r}" if isinstance(ref, str) else (
            f"{getattr(ref, 'KIND', type(ref).__name__)} {getattr(ref, 'name', ref)!r}")
        close = difflib.get_close_matches(ref, names, n=1) if isinstance(ref, str) else []
        guess = f"did you mean {close[0]!r}? " if close else ""
        raise ContextMapError(
            f"a relationship joins bounded contexts or external systems of "
            f"{system.name!r}; {what} is none of them", location=where,
            hint=f"{guess}name a context or external system declared before it: "
                 f"{', '.join(names) or 'none yet'}")
    return element


def _roles(roles: Sequence[ContextRole], where: SourceLocation) -> tuple[ContextRole, ...]:
    if isinstance(roles, (str, ContextRole)):
        roles = [roles]
    found: list[ContextRole] = []
    for role in roles:
        if not isinstance(role, ContextRole):
            raise ContextMapError(
                f"{role!r} is not a context-map role", location=where,
                hint="use OHS, PL (upstream) or ACL, CF (downstream), from archdocs")
        if role not in found:
            found.append(role)
    return tuple(sorted(found, key=list(ContextRole).index))


__all__ = [
    "ACL", "CF", "CUSTOMER_SUPPLIER", "OHS", "PARTNERSHIP", "PL", "SHARED_KERNEL",
    "UPSTREAM_DOWNSTREAM", "ContextMapError", "ContextRelationship", "ContextRole",
    "RelationshipKind", "exposed_to", "flows_downstream",
]
