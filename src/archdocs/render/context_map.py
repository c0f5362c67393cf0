"""The DDD context map: bounded contexts and external systems, one edge per pair, drawn with
the standard labels of its relationship (``U``/``D`` at the ends with ``OHS``, ``PL``,
``ACL``, ``CF``; ``C/S``, ``P``, ``SK`` on the edge) and the number of flows between the two.

A pair whose flows cross without a declared relationship is drawn as a grey dashed edge: the
map shows the integration nobody has named yet.
"""

from __future__ import annotations

from archdocs.model.context_map import ContextRelationship, ContextRole, RelationshipKind
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.system import BoundedContext, ExternalSystem, System
from archdocs.naming import slug_base
from archdocs.render.architecture import _build, _Edge, _sort_key, _View
from archdocs.render.spec import DiagramSpec

_DECLARED = {"style": "solid", "color": "#4A5560", "penwidth": "1.4"}
_UNDECLARED = {"style": "dashed", "color": "#AEB6BE", "penwidth": "1.0", "fontcolor": "#636E72"}
_ROLE_MEANINGS = {
    ContextRole.OPEN_HOST_SERVICE: "open host service",
    ContextRole.PUBLISHED_LANGUAGE: "published language",
    ContextRole.ANTICORRUPTION_LAYER: "anti-corruption layer",
    ContextRole.CONFORMIST: "conformist",
}
_KIND_MEANINGS = {
    RelationshipKind.CUSTOMER_SUPPLIER: "customer\u2013supplier",
    RelationshipKind.PARTNERSHIP: "partnership",
    RelationshipKind.SHARED_KERNEL: "shared kernel",
}


def counted_flows(n: int) -> str:
    return f"{n} flow{'' if n == 1 else 's'}"


MapPairs = list[tuple[Element, Element, ContextRelationship | None, list[Flow]]]
"""What :func:`map_pairs` returns."""


def map_pairs(system: System) -> MapPairs:
    """Every pair of contexts (or a context and an external system) on the map: its
    relationship (``None`` when undeclared) and the flows that cross between the two, either
    way. The upstream comes first when there is a relationship; otherwise the side that
    starts the flows (by name when both do). Sorted by names."""
    pairs: dict[frozenset[int], tuple[Element, Element, ContextRelationship | None,
                                      list[Flow]]] = {}
    for relationship in system.relationships:
        key = frozenset((id(relationship.upstream), id(relationship.downstream)))
        pairs[key] = (relationship.upstream, relationship.downstream, relationship, [])
    for source, target, flows in system.context_dependencies():
        if not all(isinstance(end, (BoundedContext, ExternalSystem)) for end in (source, target)):
            continue  # actors use the system; the map is about contexts
        key = frozenset((id(source), id(target)))
        pairs.setdefault(key, (source, target, None, []))[3].extend(flows)
    return sorted(pairs.values(), key=lambda p: (p[0].name, p[1].name, p[0].KIND, p[1].KIND))


def _end(side: str, roles: tuple[ContextRole, ...]) -> str:
    """An end label: the side letter in a box, then its roles (fixed text, no user input)."""
    cells = f'<TD BORDER="1" COLOR="#4A5560">{side}</TD>'
    if roles:
        cells += f'<TD>{", ".join(role.value for role in roles)}</TD>'
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" '
            f'BGCOLOR="#FFFFFF"><TR>{cells}</TR></TABLE>>')


def context_map_spec(system: System, focus: BoundedContext | None = None, *,
                     pairs: MapPairs | None = None) -> DiagramSpec:
    """The context map: one box per bounded context (with what it holds) and per external
    system, and one edge per pair that has a declared relationship or flows between them,
    with the relationship's standard labels and how many flows it stands for. Actors are
    left out (each context's diagram shows who uses it), brokers too: the map shows who
    depends on whom and how they integrate.

    With ``focus``, the part of the map around one context: that context, the contexts and
    external systems it is paired with, and its pairs only, the context framed darker (a
    context page shows it when the whole map is too big to read).

    ``pairs`` is :func:`map_pairs` of ``system``, when the caller has it already: every
    context page of a big model draws the map around it, and finding the pairs of the whole
    system again for each one was most of what those maps cost."""
    view = _View(system, context_map=True, focus=focus)
    if pairs is None:
        pairs = map_pairs(system)
    if focus is not None:
        pairs = [pair for pair in pairs if focus is pair[0] or focus is pair[1]]
        shown = {id(focus), *(id(end) for pair in pairs for end in pair[:2])}
    for element in sorted((*system.contexts, *system.externals), key=_sort_key):
        if focus is None or id(element) in shown:
            view.add(element)
    used_roles: set[ContextRole] = set()
    used_kinds: set[RelationshipKind] = set()
    has_relationship = undeclared = False
    for upstream, downstream, relationship, flows in pairs:
        source, target = view.ids[id(upstream)], view.ids[id(downstream)]
        count = [counted_flows(len(flows))] if flows else []
        # The arrow opens the flows it stands for (one flow's page, or the flows list).
        edge = _Edge(source, target, flows={flow.name for flow in flows})
        if relationship is None:
            undeclared = True
            both_ways = any(system.context_of(system.resolve(f.source)) is downstream
                            or system.resolve(f.source) is downstream for f in flows)
            edge.text = count
            edge.attrs = {**_UNDECLARED, "dir": "both" if both_ways else "forward"}
        else:
            has_relationship = True
            edge.asynchronous = False  # Mermaid: a solid arrow, as in the SVG
            kind = relationship.kind
            edge.text = [kind.label, *count] if kind.label else count
            used_kinds.add(kind)
            if kind.symmetric:
                edge.attrs = {**_DECLARED, "dir": "none"}
            else:
                used_roles |= {*relationship.upstream_roles, *relationship.downstream_roles}
                edge.attrs = {**_DECLARED, "arrowhead": "normal",
                              "taillabel": _end("U", relationship.upstream_roles),
                              "headlabel": _end("D", relationship.downstream_roles),
                              "labelfontsize": "12", "labeldistance": "1.6",
                              "labelangle": "30"}
                edge.mermaid = [relationship.notation, *edge.text]
        view.edges[(source, target)] = edge
    legend: list[tuple[str, str]] = []
    if has_relationship:
        if any(not k.symmetric for k in used_kinds):
            legend.append(("U / D", "upstream / downstream"))
        legend.extend((role.value, _ROLE_MEANINGS[role])
                      for role in ContextRole if role in used_roles)
        legend.extend((kind.label, _KIND_MEANINGS[kind])
                      for kind in RelationshipKind if kind in used_kinds and kind.label)
    if undeclared:
        legend.append(("\u254c\u254c\u254c\u254c", "flows, no relationship declared"))
    view.legend = legend
    if focus is None:
        return _build(view, "context-map", f"{system.name}: context map")
    return _build(view, f"context-map-{slug_base(focus.name)}",
                  f"Context map around {focus.name}")


__all__ = ["MapPairs", "context_map_spec", "counted_flows", "map_pairs"]
