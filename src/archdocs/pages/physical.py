"""Pages of physical structures (topics, queues, key patterns, collections, search indexes,
wide-column tables, hypertables) and the sections that show them, and the delivery contracts
of flows, on datastore and flow pages.

Registered in :data:`archdocs.pages.page.PROVIDERS` and ``ELEMENT_SECTIONS``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.physical import (
    Collection,
    ConsumerGroup,
    EventContract,
    Exchange,
    Hypertable,
    KeyPattern,
    Queue,
    Retention,
    SearchIndex,
    Structure,
    Topic,
    WideColumnTable,
    format_period,
    format_size,
    parse_period,
)
from archdocs.model.system import System
from archdocs.naming import slugify
from archdocs.pages import markdown as md
from archdocs.pages.page import Asset, Page, SiteContext, relative_link
from archdocs.pages.paths import SitePaths


def structure_path(paths: SitePaths, system: System, datastore: Datastore,
                   structure: Structure) -> str:
    """``…/datastores/<store>/<kind>/<name>.md``: beside the store's table pages."""
    folder = paths.datastore(system, datastore).removesuffix(".md")
    return f"{folder}/{structure.KIND}/{slugify(structure.name)}.md"


def structure_link(paths: SitePaths, system: System, from_page: str, datastore: Datastore,
                   structure: Structure) -> str:
    return md.link(structure.name, relative_link(
        from_page, structure_path(paths, system, datastore, structure)))


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    """A page per structure of every datastore that declares them."""
    for system in ctx.model.systems:
        for datastore in system.datastores:
            for structure in datastore.structures:
                yield _structure_page(ctx, system, datastore, structure)


