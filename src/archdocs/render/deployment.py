"""The deployment view: where datastores run, drawn from the model's servers, replicas, shards
and cluster nodes.

Regions are frames, availability zones are columns inside them, and each server (or a
datastore with no server) is one row: its primary in its first zone, its replicas in the
zones after it, each saying how it is fed (sync or async). No arrows: between columns they
would have to detour around the zone frames, and the row already says whose copy a replica
is. A cluster of many nodes (brokers, data nodes) is
one box per zone with a count, and shards are a line on the primary, never one box each: the
picture must stay legible at page width however big the estate (aggregate, do not shrink).

The DOT is written here directly (no icons), sorted, with ids derived from positions in that
sorted order, so the same model always gives the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from archdocs.model.datastore import Datastore
from archdocs.model.deployment import Server
from archdocs.model.scaling import Replication, ReplicationMode
from archdocs.model.system import System
from archdocs.model.technology import Kind
from archdocs.naming import slug_base
from archdocs.render.escape import dot_html, shorten
from archdocs.render.spec import DiagramSpec, LinkTarget

PRIMARY, REPLICA, CLUSTER_NODE = "primary", "replica", "node"
_FILL = {PRIMARY: "#E5F5FD", REPLICA: "#FFFFFF", CLUSTER_NODE: "#E8F5E9"}
_BORDER = {PRIMARY: "solid", REPLICA: "dashed", CLUSTER_NODE: "solid"}
_NODE_MEANING = {
    PRIMARY: "primary: takes the writes",
    REPLICA: "replica or standby (a copy)",
    CLUSTER_NODE: "nodes of a cluster (brokers, data nodes)",
}
_NO_ZONE = ""
_NO_REGION = ""


@dataclass(frozen=True)
class Box:
    """One box of the deployment view: ``count`` nodes of one ``role`` of a host in a zone."""

    role: str
    zone: str
    count: int = 1
    detail: str = ""
    """``standby``, ``read replica``, ``broker``, ``data node``, shards on the primary."""
    mode: str = ""
    """How a replica is fed: ``sync``, ``async``, ``semi-sync``, or not declared."""


@dataclass
class Host:
    """A server, or a datastore that declares no server: one row of the view."""

    name: str
    region: str
    zones: tuple[str, ...]
    datastores: list[Datastore]
    server: Server | None
    boxes: list[Box] = field(default_factory=list)


def hosts_of(datastores: Iterable[Datastore]) -> list[Host]:
    """The hosts the datastores run on, each with its boxes, sorted by region and name."""
    by_server: dict[int, Host] = {}
    hosts: list[Host] = []
    for datastore in datastores:
        server = datastore.server
        if server is not None and id(server) in by_server:
            by_server[id(server)].datastores.append(datastore)
            continue
        host = Host(
            name=server.name if server is not None else datastore.name,
            region=(server.region if server is not None and server.region
                    else datastore.region or _NO_REGION),
            zones=tuple(server.zones) if server is not None else (),
            datastores=[datastore], server=server)
        if server is not None:
            by_server[id(server)] = host
        hosts.append(host)
    for host in hosts:
        host.datastores.sort(key=lambda d: d.name)
        host.boxes = _boxes(host)
    # Hosts spanning the most zones first: their rows reach the last zone's column, which then
    # starts at the top of the frame instead of floating beside the middle rows.
    return sorted(hosts, key=lambda h: (h.region, -len({b.zone for b in h.boxes}), h.name))


def _boxes(host: Host) -> list[Box]:
    zones = host.zones or (_NO_ZONE,)
    nodes = max((d.nodes or 0 for d in host.datastores), default=0)
    if nodes > 1:
        # A cluster: its nodes spread over its zones in turn; one box per zone with a count.
        per_zone = {zone: 0 for zone in zones}
        for n in range(nodes):
            per_zone[zones[n % len(zones)]] += 1
        noun = "broker" if any(d.technology.kind is Kind.EVENT_LOG for d in host.datastores) \
            else "data node" if any(d.technology.kind is Kind.SEARCH for d in host.datastores) \
            else "node"
        return [Box(CLUSTER_NODE, zone, count, noun) for zone, count in per_zone.items()
                if count]
    replication = _replication(host)
    replicas = host.server.replicas if host.server is not None else (
        replication.replicas if replication is not None else 0)
    readable = replication.readable if replication is not None else None
    noun = "read replica" if readable else "standby" if readable is False else "replica"
    mode = {ReplicationMode.SYNC: "sync", ReplicationMode.ASYNC: "async",
            ReplicationMode.SEMI_SYNC: "semi-sync"}.get(
        replication.mode) if replication is not None else None
    boxes = [Box(PRIMARY, zones[0], 1, _shards(host))]
    in_zone: dict[str, int] = {}
    for n in range(1, replicas + 1):
        zone = zones[n % len(zones)]
        in_zone[zone] = in_zone.get(zone, 0) + 1
    boxes += [Box(REPLICA, zone, count, noun, mode or "") for zone, count in in_zone.items()]
    return boxes


def _replication(host: Host) -> Replication | None:
    return next((d.scaling.replication for d in host.datastores
                 if d.scaling.replication is not None), None)


def _shards(host: Host) -> str:
    shards = [s for d in host.datastores for s in d.scaling.sharding]
    if not shards:
        return ""
    most = max(s.shards for s in shards)
    keys = sorted({s.key for s in shards})
    return f"{most} shards by {shorten(keys[0], 16)}" + (
        f" +{len(keys) - 1} key{'s' if len(keys) > 2 else ''}" if len(keys) > 1 else "")


def _box_lines(host: Host, box: Box) -> tuple[list[str], list[str]]:
    """The bold lines (what runs there) and the grey ones (role, server) of a box."""
    names = [d.name for d in host.datastores]
    shown = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
    title = [shorten(shown, 28)]
    if box.role == PRIMARY:
        role = "primary" + (f" \u00b7 {box.detail}" if box.detail else "")
    else:
        role = f"{box.count} {box.detail}{'' if box.count == 1 else 's'}" + (
            f" \u00b7 {box.mode}" if box.mode else "")
    grey = [role]
    if host.server is not None:
        grey.append(shorten(f"on {host.server.name}", 30))
    else:
        # As the deployment table says it: the datastore runs on a node of its own.
        grey.append(f"own ({host.datastores[0].hosting.value})")
    return title, grey


# -- DOT -----------------------------------------------------------------------------------


def deployment_spec(system: System, datastores: Sequence[Datastore] | None = None,
                    *, key: str = "deployment", title: str | None = None) -> DiagramSpec:
    """The deployment of ``datastores`` (all of the system's by default): regions, zones,
    primaries, replicas, cluster nodes and shards, each box linked to its datastore's page."""
    hosts = hosts_of(system.datastores if datastores is None else datastores)
    ids: dict[tuple[int, int], str] = {}
    for h, host in enumerate(hosts):
        for b, _ in enumerate(host.boxes):
            ids[(h, b)] = f"h{h}_b{b}"
    regions = sorted({host.region for host in hosts})
    zones_of: dict[str, list[str]] = {
        region: sorted({box.zone for host in hosts if host.region == region
                        for box in host.boxes}) for region in regions}

    dot = [
        "digraph {",
        '  graph [rankdir=LR, newrank=true, pad="0.3", nodesep="0.25", ranksep="0.5", '
        'fontname="Sans-Serif", fontsize=13, label=""];',
        '  node [shape=box, style="rounded,filled", color="#7B8894", fontname="Sans-Serif", '
        'fontsize=12, margin="0.12,0.06"];',
        '  edge [color="#7B8894", arrowsize=0.7];',
    ]
    links: dict[str, LinkTarget] = {}
    used_roles: set[str] = set()
    for r, region in enumerate(regions):
        indent = "  "
        if region != _NO_REGION:
            dot.append(f"  subgraph cluster_r{r} {{")
            dot.append(f'    graph [label=<<B>{dot_html(shorten(region, 40))}</B>>, '
                       'style="rounded", color="#AEB6BE", labeljust="l"];')
            indent = "    "
        for z, zone in enumerate(zones_of[region]):
            inner = indent
            if zone != _NO_ZONE:
                dot.append(f"{indent}subgraph cluster_r{r}_z{z} {{")
                dot.append(f'{indent}  graph [label={_quoted_html(shorten(zone, 30))}, '
                           'style="rounded,filled", fillcolor="#F7F9FA", color="#D0D6DC"];')
                inner = indent + "  "
            # Left to right turned to top to bottom: Graphviz puts the first node of a rank at
            # the bottom, so hosts are written last first to read in their sorted order.
            for h, host in reversed(list(enumerate(hosts))):
                if host.region != region:
                    continue
                for b, box in enumerate(host.boxes):
                    if box.zone != zone:
                        continue
                    node_id = ids[(h, b)]
                    used_roles.add(box.role)
                    dot.append(f"{inner}{node_id} [{_node_attrs(host, box)}];")
                    if len(host.datastores) == 1:
                        links[node_id] = LinkTarget(system.name, "datastore",
                                                    host.datastores[0].name)
            if zone != _NO_ZONE:
                dot.append(f"{indent}}}")
        if region != _NO_REGION:
            dot.append("  }")
    # Zones are columns: every box of the n-th zone of its region on one rank, kept in order
    # by invisible edges between the boxes of each host.
    for region in regions:
        ranks: dict[int, list[str]] = {}
        for h, host in enumerate(hosts):
            if host.region != region:
                continue
            for b, box in enumerate(host.boxes):
                if box.zone != _NO_ZONE:
                    ranks.setdefault(zones_of[region].index(box.zone), []).append(ids[(h, b)])
        for column in sorted(ranks):
            if len(ranks[column]) > 1:
                dot.append("  { rank=same; " + " ".join(ranks[column]) + "; }")
    for h, host in enumerate(hosts):
        order = sorted(range(len(host.boxes)), key=lambda b: (
            zones_of[host.region].index(host.boxes[b].zone), b))
        for before, after in zip(order, order[1:], strict=False):
            dot.append(f"  {ids[(h, before)]} -> {ids[(h, after)]} "
                       "[style=invis, weight=10];")
    legend = _legend(used_roles)
    if legend:
        dot.append(f'  graph [label={legend}, labelloc="b", labeljust="l"];')
    dot.append("}")
    return DiagramSpec(key=key, title=title or f"{system.name}: deployment",
                       dot="\n".join(dot) + "\n", links=tuple(sorted(links.items())))


def datastore_deployment_key(datastore: Datastore) -> str:
    """The key of the deployment diagram on a datastore's page."""
    return f"deployment-{slug_base(datastore.name)}"


def _quoted_html(text: str) -> str:
    return f"<{dot_html(text)}>"


def _node_attrs(host: Host, box: Box) -> str:
    title, grey = _box_lines(host, box)
    rows = "".join(f"<TR><TD><B>{dot_html(line)}</B></TD></TR>" for line in title)
    rows += "".join(f'<TR><TD><FONT COLOR="#4A5560">{dot_html(line)}</FONT></TD></TR>'
                    for line in grey)
    style = "rounded,filled" + (",dashed" if _BORDER[box.role] == "dashed" else "")
    return (f'label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f'{rows}</TABLE>>, style="{style}", fillcolor="{_FILL[box.role]}"')


def _legend(roles: set[str]) -> str:
    """A key to the box colours and borders, when the diagram uses more than one."""
    if len(roles) < 2:
        return ""
    dashed = ' STYLE="dashed"'
    rows = "".join(
        f'<TR><TD BGCOLOR="{_FILL[role]}" BORDER="1" COLOR="#7B8894" WIDTH="22"'
        f'{dashed if _BORDER[role] == "dashed" else ""}> </TD>'
        f'<TD ALIGN="LEFT">{dot_html(_NODE_MEANING[role])}</TD></TR>'
        for role in (PRIMARY, REPLICA, CLUSTER_NODE) if role in roles)
    return (f'<<TABLE BORDER="1" COLOR="#AEB6BE" CELLBORDER="0" CELLPADDING="2" '
            f'CELLSPACING="2"><TR><TD ALIGN="LEFT" COLSPAN="2">Legend</TD></TR>{rows}</TABLE>>')
