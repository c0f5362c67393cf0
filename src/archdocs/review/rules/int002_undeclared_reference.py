"""INT002: a flow, pattern or migration refers to an element the system does not declare."""

from collections.abc import Iterator, Sequence
from difflib import get_close_matches

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.migration import ArchitectureMigration
from archdocs.model.patterns import Pattern
from archdocs.model.system import Actor, BoundedContext, ExternalSystem, Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule

Ref = Element | str | None


@rule(
    "INT002", "undeclared-reference", Severity.ERROR, family="integrity",
    why="Flows, patterns and migrations may name their ends as strings so that a typo does not "
        "break the import. The price is that a misspelt or deleted element silently drops out "
        "of every diagram, data-flow page and check that depends on it.",
    fix="Correct the name to one the system declares (the message suggests the closest), "
        "declare the missing element, or pass the element object instead of its name.",
)
def undeclared_reference(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for flow in system.flows:
        yield from _check(ctx, flow, "source", flow.source, _NODES)
        yield from _check(ctx, flow, "target", flow.target, _NODES)
        if flow.via is not None:
            yield from _check(ctx, flow, "broker (via)", flow.via, (Datastore,))
    for pattern in system.patterns:
        for role, ref, kinds in _pattern_refs(pattern):
            yield from _check(ctx, pattern, role, ref, kinds)
    for migration in system.migrations:
        yield from _migration_refs(ctx, migration)


DOC = RuleDoc(
    checks="""
- flow `source`, `target` (any node) and `via` (a datastore, usually the broker);
- `DatabasePerService.scope`, `SharedDatabase.datastore/scope`, `CQRS.write_store`,
  `read_models` and `projections` (flows), `EventSourcing.event_store/projections`,
  `TransactionalOutbox.datastore/relay`;
- migration `affects` and the elements of each phase.

A reference is reported when the name matches nothing (with the closest declared name as a
suggestion), when it names an element of the wrong kind, or when an element object belongs to
another `System`.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, "order-db", Mechanism.QUERY)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(api, orders_db, Mechanism.QUERY)  # the object: a typo is now a NameError
""",
    suppress="""
system.flow(api, "legacy-db", Mechanism.QUERY,
            suppress=[suppress("INT002", "legacy-db is modelled in the Legacy system")])
""",
)


_NODES: tuple[type[Element], ...] = (BoundedContext, Service, Datastore, ExternalSystem, Actor)
"""Every kind of element a flow can connect."""


_KINDS: dict[str, tuple[type[Element], ...]] = {
    kind.KIND: (kind,) for kind in (BoundedContext, Datastore, Flow)}
"""What a pattern's reference (``Reference.kind``) must resolve to."""


def _pattern_refs(pattern: Pattern) -> Iterator[tuple[str, Ref, tuple[type[Element], ...]]]:
    for reference in pattern.references():
        yield reference.role, reference.target, _KINDS[reference.kind]


def _migration_refs(ctx: ReviewContext, migration: ArchitectureMigration) -> Iterator[Hit]:
    everything = (*_NODES, Flow, Pattern)
    for ref in migration.affects:
        yield from _check(ctx, migration, "affects", ref, everything)
    for phase in migration.phases:
        for ref in phase.elements:
            for hit in _check(ctx, migration, f"phase {phase.name!r}", ref, everything):
                yield Hit(hit.element, hit.message, location=phase.declared_at)


def _check(
    ctx: ReviewContext, owner: Element, role: str, ref: Ref, kinds: Sequence[type[Element]]
) -> Iterator[Hit]:
    if ref is None:
        return
    wanted = tuple(kinds)
    if isinstance(ref, Element):
        if ctx.resolve(ref) is ref:
            if isinstance(ref, wanted):
                return
            problem = f"is a {ref.KIND}, not {_describe(wanted)}"
        else:
            problem = (f"is not part of system {ctx.sys.name} (declared in another System, "
                       "or created without adding it)")
        yield Hit(owner, f"{owner.KIND} {owner.name}: {role} {ref.name!r} {problem}")
        return
    found = ctx.resolve(ref)
    if isinstance(found, wanted):
        return
    candidates = [e for e in ctx.sys.elements() if isinstance(e, wanted)]
    if any(ref in (e.name, e.id) for e in candidates):
        return  # the name is shared with an element of another kind: INT001 warns about that
    if found is not None:
        problem = f"names the {found.KIND} {found.name!r}, not {_describe(wanted)}"
    else:
        problem = f"is not declared in system {ctx.sys.name}"
        close = get_close_matches(ref, sorted({e.name for e in candidates}), n=1, cutoff=0.6)
        if close:
            problem += f"; did you mean {close[0]!r}?"
    yield Hit(owner, f"{owner.KIND} {owner.name}: {role} {ref!r} {problem}")


def _describe(kinds: tuple[type[Element], ...]) -> str:
    if kinds == _NODES:
        return "an element a flow can connect (context, service, datastore, external or actor)"
    if len(kinds) > len(_NODES):
        return "an element of the system"
    return " or ".join(f"a {kind.KIND}" for kind in kinds)
