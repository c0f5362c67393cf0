"""Write an archdocs model for Structurizr (DSL or JSON workspace) and for LikeC4.

The mapping is the reverse of :mod:`archdocs.interop.mapping`: a ``System`` becomes a
software system, its bounded contexts groups (Structurizr) or ``context`` elements (LikeC4),
services and datastores containers (datastores tagged ``Database`` and drawn as cylinders),
external systems software systems tagged ``External``, actors people, flows relationships whose
technology is the flow's mechanism. ``archdocs.*`` properties (``archdocs_*`` metadata in
LikeC4) record what the target format cannot say (the datastore's catalogue entry and role, the
flow's name, access and broker), so converting an export back gives the same elements and flows.

Each tool gets views matching archdocs' default views: the system landscape, the context map
and one view per bounded context.

Every string is written through the target's quoting; identifiers are derived from names with
:func:`archdocs.naming.slugify`. Output is sorted, so the same model gives the same text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from archdocs.load.loader import Model
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.system import Actor, BoundedContext, ExternalSystem, System
from archdocs.naming import slugify

CONTEXT_PROPERTY = "archdocs.context/"
"""Prefix of a software system's properties that describe one of its bounded contexts
(``archdocs.context/NAME/description``, ``…/domain``, ``…/team``): Structurizr groups have no
properties of their own, and a context without services or datastores has no group at all."""
RELATIONSHIP_PROPERTY = "archdocs.relationship/"
"""Prefix of a software system's properties that record a DDD context-map relationship:
``archdocs.relationship/UPSTREAM/DOWNSTREAM`` = ``customer-supplier [U,S,OHS] → [D,C]``."""


@dataclass
class _Item:
    ident: str
    kind: str  # actor, external, system, context, service, datastore
    name: str
    description: str = ""
    technology: str = ""
    tags: list[str] = field(default_factory=list)
    props: dict[str, str] = field(default_factory=dict)
    parent: str | None = None


@dataclass
class _Link:
    ident: str
    source: str
    target: str
    description: str
    technology: str
    props: dict[str, str]


@dataclass
class _View:
    key: str
    kind: str  # landscape, context-map, context
    system: str
    title: str
    scope: str  # the element the view is about (system or context ident)
    members: list[str] = field(default_factory=list)


@dataclass
class _Graph:
    name: str
    description: str
    items: dict[str, _Item] = field(default_factory=dict)
    links: list[_Link] = field(default_factory=list)
    views: list[_View] = field(default_factory=list)

    def children(self, ident: str | None) -> list[_Item]:
        return [i for i in self.items.values() if i.parent == ident]


class _Builder:
    def __init__(self, model: Model) -> None:
        systems = sorted(model.systems, key=lambda s: s.name)
        name = systems[0].name if len(systems) == 1 else "archdocs model"
        description = systems[0].description if len(systems) == 1 else ""
        self.graph = _Graph(name, description)
        self.idents: dict[int, str] = {}
        self.shared: dict[tuple[str, str], str] = {}
        for system in systems:
            self.system(system)

    def ident(self, prefix: str, name: str) -> str:
        base = f"{prefix}_{slugify(name, max_length=48).replace('-', '_')}"
        candidate, n = base, 2
        while candidate in self.graph.items:
            candidate, n = f"{base}_{n}", n + 1
        return candidate

    def add(self, element: Element | None, item: _Item) -> _Item:
        self.graph.items[item.ident] = item
        if element is not None:
            self.idents[id(element)] = item.ident
        return item

    def system(self, system: System) -> None:
        sys_item = self.add(None, _Item(self.ident("system", system.name), "system", system.name,
                                        system.description, props={"archdocs.kind": "system"}))
        for actor in sorted(system.actors, key=lambda a: a.name):
            self.shared_item(actor, "actor")
        for external in sorted(system.externals, key=lambda e: e.name):
            self.shared_item(external, "external")
        for context in sorted(system.contexts, key=lambda c: c.name):
            props = {"archdocs.kind": "context"}
            props |= {f"archdocs.{k}": v for k, v in (("domain", context.domain),
                                                        ("team", context.team)) if v}
            self.add(context, _Item(self.ident("context", context.name), "context", context.name,
                                    context.description, props=props, parent=sys_item.ident))
            # Structurizr groups hold no properties: the software system keeps them.
            for field_name in ("description", "domain", "team"):
                sys_item.props[f"{CONTEXT_PROPERTY}{context.name}/{field_name}"] = \
                    getattr(context, field_name)
        # Neither tool has a context-map relationship: the software system records them, in
        # Context Mapper's notation, beside its contexts.
        for relationship in system.relationships:
            sys_item.props[f"{RELATIONSHIP_PROPERTY}{relationship.upstream.name}/"
                           f"{relationship.downstream.name}"] = (
                f"{relationship.kind.value} {relationship.notation}")
        for service in sorted(system.services, key=lambda s: s.name):
            parent = self.idents.get(id(service.context)) if service.context else None
            self.add(service, _Item(
                self.ident("service", service.name), "service", service.name,
                service.description, service.technology or "", ["Service"],
                {"archdocs.kind": "service"}, parent or sys_item.ident))
        for datastore in sorted(system.datastores, key=lambda d: d.name):
            parent = self.idents.get(id(datastore.context)) if datastore.context else None
            tech = datastore.technology
            self.add(datastore, _Item(
                self.ident("store", datastore.name), "datastore", datastore.name,
                datastore.description, tech.label, ["Database"],
                {"archdocs.kind": "datastore", "archdocs.technology": tech.id,
                 "archdocs.version": tech.version, "archdocs.role": datastore.role.value},
                parent or sys_item.ident))
        for flow in sorted(system.flows, key=lambda f: f.name):
            self.flow(system, flow)
        self.views(system, sys_item)

    def shared_item(self, element: Actor | ExternalSystem, kind: str) -> None:
        """Actors and external systems with the same name in two systems are one element."""
        key = (kind, element.name)
        if key in self.shared:
            self.idents[id(element)] = self.shared[key]
            return
        item = self.add(element, _Item(
            self.ident(kind, element.name), kind, element.name, element.description,
            tags=["External"] if kind == "external" else [], props={"archdocs.kind": kind}))
        self.shared[key] = item.ident

    def flow(self, system: System, flow: Flow) -> None:
        source, target = system.resolve(flow.source), system.resolve(flow.target)
        if source is None or target is None or id(source) not in self.idents \
                or id(target) not in self.idents:
            return  # an unresolved name: the review reports it
        props = {"archdocs.name": flow.name, "archdocs.mechanism": flow.mechanism.value,
                 "archdocs.access": flow.effective_access.value,
                 "archdocs.description": flow.description}
        via = system.resolve(flow.via) if flow.via is not None else None
        if via is not None:
            props["archdocs.via"] = via.name
        for end, element in (("source", source), ("target", target)):
            if isinstance(element, BoundedContext):
                props[f"archdocs.{end}"] = element.name
        self.graph.links.append(_Link(
            f"flow_{len(self.graph.links) + 1}", self.idents[id(source)], self.idents[id(target)],
            flow.description or flow.name, flow.mechanism.value, props))

    def views(self, system: System, sys_item: _Item) -> None:
        slug = slugify(system.name)
        self.graph.views.append(_View(
            f"{slug}-landscape", "landscape", sys_item.ident,
            f"{system.name}: system landscape", sys_item.ident))
        self.graph.views.append(_View(
            f"{slug}-context-map", "context-map", sys_item.ident,
            f"{system.name}: context map", sys_item.ident))
        for context in sorted(system.contexts, key=lambda c: c.name):
            members = [*context.services, *context.datastores]
            inbound, outbound = system.flows_of(context)
            shown = {self.idents[id(m)] for m in members if id(m) in self.idents}
            for flow in (*inbound, *outbound):
                for ref in (flow.source, flow.target):
                    element = system.resolve(ref)
                    if element is not None and id(element) in self.idents:
                        shown.add(self.idents[id(element)])
            self.graph.views.append(_View(
                f"{slug}-context-{slugify(context.name)}", "context", sys_item.ident,
                f"Context {context.name}", self.idents[id(context)], sorted(shown)))


def _graph(model: Model) -> _Graph:
    return _Builder(model).graph


# -- Structurizr DSL ------------------------------------------------------------------------


def _dsl(text: str) -> str:
    """A Structurizr DSL string: double-quoted, one line, with ``\\`` and ``"`` escaped."""
    one_line = re.sub(r"\r\n|[\r\n\u2028\u2029]", " ", text)  # each line break a space
    return '"' + one_line.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dsl_properties(props: dict[str, str], indent: str) -> list[str]:
    if not props:
        return []
    lines = [f"{indent}properties {{"]
    lines += [f"{indent}    {_dsl(k)} {_dsl(v)}" for k, v in sorted(props.items())]
    lines.append(f"{indent}}}")
    return lines


