"""Architecture diagrams drawn with ``diagrams``: contexts as clusters, services, datastores with
their technology icons, externals and actors, flows as labelled edges.

``diagrams`` only builds the DOT source here. It is never asked to render: that would call the
``dot`` binary and write into the current directory. Node ids are derived from element names,
every label is escaped, and clusters, nodes and edges are emitted in sorted order, so the same
model always gives the same DOT text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow, Mechanism
from archdocs.model.scenario import Scenario
from archdocs.model.system import Actor, BoundedContext, ExternalSystem, Service, System
from archdocs.model.views import ArchitectureView, view_elements
from archdocs.naming import slug_base
from archdocs.render.dot_quoting import memoise_quoting
from archdocs.render.escape import (
    dot_html,
    dot_label_lines,
    mermaid_text,
    safe_id,
    shorten,
    wrap,
)
from archdocs.render.icons import icon_file, icon_path, node_class
from archdocs.render.rebuild_memo import RebuildMemo
from archdocs.render.spec import DiagramSpec, LinkTarget, mermaid_wanted

_KIND_ORDER = {"actor": 0, "external": 1, "context": 2, "service": 3, "datastore": 4}
_MAX_LABEL_ITEMS = 2
_MAX_EDGE_LINES = 3


@dataclass
class _Edge:
    source: str
    target: str
    labels: set[str] = field(default_factory=set)
    flows: set[str] = field(default_factory=set)
    """Names of the flows the edge stands for (its link: one flow's page, else the list)."""
    asynchronous: bool = True
    replication: bool = True
    text: list[str] | None = None
    """Drawn instead of the labels (the context map writes its own)."""
    attrs: dict[str, str] = field(default_factory=dict)
    """Extra Graphviz edge attributes (end labels, direction, style)."""
    mermaid: list[str] | None = None
    """Mermaid's label, when it must say more than ``text`` (Mermaid has no end labels)."""


@dataclass
class _View:
    """What one diagram shows, resolved and deduplicated."""

    system: System
    nodes: dict[int, Element] = field(default_factory=dict)
    flow_endpoints: set[int] = field(default_factory=set)
    edges: dict[tuple[str, str], _Edge] = field(default_factory=dict)
    ids: dict[int, str] = field(default_factory=dict)
    focus: BoundedContext | None = None
    """The context a context diagram is about; the others are drawn as muted neighbours."""
    context_map: bool = False
    """Contexts are the nodes (no clusters); their services and datastores are summarised."""
    collapse: bool = False
    """Services and datastores outside ``focus`` (all of them without a focus) are drawn as
    their context: detail is left to the context's own diagram. Brokers stay (the hub)."""
    counted: bool = False
    """Edges are labelled with how many flows they stand for, not with what they carry."""
    short: bool = False
    """Edges are labelled with their mechanisms and how many flows use each (what the flows
    carry is on their pages): labels stay short enough to read at page width."""
    numbered: bool = False
    """Edges are labelled with the numbers of the scenario steps they carry (``2, 7``), laid
    out top to bottom, and the legend says what the numbers are."""
    legend: list[tuple[str, str]] | None = None
    """``(sample, meaning)`` rows of a legend of the diagram's own (the context map's)."""

    def add(self, element: Element | str | None) -> Element | None:
        resolved = self.system.resolve(element) if element is not None else None
        if resolved is None and isinstance(element, Element):
            resolved = element  # an element from another system (migration views)
        if resolved is None or isinstance(resolved, Flow):
            return None
        if id(resolved) not in self.nodes:
            self.nodes[id(resolved)] = resolved
            self.ids[id(resolved)] = self._unique_id(resolved)
        return resolved

    def _unique_id(self, element: Element) -> str:
        base = safe_id(element.KIND, element.name)
        taken = set(self.ids.values())
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        return candidate

    def connect(self, source: Element, target: Element, flow: Flow,
                label: str | None = None) -> None:
        self.flow_endpoints |= {id(source), id(target)}
        pair = (self.ids[id(source)], self.ids[id(target)])
        edge = self.edges.setdefault(pair, _Edge(*pair))
        edge.flows.add(flow.name)
        edge.labels.add(label if label is not None
                        else f"flow {flow.name}" if self.counted
                        else f"{flow.mechanism.value}\0{flow.name}" if self.short
                        else flow_label(flow))
        edge.asynchronous &= flow.mechanism.is_asynchronous
        edge.replication &= flow.mechanism is Mechanism.REPLICATION

    def _collapsed(self, ref: Element | str | None) -> Element | None:
        element = self.system.resolve(ref) if ref is not None else None
        if element is None and isinstance(ref, Element):
            element = ref
        if element is None or isinstance(element, Flow):
            return None
        context = _context_of(element)
        if context is not None and context is not self.focus:
            return context
        return element

    def add_flow(self, flow: Flow, step: int | None = None) -> None:
        """Draw ``flow``; ``step`` numbers it as a step of a scenario."""
        first = second = None if step is None else str(step)
        if self.collapse:
            ends = [self._collapsed(flow.source), self._collapsed(flow.target)]
            if ends[0] is None or ends[1] is None:
                return
            source, target = self.add(ends[0]), self.add(ends[1])
        else:
            source, target = self.add(flow.source), self.add(flow.target)
        if source is None or target is None:
            return  # unresolved names are the review's business, not a diagram's
        via = self.add(flow.via) if flow.via is not None else None
        if via is not None and via is not source and via is not target:
            self.connect(source, via, flow, first)
            self.connect(via, target, flow, second)
        elif source is not target:
            self.connect(source, target, flow, first)


def flow_label(flow: Flow) -> str:
    """A short edge label: the mechanism and the first events or tables carried."""
    items = flow.payload
    label = flow.mechanism.value
    if items:
        shown = ", ".join(shorten(item, 28) for item in items[:_MAX_LABEL_ITEMS])
        more = f" +{len(items) - _MAX_LABEL_ITEMS}" if len(items) > _MAX_LABEL_ITEMS else ""
        label = f"{label}: {shown}{more}"
    return label


def _context_of(element: Element) -> BoundedContext | None:
    if isinstance(element, (Service, Datastore)):
        return element.context
    return None


def _sort_key(element: Element) -> tuple[int, str, str]:
    return (_KIND_ORDER.get(element.KIND, 9), element.name, element.KIND)


def _label_lines(element: Element, *, context_map: bool = False) -> list[str]:
    lines = wrap(element.name)
    detail = _detail(element)
    if detail:
        lines.append(detail)
    elif isinstance(element, BoundedContext) and context_map:
        lines.extend(_context_summary(element))
    elif isinstance(element, BoundedContext):
        lines.insert(0, "context")
    return lines


def _context_summary(context: BoundedContext) -> list[str]:
    """What a context holds, for its node on the context map."""
    def counted(n: int, noun: str) -> str:
        return f"{n} {noun}{'' if n == 1 else 's'}"

    lines = [f"{counted(len(context.services), 'service')} · "
             f"{counted(len(context.datastores), 'datastore')}"]
    technologies = sorted({d.technology.name for d in context.datastores})
    if technologies:
        lines.append(shorten(", ".join(technologies), 40))
    return lines


def _detail(element: Element) -> str | None:
    """The technology line under a node's name."""
    if isinstance(element, Datastore):
        return shorten(element.technology.label, 24)
    if isinstance(element, Service) and element.technology:
        return shorten(element.technology, 24)
    return None


def _edge_text(edge: _Edge, counted: bool = False, numbered: bool = False) -> list[str]:
    if edge.text is not None:
        return edge.text
    if numbered:
        # The step numbers only, in order: names would make the picture too wide to read at
        # page width, and the scenario's page lists every step under its number.
        return [", ".join(sorted(edge.labels, key=int))]
    if counted:
        # A lone flow needs no number: the arrow says it; the context's page names it.
        n = len(edge.labels)
        return [f"{n} flows"] if n > 1 else []
    if any("\0" in label for label in edge.labels):
        mechanisms: dict[str, int] = {}
        for label in edge.labels:
            mechanism = label.partition("\0")[0]
            mechanisms[mechanism] = mechanisms.get(mechanism, 0) + 1
        return [mechanism if n == 1 else f"{mechanism} \u00d7{n}"
                for mechanism, n in sorted(mechanisms.items())]
    labels = sorted(edge.labels)
    if len(labels) > _MAX_EDGE_LINES:
        labels = [*labels[: _MAX_EDGE_LINES - 1], f"+{len(labels) - _MAX_EDGE_LINES + 1} more"]
    return labels


def _build(view: _View, key: str, title: str) -> DiagramSpec:
    wants_mermaid = mermaid_wanted()
    if not _built.active:
        return _spec(view, key, title, wants_mermaid)
    return _built.get((key, title, wants_mermaid, _view_input(view)),
                      lambda: _spec(view, key, title, wants_mermaid))


def _spec(view: _View, key: str, title: str, wants_mermaid: bool) -> DiagramSpec:
    dot = _dot(view)
    return DiagramSpec(key=key, title=title, dot=dot,
                       mermaid=_mermaid(view) if wants_mermaid else None,
                       links=_links(view))


_built: RebuildMemo[DiagramSpec] = RebuildMemo()


@contextmanager
def reusing_views() -> Iterator[None]:
    """Inside, a spec builder of this module returns the spec it built for the very same view
    during this build or the previous one instead of writing its DOT, Mermaid and links again:
    a ``mkdocs serve`` rebuild after an edit writes only the context, flow and map diagrams
    whose view changed (on the 1000-table benchmark model, writing them all was a tenth of a
    rebuild). The key is everything :func:`_spec` reads (:func:`_view_input`), compared by
    value. Specs not asked for by a build are forgotten after the next one, so the memory
    held is about one build's specs."""
    try:
        with _built.reusing():
            yield
    finally:
        if not _built.active:
            _holdings.clear()


def _view_input(view: _View) -> tuple[object, ...]:
    """Everything :func:`_dot`, :func:`_mermaid` and :func:`_links` read from ``view`` and
    the elements it shows, by value. Elements are numbered in the order they are met: which
    context a service belongs to and which one is the focus are decided by identity, so two
    contexts of one name stay two. Keep it in step with those functions
    (``tests/website/test_view_reuse.py`` edits each of these facts)."""
    numbers: dict[int, int] = {}
    facts: dict[int, tuple[object, ...]] = {}

    def number(element: Element | None) -> int | None:
        if element is None:
            return None
        found = numbers.get(id(element))
        if found is None:
            found = numbers[id(element)] = len(numbers)
            facts[found] = _element_input(element, number)
        return found

    nodes = tuple((view.ids[key], number(element)) for key, element in view.nodes.items())
    return (
        view.system.name, view.context_map, view.collapse, view.counted, view.short,
        view.numbered, None if view.legend is None else tuple(view.legend),
        number(view.focus), nodes,
        tuple(sorted(view.ids[key] for key in view.flow_endpoints)),
        tuple((pair, tuple(sorted(edge.labels)), tuple(sorted(edge.flows)), edge.asynchronous,
               edge.replication, None if edge.text is None else tuple(edge.text),
               tuple(sorted(edge.attrs.items())),
               None if edge.mermaid is None else tuple(edge.mermaid))
              for pair, edge in sorted(view.edges.items())),
        tuple(sorted(facts.items())),
    )


def _element_input(element: Element,
                   number: Callable[[Element | None], int | None]) -> tuple[object, ...]:
    """What a box of the diagram shows of ``element`` (its label lines, icon, cluster, the
    domain frame and summary of a context on the context map)."""
    shown: tuple[object, ...] = (type(element), element.KIND, element.name)
    if isinstance(element, Datastore):
        return (*shown, element.technology.label, element.technology.icon,
                number(element.context))
    if isinstance(element, Service):
        return (*shown, element.technology, number(element.context))
    if isinstance(element, BoundedContext):
        return (*shown, *_context_holdings(element))
    return shown


def _context_holdings(context: BoundedContext) -> tuple[object, ...]:
    """What a context's frame on the context map shows besides its name: its domain and what
    it holds. Made once per build: each context is framed in many views (about sixty on the
    1000-table benchmark model), and counting what it holds scans the whole system."""
    known = _holdings.get(id(context))
    if known is None or known[0] is not context:
        datastores = context.datastores
        known = _holdings[id(context)] = (context, (
            context.domain, len(context.services), len(datastores),
            tuple(sorted({d.technology.name for d in datastores}))))
    return known[1]


_holdings: dict[int, tuple[BoundedContext, tuple[object, ...]]] = {}
"""The holdings of the contexts of the build that runs (:func:`reusing_views`)."""


def _links(view: _View) -> tuple[tuple[str, LinkTarget], ...]:
    """Each drawn element, context frame and edge with what it stands for (the site links
    them). An edge is named as Graphviz titles it (``source->target``): one flow links to its
    page, several to the list of flows."""
    links: dict[str, LinkTarget] = {}
    for (source, target), edge in view.edges.items():
        if len(edge.flows) == 1:
            links[f"{source}->{target}"] = LinkTarget(view.system.name, "flow",
                                                      next(iter(edge.flows)))
        elif edge.flows:
            links[f"{source}->{target}"] = LinkTarget(view.system.name, "flows",
                                                      ", ".join(sorted(edge.flows)))
        elif view.context_map:
            # A relationship no flow crosses: its downstream's page lists it, from its side.
            downstream = next(view.nodes[key] for key, dot_id in view.ids.items()
                              if dot_id == target and key in view.nodes)
            links[f"{source}->{target}"] = LinkTarget(view.system.name, downstream.KIND,
                                                      downstream.name)
    for element_id, element in view.nodes.items():
        links[view.ids[element_id]] = LinkTarget(view.system.name, element.KIND, element.name)
        context = _context_of(element)
        if context is not None and not view.context_map:
            links.setdefault(f"cluster_{safe_id('ctx', context.name)}",
                             LinkTarget(view.system.name, context.KIND, context.name))
    return tuple(sorted(links.items()))


def _groups(view: _View) -> tuple[dict[int, list[Element]], list[Element], dict[int, BoundedContext]]:
    """Members per context cluster, elements outside any cluster, and the clusters."""
    clusters: dict[int, BoundedContext] = {}
    members: dict[int, list[Element]] = {}
    loose: list[Element] = []
    if view.context_map:
        return members, list(view.nodes.values()), clusters
    for element in view.nodes.values():
        if isinstance(element, BoundedContext):
            clusters[id(element)] = element
            continue
        context = _context_of(element)
        if context is None:
            loose.append(element)
        else:
            clusters[id(context)] = context
            members.setdefault(id(context), []).append(element)
    for context_id, context in list(clusters.items()):
        if not members.get(context_id) and view.collapse and context is not view.focus:
            # A neighbouring context drawn as one box: no frame around it.
            del clusters[context_id]
            if context_id not in view.ids:
                view.add(context)
            loose.append(context)
            continue
        # A context is drawn as a node of its own when a flow starts or ends at it, or when
        # it would otherwise be an empty (invisible) cluster.
        if context_id in view.flow_endpoints or not members.get(context_id):
            if context_id not in view.ids:
                view.add(context)
            members.setdefault(context_id, []).append(context)
    return members, loose, clusters


def _dot(view: _View) -> str:
    from diagrams import Cluster, Edge, setcluster, setdiagram
    from diagrams import Diagram as DiagramsDiagram

    members, loose, clusters = _groups(view)
    diagram = DiagramsDiagram(
        name="", filename="archdocs", direction="TB" if view.numbered else "LR", show=False, outformat="svg",
        graph_attr={"pad": "0.3", "splines": "spline", "nodesep": "0.4", "ranksep": "0.7",
                    "fontsize": "13", "compound": "true", "newrank": "true", "label": "",
                    # The map has no edge labels and must read at page width: pack it.
                    **({"nodesep": "0.3", "ranksep": "0.7"} if view.context_map else {}),
                    # Counts are placed after the layout (xlabel), so they widen no rank.
                    **({"ranksep": "0.4"} if view.counted else {})},
    )
    memoise_quoting(diagram.dot)
    # Entered by hand: leaving a ``with Diagram`` block renders through the dot binary and
    # writes files into the current directory.
    setdiagram(diagram)
    try:
        drawn: dict[str, object] = {}
        cluster_ids = _cluster_ids(clusters.values())
        for context in sorted(clusters.values(), key=_sort_key):
            cluster = Cluster(label="")
            memoise_quoting(cluster.dot)
            cluster.dot.name = f"cluster_{cluster_ids[id(context)]}"
            cluster.dot.graph_attr["label"] = dot_label_lines([shorten(context.name, 60)])
            if view.focus is not None and context is not view.focus:
                cluster.dot.graph_attr.update(bgcolor="#F4F5F7", style="rounded,dashed")
            with cluster:
                for element in sorted(members.get(id(context), []), key=_sort_key):
                    drawn[view.ids[id(element)]] = _node(view, element)
        by_domain = _domains(view, loose)
        domain_ids = _distinct_ids("domain", by_domain)
        for domain in sorted(by_domain):
            cluster = Cluster(label="")
            memoise_quoting(cluster.dot)
            cluster.dot.name = f"cluster_{domain_ids[domain]}"
            cluster.dot.graph_attr.update(label=dot_label_lines([shorten(domain, 60)]),
                                          bgcolor="#F7F9FA", style="rounded,dashed")
            with cluster:
                for element in sorted(by_domain[domain], key=_sort_key):
                    drawn[view.ids[id(element)]] = _node(view, element)
        for element in sorted(loose, key=_sort_key):
            if view.ids[id(element)] not in drawn:
                drawn[view.ids[id(element)]] = _node(view, element)
        for pair in sorted(view.edges):
            edge = view.edges[pair]
            attrs = {"fontsize": "12", "style": _edge_style(edge),
                     "penwidth": "1.3" if view.context_map else "1.0", **edge.attrs}
            direction = attrs.pop("dir", "forward")  # diagrams sets ``dir`` from these flags
            text = dot_label_lines(_edge_text(edge, view.counted, view.numbered))
            if view.counted:
                attrs["xlabel"] = text
            diagram.connect(
                drawn[edge.source], drawn[edge.target],
                Edge(forward=direction in ("forward", "both"), reverse=direction == "both",
                     label="" if view.counted else text, **attrs),
            )
        legend = _legend(view)
        if legend:
            # The graph's own label, under the picture: it takes no room beside the boxes.
            diagram.dot.graph_attr.update(label=legend, labelloc="b", labeljust="l")
        source: str = diagram.dot.source
    finally:
        setcluster(None)
        setdiagram(None)
    return source


_LINE_STYLES = (
    ("solid", "\u2500\u2500\u2500\u2500", "query or synchronous request"),
    ("dashed", "\u254c\u254c\u254c\u254c", "events, CDC or batches"),
    ("dotted", "\u2508\u2508\u2508\u2508", "replication"),
)


_SAMPLE_GAP = "&#160;" * 7
"""Space after a legend's line sample. Graphviz measures a box-drawing character (the
samples' dashes) narrower than browsers draw it (a full em), and places the meaning at its own
measure: with one space the sample ran over the meaning's first words."""


def _sample(text: str) -> str:
    """A legend sample as DOT HTML, a line of box-drawing dashes followed by its gap."""
    is_line = bool(text) and all("\u2500" <= ch <= "\u257f" for ch in text)
    return dot_html(text) + (_SAMPLE_GAP if is_line else "")


def _edge_style(edge: _Edge) -> str:
    return "dotted" if edge.replication else "dashed" if edge.asynchronous else "solid"


def _legend(view: _View) -> str:
    """A legend naming the line styles the diagram uses, when it uses more than one (or
    the diagram's own legend rows); a scenario's legend also says what its numbers are."""
    if view.legend is not None:
        if not view.legend:
            return ""
        rows = "".join(
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="#7B8894">{_sample(sample)}</FONT> '
            f'{dot_html(meaning)}</TD></TR>' for sample, meaning in view.legend)
    else:
        used = {_edge_style(edge) for edge in view.edges.values()}
        if len(used) < 2 and not view.numbered:
            return ""
        steps = ('<TR><TD ALIGN="LEFT">1, 2, 3 \u2026 the steps of the scenario, in order '
                 '(its page lists them)</TD></TR>' if view.numbered else "")
        rows = steps + "".join(
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="#7B8894">{_sample(line)}</FONT> '
            f'{dot_html(meaning)}</TD></TR>'
            for style, line, meaning in _LINE_STYLES if style in used)
    return (f'<<TABLE BORDER="1" COLOR="#AEB6BE" CELLBORDER="0" CELLPADDING="2" '
            f'CELLSPACING="0"><TR><TD ALIGN="LEFT">Legend</TD></TR>{rows}</TABLE>>')


def _domains(view: _View, elements: Iterable[Element]) -> dict[str, list[Element]]:
    """On the context map, the contexts of each ``domain`` that holds several, to be framed
    together. A domain of one context gets no frame: it would only add a box around a box."""
    if not view.context_map:
        return {}
    grouped: dict[str, list[Element]] = {}
    for element in elements:
        if isinstance(element, BoundedContext) and element.domain:
            grouped.setdefault(element.domain, []).append(element)
    return {domain: members for domain, members in grouped.items() if len(members) >= 2}


_ICON_POINTS = 56
"""Side of a node's icon in points (one inch)."""


def _node(view: _View, element: Element) -> object:
    lines = _label_lines(element, context_map=view.context_map)
    cls = node_class(icon_path(element))
    node_id = view.ids[id(element)]
    icon = icon_file(cls)
    if icon is None and view.context_map:
        rows = _text_rows(lines, len(wrap(element.name)), bold=True)
        label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0">{rows}</TABLE>>'
        # The map around one context frames that context darker: the page's own box.
        frame = ({"color": "#4A5560", "penwidth": "2.5"} if element is view.focus
                 else {"color": "#AEB6BE"})
        return cls(label, nodeid=node_id, shape="box", style="rounded,filled",
                   fillcolor="#E5F5FD", margin="0.2,0.1", fontsize="14",
                   fixedsize="false", width="0", height="0", **frame)
    if icon is None:
        return cls(dot_label_lines(lines), nodeid=node_id, shape="box", style="rounded,dashed",
                   height="0.8", width="1.6", labelloc="c")
    # The icon and the name in one HTML-like label, instead of diagrams' image in a fixed-size
    # node: the node then grows with its name, so a long name is neither drawn over the icon
    # nor into a neighbour. The icon path is relative to the icon library (``imagepath`` at
    # layout), so the DOT does not depend on where archdocs is installed.
    name_lines = len(lines) - (1 if _detail(element) else 0)
    # diagrams' defaults (a fixed 1.4 x 1.9 inch node with an image) are switched off: a
    # fixed-size plain node with an HTML label crashes Graphviz' layout.
    size = _ICON_POINTS // 2 if view.context_map else _ICON_POINTS
    return cls(_icon_label(icon, lines, name_lines, size), nodeid=node_id, shape="plain", image="",
               fixedsize="false", width="0", height="0")


def _icon_label(icon: str, lines: list[str], name_lines: int, size: int) -> str:
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{size}" HEIGHT="{size}">'
        f'<IMG SRC="{icon}" SCALE="TRUE"/></TD></TR>{_text_rows(lines, name_lines)}</TABLE>>'
    )


