"""The DDD context map: each relationship drawn with its standard labels, one edge per pair
with the flows it stands for, a legend of the labels used, boxes linked to their pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from render_example import shop, svg_texts

from archdocs import ACL, CF, CUSTOMER_SUPPLIER, OHS, PL, SHARED_KERNEL, Mechanism, System
from archdocs.render import DiagramRenderer, context_map_spec, landscape_spec


def _mapped():
    system = shop()
    orders, messaging, search = system.contexts
    payments = system.externals[0]
    system.relationship(orders, search, upstream_roles=[OHS, PL], downstream_roles=[CF])
    system.relationship(payments, orders, kind=CUSTOMER_SUPPLIER, downstream_roles=[ACL])
    system.relationship(messaging, search, kind=SHARED_KERNEL)
    return system


def _svg(spec) -> str:
    diagram = DiagramRenderer().render([spec])[spec.key]
    assert diagram.error is None, diagram.error
    return diagram.svg


def test_relationships_are_drawn_with_u_d_and_their_patterns_at_the_ends():
    spec = context_map_spec(_mapped())
    texts = svg_texts(_svg(spec))
    for label in ("U", "D", "OHS, PL", "CF", "ACL", "C/S", "SK", "1 flow"):
        assert label in texts, f"{label!r} missing from the context map"
    # One edge per pair, pointing downstream: the customer-supplier pair turns the flow's
    # direction (Orders calls the provider) into the relationship's (provider upstream).
    edges = sorted(re.findall(r"(\w+) -> (\w+) \[([^\]]*)\]", spec.dot))
    pairs = [(a, b) for a, b, _ in edges]
    assert pairs == [("context_messaging", "context_search"),
                     ("context_orders", "context_search"),
                     ("external_payment_provider", "context_orders")]
    attributes = {(a, b): attrs for a, b, attrs in edges}
    assert "dir=none" in attributes[("context_messaging", "context_search")]  # symmetric
    orders_to_search = attributes[("context_orders", "context_search")]
    tail = re.search(r"taillabel=<(<.*?</TABLE>)>", orders_to_search)
    head = re.search(r"headlabel=<(<.*?</TABLE>)>", orders_to_search)
    assert tail and ">U<" in tail.group(1) and "OHS, PL" in tail.group(1)
    assert head and ">D<" in head.group(1) and "CF" in head.group(1)


def test_the_legend_names_only_the_labels_used():
    texts = svg_texts(_svg(context_map_spec(_mapped())))
    for meaning in ("upstream / downstream", "open host service", "published language",
                    "conformist", "anti-corruption layer", "customer\u2013supplier",
                    "shared kernel"):
        assert any(meaning in text for text in texts), meaning
    assert not any("partnership" in text for text in texts)
    assert not any("no relationship declared" in text for text in texts)


def test_flows_without_a_relationship_are_a_grey_dashed_counted_edge():
    spec = context_map_spec(shop())
    texts = svg_texts(_svg(spec))
    assert any("no relationship declared" in text for text in texts)
    assert "U" not in texts and "D" not in texts
    [search_edge] = re.findall(r"context_orders -> context_search \[([^\]]*)\]", spec.dot)
    assert "style=dashed" in search_edge and 'label="1 flow"' in search_edge


def test_boxes_link_to_their_pages_and_mermaid_keeps_the_notation():
    spec = context_map_spec(_mapped())
    targets = {(target.kind, target.name) for _node, target in spec.links}
    assert {("context", "Orders"), ("context", "Search"),
            ("external", "Payment provider")} <= targets
    assert spec.mermaid is not None
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), spec.mermaid)
    assert "[U,OHS,PL] \u2192 [D,CF]" in decoded
    assert "context_messaging ---|" in spec.mermaid  # a shared kernel has no direction


def test_the_map_is_deterministic():
    first, second = context_map_spec(_mapped()), context_map_spec(_mapped())
    assert first == second
    assert _svg(first) == _svg(second)


def test_mermaid_draws_undeclared_flows_both_ways_as_a_two_headed_dashed_arrow():
    system = shop()
    orders, _messaging, search = system.contexts
    system.flow(search.services[0], orders.services[0], Mechanism.SYNC_REQUEST,
                name="ask back")
    spec = context_map_spec(system)
    assert spec.mermaid is not None
    assert "context_orders <-.->" in spec.mermaid
    assert "dir=both" in spec.dot


def test_every_line_of_the_context_map_opens_a_page() -> None:
    """A line standing for one flow opens its page; for several, the list of flows; a
    relationship no flow crosses, the downstream context's page (which lists it)."""
    system = System("Shop")
    catalog, ordering, billing = (system.context(n) for n in ("Catalog", "Ordering", "Billing"))
    api, orders, bills = (c.service(f"{c.name.lower()}-api") for c in (catalog, ordering, billing))
    system.flow(orders, api, Mechanism.SYNC_REQUEST, name="read prices")
    system.relationship(upstream=catalog, downstream=ordering)
    system.relationship(upstream=ordering, downstream=billing)
    links = dict(context_map_spec(system).links)
    edges = {name: target for name, target in links.items() if "->" in name}
    assert sorted((t.kind, t.name) for t in edges.values()) == [
        ("context", "Billing"), ("flow", "read prices")]


def test_a_legend_line_sample_keeps_clear_of_its_meaning_as_browsers_draw_it() -> None:
    """Graphviz measures a box-drawing dash narrower than a browser draws it (about one em):
    the meaning must start after the sample's browser width, or the line runs over its words."""
    system = shop()  # synchronous and asynchronous flows: a legend of two line samples
    root = ET.fromstring(_svg(landscape_spec(system)))
    texts = list(root.iter("{http://www.w3.org/2000/svg}text"))
    samples = [i for i, t in enumerate(texts)
               if (t.text or "").strip("\u2500\u254c\u2508\xa0") == ""
               and (t.text or "").strip()]
    assert samples
    for i in samples:
        sample, meaning = texts[i], texts[i + 1]
        size = float(sample.get("font-size", "14"))
        drawn_end = float(sample.get("x", "0")) + len((sample.text or "").rstrip("\xa0")) * size
        leading = len(meaning.text or "") - len((meaning.text or "").lstrip())
        visible_start = float(meaning.get("x", "0")) + leading * 0.25 * size
        assert visible_start >= drawn_end, (sample.text, meaning.text)


def test_the_map_around_a_context_draws_its_pairs_and_only_them():
    system = _mapped()
    orders, messaging, search = system.contexts
    spec = context_map_spec(system, orders)
    assert spec.key == "context-map-orders"
    boxes = {target.name for name, target in spec.links if "->" not in name}
    assert boxes == {"Orders", "Search", "Payment provider"}  # Messaging: no pair with Orders
    edges = sorted(re.findall(r"(\w+) -> (\w+) \[", spec.dot))
    assert edges == [("context_orders", "context_search"),
                     ("external_payment_provider", "context_orders")]
    texts = svg_texts(_svg(spec))
    for label in ("U", "D", "OHS, PL", "CF", "ACL", "C/S"):
        assert label in texts, label
    assert "SK" not in texts and "shared kernel" not in " ".join(texts)
    # The page's own context is the box framed darker.
    framed = re.findall(r"(\w+) \[[^\]]*penwidth=2\.5", spec.dot)
    assert framed == ["context_orders"]
    assert "penwidth=2.5" not in context_map_spec(system).dot
