"""Diagrams of an architecture migration: its part of the system with what a phase (or the
whole migration) adds, switches and retires highlighted, and the chain of its phases with where
the migration stands.

Plain boxes rather than icons: a migration page shows one diagram per phase, and each must read
at page width (labels of 12 points and more, laid out top to bottom). Every label is user text
escaped for Graphviz' HTML-like labels; nodes and edges are emitted in sorted order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.system import Actor, BoundedContext, ExternalSystem, Service, System
from archdocs.render.escape import dot_html, mermaid_text, safe_id, shorten, wrap
from archdocs.render.spec import DiagramSpec, LinkTarget


class Mark(StrEnum):
    """How an element is highlighted."""

    ADDS = "adds"
    SWITCHES = "switches"
    RETIRES = "retires part"
    RETIRED = "retired"
    NEW = "new"
    CHANGED = "changed"


@dataclass(frozen=True)
class _Style:
    colour: str
    fill: str
    text: str
    dashed: bool
    width: str
    meaning: str


_PLAIN = _Style("#7B8894", "#F5F7FA", "#1F2D3D", False, "1.2", "")
_STYLES: dict[Mark, _Style] = {
    Mark.ADDS: _Style("#2E7D32", "#E8F5E9", "#1B5E20", False, "2.6", "added or built in this phase"),
    Mark.SWITCHES: _Style("#E65100", "#FFF3E0", "#BF360C", True, "2.2",
                          "switches traffic or keeps two places in step"),
    Mark.RETIRES: _Style("#8A8F94", "#EEEEEE", "#5F6368", True, "1.6",
                         "loses its old part in this phase"),
    Mark.RETIRED: _Style("#8A8F94", "#EEEEEE", "#5F6368", True, "1.6",
                         "retired in this phase (struck through)"),
    Mark.NEW: _Style("#2E7D32", "#E8F5E9", "#1B5E20", False, "2.6", "new with the migration"),
    Mark.CHANGED: _Style("#E65100", "#FFF3E0", "#BF360C", True, "2.2",
                         "changed by the migration"),
}

_NAME_POINTS = 14
_DETAIL_POINTS = 12


def _shape(element: Element) -> str:
    return "cylinder" if isinstance(element, Datastore) else "box"


def _detail(element: Element) -> str:
    if isinstance(element, Datastore):
        return shorten(element.technology.label, 28)
    if isinstance(element, Service):
        return shorten(element.technology, 28) if element.technology else "service"
    if isinstance(element, BoundedContext):
        return "context"
    return element.KIND


def _node_label(element: Element, mark: Mark | None, style: _Style) -> str:
    strike = mark is Mark.RETIRED
    rows = []
    for line in wrap(element.name, width=24):
        text = f"<B>{dot_html(line)}</B>" if mark in (Mark.ADDS, Mark.NEW) else dot_html(line)
        if strike:
            text = f"<S>{text}</S>"
        rows.append(f'<TR><TD><FONT POINT-SIZE="{_NAME_POINTS}" COLOR="{style.text}">{text}'
                    f"</FONT></TD></TR>")
    rows.append(f'<TR><TD><FONT POINT-SIZE="{_DETAIL_POINTS}" COLOR="#636E72">'
                f"{dot_html(_detail(element))}</FONT></TD></TR>")
    if mark is not None:
        rows.append(f'<TR><TD><FONT POINT-SIZE="{_DETAIL_POINTS}" COLOR="{style.colour}">'
                    f"<B>{dot_html(mark.value)}</B></FONT></TD></TR>")
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


def _legend(marks: Sequence[Mark]) -> str:
    rows = "".join(
        f'<TR><TD BGCOLOR="{_STYLES[m].fill}" BORDER="1" COLOR="{_STYLES[m].colour}">'
        f'<FONT POINT-SIZE="{_DETAIL_POINTS}" COLOR="{_STYLES[m].colour}"><B>'
        f'{dot_html(m.value)}</B></FONT></TD>'
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{_DETAIL_POINTS}">{dot_html(_STYLES[m].meaning)}'
        f"</FONT></TD></TR>"
        for m in marks)
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">'
            f'<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="{_DETAIL_POINTS}">Legend</FONT>'
            f"</TD></TR>{rows}</TABLE>>")


def migration_view_spec(system: System, key: str, title: str, elements: Sequence[Element],
                        marks: Mapping[int, Mark], legend: Sequence[Mark]) -> DiagramSpec:
    """The migration's part of ``system`` at one moment: ``elements`` (nodes and flows; a
    flow's ends are drawn when missing), each highlighted by its mark in ``marks`` (by
    ``id()``), with a legend of the marks in ``legend`` that the picture uses."""
    nodes: dict[int, Element] = {}
    flows: list[Flow] = []
    for element in elements:
        if isinstance(element, Flow):
            flows.append(element)
        else:
            nodes.setdefault(id(element), element)
    edges: list[tuple[Element, Element, Flow, bool]] = []
    # (source, target, flow, whether this is the flow's first leg: the one labelled)
    for flow in flows:
        ends = [system.resolve(flow.source), system.resolve(flow.target)]
        via = system.resolve(flow.via) if flow.via is not None else None
        path = [ends[0], via, ends[1]] if via is not None else ends
        resolved = [e for e in path if e is not None and not isinstance(e, Flow)]
        if len(resolved) != len(path):
            continue
        for element in resolved:
            nodes.setdefault(id(element), element)
        for n, (source, target) in enumerate(zip(resolved, resolved[1:], strict=False)):
            if source is not target:
                edges.append((source, target, flow, n == 0))
    ordered = sorted(nodes.values(), key=lambda e: (e.KIND, e.name))
    ids: dict[int, str] = {}
    for element in ordered:
        base = candidate = safe_id(element.KIND, element.name)
        n = 2
        while candidate in ids.values():
            candidate, n = f"{base}_{n}", n + 1
        ids[id(element)] = candidate
    used = [m for m in legend if any(marks.get(id(e)) is m for e in (*ordered, *flows))]

    dot = [
        "digraph {",
        '  graph [rankdir=TB, pad="0.3", nodesep="0.35", ranksep="0.45", '
        'fontname="Sans-Serif", newrank=true];',
        '  node [fontname="Sans-Serif", margin="0.15,0.06"];',
        f'  edge [fontname="Sans-Serif", fontsize={_DETAIL_POINTS}];',
    ]
    for element in ordered:
        mark = marks.get(id(element))
        style = _STYLES[mark] if mark is not None else _PLAIN
        node_style = "filled,dashed" if style.dashed else "filled"
        if isinstance(element, (Actor, ExternalSystem)):
            node_style += ",diagonals"
        elif _shape(element) == "box":
            node_style = "rounded," + node_style
        dot.append(
            f'  {ids[id(element)]} [shape={_shape(element)}, style="{node_style}", '
            f'color="{style.colour}", fillcolor="{style.fill}", penwidth={style.width}, '
            f"label={_node_label(element, mark, style)}];")
    lines = []
    for source, target, flow, first_leg in edges:
        mark = marks.get(id(flow))
        style = _STYLES[mark] if mark is not None else _PLAIN
        attrs = [f'color="{style.colour}"', f"penwidth={style.width}"]
        if style.dashed or flow.mechanism.is_asynchronous:
            attrs.append('style="dashed"')
        if mark is not None and first_leg:
            # The flow's name, in its mark's colour: the legend says what the colour means.
            attrs.append(f'label=<<FONT COLOR="{style.text}">{dot_html(shorten(flow.name, 30))}'
                         f"</FONT>>")
        lines.append(f"  {ids[id(source)]} -> {ids[id(target)]} [{', '.join(attrs)}];")
    dot.extend(sorted(set(lines)))
    if used:
        dot.append(f'  graph [label={_legend(used)}, labelloc="b", labeljust="l"];')
    dot.append("}")

    mermaid = ["flowchart TB"]
    for element in ordered:
        mark = marks.get(id(element))
        tag = f"<br/>{mark.value}" if mark is not None else ""
        mermaid.append(f'  {ids[id(element)]}["{mermaid_text(element.name)}{tag}"]')
    for line in sorted({f"  {ids[id(s)]} --> {ids[id(t)]}" for s, t, _, _ in edges}):
        mermaid.append(line)
    links = tuple(sorted((ids[id(e)], LinkTarget(system.name, e.KIND, e.name))
                         for e in ordered))
    return DiagramSpec(key=key, title=title, dot="\n".join(dot) + "\n",
                       mermaid="\n".join(mermaid) + "\n", links=links)


_STEP_STYLES: dict[str, tuple[str, str, str]] = {
    # border, fill, style
    "done": ("#2E7D32", "#E8F5E9", "rounded,filled"),
    "in progress": ("#E65100", "#FFE0B2", "rounded,filled,bold"),
    "to do": ("#7B8894", "#FFFFFF", "rounded,filled,dashed"),
    "stopped": ("#B71C1C", "#FFEBEE", "rounded,filled,bold"),
}
_UNKNOWN_STEP = ("#7B8894", "#F5F7FA", "rounded,filled")


def phase_anchor(number: int) -> str:
    """The id of phase ``number``'s heading on its migration's page (the phase chain links
    there): explicit, so it holds whatever the site's table-of-contents settings."""
    return f"phase-{number}"