def _text_rows(lines: list[str], name_lines: int, *, bold: bool = False) -> str:
    """HTML-like label rows: the name's lines, then the details smaller and grey. Every line
    is user text, escaped here."""
    def name(line: str) -> str:
        return f"<B>{dot_html(line)}</B>" if bold else dot_html(line)

    return "".join(
        f"<TR><TD>{name(line)}</TD></TR>" if n < name_lines else
        f'<TR><TD><FONT POINT-SIZE="12" COLOR="#636E72">{dot_html(line)}</FONT></TD></TR>'
        for n, line in enumerate(lines))


def _mermaid(view: _View) -> str:
    members, loose, clusters = _groups(view)
    lines = ["flowchart TB" if view.numbered else "flowchart LR"]
    cluster_ids = _cluster_ids(clusters.values())
    for context in sorted(clusters.values(), key=_sort_key):
        lines.append(f'  subgraph {cluster_ids[id(context)]}["{mermaid_text(context.name)}"]')
        for element in sorted(members.get(id(context), []), key=_sort_key):
            lines.append("    " + _mermaid_node(view, element))
        lines.append("  end")
    by_domain = _domains(view, loose)
    domain_ids = _distinct_ids("domain", by_domain)
    for domain in sorted(by_domain):
        lines.append(f'  subgraph {domain_ids[domain]}["{mermaid_text(domain)}"]')
        for element in sorted(by_domain[domain], key=_sort_key):
            lines.append("    " + _mermaid_node(view, element))
        lines.append("  end")
    grouped = {id(e) for members in by_domain.values() for e in members}
    for element in sorted(loose, key=_sort_key):
        if id(element) not in grouped:
            lines.append("  " + _mermaid_node(view, element))
    for pair in sorted(view.edges):
        edge = view.edges[pair]
        direction = edge.attrs.get("dir")
        arrow = ("---" if direction == "none" else "<-.->" if direction == "both"
                 else "-.->" if edge.asynchronous else "-->")
        shown = (edge.mermaid if edge.mermaid is not None
                 else _edge_text(edge, view.counted, view.numbered))
        text = "<br/>".join(mermaid_text(label) for label in shown)
        lines.append(f'  {edge.source} {arrow}|"{text}"| {edge.target}')
    return "\n".join(lines) + "\n"


