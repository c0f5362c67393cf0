"""The memoised quoting of architecture diagrams' DOT: the ``graphviz`` package's own, the
same text whatever was quoted before."""

from __future__ import annotations

import warnings

from graphviz import Digraph, nohtml
from render_example import HOSTILE_NAMES, busy_landscape, hostile

from archdocs.render import flow_spec, landscape_spec
from archdocs.render.dot_quoting import memoise_quoting

NAMES = (*HOSTILE_NAMES, "<b>bold</b>", "node", "Graph", "-4.2", ".42", "plain_id", "", "a:b",
         "a:b:n", 'q\\"uote', "<<b>x</b>>")


def _drawn(graph: Digraph, names: tuple[str, ...]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # names ending in a backslash: the package warns
        for _ in range(2):
            for n, name in enumerate(names):
                # The same text as a possible HTML label and as plain text (``nohtml``):
                # quoted differently, so remembered apart.
                graph.node(name, label=name, tooltip=nohtml(name), id=f"n{n}")
                graph.node(f"x{n}", label=nohtml(name), tooltip=name, id=f"n{n}")
                graph.node(nohtml(name), label=f"y{n}")
                graph.edge(name, f"x{n}", label=name, **{"class": nohtml(name)})
            graph.attr("node", shape="box")
            graph.graph_attr.update(label=nohtml(names[0]))
        return graph.source


def test_memoised_quoting_writes_what_the_package_writes():
    for names in (NAMES, NAMES[::-1]):  # whichever kind of a text is quoted first
        plain, memoised = Digraph("g"), memoise_quoting(Digraph("g"))
        assert _drawn(memoised, names) == _drawn(plain, names)


def test_architecture_diagrams_are_unchanged_by_memoised_quoting(monkeypatch):
    def specs():
        systems = (hostile(), busy_landscape())
        return [(s.key, s.dot) for system in systems
                for s in (landscape_spec(system),
                          *(flow_spec(system, flow) for flow in system.flows[:20]))]

    memoised = specs()
    monkeypatch.setattr("archdocs.render.architecture.memoise_quoting", lambda graph: graph)
    assert specs() == memoised