def phase_chain_spec(key: str, title: str,
                     phases: Sequence[tuple[str, Sequence[str], str]],
                     page: str = "") -> DiagramSpec:
    """The phases top to bottom: ``(name, detail lines, state)`` each, the state being
    ``done``, ``in progress``, ``to do``, ``stopped`` or anything else (drawn neutral); the box
    of each shows where the phase stands, and links to :func:`phase_anchor` on ``page`` (a
    docs-relative path) when one is given."""
    dot = [
        "digraph {",
        '  graph [rankdir=TB, pad="0.3", ranksep="0.3", fontname="Sans-Serif"];',
        '  node [shape=box, fontname="Sans-Serif", margin="0.2,0.08"];',
        '  edge [color="#7B8894"];',
    ]
    mermaid = ["flowchart TB"]
    for number, (name, details, state) in enumerate(phases, 1):
        colour, fill, style = _STEP_STYLES.get(str(state), _UNKNOWN_STEP)
        rows = [f'<TR><TD><FONT POINT-SIZE="{_NAME_POINTS}"><B>{number}. '
                f"{dot_html(line)}</B></FONT></TD></TR>"
                for line in wrap(name, width=36, max_lines=2)]
        rows += [f'<TR><TD><FONT POINT-SIZE="{_DETAIL_POINTS}">{dot_html(detail)}</FONT>'
                 f"</TD></TR>" for detail in details]
        rows.append(f'<TR><TD><FONT POINT-SIZE="{_DETAIL_POINTS}" COLOR="{colour}"><B>'
                    f"{dot_html(state)}</B></FONT></TD></TR>")
        dot.append(f'  p{number:03d} [style="{style}", color="{colour}", fillcolor="{fill}", '
                   f'penwidth={2.4 if state == "in progress" else 1.4}, '
                   f'label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0">{"".join(rows)}'
                   f"</TABLE>>];")
        text = "<br/>".join(mermaid_text(t) for t in (f"{number}. {name}", *details, state))
        mermaid.append(f'  p{number:03d}["{text}"]')
    for number in range(1, len(phases)):
        dot.append(f"  p{number:03d} -> p{number + 1:03d};")
        mermaid.append(f"  p{number:03d} --> p{number + 1:03d}")
    dot.append("}")
    links = tuple((f"p{number:03d}", LinkTarget("", "page", f"{number}. {name}", page=page,
                                                anchor=phase_anchor(number)))
                  for number, (name, _, _) in enumerate(phases, 1)) if page else ()
    return DiagramSpec(key=key, title=title, dot="\n".join(dot) + "\n",
                       mermaid="\n".join(mermaid) + "\n", links=links)
