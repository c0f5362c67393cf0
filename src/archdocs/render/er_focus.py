"""The neighbours ER diagram of a table, laid out and drawn here instead of by Graphviz.

A table page shows its table with every column, the tables it references in a row above and
the tables referencing it in a row below (their key columns only), one dashed line per foreign
key with the ER renderer's crow's-foot ends. That picture has one shape, so a fixed layout
draws it in about half a millisecond where Graphviz took 4–5 ms of CPU per table (on the
1000-table benchmark model, 1000 of the 1570 diagrams). The boxes look like the Graphviz ones of :mod:`archdocs.render.er` (same font,
sizes, cells, underlined keys, bracketed types, ``NOT NULL``, blue ``FK``), and each box is an
SVG group titled with its table's name, as Graphviz writes a node, so the site links it to the
table's page (:func:`archdocs.render.publish.publish_svg`).

Lines are orthogonal: from the side of the referencing column's row out to a lane of its own,
along a track of its own in the gap between the rows of boxes, into the referenced table. Lanes
and tracks are ordered so that lines cross as little as a fixed layout allows, and no two
lines share a segment. :func:`draw` returns ``None`` for what this layout does not handle (a
neighbour both referenced and referencing, or rows too wide to read at page width): the
caller lays those out with Graphviz.

Text widths are estimated from per-character advance widths (``tools/text_widths.py``): the
wider of Liberation Sans (Helvetica's metrics) and DejaVu Sans, so the text fits its box in
either font a browser picks for ``Helvetica,sans-Serif``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import lru_cache

from archdocs.render.escape import svg_name, svg_text
from archdocs.render.layout import COLUMN_PX, LEGIBLE_PX
from archdocs.render.rebuild_memo import RebuildMemo

# Advance widths of the characters " " to "~" in thousandths of an em (tools/text_widths.py).
_REGULAR = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 684, 686, 722,
    770, 667, 611, 778, 752, 295, 500, 667, 557, 863, 748, 787, 667, 787, 722, 667, 611, 732,
    684, 989, 685, 667, 685, 390, 337, 390, 838, 556, 500, 613, 635, 550, 635, 615, 352, 635,
    634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592,
    525, 636, 337, 636, 838,
)
_BOLD = (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 774, 762, 734,
    830, 683, 683, 821, 837, 372, 556, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812,
    774, 1103, 771, 724, 725, 457, 365, 457, 838, 556, 500, 675, 716, 593, 716, 678, 435, 716,
    712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652,
    582, 712, 365, 712, 838,
)

_HEADER_PT = 16.0
_ROW_PT = 14.0
_HEADER_HEIGHT = 29.5
_ROW_HEIGHT = 27.25
_INSET = 5.0  # text from the cell's border: Graphviz' CELLPADDING=4 plus the border
_PAD = 21.6  # around the picture: Graphviz' pad="0.3"
_TITLE_HEIGHT = 36.0
_BOX_GAP = 24.0  # between two boxes of a row, besides their lanes
_LANE = 9.0  # between two parallel lines
_END = 24.0  # room for a line's end marks outside a box
_BAND = 22.0  # between a row of boxes and the first track
_MIN_APART = 14.0  # between the ends of two lines on one box: their marks are 10 pt wide
_LINE = "#7f7f7f"
_FK_BLUE = "#1565c0"
_FONT = 'font-family="Helvetica,sans-Serif"'

_GRID_PT = COLUMN_PX * 1.0
"""Widest grid of referencing tables: shown in the page column, its rows read at 14 px."""
MAX_WIDTH_PT = COLUMN_PX * 0.75 * _ROW_PT * 4 / 3 / LEGIBLE_PX
"""Widest picture whose 14-pt rows still read at :data:`LEGIBLE_PX` in the page column."""


@dataclass(frozen=True)
class Column:
    """A row of a box: ``type`` is ``None`` for the summary row of columns left out."""

    name: str
    type: str | None
    key: bool = False
    nullable: bool = True
    foreign: bool = False


@dataclass(frozen=True)
class Box:
    """A table as drawn: its full name and the columns shown."""

    name: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Link:
    """A foreign key: ``column`` of table ``source`` references table ``target``
    (``target_column`` there). ``one`` when the referencing side is "1" rather than "many";
    ``optional`` when the referencing column is nullable."""

    source: str
    column: str
    target: str
    target_column: str
    one: bool = False
    optional: bool = True


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in points of ``text`` set in Helvetica (or its fallbacks) at ``size``."""
    return _ems(text, bold) * size / 1000