def element_section(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """"Physical structures" on a datastore's page; "Delivery contract" and "Event contracts"
    on an asynchronous flow's page."""
    if isinstance(element, Datastore) and element.structures:
        return _structures_section(ctx.paths, system, element, page_path)
    if isinstance(element, Flow):
        return _flow_section(ctx.paths, system, element, page_path)
    return ""


# -- datastore section --------------------------------------------------------------------------


def _structures_section(paths: SitePaths, system: System, datastore: Datastore,
                        page: str) -> str:
    out = ["\n## Physical structures\n\n"]

    def link(structure: Structure) -> str:
        return structure_link(paths, system, page, datastore, structure)

    topics = datastore.structures_of(Topic)
    if topics:
        out.append("### Topics\n\n")
        out.append(md.table(
            ["Topic", "Partitions", "Key", "Retention", "Replication factor",
             "Consumer groups", "Events"],
            [[link(t), t.partitions, md.code(t.key) if t.key else "",
              md.escape(_retention(t.retained, t.compacted)), t.replication_factor,
              ", ".join(md.escape(g.name) for g in _groups(t)),
              ", ".join(md.code(e) for e in t.event_names)] for t in topics]))
    queues = datastore.structures_of(Queue)
    if queues:
        out.append("\n### Queues\n\n")
        out.append(md.table(
            ["Queue", "Type", "Durable", "Dead letters", "Message TTL"],
            [[link(q), md.escape(q.type.value), "yes" if q.durable else "no",
              md.escape(q.dead_letter or "none"),
              md.escape(_period(q.message_ttl)) if q.message_ttl else ""] for q in queues]))
    exchanges = datastore.structures_of(Exchange)
    if exchanges:
        out.append("\n### Exchanges\n\n")
        out.append(md.table(
            ["Exchange", "Type", "Durable", "Bindings"],
            [[link(x), md.escape(x.type.value), "yes" if x.durable else "no",
              ", ".join(f"{md.code(b.pattern)} → {md.escape(b.queue)}" for b in x.bindings)]
             for x in exchanges]))
    keys = datastore.structures_of(KeyPattern)
    if keys:
        out.append("\n### Key patterns\n\n")
        out.append(md.table(
            ["Key", "Type", "TTL", "Keys", "Value size"],
            [[link(k), md.escape(k.type.value), md.escape(_period(k.ttl)) if k.ttl else "none",
              f"{k.expected_count:,.0f}" if k.expected_count is not None else "",
              md.escape(format_size(k.value_bytes)) if k.value_bytes else ""] for k in keys]))
        facts = []
        if datastore.memory is not None:
            facts.append(f"memory limit {md.escape(datastore.memory)}")
        if datastore.eviction is not None:
            facts.append(f"eviction {md.code(datastore.eviction.value)}")
        if facts:
            out.append(f"\nPer node: {', '.join(facts)}.\n")
    collections = datastore.structures_of(Collection)
    if collections:
        out.append("\n### Collections\n\n")
        out.append(md.table(
            ["Collection", "Fields", "Indexes", "Shard key", "Schema enforced", "Documents"],
            [[link(c), len(c.top_fields),
              ", ".join(md.code(i) for i in c.indexes) or "only _id",
              ", ".join(md.code(k) for k in c.shard_key) or "unsharded",
              "yes ($jsonSchema)" if c.validation else "documented only",
              f"{c.documents:,}" if c.documents is not None else ""] for c in collections]))
    indexes = datastore.structures_of(SearchIndex)
    if indexes:
        out.append("\n### Search indexes\n\n")
        out.append(md.table(
            ["Index", "Fields", "Shards", "Replicas", "Derived from", "Lifecycle"],
            [[link(i), len(i.mappings), i.shards, i.replicas, md.escape(i.source or ""),
              md.escape(i.lifecycle or "")] for i in indexes]))
    wide = datastore.structures_of(WideColumnTable)
    if wide:
        out.append("\n### Tables (query-first)\n\n")
        out.append(md.table(
            ["Table", "Partition key", "Sort key", "Secondary indexes"],
            [[link(w), ", ".join(md.code(k) for k in w.partition_key),
              ", ".join(md.code(k) for k in w.sort_key),
              ", ".join(md.escape(i.name) for i in w.indexes)] for w in wide]))
    hyper = datastore.structures_of(Hypertable)
    if hyper:
        out.append("\n### Hypertables\n\n")
        out.append(md.table(
            ["Hypertable", "Time column", "Chunk", "Retention", "Compression",
             "Continuous aggregates"],
            [[link(h), md.code(h.time_column), md.escape(_period(h.chunk_interval)),
              md.escape(_retention(h.retention if isinstance(h.retention, Retention)
                                   else Retention(), False)),
              md.escape(f"after {_period(h.compress_after)}" if h.compress_after else "none"),
              ", ".join(md.escape(f"{a.name} ({_period(a.bucket)})") for a in h.aggregates)]
             for h in hyper]))
    return "".join(out)


def _groups(topic: Topic) -> list[ConsumerGroup]:
    """The consumer groups of ``topic``. ``Topic.__post_init__`` already turns each name into
    a :class:`ConsumerGroup`; the field's type still admits the names it was given."""
    return [g if isinstance(g, ConsumerGroup) else ConsumerGroup(g, declared_at=topic.declared_at)
            for g in topic.consumer_groups]


def _period(value: Any) -> str:
    return format_period(parse_period(value, what="period"))


def _retention(retention: Retention, compacted: bool) -> str:
    text = str(retention)
    if compacted:
        return "compacted" if retention.forever else f"compacted, {text}"
    return text


# -- flow section -------------------------------------------------------------------------------


def _flow_section(paths: SitePaths, system: System, flow: Flow, page: str) -> str:
    delivery = flow.delivery
    if delivery is None and not flow.contracts:
        return ""
    out = []
    broker = system.find_datastore(flow.via if flow.via is not None else
                                   _datastore_end(system, flow))
    if delivery is not None:
        out.append("\n## Delivery contract\n\n")
        channel = md.escape(delivery.channel or "not stated")
        if broker is not None and delivery.channel is not None:
            structure = broker.structure(delivery.channel)
            if structure is not None:
                channel = structure_link(paths, system, page, broker, structure)
        dead = delivery.dead_letter_path
        facts = [
            ("Guarantee", md.escape(delivery.guarantee.value)),
            ("Topic or queue", channel),
            ("Ordering key", md.code(delivery.ordering_key) if delivery.ordering_key
             else "none (no order promised)"),
            ("Idempotency", f"consumer deduplicates on {md.code(delivery.idempotency_key)}"
             if delivery.idempotency_key else "not declared"),
            ("Consumer group", md.escape(delivery.consumer_group or "not stated")),
            ("Retries", md.escape(str(delivery.retry)) if delivery.retry else "none declared"),
            ("Dead letters", md.escape(str(dead)) if dead else "none declared"),
        ]
        out.append(md.table(["", ""], [[f"**{k}**", v] for k, v in facts]))
    if flow.contracts:
        out.append("\n## Event contracts\n\n")
        out.append(md.table(["Event", "Version", "Key", "Fields"], [
            [md.code(c.name), c.version, md.code(c.key) if c.key else "",
             ", ".join(md.code(f) for f in c.json_schema.get("properties", {}))]
            for c in flow.contracts]))
        for contract in flow.contracts:
            out.append(_schema_block(contract))
    return "".join(out)


def _datastore_end(system: System, flow: Flow) -> Element | str | None:
    for end in (flow.target, flow.source):
        if isinstance(system.resolve(end), Datastore):
            return end
    return None


def _schema_block(contract: EventContract) -> str:
    schema = contract.json_schema
    if not schema:
        return ""
    title = f"{contract.name} v{contract.version} payload (JSON Schema)"
    return f'\n??? note "{md.escape(title)}"\n\n' + _indent(_json_fence(schema), 4) + "\n"


def _json_fence(value: Any) -> str:
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}json\n{text}\n{fence}\n"


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


