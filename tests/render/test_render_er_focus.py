"""A table's neighbours diagram, drawn without Graphviz: what a reader sees on a table page
(every neighbour and foreign key, nothing overlapping, boxes linking to their pages, labels that
read at page width) and hostile names drawn literally."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from itertools import combinations

import pytest
from render_example import HOSTILE_NAMES, hostile, shop, store_with, svg_texts, synthetic_schema
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from archdocs.render import DiagramRenderer, er_focus_spec
from archdocs.render.layout import LEGIBLE_PX, drawn_publishable, label_px, publishable
from archdocs.render.publish import publish_svg

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]


def boxes_of(svg: str) -> dict[str, Box]:
    """Each table drawn: its name (the group's title) and its outline (left, top, right,
    bottom) in SVG units."""
    found = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        name = group.findtext(f"{SVG}title") or ""
        xs, ys = [], []
        for polygon in group.iter(f"{SVG}polygon"):
            for point in polygon.get("points", "").split():
                x, y = point.split(",")
                xs.append(float(x))
                ys.append(float(y))
        found[name] = (min(xs), min(ys), max(xs), max(ys))
    return found


def lines_of(svg: str) -> list[tuple[str, list[tuple[float, float]]]]:
    """Each foreign-key line: its title and its points."""
    found = []
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("class") != "edge":
            continue
        line = group.find(f"{SVG}polyline")
        assert line is not None
        points = [tuple(map(float, point.split(","))) for point in line.get("points", "").split()]
        found.append((group.findtext(f"{SVG}title") or "", points))
    return found


def on_outline(point: tuple[float, float], box: Box) -> bool:
    x, y = point
    left, top, right, bottom = box
    return ((abs(x - left) < 0.01 or abs(x - right) < 0.01) and top <= y <= bottom) or \
        ((abs(y - top) < 0.01 or abs(y - bottom) < 0.01) and left <= x <= right)


def crosses(start: tuple[float, float], end: tuple[float, float], box: Box) -> bool:
    """Whether an axis-parallel segment runs through the inside of ``box``."""
    left, top, right, bottom = box
    (x1, y1), (x2, y2) = start, end
    if abs(x1 - x2) < 0.01:
        low, high = sorted((y1, y2))
        return left + 0.01 < x1 < right - 0.01 and low < bottom - 0.01 and high > top + 0.01
    low, high = sorted((x1, x2))
    return top + 0.01 < y1 < bottom - 0.01 and low < right - 0.01 and high > left + 0.01


def drawn(spec) -> str:
    assert spec.svg is not None and spec.dot == "", "laid out by Graphviz, not archdocs"
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.error is None, diagram.error
    assert diagram.svg is not None
    return diagram.svg


def assert_reads_well(svg: str, tables: set[str], relations: int) -> None:
    boxes = boxes_of(svg)
    assert set(boxes) == tables  # every neighbour drawn, once
    for (one, a), (other, b) in combinations(boxes.items(), 2):
        apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
        assert apart, f"{one} overlaps {other}"
    lines = lines_of(svg)
    assert len(lines) == relations  # every foreign key drawn
    for title, points in lines:
        # From the referencing table's outline to the referenced table's, through no box,
        # turning only at right angles.
        referenced, _, referencing = title.partition("--")
        assert on_outline(points[0], boxes[referencing.rsplit(":", 1)[0]]), title
        assert on_outline(points[-1], boxes[referenced.rsplit(":", 1)[0]]), title
        for start, end in itertools.pairwise(points):
            assert abs(start[0] - end[0]) < 0.01 or abs(start[1] - end[1]) < 0.01, title
            for name, box in boxes.items():
                assert not crosses(start, end, box), f"{title} runs through {name}"
    assert label_px(svg) >= LEGIBLE_PX  # read at page width, as the browser test measures


def test_a_table_with_referenced_and_referencing_tables():
    system = shop()
    datastore = system.find_datastore("orders-db")
    spec = er_focus_spec(system, datastore, "orders")
    svg = drawn(spec)
    assert_reads_well(svg, {"orders", "customer", "order_line"}, relations=2)
    boxes = boxes_of(svg)
    # Referenced above, referencing below.
    assert boxes["customer"][3] < boxes["orders"][1] < boxes["orders"][3] < boxes["order_line"][1]
    texts = svg_texts(svg)
    assert "note" in texts and " [TEXT]" in texts  # the focused table shows every column
    assert "sku" not in texts  # a neighbour shows its keys only
    assert texts.count("FK") == 2  # orders.customer_id and order_line.order_id
    # The keys are underlined, as in the Graphviz ER diagrams.
    assert re.search(r'text-decoration="underline"[^>]*>id</text>', svg)
    # The Mermaid text of the diagram is still there.
    assert spec.mermaid is not None and spec.mermaid.startswith("erDiagram")


def test_referencing_tables_in_a_grid_that_fits_the_page_column():
    metadata = MetaData()
    Table("hub", metadata, Column("id", Integer, primary_key=True),
          *(Column(f"c{n}", String(120), nullable=False) for n in range(6)))
    for n in range(7):
        Table(f"spoke_{n}", metadata, Column("id", Integer, primary_key=True),
              Column("hub_id", Integer, ForeignKey("hub.id"), nullable=n % 2 == 0))
    system, datastore = store_with(metadata)
    svg = drawn(er_focus_spec(system, datastore, "hub"))
    assert_reads_well(svg, {"hub", *(f"spoke_{n}" for n in range(7))}, relations=7)
    boxes = boxes_of(svg)
    # Two or more to a row, below the hub, not one row too wide to read nor one long column.
    tops = {round(box[1]) for name, box in boxes.items() if name != "hub"}
    assert 1 < len(tops) < 7
    assert all(box[1] > boxes["hub"][3] for name, box in boxes.items() if name != "hub")
    assert float(re.search(r'width="([\d.]+)pt"', svg)[1]) <= 700


def test_a_hub_referenced_by_dozens_of_tables_is_left_to_graphviz():
    system, datastore = store_with(synthetic_schema())
    spec = er_focus_spec(system, datastore, "core.t000")  # referenced by 31 tables
    assert spec.svg is None and spec.dot
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.error is None, diagram.error


def test_every_table_of_a_schema():
    system, datastore = store_with(synthetic_schema(core_tables=60, audit_tables=10,
                                                    misc_tables=3))
    for table in datastore.tables:
        spec = er_focus_spec(system, datastore, table)
        if table.fullname == "core.t000":
            continue  # the hub: below
        svg = drawn(spec)
        neighbours = {link[0] for link in spec.links}
        relations = len(re.findall(r"\|\|--o\{|o\|--o\{", spec.mermaid or ""))
        assert_reads_well(svg, neighbours, relations)


def test_a_self_reference_and_two_keys_to_one_table():
    metadata = MetaData()
    Table("country", metadata, Column("code", String(2), primary_key=True))
    Table("category", metadata, Column("id", Integer, primary_key=True),
          Column("parent_id", Integer, ForeignKey("category.id")),
          Column("made_in", String(2), ForeignKey("country.code"), nullable=False),
          Column("sold_in", String(2), ForeignKey("country.code")))
    system, datastore = store_with(metadata)
    spec = er_focus_spec(system, datastore, "category")
    svg = drawn(spec)
    assert_reads_well(svg, {"category", "country"}, relations=3)
    titles = sorted(title for title, _ in lines_of(svg))
    assert titles == ["category:id--category:parent_id", "country:code--category:made_in",
                      "country:code--category:sold_in"]


def test_boxes_link_to_their_table_pages():
    system = shop()
    spec = er_focus_spec(system, system.find_datastore("orders-db"), "orders")
    links = {name: f"../tables/{name}/" for name, _ in spec.links}
    published = publish_svg(drawn(spec), links)
    for name, url in links.items():
        assert re.search(rf'class="node linked">\n<title>{name}</title>\n'
                         rf'<a xlink:href="{re.escape(url)}" target="_top"', published), name


def test_a_hostile_table_name_is_drawn_literally_and_linked():
    system = hostile()
    datastore = next(d for d in system.datastores if d.tables)
    name = HOSTILE_NAMES[0]
    spec = er_focus_spec(system, datastore, name)
    svg = drawn(spec)
    root = ET.fromstring(svg)  # well-formed: the name did not end an element or attribute
    assert not list(root.iter(f"{SVG}script")) and "<script" not in svg
    texts = svg_texts(svg)
    assert name in texts and HOSTILE_NAMES[3] in texts and 'parent "id"' in texts
    assert f"{spec.title}" in texts
    # Its ids are prefixed as Graphviz SVGs' are (several diagrams share a page), and only
    # its own: the names did not add an id.
    assert drawn_publishable("k", spec.svg or "") == publishable("k", spec.svg or "")
    published = publish_svg(svg, {name: "../tables/script/", HOSTILE_NAMES[3]: "../tables/brace/"})
    ET.fromstring(published)
    assert published.count('class="node linked"') == 2


@pytest.mark.parametrize("bad", ["line\nbreak", "nul\x00byte", "a & b &amp; c", "`tick`"])
def test_names_with_line_breaks_and_control_characters(bad: str):
    metadata = MetaData()
    Table(bad, metadata, Column("id", Integer, primary_key=True))
    Table("child", metadata, Column("id", Integer, primary_key=True),
          Column(bad, Integer, ForeignKey(f"{bad}.id")))
    system, datastore = store_with(metadata)
    spec = er_focus_spec(system, datastore, "child")
    svg = drawn(spec)
    ET.fromstring(svg)
    published = publish_svg(svg, {bad: "../tables/bad/"})
    if "\x00" in bad:
        # No XML holds a NUL: drawn as U+FFFD, and not linked (Graphviz could not either).
        assert "nul\ufffdbyte" in svg_texts(svg)
    else:
        assert published.count('class="node linked"') == 1  # the link finds its table


def test_same_input_same_picture():
    forward = store_with(synthetic_schema())
    backward = store_with(synthetic_schema(reverse=True))
    for name in ("core.t000", "core.t001", "audit.log003"):
        assert er_focus_spec(*forward, name) == er_focus_spec(*backward, name)


def test_a_neighbour_that_both_references_and_is_referenced_goes_to_graphviz():
    metadata = MetaData()
    Table("a", metadata, Column("id", Integer, primary_key=True),
          Column("b_id", Integer, ForeignKey("b.id", use_alter=True)))
    Table("b", metadata, Column("id", Integer, primary_key=True),
          Column("a_id", Integer, ForeignKey("a.id")))
    system, datastore = store_with(metadata)
    spec = er_focus_spec(system, datastore, "a")
    assert spec.svg is None and spec.dot  # this layout would draw both lines on one side
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.error is None and {"a", "b"} <= set(svg_texts(diagram.svg or ""))


def _orders(customer_key: type = Integer, nullable: bool = True, note: str = "note") -> MetaData:
    metadata = MetaData()
    Table("customer", metadata, Column("id", customer_key, primary_key=True))
    Table("orders", metadata, Column("id", Integer, primary_key=True),
          Column("customer_id", customer_key, ForeignKey("customer.id"), nullable=nullable),
          Column(note, String(20)))
    Table("order_line", metadata, Column("id", Integer, primary_key=True),
          Column("order_id", Integer, ForeignKey("orders.id")))
    return metadata


@pytest.mark.parametrize("edited", [
    {"customer_key": String},  # a neighbour's key column changes type
    {"nullable": False},  # the foreign key becomes mandatory: its line's end changes
    {"note": "remark"},  # a column of the focused table is renamed
])
def test_a_rebuild_redraws_what_an_edit_changed_and_nothing_else(edited):
    from archdocs.render.er_focus import reusing_drawings

    def spec(metadata: MetaData, table: str = "orders"):
        return er_focus_spec(*store_with(metadata), table)

    fresh_before, fresh_after = spec(_orders()), spec(_orders(**edited))
    assert fresh_before.svg != fresh_after.svg
    with reusing_drawings():  # the build before the edit
        assert spec(_orders()) == fresh_before
        assert spec(_orders()) == fresh_before  # drawn once, given twice
    with reusing_drawings():  # the rebuild after it: the edited drawing, the rest reused
        assert spec(_orders(**edited)) == fresh_after
        assert spec(_orders(**edited), "order_line") == spec(_orders(**edited), "order_line")
    with reusing_drawings():  # the edit undone
        assert spec(_orders()) == fresh_before