def _cluster_ids(contexts: Iterable[Element]) -> dict[int, str]:
    """A distinct cluster id for each context, by ``id()``."""
    ordered = sorted(contexts, key=_sort_key)
    ids = _distinct_ids("ctx", [context.name for context in ordered])
    return {id(context): ids[context.name] for context in ordered}


def _distinct_ids(prefix: str, names: Iterable[str]) -> dict[str, str]:
    """A distinct safe id for each name ("Order Service" and "order-service" share a safe id:
    the later one in sorted order is numbered)."""
    ids: dict[str, str] = {}
    for name in sorted(set(names)):
        base = candidate = safe_id(prefix, name)
        n = 2
        while candidate in ids.values():
            candidate, n = f"{base}_{n}", n + 1
        ids[name] = candidate
    return ids


def _mermaid_node(view: _View, element: Element) -> str:
    text = "<br/>".join(
        mermaid_text(line) for line in _label_lines(element, context_map=view.context_map))
    node_id = view.ids[id(element)]
    if isinstance(element, Datastore):
        return f'{node_id}[("{text}")]'
    if isinstance(element, Actor):
        return f'{node_id}(["{text}"])'
    if isinstance(element, ExternalSystem):
        return f'{node_id}[["{text}"]]'
    if isinstance(element, BoundedContext):
        # Mermaid 11's shape syntax, not the classic hexagon "{{...}}": a page must hold no
        # template delimiter (mkdocs-macros would run it).
        return f'{node_id}@{{ shape: hex, label: "{text}" }}'
    return f'{node_id}["{text}"]'