# -- structure pages ----------------------------------------------------------------------------


def _structure_page(ctx: SiteContext, system: System, datastore: Datastore,
                    structure: Structure) -> Page:
    paths = ctx.paths
    page = structure_path(paths, system, datastore, structure)
    store_link = md.link(datastore.name, relative_link(page, paths.datastore(system, datastore)))
    out = [f"# {md.escape(structure.TITLE)}: {md.escape(structure.name)}\n\n"]
    facts: list[tuple[str, str]] = [("Datastore", store_link),
                                   ("Technology", md.escape(datastore.technology.label))]
    facts += _facts_of(structure)
    location = structure.declared_at
    if ctx.model is not None:
        location = ctx.model.display_path(location)
    facts.append(("Declared in", md.path_code(f"{location.file}:{location.line}")))
    out.append(md.table(["", ""], [[f"**{k}**", v] for k, v in facts]))
    if structure.description:
        out.append("\n" + md.paragraph(structure.description))
    spec = _diagram(system, datastore, structure)
    if spec is not None:
        out.append("\n" + ctx.diagram(page, spec))
    out.append(_details_of(structure))
    flows = _flows_through(system, datastore, structure)
    out.append("\n## Flows\n\n")
    if flows:
        out.append(md.table(["Flow", "From", "To", "Mechanism"], [
            [md.link(f.name, relative_link(page, paths.flow(system, f))),
             md.escape(f.endpoint_names[0]), md.escape(f.endpoint_names[1]),
             md.escape(f.mechanism.value)] for f in flows]))
    else:
        out.append("No flow names it.\n")
    return Page(page, f"{structure.name} ({datastore.name})", "".join(out))


def _flows_through(system: System, datastore: Datastore, structure: Structure) -> list[Flow]:
    found = []
    for flow in system.flows:
        ends = {id(system.resolve(e)) for e in (flow.source, flow.target, flow.via)
                if e is not None}
        if id(datastore) not in ends:
            continue
        channel = flow.delivery.channel if flow.delivery is not None else None
        if structure.name in flow.carried_tables or channel == structure.name:
            found.append(flow)
    return found