def _dsl_element(item: _Item, keyword: str, indent: str) -> list[str]:
    args = [_dsl(item.name), _dsl(item.description)]
    if keyword == "container":
        args.append(_dsl(item.technology))
    args.append(_dsl(",".join(item.tags)))
    return [f"{indent}{item.ident} = {keyword} {' '.join(args)} {{",
            *_dsl_properties(item.props, indent + "    "), f"{indent}}}"]


def export_structurizr_dsl(model: Model) -> str:
    """The model as a Structurizr DSL workspace."""
    graph = _graph(model)
    out = [f"workspace {_dsl(graph.name)} {_dsl(graph.description)} {{",
           "    !identifiers flat", "", "    model {"]
    for item in _sorted(graph.items.values(), "actor"):
        out += _dsl_element(item, "person", " " * 8)
    for item in _sorted(graph.items.values(), "external"):
        out += _dsl_element(item, "softwareSystem", " " * 8)
    for system in _sorted(graph.items.values(), "system"):
        out += _dsl_element(system, "softwareSystem", " " * 8)[:-1]
        for child in graph.children(system.ident):
            if child.kind == "context":
                members = graph.children(child.ident)
                if not members:
                    continue
                out.append(f"            group {_dsl(child.name)} {{")
                for member in members:
                    out += _dsl_element(member, "container", " " * 16)
                out.append("            }")
            else:
                out += _dsl_element(child, "container", " " * 12)
        out.append("        }")
    out.append("")
    for link in graph.links:
        source, target = _structurizr_end(graph, link.source), _structurizr_end(graph, link.target)
        out.append(f"        {source} -> {target} {_dsl(link.description)} "
                   f"{_dsl(link.technology)} {{")
        out += _dsl_properties(link.props, " " * 12)
        out.append("        }")
    out += ["    }", "", "    views {"]
    for view in graph.views:
        if view.kind == "landscape":
            out += [f"        container {view.system} {_dsl(view.key)} {_dsl(view.title)} {{",
                    "            include *", "            autolayout lr", "        }"]
        elif view.kind == "context-map":
            out += [f"        systemContext {view.system} {_dsl(view.key)} {_dsl(view.title)} {{",
                    "            include *", "            autolayout lr", "        }"]
        else:
            shown = sorted({_structurizr_end(graph, m) for m in view.members} - {view.system})
            if not shown:
                continue
            out += [f"        container {view.system} {_dsl(view.key)} {_dsl(view.title)} {{",
                    f"            include {' '.join(shown)}", "            autolayout lr",
                    "        }"]
    out += ["        styles {",
            '            element "Person" {', "                shape person", "            }",
            '            element "Database" {', "                shape cylinder", "            }",
            '            element "External" {', "                background #999999",
            "                color #ffffff", "            }",
            "        }", "    }", "}"]
    return "\n".join(out) + "\n"


