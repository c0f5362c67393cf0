"""Plain graphs of labelled boxes: ADR decision graphs, star schemas, anything without icons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archdocs.render.escape import dot_quoted, mermaid_text
from archdocs.render.spec import DiagramSpec, LinkTarget


def graph_spec(
    key: str,
    title: str,
    nodes: Sequence[tuple[str, str]],
    edges: Sequence[tuple[str, str, str]],
    links: Mapping[str, LinkTarget] | None = None,
) -> DiagramSpec:
    """A directed graph: ``nodes`` are ``(id, label)``, ``edges`` are ``(source id, target id,
    label)``. Ids are the caller's own; they are mapped to safe ones, and nodes and edges are
    sorted, so the order of the input does not change the output. An edge naming an unknown
    id adds that node with the id as its label. ``links`` gives, by the caller's node id, what a
    box stands for, so the site can link it to its page."""
    labels: dict[str, str] = {}
    for node_id, label in nodes:
        labels.setdefault(str(node_id), str(label))
    for source, target, _ in edges:
        labels.setdefault(str(source), str(source))
        labels.setdefault(str(target), str(target))
    safe = {node_id: f"n{index}" for index, node_id in enumerate(sorted(labels))}
    ordered_edges = sorted({(str(s), str(t), str(label)) for s, t, label in edges})

    dot = [
        "digraph {",
        '  graph [rankdir=LR, pad="0.3", nodesep="0.4", ranksep="0.6", fontname="Sans-Serif"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#F5F7FA", color="#7B8894", '
        'fontname="Sans-Serif", fontsize=12];',
        '  edge [color="#7B8894", fontname="Sans-Serif", fontsize=10];',
    ]
    for node_id in sorted(labels):
        dot.append(f"  {safe[node_id]} [label={dot_quoted(labels[node_id])}];")
    for source, target, label in ordered_edges:
        attrs = f" [label={dot_quoted(label)}]" if label else ""
        dot.append(f"  {safe[source]} -> {safe[target]}{attrs};")
    dot.append("}")

    mermaid = ["flowchart LR"]
    for node_id in sorted(labels):
        mermaid.append(f'  {safe[node_id]}["{mermaid_text(labels[node_id])}"]')
    for source, target, label in ordered_edges:
        text = f'|"{mermaid_text(label)}"|' if label else ""
        mermaid.append(f"  {safe[source]} -->{text} {safe[target]}")
    linked = tuple(sorted((safe[node_id], target) for node_id, target in (links or {}).items()
                          if node_id in safe))
    return DiagramSpec(key=key, title=title, dot="\n".join(dot) + "\n",
                       mermaid="\n".join(mermaid) + "\n", links=linked)