def _facts_of(structure: Structure) -> list[tuple[str, str]]:
    if isinstance(structure, Topic):
        facts = [("Partitions", str(structure.partitions)),
                 ("Message key", md.code(structure.key) if structure.key else "none"),
                 ("Retention", md.escape(_retention(structure.retained, structure.compacted))),
                 ("Replication factor", str(structure.replication_factor))]
        if structure.min_insync_replicas is not None:
            facts.append(("min.insync.replicas", str(structure.min_insync_replicas)))
        if structure.messages_per_day is not None:
            facts.append(("Messages per day", f"{structure.messages_per_day:,.0f}"))
        if structure.message_bytes is not None:
            facts.append(("Message size", md.escape(format_size(structure.message_bytes))))
        return facts
    if isinstance(structure, Queue):
        return [("Type", md.escape(structure.type.value)),
                ("Durable", "yes" if structure.durable else "no"),
                ("Dead letters", md.escape(structure.dead_letter or "none")),
                ("Replayable", "no: a consumed message is gone")]
    if isinstance(structure, Exchange):
        return [("Type", md.escape(structure.type.value)),
                ("Durable", "yes" if structure.durable else "no")]
    if isinstance(structure, KeyPattern):
        return [("Value type", md.escape(structure.type.value)),
                ("TTL", md.escape(_period(structure.ttl)) if structure.ttl else "none"),
                ("Variable parts", ", ".join(md.code(p) for p in structure.placeholders)),
                ("Expected keys", f"{structure.expected_count:,.0f}"
                 if structure.expected_count is not None else "not stated")]
    if isinstance(structure, Collection):
        return [("Shard key", ", ".join(md.code(k) for k in structure.shard_key) or "unsharded"),
                ("Schema enforced", "yes ($jsonSchema validator)" if structure.validation
                 else "no, documented only")]
    if isinstance(structure, SearchIndex):
        return [("Shards", str(structure.shards)), ("Replicas", str(structure.replicas)),
                ("Derived from", md.escape(structure.source or "not stated")),
                ("Lifecycle", md.escape(structure.lifecycle or "not stated")),
                ("Aliases", ", ".join(md.code(a) for a in structure.aliases) or "none")]
    if isinstance(structure, WideColumnTable):
        return [("Partition key", ", ".join(md.code(k) for k in structure.partition_key)),
                ("Sort key", ", ".join(md.code(k) for k in structure.sort_key) or "none"),
                ("TTL attribute", md.code(structure.ttl_attribute)
                 if structure.ttl_attribute else "none")]
    if isinstance(structure, Hypertable):
        return [("Time column", md.code(structure.time_column)),
                ("Chunk interval", md.escape(_period(structure.chunk_interval))),
                ("Space partition", md.code(structure.space_partition)
                 if structure.space_partition else "none"),
                ("Retention", md.escape(str(structure.retention or "forever"))),
                ("Compression", md.escape(f"after {_period(structure.compress_after)}")
                 if structure.compress_after else "none")]
    return []


def _details_of(structure: Structure) -> str:
    out: list[str] = []
    if isinstance(structure, Topic):
        if structure.consumer_groups:
            out.append("\n## Consumer groups\n\n")
            out.append(md.table(["Group", "Consumer"], [
                [md.escape(g.name), md.escape(g.consumer if isinstance(g.consumer, str)
                                              else getattr(g.consumer, "name", ""))]
                for g in _groups(structure)]))
        contracts = [e for e in structure.events if isinstance(e, EventContract)]
        if structure.events:
            out.append("\n## Events\n\n")
            out.append(md.table(["Event", "Version", "Key"], [
                [md.code(e if isinstance(e, str) else e.name),
                 "" if isinstance(e, str) else e.version,
                 "" if isinstance(e, str) or not e.key else md.code(e.key)]
                for e in structure.events]))
            out.extend(_schema_block(c) for c in contracts)
    elif isinstance(structure, Exchange) and structure.bindings:
        out.append("\n## Bindings\n\n")
        out.append(md.table(["Routing key pattern", "Queue"], [
            [md.code(b.pattern), md.escape(b.queue)] for b in structure.bindings]))
    elif isinstance(structure, KeyPattern) and structure.fields:
        out.append("\n## Fields\n\n" + "".join(f"- {md.code(f)}\n" for f in structure.fields))
    elif isinstance(structure, Collection):
        if structure.relations:
            out.append("\n## Embedded and referenced\n\n")
            out.append(md.table(["Field", "How", "What", "Note"], [
                [md.code(r.field), md.escape(r.kind.value), md.escape(r.target),
                 md.escape(r.note)] for r in structure.relations]))
        out.append("\n## Indexes\n\n")
        out.append("".join(f"- {md.code(i)}\n" for i in
                           ("{_id: 1} unique", *structure.indexes)))
        if structure.json_schema:
            out.append("\n## Document shape (JSON Schema)\n\n" + _json_fence(structure.json_schema))
    elif isinstance(structure, SearchIndex) and structure.mappings:
        out.append("\n## Mapping\n\n")
        out.append(md.table(["Field", "Type", "Analyzer", "Note"], [
            [md.code(m.name), md.code(m.type), md.escape(m.analyzer or ""), md.escape(m.note)]
            for m in structure.mappings]))
    elif isinstance(structure, WideColumnTable):
        if structure.attributes:
            out.append("\n## Attributes\n\n")
            out.append(md.table(["Attribute", "Type"], [
                [md.code(k), md.code(v)] for k, v in structure.attributes.items()]))
        if structure.indexes:
            out.append("\n## Secondary indexes\n\n")
            out.append(md.table(["Index", "Kind", "Partition key", "Sort key", "Projection"], [
                [md.escape(i.name), md.escape(i.kind.value),
                 ", ".join(md.code(k) for k in i.partition_key),
                 ", ".join(md.code(k) for k in i.sort_key), md.escape(i.projection)]
                for i in structure.indexes]))
    elif isinstance(structure, Hypertable) and structure.aggregates:
        out.append("\n## Continuous aggregates\n\n")
        out.append(md.table(["Aggregate", "Bucket", "Grouped by", "Retention"], [
            [md.escape(a.name), md.escape(_period(a.bucket)),
             ", ".join(md.code(g) for g in a.group_by),
             md.escape(str(a.retention or "as the hypertable"))] for a in structure.aggregates]))
    return "".join(out)


