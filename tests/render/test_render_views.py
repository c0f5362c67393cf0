"""Declared views and ER viewpoints as diagrams, edges that link to their flows, and ER
diagrams cut by legibility: no label below 9 px in the page column."""

from __future__ import annotations

import re
from collections import Counter

from render_example import shop, store_with
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

import archdocs.render.layout as layout_module
import archdocs.render.measure as measure_module
from archdocs.render import (
    DiagramRenderer,
    context_spec,
    er_specs,
    er_view_spec,
    view_spec,
)
from archdocs.render.layout import label_px, layout
from archdocs.render.measure import Measurements, measuring
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


def _tree_store(name: str = "tree-db"):
    """A tree of tables (a root, 4 children, 16 grandchildren) with long column names: laid
    out in either direction, one diagram of it is far wider than the page column."""
    metadata = MetaData()
    store = name
    names = ["tree_00"] + [f"tree_{i:02d}" for i in range(1, 21)]
    for i, name in enumerate(names):
        columns = [Column("id", Integer, primary_key=True),
                   Column(f"a_rather_long_descriptive_column_name_{i}", String(200))]
        if i:
            parent = names[0] if i <= 4 else names[(i - 5) // 4 + 1]
            columns.append(Column(f"parent_{parent}_id", Integer, ForeignKey(f"{parent}.id")))
        Table(name, metadata, *columns)
    return store_with(metadata, store)


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


def _counted_layouts(monkeypatch) -> Counter[str]:
    """How many times each DOT source is laid out with Graphviz from now on."""
    counts: Counter[str] = Counter()

    def counted(dot: str) -> tuple[str, float]:
        counts[dot] += 1
        return layout(dot)

    monkeypatch.setattr(layout_module, "layout", counted)
    monkeypatch.setattr(measure_module, "layout", counted)
    return counts


def test_the_parts_kept_are_rendered_from_the_layout_that_measured_them(monkeypatch, tmp_path):
    # A store name of its own: the process remembers what other tests measured.
    system, datastore = _tree_store("kept-tree-db")
    counts = _counted_layouts(monkeypatch)
    with measuring(Measurements(tmp_path / "cache")) as measurements:
        parts = er_specs(system, datastore, min_label_px=MIN_LABEL_PX)
    # Measured: the whole and every piece of more than one table; only the kept ones are
    # handed to the renderer.
    measured = [part for part in parts if part.dot in measurements.layouts]
    assert measured and set(measurements.layouts) == {part.dot for part in measured}
    assert measurements.laid_out > len(measured)  # the whole was measured, then cut
    renderer = DiagramRenderer(cache_dir=tmp_path / "cache", jobs=1)
    handed = renderer.render(parts, laid_out=measurements.layouts)
    assert renderer.rendered == len(parts)
    assert [counts[part.dot] for part in parts] == [1] * len(parts)
    # The same SVGs as laying the parts out afresh.
    assert handed == DiagramRenderer(jobs=1).render(parts)


def test_measurements_are_kept_in_the_diagram_cache_and_pruned_with_it(monkeypatch, tmp_path):
    system, datastore = _tree_store("cached-tree-db")
    cache = tmp_path / "cache"
    with measuring(Measurements(cache)) as first:
        parts = er_specs(system, datastore, min_label_px=MIN_LABEL_PX)
    measured = sorted(cache.glob("*/*.label-px"))
    assert len(measured) == first.laid_out
    # A new process (no memo) with the same cache measures nothing and cuts the same parts.
    monkeypatch.setattr(measure_module, "_MEASURED", {})
    counts = _counted_layouts(monkeypatch)
    with measuring(Measurements(cache)) as second:
        assert er_specs(system, datastore, min_label_px=MIN_LABEL_PX) == parts
    assert second.laid_out == 0 and not counts
    assert DiagramRenderer(cache_dir=cache, cache_max_bytes=0).prune() == len(measured)
    assert not list(cache.glob("*/*"))