def _structurizr_end(graph: _Graph, ident: str) -> str:
    """Structurizr has no element for a bounded context: its software system stands for it
    (the flow's ``archdocs.source``/``archdocs.target`` property names the context)."""
    item = graph.items[ident]
    return item.parent or ident if item.kind == "context" else ident


def _sorted(items: Any, kind: str) -> list[_Item]:
    return sorted((i for i in items if i.kind == kind), key=lambda i: (i.name, i.ident))


# -- Structurizr JSON -----------------------------------------------------------------------


def export_structurizr_json(model: Model) -> str:
    """The model as a Structurizr JSON workspace."""
    graph = _graph(model)
    ids: dict[str, str] = {}

    def next_id(ident: str) -> str:
        ids[ident] = str(len(ids) + 1)
        return ids[ident]

    def element(item: _Item, base_tags: str, **extra: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": next_id(item.ident), "name": item.name,
            "tags": ",".join([base_tags, *item.tags]),
            "properties": dict(sorted(item.props.items())), "relationships": []}
        if item.description:
            data["description"] = item.description
        return data | extra

    by_ident: dict[str, dict[str, Any]] = {}
    people = []
    for item in _sorted(graph.items.values(), "actor"):
        people.append(by_ident.setdefault(item.ident, element(item, "Element,Person",
                                                              location="Unspecified")))
    systems = []
    for item in _sorted(graph.items.values(), "external"):
        systems.append(by_ident.setdefault(item.ident, element(
            item, "Element,Software System", location="External")))
    for system in _sorted(graph.items.values(), "system"):
        data = by_ident.setdefault(system.ident, element(
            system, "Element,Software System", location="Internal", containers=[]))
        systems.append(data)
        for child in graph.children(system.ident):
            members = graph.children(child.ident) if child.kind == "context" else [child]
            for member in members:
                extra = {"technology": member.technology} if member.technology else {}
                if child.kind == "context":
                    extra["group"] = child.name
                container = element(member, "Element,Container", **extra)
                by_ident[member.ident] = container
                data["containers"].append(container)
    relationship_ids: dict[str, str] = {}
    for link in graph.links:
        source = _structurizr_end(graph, link.source)
        target = _structurizr_end(graph, link.target)
        rel_id = str(len(ids) + len(relationship_ids) + 1)
        relationship_ids[link.ident] = rel_id
        by_ident[source]["relationships"].append({
            "id": rel_id, "sourceId": ids[source], "destinationId": ids[target],
            "description": link.description, "technology": link.technology,
            "tags": "Relationship", "properties": dict(sorted(link.props.items()))})
    links_by_end = [(ids[_structurizr_end(graph, link.source)],
                     ids[_structurizr_end(graph, link.target)], relationship_ids[link.ident])
                    for link in graph.links]

    def view_content(element_ids: set[str]) -> dict[str, Any]:
        return {"elements": [{"id": i} for i in sorted(element_ids, key=int)],
                "relationships": [{"id": r} for s, t, r in links_by_end
                                  if s in element_ids and t in element_ids],
                "automaticLayout": {"implementation": "Graphviz", "rankDirection": "LeftRight",
                                    "rankSeparation": 300, "nodeSeparation": 300,
                                    "edgeSeparation": 0, "vertices": False}}

    container_views: list[dict[str, Any]] = []
    context_views: list[dict[str, Any]] = []
    for view in graph.views:
        system_id = ids[view.system]
        containers = {ids[i.ident] for i in graph.items.values()
                      if i.kind in ("service", "datastore") and _system_of(graph, i) == view.system}
        if view.kind == "landscape":
            neighbours = {t if s in containers else s for s, t, _ in links_by_end
                          if (s in containers) != (t in containers)} - {system_id}
            shown = containers | neighbours
        elif view.kind == "context-map":
            shown = {system_id} | {ids[i.ident] for i in graph.items.values()
                                   if i.kind in ("actor", "external")}
        else:
            shown = {ids[_structurizr_end(graph, m)] for m in view.members} - {system_id}
            if not shown:
                continue
        content = {"key": view.key, "description": view.title,
                   "softwareSystemId": system_id} | view_content(shown)
        (context_views if view.kind == "context-map" else container_views).append(content)
    workspace = {
        "id": 1,
        "name": graph.name,
        "description": graph.description,
        "configuration": {},
        "model": {"people": people, "softwareSystems": systems},
        "views": {
            "systemContextViews": context_views,
            "containerViews": container_views,
            "configuration": {"styles": {"elements": [
                {"tag": "Person", "shape": "Person"},
                {"tag": "Database", "shape": "Cylinder"},
                {"tag": "External", "background": "#999999", "color": "#ffffff"},
            ]}},
        },
    }
    return json.dumps(workspace, indent=2, ensure_ascii=False) + "\n"