__all__: Sequence[str] = ("element_section", "pages", "structure_link", "structure_path")


# -- lineage ------------------------------------------------------------------------------------


def lineage_sections(paths: SitePaths, system: System, page: str) -> str:
    """"End-to-end paths" and "Where derived data comes from" for the lineage page."""
    from archdocs.lineage import Item, build

    lineage = build(system)

    def link(node: object) -> str:
        if isinstance(node, Item):
            datastore, name = node.datastore, node.name
            if name is None:
                return md.link(datastore.name, relative_link(page, paths.datastore(
                    system, datastore)))
            structure = datastore.structure(name)
            if structure is not None:
                return md.link(node.label, relative_link(
                    page, structure_path(paths, system, datastore, structure)))
            table = datastore.table(name)
            if table is not None:
                return md.link(node.label, relative_link(page, paths.table(
                    system, datastore, table)))
            return md.escape(node.label)
        element = node if isinstance(node, Element) else None
        target = paths.element(system, element) if element is not None else None
        label = getattr(node, "name", "?")
        return md.link(label, relative_link(page, target)) if target else md.escape(label)

    def flow_link(flow: Flow | None, how: str) -> str:
        if flow is None:
            return md.escape(how)
        return md.link(f"{how}", relative_link(page, paths.flow(system, flow)))

    out = []
    long_paths = lineage.paths(min_hops=3)
    out.append("\n## End-to-end paths\n\n")
    if long_paths:
        out.append("From a table of record, through change streams, topics and the services "
                   "that consume them, into derived stores and their readers (three hops or "
                   "more). Each arrow links the flow it follows.\n\n")
        rows = []
        for path in long_paths:
            cells = [link(path[0].source)]
            for hop in path:
                cells.append(f"—{flow_link(hop.flow, hop.how)}→ {link(hop.target)}")
            rows.append([" ".join(cells), str(len(path))])
        out.append(md.table(["Path", "Hops"], rows))
    else:
        out.append("No path of three hops or more from a table of record into a derived "
                   "store.\n")
    derived: dict[str, tuple[object, set[str], list[str]]] = {}
    for path in lineage.paths(min_hops=1):
        for index, hop in enumerate(path):
            target = hop.target
            if isinstance(target, Item) and target.datastore.role.value in (
                    "read-model", "search-index", "analytics", "cache") and target.name:
                entry = derived.setdefault(target.label, (target, set(), []))
                entry[1].add(link(path[0].source))
                through = " → ".join(
                    flow_link(h.flow, h.how) for h in path[:index + 1])
                if through not in entry[2]:
                    entry[2].append(through)
    if derived:
        out.append("\n## Where derived data comes from\n\n")
        out.append(md.table(["Derived", "From", "Through"], [
            [link(node), ", ".join(sorted(origins)), "<br>".join(sorted(throughs))]
            for _, (node, origins, throughs) in sorted(derived.items())]))
    for item in sorted(lineage.columns, key=lambda i: i.label):
        if item.name is not None:
            out.append(column_lineage(paths, system, page, lineage, item.datastore, item.name,
                                      heading=f"\n## Column lineage: {link(item)}\n\n"))
    return "".join(out)


