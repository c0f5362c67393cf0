"""Which direction a diagram is drawn in: a wide, flat picture is turned to fit the page column,
a tall one keeps the direction its source declares."""

from __future__ import annotations

import re

from archdocs.render.layout import COLUMN_PX, label_px, layout

_NODE = re.compile(r'<g id="[^"]*" class="node">\s*<title>([^<]*)</title>.*?'
                   r'<text[^>]*\bx="([-\d.]+)" y="([-\d.]+)"', re.DOTALL)


def _positions(svg: str) -> dict[str, tuple[float, float]]:
    return {name: (float(x), float(y)) for name, x, y in _NODE.findall(svg)}


def _width_px(svg: str) -> float:
    found = re.search(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"', svg)
    assert found is not None
    return float(found[1]) * 4 / 3


CHAIN = "".join(f'  s{n} -> s{n + 1};\n' for n in range(11))


def test_a_wide_flat_chain_is_turned_top_to_bottom_and_fits_the_column():
    svg, _ = layout(f'digraph {{\n  rankdir=LR;\n  node [label="service \\N"];\n{CHAIN}}}\n')
    assert _width_px(svg) <= COLUMN_PX
    assert label_px(svg) == label_px(svg, column_px=10**6)  # drawn at its natural size
    positions = _positions(svg)
    assert positions["s0"][1] < positions["s11"][1]  # s11 is below s0: top to bottom
    assert positions["s0"][0] == positions["s11"][0]


def test_a_picture_taller_than_wide_keeps_its_declared_direction_even_when_shrunk():
    # Left to right, the chain makes it wider than the column and the fan of 40 leaves makes
    # it taller still: turned it would be wider, so it stays as declared.
    fan = "".join(f"  s0 -> leaf{n};\n" for n in range(40))
    svg, _ = layout(f'digraph {{\n  rankdir=LR;\n  node [label="service \\N"];\n{CHAIN}{fan}}}\n')
    assert _width_px(svg) > COLUMN_PX
    positions = _positions(svg)
    assert positions["s11"][0] - positions["s0"][0] > COLUMN_PX  # s11 far right: left to right