def _system_of(graph: _Graph, item: _Item) -> str | None:
    top = _top(graph, item)
    return top.ident if top.kind == "system" else None


def _top(graph: _Graph, item: _Item) -> _Item:
    while item.parent is not None:
        item = graph.items[item.parent]
    return item


# -- LikeC4 ---------------------------------------------------------------------------------


def _c4(text: str) -> str:
    """A LikeC4 string: single-quoted, with ``\\`` and ``'`` escaped."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _c4_metadata(props: dict[str, str], indent: str) -> list[str]:
    if not props:
        return []
    lines = [f"{indent}metadata {{"]
    lines += [f"{indent}  {k.replace('.', '_')} {_c4(v)}" for k, v in sorted(props.items())]
    lines.append(f"{indent}}}")
    return lines


def _c4_fqn(graph: _Graph, ident: str) -> str:
    parts = [ident]
    item = graph.items[ident]
    while item.parent is not None:
        parts.append(item.parent)
        item = graph.items[item.parent]
    return ".".join(reversed(parts))


def export_likec4(model: Model) -> str:
    """The model as one LikeC4 source file (``.c4``)."""
    graph = _graph(model)
    out = [
        "// Written by 'archdocs export --format likec4'.",
        "specification {",
        "  element actor {", "    notation 'Person'", "    style {", "      shape person",
        "    }", "  }",
        "  element system {", "    notation 'Software system'", "  }",
        "  element external {", "    notation 'External system'", "    style {",
        "      color muted", "    }", "  }",
        "  element context {", "    notation 'Bounded context'", "    style {",
        "      opacity 10%", "    }", "  }",
        "  element service {", "    notation 'Service'", "  }",
        "  element datastore {", "    notation 'Datastore'", "    style {",
        "      shape storage", "    }", "  }",
        "}", "", "model {",
    ]

    def element(item: _Item, indent: str) -> None:
        out.append(f"{indent}{item.ident} = {item.kind} {_c4(item.name)} {{")
        if item.description:
            out.append(f"{indent}  description {_c4(item.description)}")
        if item.technology:
            out.append(f"{indent}  technology {_c4(item.technology)}")
        # LikeC4 has elements for contexts; metadata keys are identifiers, so the
        # Structurizr-only records of contexts and relationships stay out.
        props = {k: v for k, v in item.props.items()
                 if not k.startswith((CONTEXT_PROPERTY, RELATIONSHIP_PROPERTY))}
        out.extend(_c4_metadata(props, indent + "  "))
        for child in sorted(graph.children(item.ident), key=lambda c: (c.kind, c.name)):
            element(child, indent + "  ")
        out.append(f"{indent}}}")

    for kind in ("actor", "external", "system"):
        for item in _sorted(graph.items.values(), kind):
            element(item, "  ")
    for link in graph.links:
        out.append(f"  {_c4_fqn(graph, link.source)} -> {_c4_fqn(graph, link.target)} "
                   f"{_c4(link.description)} {{")
        out.append(f"    technology {_c4(link.technology)}")
        out.extend(_c4_metadata(link.props, "    "))
        out.append("  }")
    out += ["}", "", "views {"]
    for view in graph.views:
        name = view.key.replace("-", "_")
        scope = _c4_fqn(graph, view.scope)
        out.append(f"  view {name} of {scope} {{")
        out.append(f"    title {_c4(view.title)}")
        if view.kind == "landscape":
            out.append(f"    include *, {scope}.**")
        else:
            out.append("    include *")
        out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"
