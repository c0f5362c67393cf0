"""Turn a C4 model into archdocs model code.

The rules, in the order they apply:

- people become actors;
- a software system that has containers is *internal*: archdocs declares one ``System`` (named
  after it when there is only one), its groups become bounded contexts, and its containers
  that sit in no group go to a context named after the software system;
- every other software system becomes an external system;
- a container becomes a datastore when the source marks it as one (a ``Database`` or
  ``Datastore`` tag, a cylinder or storage shape, a database element kind) or its technology
  is a datastore in archdocs' catalogue, and a service otherwise;
- components are folded into their container: archdocs models deployable units;
- relationships become flows, with the mechanism inferred from their technology and
  description (``sync-request`` where nothing says otherwise, with a comment saying so).

Properties named ``archdocs.*`` (``archdocs_*`` in LikeC4 metadata), which ``archdocs export``
writes, say exactly what each element and flow was, so an export converts back to the same
elements and flows.

Everything from the source reaches the generated Python as data: names and descriptions
through ``repr``, comments with their line breaks removed.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

from archdocs.interop.ir import C4Element, C4Model, C4Relationship
from archdocs.interop.writers import CONTEXT_PROPERTY
from archdocs.model.datastore import Role
from archdocs.model.flow import Access, Mechanism
from archdocs.model.technology import CATALOGUE, Kind
from archdocs.naming import slugify

# Words in a technology or name that identify a catalogue entry; the first match wins.
_TECH_WORDS: list[tuple[str, str]] = [
    (r"timescale", "timescaledb"),
    (r"postgres|\bpg\b|postgis|citus", "postgresql"),
    (r"mariadb", "mariadb"),
    (r"mysql", "mysql"),
    (r"sql ?server|mssql|azure sql", "sqlserver"),
    (r"oracle", "oracle"),
    (r"sqlite", "sqlite"),
    (r"mongo", "mongodb"),
    (r"dynamo", "dynamodb"),
    (r"cassandra|scylla", "cassandra"),
    (r"redis|valkey", "redis"),
    (r"memcache", "memcached"),
    (r"opensearch", "opensearch"),
    (r"elastic", "elasticsearch"),
    (r"influx", "influxdb"),
    (r"kafka|redpanda", "kafka"),
    (r"rabbit|amqp", "rabbitmq"),
    (r"eventstore", "eventstoredb"),
    (r"\bs3\b|object stor|minio|blob stor|bucket", "s3"),
]
_DATASTORE_TAGS = {"database", "datastore", "db", "data store", "storage", "queue", "topic",
                   "cache", "bucket"}
_ROLE_OF_KIND = {Kind.EVENT_LOG: Role.BROKER, Kind.SEARCH: Role.SEARCH_INDEX,
                 Kind.OBJECT: Role.SYSTEM_OF_RECORD}
_ASYNC = re.compile(r"kafka|amqp|rabbit|\bevents?\b|publish|subscribe|\bqueue|message|topic|"
                    r"\bsns\b|\bsqs\b|pub/?sub|webhook|notif")
_BATCH = re.compile(r"\bbatch|\betl\b|nightly|\bexport|\bimport|sftp|\bcsv\b|scheduled")
_SYNC = re.compile(r"https?|\brest\b|grpc|graphql|\bapi\b|json|\bxml\b|soap|\brpc\b|"
                   r"calls?\b|requests?\b")
_CDC = re.compile(r"\bcdc\b|debezium|change data|logical replication")
_REPLICATION = re.compile(r"replicat")
_READS = re.compile(r"\bread|fetch|\bget|query|select|look(s)? up|load")
_WRITES = re.compile(r"writ|stor(e|es|ing)\b|save|insert|update|persist|delete|\bput")


@dataclass
class _Node:
    """An archdocs element to declare."""

    kind: str  # actor, external, context, service, datastore
    var: str
    name: str
    element: C4Element | None
    context: str | None = None  # var of the context
    lines: list[str] = field(default_factory=list)


@dataclass
class Conversion:
    """The generated module and what the user should know about it."""

    code: str
    not_mapped: list[str]
    assumptions: list[str]
    counts: dict[str, int]


def _prop(element: C4Element | C4Relationship, name: str) -> str | None:
    """The ``archdocs.NAME`` property (``archdocs_NAME`` in LikeC4 metadata), if present."""
    for key in (f"archdocs.{name}", f"archdocs_{name}"):
        if key in element.properties:
            return element.properties[key]
    return None


def comment(text: str) -> str:
    """``text`` as one comment line: line breaks and other control characters become spaces."""
    flat = re.sub(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+", " ", text)
    return re.sub(r" {2,}", " ", flat).strip()


def _lit(value: object) -> str:
    return repr(value)


def catalogue_id(*texts: str) -> str | None:
    """The catalogue id the first text mentioning a known technology names, if any."""
    for text in texts:
        lowered = text.lower()
        for pattern, technology_id in _TECH_WORDS:
            if re.search(pattern, lowered):
                return technology_id
    return None


def _version(text: str) -> str:
    found = re.search(r"\b(\d+(?:\.\d+)*)\b", text)
    return found.group(1) if found else ""


class _Mapper:
    def __init__(self, c4: C4Model, source_label: str) -> None:
        self.c4 = c4
        self.source_label = source_label
        self.nodes: list[_Node] = []
        self.by_key: dict[str, _Node] = {}
        self.used_vars: set[str] = set()
        self.used_names: set[str] = set()
        self.not_mapped: list[str] = list(c4.skipped)
        self.assumptions: list[str] = []
        self.needs: set[str] = {"Mechanism", "System"}
        self.flow_lines: list[str] = []
        self.system_context: dict[str, _Node] = {}
        self.seen_flows: set[tuple[str, str, str, str, str | None]] = set()
        self.folded = 0

    # -- naming -----------------------------------------------------------------------------

    def var(self, prefix: str, name: str) -> str:
        base = re.sub(r"\W", "_", slugify(name, max_length=40).replace("-", "_"))
        base = f"{prefix}_{base}".strip("_")
        if keyword.iskeyword(base) or not base.isidentifier():
            base = f"{prefix}_x"
        candidate, n = base, 2
        while candidate in self.used_vars:
            candidate, n = f"{base}_{n}", n + 1
        self.used_vars.add(candidate)
        return candidate

    def unique_name(self, name: str, owner: str | None) -> str:
        name = name.strip() or "unnamed"
        if name in self.used_names and owner:
            name = f"{name} ({owner})"
        base, n = name, 2
        while name in self.used_names:
            name, n = f"{base} {n}", n + 1
        self.used_names.add(name)
        return name

    # -- classification ---------------------------------------------------------------------

    def internal_systems(self) -> list[C4Element]:
        found = []
        for element in self.c4.elements.values():
            if element.level != "system" or _prop(element, "kind") == "external" or \
                    element.external and _prop(element, "kind") != "system":
                continue
            if any(e.level == "container" and self._system_of(e) is element
                   for e in self.c4.elements.values()) or _prop(element, "kind") == "system":
                found.append(element)
        return found

    def _system_of(self, element: C4Element) -> C4Element | None:
        for ancestor in self.c4.ancestors(element.key):
            if ancestor.level == "system":
                return ancestor
        return None

    def container_of(self, element: C4Element) -> C4Element:
        """A component's container (components fold into it); any other element itself."""
        if element.level != "component":
            return element
        for ancestor in self.c4.ancestors(element.key):
            if ancestor.level == "container":
                return ancestor
        return element

    def is_datastore(self, element: C4Element) -> bool:
        kind = _prop(element, "kind")
        if kind in ("datastore", "service"):
            return kind == "datastore"
        if element.datastore_hint or {t.lower() for t in element.tags} & _DATASTORE_TAGS:
            return True
        technology_id = catalogue_id(element.technology)
        return technology_id is not None

    # -- mapping ----------------------------------------------------------------------------

    def run(self) -> str:
        internal = self.internal_systems()
        if len(internal) == 1:
            system_name, system_description = internal[0].name, internal[0].description
        else:
            system_name = self.c4.name or "Converted model"
            system_description = self.c4.description
        internal_keys = {e.key for e in internal}
        components = 0
        ignored_groups = []
        for element in self.c4.elements.values():
            if element.level == "person":
                self.add_node("actor", element)
            elif element.level == "system" and element.key not in internal_keys:
                self.add_node("external", element)
            elif element.level == "component":
                components += 1
            elif element.level == "group":
                system = self._system_of(element)
                if system is not None and system.key in internal_keys:
                    self.add_node("context", element)
                else:
                    ignored_groups.append(element.name)
        for system in internal:
            self.declared_contexts(system)
        for element in self.c4.elements.values():
            if element.level != "container":
                continue
            system = self._system_of(element)
            if system is None or system.key not in internal_keys:
                self.add_node("external", element)
                self.assumptions.append(
                    f"container {element.name!r} is outside an internal software system: "
                    "kept as an external system")
                continue
            context = self.context_for(element, system)
            self.add_node("datastore" if self.is_datastore(element) else "service", element,
                          context=context.var)
        if components:
            self.not_mapped.append(
                f"components ({components}): archdocs models deployable units, so each "
                "component's relationships are drawn from or to its container")
        for name in sorted(set(ignored_groups)):
            self.not_mapped.append(f"group {comment(name)!r} outside a software system "
                                   "(its elements are kept)")
        for relationship in self.c4.relationships:
            self.add_flow(relationship)
        if self.folded:
            self.not_mapped.append(
                f"relationships folded into others ({self.folded}): inside one container, or "
                "repeating one between the same two elements once components are folded")
        return self.render(system_name, system_description)

    def declared_contexts(self, system: C4Element) -> None:
        """Bounded contexts an archdocs export recorded on the software system (Structurizr
        groups carry no properties, and an empty context has no group)."""
        fields: dict[str, dict[str, str]] = {}
        for key, value in system.properties.items():
            if key.startswith(CONTEXT_PROPERTY) and key.count("/") >= 2:
                name, _, field_name = key[len(CONTEXT_PROPERTY):].rpartition("/")
                fields.setdefault(name, {})[field_name] = value
        groups = {e.name: e for e in self.c4.elements.values()
                  if e.level == "group" and e.key in self.by_key and self._system_of(e) is system}
        for name, values in sorted(fields.items()):
            group = groups.get(name)
            if group is None:
                group = C4Element(key=f"{system.key}/context/{name}", level="group", name=name,
                                  parent=system.key)
                self.c4.add(group)
                self.add_node("context", group)
            group.description = group.description or values.get("description", "")
            for field_name in ("domain", "team"):
                if values.get(field_name):
                    group.properties[f"archdocs.{field_name}"] = values[field_name]

    def context_for(self, element: C4Element, system: C4Element) -> _Node:
        for ancestor in self.c4.ancestors(element.key):
            if ancestor.level == "group" and ancestor.key in self.by_key:
                return self.by_key[ancestor.key]
            if ancestor is system:
                break
        return self.system_context_node(system)

    def system_context_node(self, system: C4Element) -> _Node:
        node = self.system_context.get(system.key)
        if node is None:
            node = self.add_node("context", system, register=False)
            self.system_context[system.key] = node
        return node

    def add_node(self, kind: str, element: C4Element, *, context: str | None = None,
                 register: bool = True) -> _Node:
        prefix = {"actor": "actor", "external": "external", "context": "context",
                  "service": "service", "datastore": "store"}[kind]
        parent = self.c4.elements.get(element.parent or "")
        name = self.unique_name(element.name, parent.name if parent else None)
        node = _Node(kind, self.var(prefix, name), name, element, context)
        self.nodes.append(node)
        if register:
            self.by_key[element.key] = node
        return node

    def endpoint(self, key: str) -> _Node | None:
        element = self.container_of(self.c4.elements[key])
        if element.key in self.by_key:
            return self.by_key[element.key]
        if element.level == "system" and element.key in self.system_context:
            return self.system_context[element.key]
        if element.level == "system":
            return self.system_context_node(element)
        return None

    def by_name(self, name: str | None) -> _Node | None:
        if not name:
            return None
        return next((n for n in self.nodes if n.name == name), None)

    def add_flow(self, relationship: C4Relationship) -> None:
        source = self.by_name(_prop(relationship, "source")) or self.endpoint(relationship.source)
        target = self.by_name(_prop(relationship, "target")) or self.endpoint(relationship.target)
        text = f"{relationship.technology} {relationship.description}".strip()
        if source is None or target is None:
            self.not_mapped.append(f"relationship {comment(text)!r}: an endpoint is a group")
            return
        if source is target:
            self.folded += 1  # between components of one container: nothing crosses it
            return
        seen = (source.var, target.var, relationship.description, relationship.technology,
                _prop(relationship, "name"))
        if seen in self.seen_flows:
            self.folded += 1  # the same relationship through another component
            return
        self.seen_flows.add(seen)
        self.flow_lines.append(self.flow_code(relationship, source, target, text))

    def infer(self, relationship: C4Relationship, source: _Node, target: _Node,
              text: str) -> tuple[Mechanism, str | None]:
        """The mechanism, and a note when it is a guess."""
        declared = _prop(relationship, "mechanism")
        if declared in {m.value for m in Mechanism}:
            return Mechanism(declared), None
        lowered = text.lower()
        stores = [n for n in (source, target) if n.kind == "datastore"]
        if source.kind == "datastore" and target.kind == "datastore":
            if _CDC.search(lowered):
                return Mechanism.CDC, None
            if _BATCH.search(lowered):
                return Mechanism.BATCH, None
            return Mechanism.REPLICATION, None if _REPLICATION.search(lowered) else \
                "replication assumed between two datastores"
        if stores:
            store = stores[0]
            if store.element is not None and self.role(store.element) == Role.BROKER.value:
                return Mechanism.ASYNC_EVENT, None
            if _CDC.search(lowered):
                return Mechanism.CDC, None
            if _BATCH.search(lowered):
                return Mechanism.BATCH, None
            return Mechanism.QUERY, None
        if _ASYNC.search(lowered):
            return Mechanism.ASYNC_EVENT, None
        if _BATCH.search(lowered):
            return Mechanism.BATCH, None
        if _SYNC.search(lowered):
            return Mechanism.SYNC_REQUEST, None
        return Mechanism.SYNC_REQUEST, "sync-request assumed: the source does not say how"

    def flow_code(self, relationship: C4Relationship, source: _Node, target: _Node,
                  text: str) -> str:
        mechanism, guess = self.infer(relationship, source, target, text)
        args = [source.var, target.var, f"Mechanism.{mechanism.name}"]
        name = _prop(relationship, "name")
        if name:
            args.append(f"name={_lit(name)}")
        else:
            default = f"{source.name} → {target.name} ({mechanism.value})"
            label = relationship.description or relationship.technology
            chosen = default if default not in self.used_names else \
                f"{default}: {label}" if label else default
            base, n = chosen, 2
            while chosen in self.used_names:
                chosen, n = f"{base} {n}", n + 1
            self.used_names.add(chosen)
            if chosen != default:
                args.append(f"name={_lit(chosen)}")
        access = _prop(relationship, "access")
        if access in {a.value for a in Access}:
            args.append(f"access=Access.{Access(access).name}")
            self.needs.add("Access")
        elif mechanism is Mechanism.QUERY and source.kind != "datastore":
            lowered = relationship.description.lower()
            reads, writes = bool(_READS.search(lowered)), bool(_WRITES.search(lowered))
            chosen_access = Access.READ_WRITE if reads == writes else \
                Access.READ if reads else Access.WRITE
            args.append(f"access=Access.{chosen_access.name}")
            self.needs.add("Access")
            if reads == writes and not reads:
                guess = "read-write access assumed"
        via = self.by_name(_prop(relationship, "via"))
        if via is not None:
            args.append(f"via={via.var}")
        description = _prop(relationship, "description")
        if description is None:
            description = relationship.description
            if relationship.technology and mechanism is not Mechanism.QUERY \
                    and not _prop(relationship, "name"):
                description = f"{description} ({relationship.technology})".strip()
        if description:
            args.append(f"description={_lit(description)}")
        code = f"system.flow({', '.join(args)})"
        if guess:
            self.assumptions.append(
                f"{source.name} → {target.name} {relationship.description!r}: {guess}")
            return f"# archdocs convert: {comment(guess)}\n{code}"
        return code

    # -- code -------------------------------------------------------------------------------

    def technology(self, element: C4Element) -> tuple[str, str | None]:
        """Python for the datastore's technology, and a note when it is not in the catalogue."""
        technology_id = _prop(element, "technology")
        version = _prop(element, "version")
        if technology_id and technology_id in CATALOGUE:
            return f"tech.by_id({_lit(technology_id)}, {_lit(version or '')})", None
        technology_id = catalogue_id(element.technology, element.name)
        if technology_id is not None:
            return (f"tech.by_id({_lit(technology_id)}, "
                    f"{_lit(_version(element.technology))})", None)
        if not element.technology.strip():
            return "tech.Undecided()", (
                "no technology declared: kept as tech.Undecided(); declare its requirements "
                "and run 'archdocs advise' for a recommendation")
        self.needs |= {"Kind", "TechnologySpec"}
        label = element.technology
        spec = (f"TechnologySpec({_lit('custom-' + slugify(label))}, {_lit(label)}, "
                "Kind.RELATIONAL, frozenset(), 'diagrams.generic.database.SQL')()")
        return spec, (f"technology {label!r} is not in archdocs' catalogue: kept as a custom "
                      "relational entry; replace it with one from archdocs.tech")

    @staticmethod
    def role(element: C4Element) -> str:
        role = _prop(element, "role")
        if role in {r.value for r in Role}:
            return role
        spec_id = catalogue_id(element.technology, element.name)
        kind = CATALOGUE[spec_id].kind if spec_id else None
        tags = {t.lower() for t in element.tags}
        if "queue" in tags or "topic" in tags:
            return Role.BROKER.value
        if kind in _ROLE_OF_KIND:
            return _ROLE_OF_KIND[kind].value
        if spec_id in ("redis", "memcached"):
            return Role.CACHE.value
        return Role.SYSTEM_OF_RECORD.value

    def element_code(self, node: _Node) -> list[str]:
        element = node.element
        assert element is not None
        lines: list[str] = []
        description = element.description if node.kind != "context" or \
            element.level == "group" else element.description
        kw = []
        if description:
            kw.append(f"description={_lit(description)}")
        owner = "system"
        if node.kind == "actor":
            call = f"system.actor({_lit(node.name)}"
        elif node.kind == "external":
            call = f"system.external({_lit(node.name)}"
        elif node.kind == "context":
            for field_name in ("domain", "team"):
                value = _prop(element, field_name)
                if value:
                    kw.append(f"{field_name}={_lit(value)}")
            call = f"system.context({_lit(node.name)}"
        elif node.kind == "service":
            owner = node.context or "system"
            if element.technology:
                kw.append(f"technology={_lit(element.technology)}")
            call = f"{owner}.service({_lit(node.name)}"
        else:
            owner = node.context or "system"
            technology, note = self.technology(element)
            role = self.role(element)
            if role != Role.SYSTEM_OF_RECORD.value:
                kw.append(f"role=Role.{Role(role).name}")
                self.needs.add("Role")
            if note:
                self.assumptions.append(f"{node.name}: {note}")
                lines.append(f"# archdocs convert: {comment(note)}")
            call = f"{owner}.datastore({_lit(node.name)}, {technology}"
            if technology.startswith("tech."):
                self.needs.add("tech")
        lines.append(f"{node.var} = {call}{''.join(', ' + k for k in kw)})")
        return lines

    def render(self, system_name: str, system_description: str) -> str:
        body: list[str] = []
        sections = [("actor", "People"), ("external", "External systems"),
                    ("context", "Bounded contexts"), ("service", "Services"),
                    ("datastore", "Datastores")]
        for kind, title in sections:
            nodes = [n for n in self.nodes if n.kind == kind]
            if not nodes:
                continue
            body.append("")
            body.append(f"# {title}")
            for node in nodes:
                body.extend(self.element_code(node))
        if self.flow_lines:
            body.append("")
            body.append("# Flows")
            body.extend(self.flow_lines)
        imports = sorted(self.needs - {"tech", "Kind", "TechnologySpec"},
                         key=lambda n: (n[0].islower(), n))
        head = [
            f"# Converted from {comment(self.c4.source_format)} by 'archdocs convert'.",
            f"# Source: {comment(self.source_label)}",
            "#",
        ]
        if self.not_mapped:
            head.append("# Not mapped (archdocs has no counterpart for these):")
            head.extend(f"#   - {comment(item)}" for item in self.not_mapped)
        else:
            head.append("# Not mapped: nothing.")
        if self.assumptions:
            head.append("# Assumed (check these; each is also marked below):")
            head.extend(f"#   - {comment(item)}" for item in self.assumptions)
        head.append("")
        head.append(f"from archdocs import {', '.join(imports)}" +
                    (", tech" if "tech" in self.needs else ""))
        if "TechnologySpec" in self.needs:
            head.append("from archdocs.model import Kind, TechnologySpec")
        head.append("")
        system_kw = f", description={_lit(system_description)}" if system_description else ""
        head.append(f"system = System({_lit(system_name)}{system_kw})")
        return "\n".join(head + body) + "\n"


def convert_model(c4: C4Model, source_label: str) -> Conversion:
    """archdocs model code for ``c4``; ``source_label`` names the source in the header."""
    mapper = _Mapper(c4, source_label)
    code = mapper.run()
    counts = {kind: sum(1 for n in mapper.nodes if n.kind == kind)
              for kind in ("actor", "external", "context", "service", "datastore")}
    counts["flow"] = len(mapper.flow_lines)
    return Conversion(code, mapper.not_mapped, mapper.assumptions, counts)