# -- public builders ---------------------------------------------------------------------------


def landscape_spec(system: System) -> DiagramSpec:
    """The whole system: contexts as clusters with their services and datastores, externals,
    actors, and every flow as a labelled edge. Past a handful of contexts this is too dense
    to read at page width: sites show :func:`context_landscape_spec` instead."""
    view = _View(system)
    for element in sorted(system.nodes(), key=_sort_key):
        if not isinstance(element, BoundedContext) or not element.services and not element.datastores:
            view.add(element)
    for flow in system.flows:
        view.add_flow(flow)
    return _build(view, "landscape", f"{system.name}: system landscape")


def context_landscape_spec(system: System) -> DiagramSpec:
    """The system at the level of its contexts: one box per bounded context (with what it
    holds), the actors and external systems, the brokers flows pass through as hubs, and one
    edge per pair labelled with how many flows it stands for. Each context's diagram shows its
    services and datastores; this one stays legible at page width however big the system."""
    view = _View(system, context_map=True, collapse=True, counted=True)
    for element in sorted(system.nodes(), key=_sort_key):
        if isinstance(element, BoundedContext) and (element.services or element.datastores):
            view.add(element)
    for flow in system.flows:
        # Actors are on the context map and on their contexts' diagrams.
        if not any(isinstance(system.resolve(end), Actor) for end in (flow.source, flow.target)):
            view.add_flow(flow)
    return _build(view, "landscape-contexts", f"{system.name}: system landscape")