@lru_cache(maxsize=8192)
def _ems(text: str, bold: bool) -> int:
    """Width of ``text`` in thousandths of an em (the same column names and types recur in
    every diagram of a schema)."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        code = ord(char)
        if 32 <= code < 127:
            total += table[code - 32]
        elif unicodedata.combining(char):
            continue
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            total += 1000
        else:
            total += 760 if bold else 700  # a wide letter of the Latin and other scripts
    return total


def _cells(column: Column) -> list[tuple[str, float, str]]:
    """The text pieces of a row with their offsets and attributes, as Graphviz sets them."""
    if column.type is None:
        return [(column.name, 0.0, "")]
    pieces = [(column.name, 0.0, ' text-decoration="underline"' if column.key else "")]
    at = text_width(column.name + " ", _ROW_PT)
    kind = f" [{column.type}]"
    pieces.append((kind, at, ""))
    at += text_width(kind, _ROW_PT)
    if not column.nullable:
        pieces.append((" NOT NULL", at, ""))
        at += text_width(" NOT NULL", _ROW_PT)
    if column.foreign:
        pieces.append(("FK", at + text_width(" ", _ROW_PT),
                       f' font-weight="bold" fill="{_FK_BLUE}"'))
    return pieces


def _row_width(column: Column) -> float:
    last, at, style = _cells(column)[-1]
    return at + text_width(last, _ROW_PT, bold="bold" in style)


@dataclass
class _Placed:
    box: Box
    width: float
    height: float
    x: float = 0.0
    y: float = 0.0
    lanes_left: int = 0
    lanes_right: int = 0
    row: int = 0

    @classmethod
    def of(cls, box: Box) -> _Placed:
        width = max([text_width(box.name, _HEADER_PT, bold=True),
                     *(_row_width(column) for column in box.columns)]) + 2 * _INSET
        return cls(box, width, _HEADER_HEIGHT + _ROW_HEIGHT * len(box.columns))

    def row_y(self, column: str) -> float:
        """The middle of the row of ``column`` (the header's when it is not drawn)."""
        for index, drawn in enumerate(self.box.columns):
            if drawn.type is not None and drawn.name == column:
                return self.y + _HEADER_HEIGHT + _ROW_HEIGHT * (index + 0.5)
        return self.y + _HEADER_HEIGHT / 2

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass
class _Route:
    """One line: from ``start`` (on the referencing box's side, ``out`` -1 left, +1 right)
    to a lane at ``lane`` (x), a track (y, set later) and ``anchor`` (x) on the referenced
    box's edge at ``end_y``."""

    link: Link
    start: tuple[float, float]
    out: int
    anchor: float = 0.0
    end_y: float = 0.0
    lane: float = 0.0
    track: float = 0.0
    points: list[tuple[float, float]] = field(default_factory=list)


_DrawingInput = tuple[str, Box, tuple[Box, ...], tuple[Box, ...], tuple[Link, ...]]


_drawings: RebuildMemo[str | None] = RebuildMemo()


def reusing_drawings() -> AbstractContextManager[None]:
    """Inside, :func:`draw` returns the SVG it drew for the very same input during this build
    or the previous one instead of drawing it again: a ``mkdocs serve`` rebuild after an edit
    draws only the neighbours diagrams whose input changed (about 0.3 ms each otherwise, 1000
    of them on the 1000-table benchmark model). The key is the whole input (title, boxes with
    every column shown, links), compared by value, and the drawing depends on nothing else (its
    constants are this module's). Drawings not asked for by a build are forgotten after the
    next one, so the memory held is about one build's drawings."""
    return _drawings.reusing()


def draw(title: str, focus: Box, referenced: Sequence[Box], referencing: Sequence[Box],
         links: Sequence[Link]) -> str | None:
    """The SVG of ``focus`` with the tables it ``referenced`` above and those ``referencing``
    it below, joined by ``links`` (each with ``focus`` at one end or both); ``None`` when this
    layout cannot draw it well (Graphviz should)."""
    key: _DrawingInput = (title, focus, tuple(referenced), tuple(referencing), tuple(links))
    return _drawings.get(key, lambda: _draw(title, focus, referenced, referencing, links))


def _draw(title: str, focus: Box, referenced: Sequence[Box], referencing: Sequence[Box],
          links: Sequence[Link]) -> str | None:
    above = {box.name for box in referenced}
    below = {box.name for box in referencing}
    if above & below or focus.name in above | below:
        return None
    for link in links:
        if link.source == link.target == focus.name:
            continue
        if not ((link.source == focus.name and link.target in above)
                or (link.target == focus.name and link.source in below)):
            return None
    centre = _Placed.of(focus)
    parents = {box.name: _Placed.of(box) for box in referenced}
    children = {box.name: _Placed.of(box) for box in referencing}
    ups = [link for link in links if link.source == focus.name and link.target in above]
    downs = [link for link in links if link.target == focus.name and link.source in below]
    loops = [link for link in links if link.source == link.target == focus.name]

    # The referenced tables in the order of the focus table's columns pointing at them,
    # alternately left and right of the middle, so the lines leaving the focus table's
    # upper rows go to the nearer boxes and do not cross the others.
    first_row = {name: min((centre.row_y(link.column) for link in ups if link.target == name),
                           default=0.0) for name in parents}
    by_row = sorted(parents, key=lambda name: (first_row[name], name))
    left_side, right_side = by_row[0::2], by_row[1::2]
    top_order = [*reversed(left_side), *right_side]
    children_order = sorted(children)

    # Lanes beside the focus table for the lines going up (and the loops), upper rows inside.
    side_of = {name: (-1 if name in left_side else 1) for name in parents}
    up_routes = [_Route(link, (0.0, centre.row_y(link.column)), side_of[link.target])
                 for link in ups]
    loop_routes = [_Route(link, (0.0, centre.row_y(link.column)), 1) for link in loops]
    for side in (-1, 1):
        lined = sorted((r for r in up_routes if r.out == side),
                       key=lambda r: (r.start[1], r.link.target))
        if side == 1:
            lined += sorted(loop_routes, key=lambda r: (r.start[1], r.link.column))
        for index, route in enumerate(lined):
            route.lane = side * (_END + _LANE * index)
        if side == -1:
            centre.lanes_left = len(lined)
        else:
            centre.lanes_right = len(lined)

    # Rows placed around x = 0, the focus table's middle.
    centre.x = -centre.width / 2
    _row([parents[name] for name in top_order])
    parent_height = max((box.height for box in parents.values()), default=0.0)
    top = _PAD + _TITLE_HEIGHT
    for box in parents.values():
        box.y = top + parent_height - box.height  # bottoms aligned: the lines end there
    band_up = _band(len(up_routes)) if parents else 0.0
    centre.y = top + parent_height + band_up
    for route in up_routes:
        side_x = centre.x if route.out == -1 else centre.right
        route.start = (side_x, centre.row_y(route.link.column))
        route.lane += side_x
    for route in loop_routes:
        route.start = (centre.right, centre.row_y(route.link.column))
        route.lane += centre.right
        route.end_y = centre.row_y(route.link.target_column)
    # The referencing tables in a grid below, as many columns as fit (or as wide as the focus
    # table), each line leaving its table on the side facing the middle, along the gap beside
    # its column.
    reach = max(centre.width + _room(centre.lanes_left) + _room(centre.lanes_right), _GRID_PT)
    down_routes = _grid([children[name] for name in children_order], downs, reach)
    band_down = _band(len(down_routes)) if children else 0.0
    y = centre.bottom + band_down
    for row in _rows_of([children[name] for name in children_order]):
        for box in row:
            box.y = y
        y += max(box.height for box in row) + _BOX_GAP
    for route in down_routes:
        box = children[route.link.source]
        route.start = (route.start[0], box.row_y(route.link.column))
        route.lane += route.start[0]

    # Where the lines end: spread along the referenced box's bottom, in the order of their
    # lanes, so that they need not cross there. Ends too close to tell apart (a table that
    # dozens of tables reference) are left to Graphviz.
    crowded = [(centre, len(down_routes))] + [
        (box, sum(1 for r in up_routes if r.link.target == name)) for name, box in parents.items()]
    if any(box.width / (lines + 1) < _MIN_APART for box, lines in crowded):
        return None
    for name, box in parents.items():
        mine = sorted((r for r in up_routes if r.link.target == name),
                      key=lambda r: (r.lane, r.link.column))
        for index, route in enumerate(mine):
            route.anchor = box.x + box.width * (index + 1) / (len(mine) + 1)
            route.end_y = box.bottom
    spread = sorted(down_routes, key=lambda r: (r.lane, r.link.source, r.link.column))
    for index, route in enumerate(spread):
        route.anchor = centre.x + centre.width * (index + 1) / (len(spread) + 1)
        route.end_y = centre.bottom
    _tracks(up_routes, top + parent_height)
    _tracks(down_routes, centre.bottom)

    boxes = [*(parents[name] for name in top_order), centre,
             *(children[name] for name in children_order)]
    routes = [*up_routes, *loop_routes, *down_routes]
    for route in up_routes + down_routes:
        route.points = [route.start, (route.lane, route.start[1]), (route.lane, route.track),
                        (route.anchor, route.track), (route.anchor, route.end_y)]
    for route in loop_routes:
        route.points = [route.start, (route.lane, route.start[1]), (route.lane, route.end_y),
                        (centre.right, route.end_y)]
    left = min([box.x for box in boxes] + [r.lane for r in routes])
    right = max([box.right for box in boxes] + [r.lane for r in routes])
    title_width = text_width(title, _HEADER_PT)
    if title_width > right - left:
        grow = (title_width - (right - left)) / 2
        left, right = left - grow, right + grow
    width = right - left + 2 * _PAD
    if width > MAX_WIDTH_PT:
        return None
    bottom = max(box.bottom for box in boxes)
    height = bottom + _PAD
    shift = _PAD - left
    return _svg(title, width, height, shift, boxes, routes)


def _room(lanes: int) -> float:
    """Room beside a box for ``lanes`` lines leaving it sideways."""
    return _END + _LANE * (lanes - 1) if lanes else 0.0


def _row(boxes: list[_Placed]) -> None:
    """Side by side, centred on x = 0, with room for each box's lanes."""
    spans = [_room(box.lanes_left) + box.width + _room(box.lanes_right) for box in boxes]
    x = -(sum(spans) + _BOX_GAP * max(0, len(boxes) - 1)) / 2
    for box, span in zip(boxes, spans, strict=True):
        box.x = x + _room(box.lanes_left)
        x += span + _BOX_GAP


def _grid(boxes: list[_Placed], links: Sequence[Link], reach: float) -> list[_Route]:
    """Place ``boxes`` (x only) in as many columns as fit in ``reach`` points (at least one),
    centred on x = 0, rows as even as can be; and the lines of ``links`` leaving them, their
    lanes relative to the side of the box they leave (``start`` holds that side's x)."""
    if not boxes:
        return []
    for columns in range(len(boxes), 0, -1):
        rows = -(-len(boxes) // columns)
        columns = -(-len(boxes) // rows)  # the same rows, as few columns as they need
        routes, width = _grid_at(boxes, links, columns)
        if width <= reach or columns == 1:
            break
    return routes


def _grid_at(boxes: list[_Placed], links: Sequence[Link],
             columns: int) -> tuple[list[_Route], float]:
    """Boxes placed in ``columns`` columns; their routes and the grid's width."""
    grid = [boxes[start::columns] for start in range(columns)]
    middle = (columns - 1) / 2
    routes: list[_Route] = []
    spans = []
    plans = []
    for index, column in enumerate(grid):
        out = 1 if index <= middle else -1
        mine = []
        for row, box in enumerate(column):
            for link in sorted((link for link in links if link.source == box.box.name),
                               key=lambda link: (box.row_y(link.column), link.column)):
                mine.append((row, box, link))
        width = max(box.width for box in column)
        room = _room(len(mine))
        spans.append(width + room)
        plans.append((out, width, mine))
    total = sum(spans) + _BOX_GAP * (columns - 1)
    x = -total / 2
    for (out, width, mine), span, column in zip(plans, spans, grid, strict=True):
        left = x if out == 1 else x + span - width  # the column's boxes, lanes outside
        edge = left + width if out == 1 else left
        for row, box in enumerate(column):
            box.x = left + width - box.width if out == 1 else left
            box.row = row
        for index, (_, _, link) in enumerate(mine):
            routes.append(_Route(link, (edge, 0.0), out, lane=out * (_END + _LANE * index)))
        x += span + _BOX_GAP
    return routes, total


def _rows_of(boxes: list[_Placed]) -> list[list[_Placed]]:
    """The boxes of a grid by row (boxes in one row share their top)."""
    rows: dict[int, list[_Placed]] = {}
    for box in boxes:
        rows.setdefault(box.row, []).append(box)
    return [rows[row] for row in sorted(rows)]


def _band(lines: int) -> float:
    return 2 * _BAND + _LANE * max(0, lines - 1)


def _tracks(routes: list[_Route], near: float) -> None:
    """Give each line its own track in the band below ``near`` (the edge its lines end at),
    ordered so that a line's horizontal run crosses neither the lane of another line nor its
    last stretch where that can be avoided."""
    above: dict[int, set[int]] = {i: set() for i in range(len(routes))}
    for i, one in enumerate(routes):
        low, high = sorted((one.lane, one.anchor))
        for j, other in enumerate(routes):
            if i == j:
                continue
            # One's run at its track crosses the other's lane (which rises from below to its
            # track) unless one is higher; it crosses the other's last stretch (from its
            # track up to ``near``) unless one is lower.
            lane_crossed = low < other.lane < high
            end_crossed = low < other.anchor < high
            if lane_crossed and not end_crossed:
                above[i].add(j)
            elif end_crossed and not lane_crossed:
                above[j].add(i)
    # Topological order, ties (and cycles) broken by the lines' order.
    placed: list[int] = []
    waiting = set(range(len(routes)))
    while waiting:
        free = [i for i in sorted(waiting)
                if not any(i in above[j] for j in waiting if j != i)]
        chosen = free[0] if free else min(waiting)
        placed.append(chosen)
        waiting.discard(chosen)
    for level, index in enumerate(placed):
        routes[index].track = near + _BAND + _LANE * level


def _svg(title: str, width: float, height: float, shift: float, boxes: list[_Placed],
         routes: list[_Route]) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<svg width="{width:.0f}pt" height="{height:.0f}pt" viewBox="0.00 0.00 {width:.2f} '
        f'{height:.2f}" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        '<g id="graph0" class="graph">\n'
        f'<polygon fill="white" stroke="none" points="0,0 {width:.2f},0 {width:.2f},'
        f'{height:.2f} 0,{height:.2f} 0,0"/>\n'
        f'<text xml:space="preserve" text-anchor="middle" x="{width / 2:.2f}" '
        f'y="{_PAD + 16:.2f}" {_FONT} font-size="16.00">{svg_text(title)}</text>\n'
    ]
    for number, box in enumerate(boxes, start=1):
        out.append(_box_svg(number, box, shift))
    for number, route in enumerate(routes, start=1):
        out.append(_route_svg(number, route, shift))
    out.append("</g>\n</svg>\n")
    return "".join(out)


def _cell(x: float, y: float, width: float, height: float) -> str:
    right, bottom = x + width, y + height
    return (f'<polygon fill="none" stroke="black" points="{x:.2f},{y:.2f} {right:.2f},{y:.2f} '
            f'{right:.2f},{bottom:.2f} {x:.2f},{bottom:.2f} {x:.2f},{y:.2f}"/>\n')


def _text(x: float, y: float, text: str, size: float, style: str = "",
          anchor: str = "start") -> str:
    return (f'<text xml:space="preserve" text-anchor="{anchor}" x="{x:.2f}" y="{y:.2f}" '
            f'{_FONT}{style} font-size="{size:.2f}">{svg_text(text)}</text>\n')


def _box_svg(number: int, box: _Placed, shift: float) -> str:
    x = box.x + shift
    # The group's title is the table's name, as Graphviz titles a node: the site links the
    # group to the table's page by it.
    parts = [f'<g id="node{number}" class="node">\n<title>{svg_name(box.box.name)}</title>\n',
             _cell(x, box.y, box.width, _HEADER_HEIGHT),
             _text(x + box.width / 2, box.y + 19.2, box.box.name, _HEADER_PT,
                   ' font-weight="bold"', anchor="middle")]
    y = box.y + _HEADER_HEIGHT
    for column in box.box.columns:
        parts.append(_cell(x, y, box.width, _ROW_HEIGHT))
        for text, offset, style in _cells(column):
            parts.append(_text(x + _INSET + offset, y + 17.3, text, _ROW_PT, style))
        y += _ROW_HEIGHT
    parts.append("</g>\n")
    return "".join(parts)


def _route_svg(number: int, route: _Route, shift: float) -> str:
    points = [(x + shift, y) for x, y in route.points]
    link = route.link
    name = f"{link.target}:{link.target_column}--{link.source}:{link.column}"
    path = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
    parts = [f'<g id="edge{number}" class="edge">\n<title>{svg_text(name)}</title>\n',
             f'<polyline fill="none" stroke="{_LINE}" stroke-dasharray="5,2" '
             f'points="{path}"/>\n']
    # Crow's-foot ends, as the Graphviz ER diagrams draw them: at the referencing column
    # "zero or many" (or "exactly one" for a one-to-one key), at the referenced table "zero or
    # one" when the column may be null, else "exactly one".
    parts.append(_ends(points[0], points[1], "teetee" if link.one else "crowodot"))
    parts.append(_ends(points[-1], points[-2], "teeodot" if link.optional else "teetee"))
    parts.append("</g>\n")
    return "".join(parts)


def _ends(at: tuple[float, float], towards: tuple[float, float], kind: str) -> str:
    """The marks ``kind`` (``crowodot``, ``teetee``, ``teeodot``) of a line's end ``at``, on a
    box, the line leaving it towards ``towards``."""
    x, y = at
    dx, dy = towards[0] - x, towards[1] - y
    length = max(abs(dx) + abs(dy), 1e-9)
    ux, uy = dx / length, dy / length  # along the line, away from the box (lines are straight)
    px, py = -uy, ux  # across the line
    marks = []

    def bar(distance: float) -> None:
        cx, cy = x + ux * distance, y + uy * distance
        marks.append(f'<polyline fill="none" stroke="{_LINE}" points="{cx + px * 5:.2f},'
                     f'{cy + py * 5:.2f} {cx - px * 5:.2f},{cy - py * 5:.2f}"/>\n')

    if kind == "crowodot":
        foot = (x + ux * 9, y + uy * 9)
        for spread in (-5.0, 0.0, 5.0):
            marks.append(f'<polyline fill="none" stroke="{_LINE}" points="{foot[0]:.2f},'
                         f'{foot[1]:.2f} {x + px * spread:.2f},{y + py * spread:.2f}"/>\n')
    else:
        bar(4.0)
        if kind == "teetee":
            bar(8.0)
    if kind != "teetee":
        cx, cy = x + ux * 14, y + uy * 14
        marks.append(f'<ellipse fill="white" stroke="{_LINE}" cx="{cx:.2f}" cy="{cy:.2f}" '
                     'rx="4" ry="4"/>\n')
    return "".join(marks)
