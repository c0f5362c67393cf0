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


_TRANSLATE = re.compile(r'transform="scale\(1 1\) rotate\(0\) translate\(([\d.]+) ([\d.]+)\)"')
_HEIGHT = re.compile(r'<svg\b[^>]*?\bheight="([\d.]+)pt"')


def _drawn_points(svg: str) -> list[tuple[float, float]]:
    """Every point the picture draws, in the SVG's own coordinates: box corners, arrowheads,
    text anchors and points along each edge's Bézier curves."""
    dx, dy = (float(v) for v in _TRANSLATE.search(svg).groups())  # type: ignore[union-attr]
    points: list[tuple[float, float]] = []
    for shape in re.findall(r'<polygon fill="(?!white)[^"]*"[^>]*\bpoints="([^"]*)"', svg):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape)]
        points += list(zip(numbers[0::2], numbers[1::2], strict=True))
    for x, y in re.findall(r'<text\b[^>]*\bx="(-?[\d.]+)" y="(-?[\d.]+)"', svg):
        points.append((float(x), float(y)))
    for path in re.findall(r'<path\b[^>]*\bd="([^"]*)"', svg):
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", path)]
        controls = list(zip(numbers[0::2], numbers[1::2], strict=True))
        for start in range(0, len(controls) - 3, 3):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls[start:start + 4]
            for step in range(11):
                t = step / 10
                a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
                points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return [(x + dx, y + dy) for x, y in points]


def test_every_box_curve_and_label_lies_inside_the_picture():
    # Tables with ports and edges between their rows curve around the boxes (an ER diagram),
    # and a legend as the graph's label: the picture's size must hold all of it, whichever
    # alternative (turned, packed) is kept.
    rows = "".join(f'<TR><TD PORT="c{n}">column_{n} VARCHAR(120) NOT NULL</TD></TR>'
                   for n in range(6))
    tables = "".join(f'  t{n} [shape=plain label=<<TABLE><TR><TD>table_{n}</TD></TR>{rows}</TABLE>>];\n'
                     for n in range(9))
    edges = "".join(f"  t{n}:c{n % 6} -> t{(n * 4 + 1) % 9}:c{(n + 3) % 6};\n" for n in range(9))
    legend = '<<TABLE><TR><TD>Legend</TD></TR><TR><TD>one to many</TD></TR></TABLE>>'
    svg, _ = layout(f"digraph {{\n  rankdir=LR; pad=0.3; labelloc=b; label={legend};\n"
                    f"{tables}{edges}}}\n")
    width = _width_px(svg) * 3 / 4
    height = float(_HEIGHT.search(svg)[1])  # type: ignore[index]
    points = _drawn_points(svg)
    assert len(points) > 100
    outside = [(x, y) for x, y in points if not (-0.5 <= x <= width + 0.5 and -0.5 <= y <= height + 0.5)]
    assert outside == []