def context_spec(system: System, context: BoundedContext) -> DiagramSpec:
    """One bounded context with its services and datastores, and the elements its flows reach."""
    view = _View(system, focus=context, collapse=True, short=True)
    members = [*context.services, *context.datastores]
    for element in sorted(members, key=_sort_key):
        view.add(element)
    if not members:
        view.add(context)
    inbound, outbound = system.flows_of(context)
    for flow in (*inbound, *outbound):
        view.add_flow(flow)
    return _build(view, f"context-{slug_base(context.name)}", f"Context {context.name}")


def flow_spec(system: System, flow: Flow) -> DiagramSpec:
    """One flow: source → (broker) → target, labelled with what it carries."""
    view = _View(system)
    view.add_flow(flow)
    if not view.nodes:
        for ref in (flow.source, flow.target):
            view.add(ref)
    return _build(view, f"flow-{slug_base(flow.name)}", f"Flow {flow.name}")


def elements_spec(
    system: System,
    key: str,
    title: str,
    elements: Iterable[Element | str],
    flows: Sequence[Flow | str] = (),
) -> DiagramSpec:
    """Any subset of the system: ``elements`` (objects or names) and ``flows`` between them;
    a flow's endpoints are added when missing. Used for migration before/after views."""
    view = _View(system)
    for element in elements:
        if isinstance(element, BoundedContext):
            for member in (*element.services, *element.datastores):
                view.add(member)
            if not element.services and not element.datastores:
                view.add(element)
        else:
            view.add(element)
    for ref in flows:
        flow = ref if isinstance(ref, Flow) else system.find_flow(ref)
        if flow is not None:
            view.add_flow(flow)
    return _build(view, key, title)


