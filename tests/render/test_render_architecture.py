"""Architecture diagrams: what a reader of the site sees in the landscape, context and flow
diagrams, and that nothing in a name can break them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from render_example import HOSTILE_NAMES, hostile, shop, svg_texts

from archdocs.render import (
    DiagramRenderer,
    context_map_spec,
    context_spec,
    elements_spec,
    flow_spec,
    graph_spec,
    landscape_spec,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def render_one(spec):
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.error is None, diagram.error
    return diagram


def test_landscape_shows_contexts_as_clusters_with_their_members_and_labelled_flows():
    system = shop()
    spec = landscape_spec(system)
    assert spec.key == "landscape"
    svg = render_one(spec).svg
    texts = svg_texts(svg)
    for name in ("Orders", "Messaging", "Search", "order-api", "orders-db", "PostgreSQL 16",
                 "events", "Apache Kafka 3.7", "Customer", "Payment provider"):
        assert name in texts, f"{name!r} missing from the landscape"
    # Every context is a cluster and the service sits inside its context's cluster.
    orders_cluster = re.search(r"subgraph cluster_ctx_orders \{(.*?)\n\t\}", spec.dot, re.S)
    assert orders_cluster and "service_order_api" in orders_cluster.group(1)
    assert "datastore_orders_db" in orders_cluster.group(1)
    # Flows are labelled with their mechanism and what they carry; the broker sits between.
    assert "query: orders, order_line" in texts
    assert texts.count("async-event: OrderPlaced") == 2  # api → events → indexer


def test_svg_is_self_contained_with_embedded_icons():
    svg = render_one(landscape_spec(shop())).svg
    root = ET.fromstring(svg)
    hrefs = [el.get(XLINK) or el.get("href") for el in root.iter()
             if el.get(XLINK) or el.get("href")]
    assert hrefs, "no icons at all"
    for href in hrefs:
        assert href.startswith(("data:image/", "#")), f"SVG points outside itself: {href[:80]}"
    images = [el.get(XLINK) for el in root.iter(f"{SVG_NS}image")]
    # postgres, redis, kafka, elasticsearch, python, java, users, internet
    assert len(images) == 8
    assert all(image.startswith("data:image/png;base64,") for image in images)
    uses = list(root.iter(f"{SVG_NS}use"))
    assert len(uses) == 8  # one per drawn element
    # Each icon is a symbol of this SVG, named under the diagram's own prefix like every other
    # id, so two diagrams shown inline on one page never draw each other's icons.
    symbols = {el.get("id") for el in root.iter(f"{SVG_NS}symbol")}
    assert len(symbols) == 8 and all(s.startswith("d-landscape-") for s in symbols)
    assert {use.get(XLINK) for use in uses} == {f"#{symbol}" for symbol in symbols}
    assert all(el.get("id").startswith("d-landscape-") for el in root.iter() if el.get("id"))
    assert "/site-packages/" not in svg and "resources/" not in svg
    assert "<!--" not in svg, "Graphviz comments (version, names) must be stripped"


def test_context_diagram_shows_its_members_and_the_elements_its_flows_reach():
    system = shop()
    orders = system.contexts[0]
    spec = context_spec(system, orders)
    assert spec.key == "context-orders"
    texts = svg_texts(render_one(spec).svg)
    assert {"order-api", "orders-db", "order-cache", "events", "Payment provider",
            "Customer"} <= set(texts)
    assert "catalogue-index" not in texts  # two hops away


def test_flow_diagram_draws_source_broker_and_target():
    system = shop()
    flow = next(f for f in system.flows if f.via is not None)
    spec = flow_spec(system, flow)
    assert spec.key.startswith("flow-")
    texts = svg_texts(render_one(spec).svg)
    assert {"order-api", "events", "indexer"} <= set(texts)
    assert "orders-db" not in texts


def test_elements_view_adds_the_endpoints_of_the_flows_it_shows():
    system = shop()
    flow = system.flows[1]  # api → orders-db
    spec = elements_spec(system, "migration-before", "Before", ["order-cache"], [flow])
    texts = svg_texts(render_one(spec).svg)
    assert {"order-cache", "order-api", "orders-db"} <= set(texts)
    assert "indexer" not in texts


def test_names_are_drawn_under_their_icons_not_over_them():
    root = ET.fromstring(render_one(landscape_spec(shop())).svg)
    checked = 0
    for node in root.iter(f"{SVG_NS}g"):
        if node.get("class") != "node":
            continue
        icons = list(node.iter(f"{SVG_NS}use"))
        if not icons:
            continue  # a context or other box without an icon
        [icon] = icons
        icon_bottom = float(icon.get("y")) + float(icon.get("height").removesuffix("px"))
        texts = list(node.iter(f"{SVG_NS}text"))
        assert texts, "an icon node without its name"
        for text in texts:
            # SVG text y is the baseline; the glyphs rise about one font size above it.
            top = float(text.get("y")) - float(text.get("font-size"))
            assert top >= icon_bottom - 1, f"{text.text!r} is drawn over its icon"
        checked += 1
    assert checked >= 8


def test_context_map_draws_contexts_as_boxes_and_one_edge_per_dependency():
    system = shop()
    spec = context_map_spec(system)
    assert spec.key == "context-map"
    assert "subgraph" not in spec.dot  # contexts are the nodes, not clusters
    texts = svg_texts(render_one(spec).svg)
    for shown in ("Orders", "1 service · 2 datastores", "PostgreSQL, Redis", "Search",
                  "Messaging", "0 services · 1 datastore", "Payment provider"):
        assert shown in texts, f"{shown!r} missing from the context map"
    for hidden in ("order-api", "orders-db", "indexer", "async-event: OrderPlaced",
                   "Customer"):
        assert hidden not in texts, f"{hidden!r} belongs on the landscape, not the map"
    # Orders → Search (the event; its broker is left out), Orders → Payment provider. Flows
    # inside Orders (query, cache fill) and Search draw nothing; actors are not on the map.
    edges = sorted(re.findall(r"(\w+) -> (\w+)", spec.dot))
    assert edges == [("context_orders", "context_search"),
                     ("context_orders", "external_payment_provider")]


def test_context_map_frames_the_contexts_of_a_shared_domain():
    from archdocs import System

    system = System("Shop")
    for name, domain in (("Orders", "Sales"), ("Pricing", "Sales"), ("Search", "Discovery")):
        system.context(name, domain=domain).service(f"{name.lower()}-api")
    spec = context_map_spec(system)
    frame = re.search(r"subgraph cluster_domain_sales \{(.*?)\n\t\}", spec.dot, re.S)
    assert frame and "context_orders" in frame.group(1) and "context_pricing" in frame.group(1)
    # A domain of one context is not framed.
    assert "cluster_domain_discovery" not in spec.dot
    assert 'subgraph domain_sales["Sales"]' in spec.mermaid
    texts = svg_texts(render_one(spec).svg)
    assert "Sales" in texts and "Discovery" not in texts


def test_hostile_names_are_drawn_literally_in_svg():
    system = hostile()
    specs = [landscape_spec(system), *(context_spec(system, c) for c in system.contexts),
             *(flow_spec(system, f) for f in system.flows)]
    diagrams = DiagramRenderer().render(specs)
    for diagram in diagrams.values():
        assert diagram.error is None, diagram.error
        assert "<script" not in diagram.svg
        ET.fromstring(diagram.svg)  # well-formed: nothing leaked into the markup
    texts = "\n".join(svg_texts(diagrams["landscape"].svg))
    # Names are wrapped onto several lines; compare without the line breaks.
    flat = texts.replace("\n", "")
    for name in HOSTILE_NAMES:
        for part in name.split("\n"):
            assert part.replace(" ", "") in flat.replace(" ", ""), f"{name!r} not shown as text"


def test_hostile_names_are_escaped_in_dot_and_mermaid():
    system = hostile()
    spec = landscape_spec(system)
    # Icon nodes carry an HTML-like label built of archdocs' own markup; the user text in it
    # is entity-escaped, so once that markup is removed no '<', '>', quote or backslash is
    # left. Every other label is a quoted string.
    html_labels = re.findall(r"label=<(<TABLE.*?</TABLE>)>", spec.dot)
    assert len(html_labels) == spec.dot.count("label=<")
    assert html_labels
    for label in html_labels:
        text = re.sub(r"</?(TABLE|TR|TD|FONT|IMG)\b[^<>]*>", "", label)
        assert not set(text) & set('<>"\\'), text
    mermaid = spec.mermaid
    for line in mermaid.splitlines():
        for quoted in re.findall(r'"([^"]*)"', line):
            assert not set(quoted) & set('<>`|{}[]"'.replace("<", "").replace(">", "")), quoted
            without_breaks = quoted.replace("<br/>", "")
            assert "<" not in without_breaks and ">" not in without_breaks, quoted
    # Nothing outside the quoted labels carries user text: ids are safe identifiers.
    structure = re.sub(r'"[^"]*"', '""', mermaid)
    assert re.fullmatch(r'[A-Za-z0-9_\s\[\]\(\)\{\}"|.>-]*', structure), structure
    # The entity codes decode back to the original names.
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), mermaid)
    for name in HOSTILE_NAMES:
        assert name.replace("\n", "<br/>") in decoded or name.split("\n")[0] in decoded


def test_graph_spec_escapes_and_sorts():
    spec_a = graph_spec("adr-graph", "Decisions", [("b", 'B "quoted"'), ("a", "<A>")],
                        [("b", "a", "supersedes|x"), ("a", "c", "")])
    spec_b = graph_spec("adr-graph", "Decisions", [("a", "<A>"), ("b", 'B "quoted"')],
                        [("a", "c", ""), ("b", "a", "supersedes|x")])
    assert spec_a == spec_b
    texts = svg_texts(render_one(spec_a).svg)
    assert {"<A>", 'B "quoted"', "c", "supersedes|x"} <= set(texts)


@pytest.mark.parametrize("builder", ["landscape", "context", "flow"])
def test_specs_do_not_depend_on_declaration_order(builder):
    first, second = shop(), shop()
    second.flows.reverse()
    second.services.reverse()
    second.datastores.reverse()
    if builder == "landscape":
        a, b = landscape_spec(first), landscape_spec(second)
    elif builder == "context":
        a, b = context_spec(first, first.contexts[0]), context_spec(second, second.contexts[0])
    else:
        a, b = flow_spec(first, first.flows[3]), flow_spec(second, second.flows[-4])
    assert a == b
