"""Declared views and ER viewpoints as diagrams, edges that link to their flows, and ER
diagrams cut by legibility: no label below 9 px in the page column."""

from __future__ import annotations

import re

from render_example import shop, store_with
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from archdocs.render import (
    DiagramRenderer,
    context_spec,
    er_specs,
    er_view_spec,
    view_spec,
)
from archdocs.render.layout import label_px, layout
from archdocs.render.publish import publish_svg

MIN_LABEL_PX = 9.0


def test_a_view_draws_its_elements_and_a_flow_past_an_excluded_broker_as_one_arrow():
    system = shop()
    view = system.view("Search feed", include=["order-api", "indexer", "orders-db"],
                       exclude=[])
    spec = view_spec(system, view)
    edges = sorted(re.findall(r"(\w+) -> (\w+)", spec.dot))
    # The broker (events) is not in the view: the event flow runs straight to the indexer.
    assert edges == [("service_order_api", "datastore_orders_db"),
                     ("service_order_api", "service_indexer")]
    assert "datastore_events" not in spec.dot
    targets = dict(spec.links)
    assert targets["service_order_api->service_indexer"].kind == "flow"
    assert targets["service_order_api->service_indexer"].name == \
        "order-api → indexer (async-event)"


def test_with_the_broker_in_the_view_the_flow_passes_through_it():
    system = shop()
    view = system.view("Search feed", include=["order-api", "indexer", "events"])
    edges = sorted(re.findall(r"(\w+) -> (\w+)", view_spec(system, view).dot))
    assert edges == [("datastore_events", "service_indexer"),
                     ("service_order_api", "datastore_events")]


def test_every_edge_of_an_architecture_diagram_links_to_its_flow_or_the_flows_list():
    system = shop()
    spec = context_spec(system, system.resolve("Orders"))
    edges = set(re.findall(r"(\w+) -> (\w+)", spec.dot))
    linked = {name: target for name, target in spec.links if "->" in name}
    assert {tuple(name.split("->")) for name in linked} == edges
    assert {target.kind for target in linked.values()} <= {"flow", "flows"}
    # In the published SVG the edge's path and label sit inside the link.
    svg = DiagramRenderer().render([spec])[spec.key].svg
    assert svg is not None
    name = next(iter(sorted(linked)))
    published = publish_svg(svg, {name: "../flows/x/"}, titles={name: "the flow"})
    group = re.search(r'<g id="[^"]*" class="edge linked">\n<title>([^<]*)</title>\n'
                      r'<a xlink:href="../flows/x/" target="_top" xlink:title="the flow">'
                      r"(.*?)</a>", published, re.DOTALL)
    assert group is not None
    assert group.group(1) == "the flow"  # the reader sees the name, not the Graphviz ids
    assert "<path" in group.group(2)


def test_an_er_viewpoint_draws_its_tables_and_stubs_for_the_tables_it_leaves_out():
    system = shop()
    db = system.find_datastore("orders-db")
    viewpoint = db.er_view("Lines", around="order_line", depth=0)
    spec = er_view_spec(system, viewpoint)
    assert spec.key == "erview-orders-db--lines"
    assert '"order_line" [label=<' in spec.dot
    assert 'STYLE="dashed"' in spec.dot and "<I>orders</I>" in spec.dot  # the stub
    assert "customer" not in spec.dot
    assert {name for name, _ in spec.links} == {"order_line", "orders"}


def _tree_store():
    """A tree of tables (a root, 4 children, 16 grandchildren) with long column names: laid
    out in either direction, one diagram of it is far wider than the page column."""
    metadata = MetaData()
    names = ["tree_00"] + [f"tree_{i:02d}" for i in range(1, 21)]
    for i, name in enumerate(names):
        columns = [Column("id", Integer, primary_key=True),
                   Column(f"a_rather_long_descriptive_column_name_{i}", String(200))]
        if i:
            parent = names[0] if i <= 4 else names[(i - 5) // 4 + 1]
            columns.append(Column(f"parent_{parent}_id", Integer, ForeignKey(f"{parent}.id")))
        Table(name, metadata, *columns)
    return store_with(metadata, "tree-db")


def _smallest(spec) -> float:
    svg, _ = layout(spec.dot)
    return label_px(svg)


def test_an_er_diagram_too_small_to_read_at_page_width_is_cut_until_every_part_reads():
    system, datastore = _tree_store()
    (whole,) = er_specs(system, datastore)
    assert _smallest(whole) < MIN_LABEL_PX
    parts = er_specs(system, datastore, min_label_px=MIN_LABEL_PX)
    assert len(parts) > 1
    assert all(_smallest(part) >= MIN_LABEL_PX for part in parts)
    # Every table is drawn in exactly one part (stubs name the neighbours in other parts).
    drawn = sorted(name for part in parts for name in re.findall(
        r'^"(tree_\d+)" \[label=<<FONT FACE', part.dot, re.MULTILINE))
    assert drawn == [f"tree_{i:02d}" for i in range(21)]
    assert len({part.key for part in parts}) == len(parts)
    # Same input, same parts.
    assert er_specs(system, datastore, min_label_px=MIN_LABEL_PX) == parts


def test_an_er_diagram_that_reads_at_page_width_stays_whole():
    system = shop()
    db = system.find_datastore("orders-db")
    assert [s.key for s in er_specs(system, db, min_label_px=MIN_LABEL_PX)] == ["er-orders-db"]
