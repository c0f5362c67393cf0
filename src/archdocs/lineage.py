"""Multi-hop lineage: how data travels from a table of record, through change streams, topics,
consuming services and derived stores, to the services that read it.

Nodes are tables or physical structures of a datastore (``Item``) and services. Edges come
from the flows (what they carry, their topic, their ``derives`` mapping) and from derived
structures (a search index's ``source``). A path continues through a service only when the
service consumed the data asynchronously (event, CDC, batch) and writes or publishes it on,
or read it and fills a cache with it: a service answering requests does not make everything
it writes derived from everything it reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from archdocs.model.datastore import Datastore, Role
from archdocs.model.flow import Flow, Mechanism, column_references
from archdocs.model.physical import SearchIndex
from archdocs.model.scaling import table_matches
from archdocs.model.system import Service, System

MAX_HOPS = 8
MAX_PATHS = 200
_ORIGINS = (Role.SYSTEM_OF_RECORD, Role.EVENT_STORE)
_DERIVED = (Role.READ_MODEL, Role.SEARCH_INDEX, Role.ANALYTICS, Role.CACHE)


@dataclass(frozen=True)
class Item:
    """A table or structure of a datastore; ``name`` ``None`` is the store as a whole."""

    datastore: Datastore
    name: str | None

    @property
    def label(self) -> str:
        return f"{self.datastore.name}.{self.name}" if self.name else self.datastore.name

    def __hash__(self) -> int:
        return hash((id(self.datastore), self.name))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and other.datastore is self.datastore \
            and other.name == self.name


Node = Item | Service


@dataclass(frozen=True)
class Hop:
    """One edge: from a node to the next, by a flow (or a declared derivation)."""

    source: Node
    target: Node
    flow: Flow | None
    how: str
    """``cdc``, ``async-event``, ``write``, ``read``, ``derived`` …"""


@dataclass(frozen=True)
class ColumnSource:
    """Where one column of a derived table comes from, as a flow's ``derives`` declares it:
    the expression and the source columns it names (those the lineage could place)."""

    target: Item
    column: str
    expression: str
    flow: Flow
    sources: tuple[tuple[Item, str], ...]


@dataclass
class Lineage:
    """The lineage graph of one system."""

    system: System
    edges: dict[Node, list[Hop]] = field(default_factory=lambda: defaultdict(list))
    columns: dict[Item, dict[str, list[ColumnSource]]] = field(
        default_factory=lambda: defaultdict(dict))

    def column_sources(self, item: Item) -> dict[str, list[ColumnSource]]:
        """The declared column lineage of ``item``: column → where it comes from."""
        return dict(sorted(self.columns.get(item, {}).items()))

    def column_origins(self, item: Item, column: str) -> list[tuple[Item, str]]:
        """The columns of record ``item.column`` comes from, end to end: a source column
        that is itself derived (with declared column lineage) is followed back to its own
        sources."""
        found: dict[tuple[str, str], tuple[Item, str]] = {}

        def walk(node: Item, name: str, seen: frozenset[tuple[Item, str]]) -> None:
            for source in self.columns.get(node, {}).get(name, []):
                for origin in source.sources:
                    if origin in seen:
                        continue
                    if self.columns.get(origin[0], {}).get(origin[1]):
                        walk(origin[0], origin[1], seen | {origin})
                    else:
                        found[(origin[0].label, origin[1])] = origin

        walk(item, column, frozenset({(item, column)}))
        return [found[key] for key in sorted(found)]

    def add(self, hop: Hop) -> None:
        if hop.source == hop.target:
            return
        if any(h.target == hop.target and h.flow is hop.flow for h in self.edges[hop.source]):
            return
        self.edges[hop.source].append(hop)

    def paths(self, min_hops: int = 3) -> list[list[Hop]]:
        """End-to-end paths from a table of record into a derived store (read model, search
        index, cache, warehouse) and on to its readers, at least ``min_hops`` long, one per
        sequence of nodes, at most :data:`MAX_PATHS`."""
        found: dict[tuple[str, ...], list[Hop]] = {}
        for origin in self._origins():
            for path in self._walk(origin, [], {origin}, entered=None):
                if len(path) < min_hops or not any(
                        isinstance(h.target, Item) and h.target.datastore.role in _DERIVED
                        for h in path):
                    continue
                found.setdefault(tuple(_label(n) for n in _nodes(path)), path)
        kept = sorted(found.items(), key=lambda kv: (kv[0][0], -len(kv[0]), kv[0]))
        return [path for _, path in kept][:MAX_PATHS]

    def origins_of(self, item: Item) -> list[list[Hop]]:
        """The paths (from tables of record) that end at ``item``."""
        return [p[:i + 1] for p in self.paths(min_hops=1)
                for i, hop in enumerate(p) if hop.target == item]

    def _origins(self) -> Iterator[Item]:
        for datastore in self.system.datastores:
            if datastore.role not in _ORIGINS:
                continue
            names = [t.fullname for t in datastore.tables] + [s.name for s in datastore.structures]
            for name in names:
                item = Item(datastore, name)
                if self.edges.get(item):
                    yield item

    def _walk(self, node: Node, path: list[Hop], seen: set[Node],
              entered: Hop | None) -> Iterator[list[Hop]]:
        extended = False
        ended = isinstance(node, Service) and entered is not None and entered.how == "read" \
            and isinstance(entered.source, Item) and entered.source.datastore.role in _DERIVED
        if len(path) < MAX_HOPS and not ended:
            for hop in self.edges.get(node, []):
                if hop.target in seen or not _may_continue(entered, hop, path):
                    continue
                extended = True
                yield from self._walk(hop.target, [*path, hop], seen | {hop.target}, hop)
        if not extended and path:
            yield path


def _may_continue(entered: Hop | None, hop: Hop, path: list[Hop]) -> bool:
    if not isinstance(hop.source, Service):
        target = hop.target
        if isinstance(target, Item) and target.name is not None:
            return _derived_from_path(target, path, hop)
        return True
    if entered is None:
        return False
    if hop.how == "read":
        return False
    if entered.how in ("cdc", "async-event", "batch", "replication"):
        # A consumer that writes a derived store (a projection) passes the data on; one that
        # updates its own records of truth, or publishes, records a new fact, not a copy.
        return hop.how in ("write", "cache-fill") and isinstance(hop.target, Item) \
            and hop.target.datastore.role in _DERIVED and _derived_from_path(hop.target, path, hop)
    if entered.how == "read":
        return hop.how == "cache-fill"
    return False


def _derived_from_path(target: Node, path: list[Hop], hop: Hop) -> bool:
    """A search index declared as derived from a table is reached only from that table."""
    if not isinstance(target, Item) or target.name is None:
        return True
    structure = target.datastore.structure(target.name)
    if isinstance(structure, SearchIndex) and hop.how != "derived":
        origin = path[0].source if path else hop.source
        if structure.source is None or not isinstance(origin, Item):
            return False
        return f"{origin.datastore.name}.{origin.name}" == structure.source or (
            origin.name is not None and structure.source.endswith(f".{origin.name}")
            and structure.source.startswith(f"{origin.datastore.name}."))
    return True


def _nodes(path: list[Hop]) -> list[Node]:
    return [path[0].source, *(h.target for h in path)]


def _label(node: Node) -> str:
    return node.label if isinstance(node, Item) else node.name


def build(system: System) -> Lineage:
    """The lineage graph of ``system``."""
    lineage = Lineage(system)
    for flow in system.flows:
        _flow_edges(system, lineage, flow)
    for datastore in system.datastores:
        for structure in datastore.structures:
            if isinstance(structure, SearchIndex) and structure.source:
                store, _, table = structure.source.partition(".")
                source = system.find_datastore(store)
                if source is not None and table and source.table(table) is not None:
                    lineage.add(Hop(Item(source, _name_in(source, table)),
                                    Item(datastore, structure.name), None, "derived"))
    return lineage


def _name_in(datastore: Datastore, name: str) -> str:
    table = datastore.table(name)
    return table.fullname if table is not None else name


def _items(datastore: Datastore, flow: Flow) -> list[Item]:
    """What ``flow`` carries that ``datastore`` holds."""
    found = []
    for name in flow.carried_tables:
        if datastore.structure(name) is not None:
            found.append(Item(datastore, name))
        elif datastore.table(name) is not None:
            found.append(Item(datastore, _name_in(datastore, name)))
    return found


def _channel(system: System, flow: Flow) -> Item | None:
    if flow.delivery is None or flow.delivery.channel is None:
        return None
    for end in (flow.via, flow.target, flow.source):
        broker = system.resolve(end) if end is not None else None
        if isinstance(broker, Datastore) and broker.structure(flow.delivery.channel) is not None:
            return Item(broker, flow.delivery.channel)
    return None


def _flow_edges(system: System, lineage: Lineage, flow: Flow) -> None:
    source, target = system.resolve(flow.source), system.resolve(flow.target)
    if source is None or target is None:
        return
    how = flow.mechanism.value
    channel = _channel(system, flow)
    if isinstance(source, Datastore):
        starts: list[Node] = list(_items(source, flow)) or (
            [channel] if channel is not None and channel.datastore is source else [])
        if isinstance(target, Datastore):
            _into_store(lineage, flow, starts, target, how, channel)
        elif isinstance(target, Service):
            for start in starts:
                if channel is not None and channel != start:
                    lineage.add(Hop(start, channel, flow, how))
                    lineage.add(Hop(channel, target, flow, how))
                else:
                    lineage.add(Hop(start, target, flow, how))
        return
    if not isinstance(source, Service):
        return
    if isinstance(target, Datastore):
        items = _items(target, flow) or ([channel] if channel is not None else [])
        mode = "cache-fill" if flow.mechanism is Mechanism.CACHE_FILL else "write"
        for item in items:
            if flow.effective_access.writes or flow.mechanism is Mechanism.CACHE_FILL:
                lineage.add(Hop(source, item, flow, mode))
            if flow.effective_access.reads:
                lineage.add(Hop(item, source, flow, "read"))
    elif isinstance(target, Service) and channel is not None:
        lineage.add(Hop(source, channel, flow, "publish"))
        lineage.add(Hop(channel, target, flow, how))


def _into_store(lineage: Lineage, flow: Flow, starts: list[Node], target: Datastore, how: str,
                channel: Item | None) -> None:
    if channel is not None and channel.datastore is target:
        for start in starts:
            lineage.add(Hop(start, channel, flow, how))
        return
    derives = flow.derives
    if derives:
        for made, sources in derives.items():
            made_item = Item(target, _name_in(target, made))
            _column_sources(lineage, flow, starts, made_item, flow.derived_columns.get(made, {}))
            for start in starts:
                if isinstance(start, Item) and start.name is not None and any(
                        table_matches(s, start.name) for s in sources):
                    lineage.add(Hop(start, made_item, flow, how))
        return
    for start in starts:
        name = start.name if isinstance(start, Item) else None
        same = name is not None and (target.table(name) is not None
                                     or target.structure(name) is not None)
        lineage.add(Hop(start, Item(target, _name_in(target, name) if same and name else None),
                        flow, how))


def _column_sources(lineage: Lineage, flow: Flow, starts: list[Node], made: Item,
                    columns: Mapping[str, str]) -> None:
    for column, expression in columns.items():
        sources: list[tuple[Item, str]] = []
        for table, name in column_references(expression):
            for start in starts:
                if isinstance(start, Item) and start.name is not None \
                        and table_matches(table, start.name):
                    sources.append((start, name))
                    break
        lineage.columns[made].setdefault(column, []).append(
            ColumnSource(made, column, expression, flow, tuple(sources)))


def describe(path: list[Hop]) -> str:
    """``catalog-db.products → event-bus.catalog.cdc.products → search-indexer → …``"""
    return " → ".join([_label(path[0].source), *(_label(h.target) for h in path)])


__all__ = ["ColumnSource", "Hop", "Item", "Lineage", "Node", "build", "describe"]
