"""Ids of a Graphviz SVG prefixed with its diagram's key, so that several diagrams inline in one
page never share an id: every ``id`` attribute and every link to a fragment, nothing else."""

from __future__ import annotations

from archdocs.render.layout import publishable


def test_ids_and_links_to_fragments_are_prefixed_where_a_word_starts() -> None:
    svg = ('<svg>\n<g id="graph0" class="graph">\n'
           '<g id="node1" class="node" data-id="n" valid="v" grid="g">\n'
           '<use xlink:href="#icon0"/><a href="#top" xhref="#no"/>\n'
           '<g id="a id=" b="x">\n</g>\n</g>\n</g>\n</svg>\n')
    assert publishable("orders", svg) == (
        '<svg>\n<g id="d-orders-graph0" class="graph">\n'
        '<g id="d-orders-node1" class="node" data-id="d-orders-n" valid="v" grid="g">\n'
        '<use xlink:href="#d-orders-icon0"/><a href="#d-orders-top" xhref="#no"/>\n'
        '<g id="d-orders-a id=" b="x">\n</g>\n</g>\n</g>\n</svg>\n')
