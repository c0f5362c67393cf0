"""The context map's text on the site: what the picture's labels mean, the relationships of
the whole system (contexts index) and of one context (its page)."""

from __future__ import annotations

from collections.abc import Callable

from archdocs.model.context_map import ContextRelationship, RelationshipKind
from archdocs.model.element import Element
from archdocs.model.system import System
from archdocs.pages import markdown as md

Link = Callable[[str, Element], str]
"""``link(from_page, element)``: a Markdown link to the element's page (or its name)."""

CAPTION = (
    "\nEach box is a bounded context (or an external system); one line joins two of them when "
    "they have a declared relationship or flows between them, and says how many flows it "
    "stands for. An arrow points downstream: **U** marks the upstream end, **D** the "
    "downstream end, with the side's patterns beside it (**OHS** open host service, **PL** "
    "published language, **ACL** anti-corruption layer, **CF** conformist); **C/S** is "
    "customer–supplier, **P** partnership, **SK** shared kernel (no arrow: neither side is "
    "upstream). A grey dashed line has flows but no declared relationship.\n"
)


def _side(relationship: ContextRelationship, element: Element) -> str:
    """``downstream, ACL``, ``upstream (supplier), OHS``, ``partner``."""
    side = relationship.side_of(element)
    if side is None:
        return ""
    roles = relationship.upstream_roles if side == "upstream" else relationship.downstream_roles
    if relationship.kind is RelationshipKind.CUSTOMER_SUPPLIER:
        side += " (supplier)" if side == "upstream" else " (customer)"
    return side + "".join(f", {role.value}" for role in roles if side != "partner")


def relationships_table(system: System, page: str, link: Link) -> str:
    """Every relationship of the system, in Context Mapper's notation."""
    if not system.relationships:
        return ("None declared: declare them with `system.relationship(...)` (see the "
                "modeling guide).\n")
    rows = [[link(page, r.upstream), md.code(r.notation), link(page, r.downstream),
             md.escape(r.kind.title), md.escape(r.description)]
            for r in sorted(system.relationships,
                            key=lambda r: (r.upstream.name, r.downstream.name))]
    return md.table(["Context", "Relationship", "Context", "Kind", "Description"], rows)


def context_relationships(system: System, element: Element, page: str, link: Link) -> str:
    """The relationships of one context, from its side: ``## Relationships`` and a table."""
    mine = sorted((r for r in system.relationships if r.side_of(element) is not None),
                  key=lambda r: r.other(element).name)
    out = "\n## Relationships\n\n"
    if not mine:
        return out + "None declared.\n"
    rows = [[link(page, r.other(element)), md.escape(r.kind.title), md.escape(_side(r, element)),
             md.escape(_side(r, r.other(element))), md.escape(r.description)] for r in mine]
    return out + md.table(["With", "Kind", "This context", "The other", "Description"], rows)


__all__ = ["CAPTION", "context_relationships", "relationships_table"]
