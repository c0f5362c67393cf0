"""INT001: two elements share a name, or names whose page file names would collide."""

from collections.abc import Iterator, Sequence

from archdocs.model.element import Element
from archdocs.naming import slugify
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule

# Kinds whose elements get a page of their own, named after the slug of the element's name.
_PAGE_KINDS = ("context", "datastore", "flow", "migration")


@rule(
    "INT001", "duplicate-name", Severity.ERROR, family="integrity",
    why="Flows, patterns and migrations refer to elements by name, and every context, datastore, "
        "flow and migration gets a page whose file name is derived from its name. Two elements "
        "with one name make references ambiguous; two names that reduce to the same file name "
        "(\"Order Service\" and \"order-service\") make one page overwrite the other.",
    fix="Rename one of the two elements so every name is unique within its kind and differs "
        "by more than case, spaces or punctuation. Give unnamed flows between the same two "
        "elements a name=, or merge them into one flow with access=Access.READ_WRITE.",
)
def duplicate_name(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    groups: dict[str, Sequence[Element]] = {
        "context": system.contexts, "service": system.services, "datastore": system.datastores,
        "external": system.externals, "actor": system.actors, "flow": system.flows,
        "pattern": system.patterns, "migration": system.migrations,
    }
    for kind, elements in groups.items():
        first_by_name: dict[str, Element] = {}
        first_by_slug: dict[str, Element] = {}
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
            if kind not in _PAGE_KINDS:
                continue
            slug = slugify(element.name)
            clash = first_by_slug.setdefault(slug, element)
            if clash is not element:
                yield Hit(
                    element,
                    f"{kind} {element.name!r} and {kind} {clash.name!r} (declared at "
                    f"{ctx.model.display_path(clash.declared_at)}) both get the page file name "
                    f"{slug}.md, so one page would overwrite the other",
                )
    yield from _cross_kind_clashes(ctx)
    yield from _table_slug_clashes(ctx)
    yield from _system_slug_clashes(ctx)


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


def _table_slug_clashes(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        by_slug: dict[str, str] = {}
        for table in datastore.tables:
            slug = slugify(table.fullname)
            earlier = by_slug.setdefault(slug, table.fullname)
            if earlier != table.fullname:
                yield Hit(
                    datastore,
                    f"tables {earlier!r} and {table.fullname!r} of {datastore.name} both get "
                    f"the page file name {slug}.md, so one page would overwrite the other",
                    target=table.fullname,
                    location=ctx.table_location(datastore, table),
                )


def _system_slug_clashes(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for other in ctx.model.systems:
        if other is system:
            return  # report the later of the two, once
        if other.name == system.name or slugify(other.name) == slugify(system.name):
            yield Hit(
                system,
                f"system {system.name!r} clashes with system {other.name!r} declared at "
                f"{ctx.model.display_path(other.declared_at)}: their site sections would share "
                f"the folder {slugify(system.name)}/",
            )
            return