def column_lineage(paths: SitePaths, system: System, page: str, lineage: Any,
                   datastore: Datastore, name: str, *, heading: str) -> str:
    """Where each column of a derived table comes from, as the flows' ``derives`` declare it:
    the expression, the flow, and the columns of record end to end. Empty when none is
    declared."""
    from archdocs.lineage import Item

    item = Item(datastore, name)
    declared = lineage.column_sources(item)
    if not declared:
        return ""

    def column(node: Item, col: str) -> str:
        table = node.datastore.table(node.name) if node.name else None
        text = md.code(f"{node.label}.{col}")
        if table is None:
            return text
        return md.link(f"{node.label}.{col}", relative_link(
            page, paths.table(system, node.datastore, table)))

    rows = []
    for col, sources in declared.items():
        origins = ", ".join(column(o, c) for o, c in lineage.column_origins(item, col))
        for source in sources:
            rows.append([md.code(col), md.code(source.expression),
                         md.link(source.flow.name, relative_link(
                             page, paths.flow(system, source.flow))),
                         origins or "—"])
    return (heading + "As the flows feeding it declare (`derives=`): each column, the "
            "expression it is computed from, the flow, and the columns of record it comes "
            "from end to end.\n\n"
            + md.table(["Column", "Computed from", "Flow", "Columns of record"], rows))


def derived_origins(system: System) -> dict[tuple[int, str], list[str]]:
    """Tables of record each derived table or structure comes from, by (id(datastore), name)."""
    from archdocs.lineage import Item, build

    found: dict[tuple[int, str], set[str]] = {}
    for path in build(system).paths(min_hops=1):
        origin = path[0].source
        for hop in path:
            target = hop.target
            if isinstance(target, Item) and target.name and isinstance(origin, Item):
                found.setdefault((id(target.datastore), target.name), set()).add(origin.label)
    return {key: sorted(value) for key, value in found.items()}


def _diagram(system: System, datastore: Datastore, structure: Structure) -> Any:
    """Where a structure sits: producers → topic → consumer groups (and dead letters); a
    collection and what it embeds or references; a derived index and its source; a
    hypertable and its continuous aggregates. ``None`` when there is nothing to draw."""
    from archdocs.render.graph import graph_spec

    me = f"{structure.KIND}:{structure.name}"
    nodes: list[tuple[str, str]] = [(me, f"{structure.TITLE}\n{structure.name}")]
    edges: list[tuple[str, str, str]] = []
    if isinstance(structure, Topic | Queue):
        for flow in _flows_through(system, datastore, structure):
            source, target = flow.endpoint_names
            if source != datastore.name:
                edges.append((f"producer:{source}", me, flow.mechanism.value))
                nodes.append((f"producer:{source}", source))
            if target != datastore.name:
                label = flow.delivery.guarantee.value if flow.delivery else ""
                edges.append((me, f"consumer:{target}", label))
                nodes.append((f"consumer:{target}", target))
                dead = flow.delivery.dead_letter_path if flow.delivery else None
                if dead is not None and dead.channel:
                    nodes.append((f"dlq:{dead.channel}", f"dead letters\n{dead.channel}"))
                    edges.append((f"consumer:{target}", f"dlq:{dead.channel}", "after retries"))
        if isinstance(structure, Topic):
            for group in _groups(structure):
                consumer = group.consumer if isinstance(group.consumer, str) else \
                    getattr(group.consumer, "name", group.name)
                if not any(e[1] == f"consumer:{consumer}" for e in edges):
                    nodes.append((f"consumer:{consumer}", consumer or group.name))
                    edges.append((me, f"consumer:{consumer}", f"group {group.name}"))
    elif isinstance(structure, Collection):
        for relation in structure.relations:
            nodes.append((f"rel:{relation.target}", relation.target))
            edges.append((me, f"rel:{relation.target}",
                          f"{relation.kind.value}: {relation.field}"))
    elif isinstance(structure, SearchIndex) and structure.source:
        nodes.append((f"source:{structure.source}", structure.source))
        edges.append((f"source:{structure.source}", me, "derived from"))
    elif isinstance(structure, Hypertable):
        for aggregate in structure.aggregates:
            nodes.append((f"agg:{aggregate.name}", f"{aggregate.name}\n"
                          f"per {_period(aggregate.bucket)}"))
            edges.append((me, f"agg:{aggregate.name}", "continuous aggregate"))
    if not edges:
        return None
    key = f"structure-{slugify(datastore.name)}-{structure.KIND}-{slugify(structure.name)}"
    return graph_spec(key, f"{structure.TITLE} {structure.name}", nodes, edges)
