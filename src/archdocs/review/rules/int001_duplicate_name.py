"""INT001: two elements of one kind share a name."""

from collections.abc import Iterator, Sequence

from archdocs.model.element import Element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "INT001", "duplicate-name", Severity.ERROR, family="integrity",
    why="Flows, patterns and migrations refer to elements by name, and the site gives every "
        "context, datastore, flow and migration a page named after it. Two elements of one kind "
        "with one name make references ambiguous, and `archdocs generate` and `mkdocs build` "
        "refuse them: nothing could tell their pages apart. (Names that only look alike, such as "
        "\"Order Service\" and \"order-service\", are fine: each gets a page of its own.)",
    fix="Rename one of the two elements so every name is unique within its kind. Give unnamed "
        "flows between the same two elements a name=, or merge them into one flow with "
        "access=Access.READ_WRITE.",
)
def duplicate_name(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    groups: dict[str, Sequence[Element]] = {
        "context": system.contexts, "service": system.services, "datastore": system.datastores,
        "external": system.externals, "actor": system.actors, "flow": system.flows,
        "pattern": system.patterns, "migration": system.migrations,
        "scenario": system.scenarios,
    }
    for kind, elements in groups.items():
        first_by_name: dict[str, Element] = {}
        for element in elements:
            earlier = first_by_name.get(element.name)
            if earlier is not None:
                yield Hit(
                    element,
                    f"{kind} name {element.name!r} is already used by the {kind} declared at "
                    f"{ctx.model.display_path(earlier.declared_at)}",
                )
                continue
            first_by_name[element.name] = element
    yield from _cross_kind_clashes(ctx)
    yield from _system_name_clashes(ctx)


DOC = RuleDoc(
    checks="""
- two elements of one kind (contexts, services, datastores, externals, actors, flows, patterns,
  migrations, scenarios) with the same name;
- two systems with the same name;
- a warning when a service and a datastore (or any two kinds of node) share a name, because a
  flow naming it as a string resolves to only one of them.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("orders-db", tech.PostgreSQL("16"))
sales.datastore("orders-db", tech.PostgreSQL("16"), role=Role.READ_MODEL)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
sales.datastore("orders-db", tech.PostgreSQL("16"))
sales.datastore("orders-replica", tech.PostgreSQL("16"), role=Role.READ_MODEL)
""",
    suppress="""
# A duplicate name cannot be suppressed meaningfully: `archdocs generate` and `mkdocs build`
# refuse the model until one of the elements is renamed.
""",
)


def _cross_kind_clashes(ctx: ReviewContext) -> Iterator[Hit]:
    """A service and a datastore (say) with one name: a flow naming it by string silently
    resolves to whichever kind is looked up first."""
    seen: dict[str, Element] = {}
    for element in ctx.sys.nodes():
        earlier = seen.setdefault(element.name, element)
        if earlier is not element and earlier.KIND != element.KIND:
            yield Hit(
                element,
                f"{element.KIND} {element.name!r} has the same name as the {earlier.KIND} "
                f"declared at {ctx.model.display_path(earlier.declared_at)}; a flow that names "
                f"{element.name!r} as a string cannot tell them apart",
                severity=Severity.WARNING,
            )


def _system_name_clashes(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for other in ctx.model.systems:
        if other is system:
            return  # report the later of the two, once
        if other.name == system.name:
            yield Hit(
                system,
                f"system name {system.name!r} is already used by the system declared at "
                f"{ctx.model.display_path(other.declared_at)}",
            )
            return