def scenario_spec(system: System, scenario: Scenario) -> DiagramSpec:
    """A scenario (dynamic view): the elements its steps connect, each step's flow drawn as an
    arrow labelled with its step number (a step through a broker numbers both hops). Steps
    between the same two elements share one arrow, listing their numbers in order."""
    view = _View(system, numbered=True)
    for number, flow in enumerate(scenario.flows, start=1):
        view.add_flow(flow, step=number)
    return _build(view, f"scenario-{slug_base(scenario.name)}", f"Scenario {scenario.name}")


def view_key(view: ArchitectureView) -> str:
    return f"view-{slug_base(view.name)}"


def view_spec(system: System, view: ArchitectureView) -> DiagramSpec:
    """A view declared in the model (:meth:`System.view`): its elements, grouped by context, and
    every flow between them. A flow through a broker the view leaves out is drawn straight from
    its source to its target."""
    elements, flows = view_elements(system, view)
    # Edges say their mechanisms (what each flow carries is on its page, one click away):
    # full payload labels would shrink the picture below legibility.
    drawn = _View(system, short=True)
    for element in sorted(elements, key=_sort_key):
        drawn.add(element)
    for flow in flows:
        source, target = drawn.add(flow.source), drawn.add(flow.target)
        if source is None or target is None:
            continue
        via = system.resolve(flow.via) if flow.via is not None else None
        if via is not None and id(via) in drawn.nodes and via is not source \
                and via is not target:
            drawn.connect(source, via, flow)
            drawn.connect(via, target, flow)
        elif source is not target:
            drawn.connect(source, target, flow)
    return _build(drawn, view_key(view), f"{system.name}: {view.name}")
