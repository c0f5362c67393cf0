"""The core architecture pages: overview, contexts, datastores and their tables, flows, entity
lineage, technology decisions, findings and the rule reference.

Every piece of user text goes through :mod:`archdocs.pages.markdown`; every path comes from
:class:`~archdocs.pages.paths.SitePaths`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import quote

from sqlalchemy import Column, ForeignKeyConstraint, Table
from sqlalchemy import Sequence as SqlSequence

from archdocs.model.datastore import Datastore, Requirement
from archdocs.model.element import Element
from archdocs.model.flow import (
    ConsistencyLevel,
    Flow,
    Mechanism,
    default_flow_name,
    format_duration,
)
from archdocs.model.patterns import Pattern
from archdocs.model.physical.common import Structure
from archdocs.model.sql import dialect_for, type_text
from archdocs.model.system import BoundedContext, ExternalSystem, Service, System
from archdocs.model.technology import Kind
from archdocs.pages import context_map as context_map_pages
from archdocs.pages import governance as governance_pages
from archdocs.pages import markdown as md
from archdocs.pages import physical as physical_pages
from archdocs.pages.page import Asset, Page, SiteContext, element_sections, relative_link
from archdocs.perf import sections as perf_sections
from archdocs.perf.modeling import referred_table
from archdocs.review.engine import all_rules
from archdocs.review.finding import Finding, Severity, count_findings
from archdocs.review.rule import Rule
from archdocs.review.sizing import format_count

LARGE_STORE_TABLES = 60
"""A datastore with more tables than this gets its ER diagram split into parts and a focused
diagram on every table page."""
OVERVIEW_FINDINGS = 15
"""How many findings the overview lists before pointing at the findings page."""
CONTEXT_MAP_MIN_CONTEXTS = 3
"""From this many bounded contexts on, the overview and the contexts index show a context map:
the landscape of every element is then too dense to read at page width."""
_DEPENDENCY_FLOWS_SHOWN = 4

KIND_GOOD_FOR: dict[Kind, str] = {
    Kind.RELATIONAL: "ACID transactions, complex relationships, reporting",
    Kind.DOCUMENT: "flexible schema, JSON documents",
    Kind.KEY_VALUE: "caching, sessions, real-time lookups",
    Kind.WIDE_COLUMN: "very high write volume, wide partitions by key",
    Kind.SEARCH: "full-text search, log analytics",
    Kind.TIME_SERIES: "metrics, IoT, retention and downsampling",
    Kind.EVENT_LOG: "durable event streams between services",
    Kind.OBJECT: "files, blobs, archives",
}



def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    """Every core page for every system of the model, then the rule reference."""
    systems = ctx.model.systems
    located = _locate_findings(systems, ctx.report.findings)
    rules = all_rules()
    if ctx.paths.multi_system:
        yield _systems_index(ctx, systems, located)
    for system in systems:
        yield from _SystemPages(ctx, system, located.get(id(system), []), rules).pages()
    yield from _rule_pages(ctx, systems, located, rules)


# -- findings bookkeeping ------------------------------------------------------------------


@dataclass(frozen=True)
class _Located:
    """A finding with the element it is about (``None`` when no system declares it)."""

    finding: Finding
    element: Element | None


def _locate_findings(
    systems: Sequence[System], findings: Sequence[Finding]
) -> dict[int, list[_Located]]:
    """Findings per system (by ``id(system)``), each with its element. A finding whose element
    no system declares (project-wide rules) lands on the first system."""
    by_id: list[tuple[System, dict[str, Element]]] = [
        (system, {element.id: element for element in reversed(list(system.elements()))})
        for system in systems
    ]
    located: dict[int, list[_Located]] = defaultdict(list)
    for finding in findings:
        for system, elements in by_id:
            element = elements.get(finding.element)
            if element is not None:
                located[id(system)].append(_Located(finding, element))
                break
        else:
            if systems:
                located[id(systems[0])].append(_Located(finding, None))
    return located


# -- shared helpers --------------------------------------------------------------------------


def _title(text: object) -> str:
    return f"# {md.escape(text)}\n\n"


def _section(text: str, level: int = 2) -> str:
    return f"\n{'#' * level} {text}\n\n"


def _facts(facts: Sequence[tuple[str, str]]) -> str:
    """Key facts as a list; values must be escaped already."""
    return "".join(f"- **{key}:** {value}\n" for key, value in facts) + "\n"


def _source(ctx: SiteContext, file: str, line: int) -> str:
    """``file:line`` of the model, linked to where it can be read online when the site has a
    ``source_url`` template, else as code."""
    text = f"{file}:{line}" if line else file
    template = ctx.options.get("source_url")
    if not template or not file:
        return md.path_code(text)
    url = str(template).replace("{path}", quote(file, safe="/")).replace("{line}", str(int(line)))
    return f"[{md.path_code(text)}]({url})"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _referrers(tables: Sequence[Table]) -> dict[int, list[ForeignKeyConstraint]]:
    """The foreign keys of ``tables`` that point at each table (by ``id``), sorted by the
    referencing table and columns."""
    found: dict[int, list[ForeignKeyConstraint]] = defaultdict(list)
    for table in tables:
        for fk in table.foreign_key_constraints:
            referred = referred_table(fk)
            if referred is not None:
                found[id(referred)].append(fk)
    for fks in found.values():
        fks.sort(key=lambda fk: (fk.parent.fullname, tuple(fk.column_keys)))
    return found


_CARRIED_SHOWN = 3


def _carried(flow: Flow) -> str:
    """What a flow carries (:attr:`Flow.payload`): the first few, then how many more."""
    items = flow.payload
    if not items:
        return ""
    shown = ", ".join(md.escape(item) for item in items[:_CARRIED_SHOWN])
    more = len(items) - _CARRIED_SHOWN
    return shown + (f" +{more}" if more > 0 else "")


def _describe(element: Element) -> str:
    return md.paragraph(element.description) + ("\n" if element.description else "")


def _default_of(column: Column[Any]) -> str:
    if column.server_default is not None:
        arg = getattr(column.server_default, "arg", None)
        text = getattr(arg, "text", arg)
        return md.code(text if text is not None else column.server_default)
    if isinstance(column.default, SqlSequence):
        # A HiLo or plain sequence: the database hands out the values.
        sequence = column.default
        step = f", increment {sequence.increment}" if sequence.increment not in (None, 1) else ""
        return f"sequence {md.code(sequence.name)}{step}"
    if column.default is not None:
        arg = getattr(column.default, "arg", None)
        if callable(arg):
            return f"{md.code(getattr(arg, '__name__', 'function'))} (Python)"
        return md.code(arg)
    return ""


class _SystemPages:
    """Builds the pages of one system; holds the look-ups they share."""

    def __init__(
        self,
        ctx: SiteContext,
        system: System,
        findings: list[_Located],
        rules: dict[str, Rule],
    ) -> None:
        self.ctx = ctx
        self.system = system
        self.paths = ctx.paths
        self.findings = findings
        self.rules = rules
        self.accepted = governance_pages.accepted_risks(ctx, system)
        """The suppressed findings of this system (accepted risks) with their elements."""
        self.findings_of: dict[int, list[Finding]] = defaultdict(list)
        for located in findings:
            if located.element is not None:
                self.findings_of[id(located.element)].append(located.finding)
        self.carriers: dict[tuple[int, str], list[Flow]] = defaultdict(list)
        """Flows carrying each table, keyed by (id(datastore), table full name)."""
        self.unplaced_carries: list[tuple[Flow, str]] = []
        for flow in system.flows:
            for name in flow.carried_tables:
                if self.structure_of(flow, name) is not None:
                    continue  # a topic, key pattern, collection or index: its own page
                placed = self.table_of(flow, name)
                if placed is None:
                    self.unplaced_carries.append((flow, name))
                else:
                    self.carriers[(id(placed[0]), placed[1].fullname)].append(flow)

    # -- look-ups ------------------------------------------------------------------------------

    def resolve(self, ref: Element | str | None) -> Element | None:
        return self.system.resolve(ref)

    def declared(self, element: Element) -> str:
        """Where ``element`` is declared in the model, relative to the repository root."""
        model = self.ctx.model
        location = model.display_path(element.declared_at) if model else element.declared_at
        return _source(self.ctx, location.file, location.line)

    def table_of(self, flow: Flow, name: str) -> tuple[Datastore, Table] | None:
        prefer = [e for e in (self.resolve(flow.source), self.resolve(flow.target),
                              self.resolve(flow.via)) if isinstance(e, Datastore)]
        datastore = self.system.datastore_of_table(name, prefer=prefer)
        if datastore is None:
            return None
        table = datastore.table(name)
        return (datastore, table) if table is not None else None

    def structure_of(self, flow: Flow, name: str) -> tuple[Datastore, Structure] | None:
        """The physical structure (topic, collection, index …) called ``name`` at one of the
        flow's datastores."""
        for end in (flow.source, flow.target, flow.via):
            datastore = self.resolve(end)
            if isinstance(datastore, Datastore):
                structure = datastore.structure(name)
                if structure is not None:
                    return datastore, structure
        return None

    def link(self, from_page: str, element: Element | str | None) -> str:
        """A link to an element's page, or its escaped name when it has none."""
        resolved = self.resolve(element) if element is not None else None
        if resolved is None:
            return md.escape(element if isinstance(element, str) else getattr(element, "name", "?"))
        target = self.paths.element(self.system, resolved)
        label = resolved.name
        if target is None or target == from_page:
            return md.escape(label)
        return md.link(label, relative_link(from_page, target))

    def flow_cell(self, from_page: str, flow: Flow) -> str:
        """``source → target`` linked to the flow's page; a flow with a name of its own shows
        the name, then its ends."""
        source, target = flow.endpoint_names
        ends = f"{source} → {target}"
        link = relative_link(from_page, self.paths.flow(self.system, flow))
        if flow.name == default_flow_name(flow.source, flow.target, flow.mechanism):
            return md.link(ends, link)
        return f"{md.link(flow.name, link)}<br>{md.escape(ends)}"

    def table_link(self, from_page: str, datastore: Datastore, table: Table) -> str:
        return md.link(table.fullname,
                       relative_link(from_page, self.paths.table(self.system, datastore, table)))

    def rule_link(self, from_page: str, rule_id: str) -> str:
        if rule_id in self.rules:
            return md.link(rule_id, relative_link(from_page, self.paths.rule(rule_id)))
        return md.escape(rule_id)

    def findings_block(self, page: str, findings: Sequence[Finding], *, with_element: bool = False,
                       elements: dict[str, Element] | None = None) -> str:
        if not findings:
            return "No findings.\n"
        headers = ["Severity", "Rule", "Finding"] + (["Element"] if with_element else []) + [
            "Declared at"]
        rows = []
        for finding in findings:
            row = [
                finding.severity.value,
                self.rule_link(page, finding.rule),
                md.escape(finding.message)
                + (f" ({md.code(finding.target)})" if finding.target else "")
                + (f"<br>*Fix:* {md.escape(finding.hint)}" if finding.hint else ""),
            ]
            if with_element:
                element = (elements or {}).get(finding.element)
                row.append(self.link(page, element) if element is not None
                           else md.escape(finding.element))
            row.append(_source(self.ctx, finding.file, finding.line))
            rows.append(row)
        return md.table(headers, rows)

    def flows_table(self, page: str, flows: Sequence[Flow]) -> str:
        """Flows with their endpoints, mechanism, access and consistency."""
        if not flows:
            return "None.\n"
        rows = [
            [
                self.link(page, flow),
                self.link(page, flow.source),
                self.link(page, flow.target),
                md.escape(flow.mechanism.value),
                md.escape(flow.effective_access.value),
                md.escape(str(flow.consistency)),
            ]
            for flow in flows
        ]
        return md.table(["Flow", "From", "To", "Mechanism", "Access", "Consistency"], rows)

    def patterns_involving(self, members: set[int]) -> list[Pattern]:
        found = []
        for pattern in self.system.patterns:
            resolved = (self.resolve(r.target) for r in pattern.references())
            if any(id(e) in members for e in resolved if e is not None):
                found.append(pattern)
        return found

    def pattern_rows(self, page: str, patterns: Sequence[Pattern]) -> list[list[str]]:
        rows = []
        for pattern in patterns:
            parts = []
            by_field: dict[str, list[str]] = {}
            for reference in pattern.references():
                by_field.setdefault(reference.field, []).append(self.link(page, reference.target))
            for field_name, links in by_field.items():
                parts.append(f"{field_name.replace('_', ' ')}: {', '.join(links)}")
                table = getattr(pattern, "table", None)
                if field_name == "datastore" and table is not None:
                    parts.append(f"table: {md.code(table)}")
            rows.append([md.escape(pattern.pattern_type), md.escape(pattern.name),
                         "<br>".join(parts), md.escape(pattern.description)])
        return rows

    # -- pages ---------------------------------------------------------------------------------

    def pages(self) -> Iterator[Page | Asset]:
        yield self.overview()
        yield self.contexts_index()
        for context in self.system.contexts:
            yield self.context_page(context)
        yield self.datastores_index()
        for datastore in self.system.datastores:
            yield from self.datastore_pages(datastore)
        yield self.flows_index()
        for flow in self.system.flows:
            yield self.flow_page(flow)
        yield self.lineage()
        yield self.decisions()
        yield self.findings_page()

    def overview(self) -> Page:
        system, paths = self.system, self.paths
        page = paths.overview(system)
        out = [_title(system.name), _describe(system)]
        if len(system.contexts) >= CONTEXT_MAP_MIN_CONTEXTS:
            out.append(_section("System landscape"))
            out.append("Each box is a bounded context: click it for its services, datastores "
                       "and flows. A number on an arrow counts the flows it stands for; "
                       "brokers are drawn as the hubs flows pass through. The "
                       f"{md.link('context map', relative_link(page, paths.contexts_index(system)))}"
                       " shows who depends on whom.\n\n")
        out.append(self.ctx.diagram(page, _spec("context_landscape_spec", system)))
        tables = sum(len(d.tables) for d in system.datastores)
        counts = [
            ("Bounded contexts", len(system.contexts), paths.contexts_index(system)),
            ("Services", len(system.services), None),
            ("Datastores", len(system.datastores), paths.datastores_index(system)),
            ("Tables", tables, paths.lineage(system)),
            ("Data flows", len(system.flows), paths.flows_index(system)),
            ("External systems", len(system.externals), None),
            ("Patterns", len(system.patterns), None),
            ("Findings", len(self.findings), paths.findings(system)),
            ("Accepted risks", len(self.accepted),
             governance_pages.risk_register_path(self.ctx, system)),
        ]
        out.append(_section("Summary"))
        out.append(md.table(["What", "Count"], [
            [md.link(label, relative_link(page, target)) if target else label, count]
            for label, count, target in counts
        ]))
        out.append("\nSee also the " + md.link("technology decisions",
                                               relative_link(page, paths.decisions(system)))
                   + ", the " + md.link("entity lineage",
                                        relative_link(page, paths.lineage(system)))
                   + ", the " + md.link("deployment", relative_link(
                       page, governance_pages.deployment_path(self.ctx, system)))
                   + " and the " + md.link("classified data", relative_link(
                       page, governance_pages.classification_path(self.ctx, system, None)))
                   + ".\n")
        out.append(_section("Bounded contexts"))
        out.append(self.contexts_table(page) if system.contexts else "None declared.\n")
        out.append(_section("Datastores"))
        out.append(self.datastores_table(page) if system.datastores else "None declared.\n")
        loose = [s for s in system.services if s.context is None]
        if loose:
            out.append(_section("Services outside any context"))
            out.append(self.services_table(loose))
        if system.externals or system.actors:
            out.append(_section("External systems and actors"))
            rows = [[md.escape(e.name), "external system" if isinstance(e, ExternalSystem)
                     else "actor", md.escape(e.description)]
                    for e in [*system.externals, *system.actors]]
            out.append(md.table(["Name", "Kind", "Description"], rows))
        if system.patterns:
            out.append(_section("Patterns"))
            out.append(md.table(["Pattern", "Name", "Elements", "Description"],
                                self.pattern_rows(page, system.patterns)))
        out.append(_section("Review findings"))
        summary = count_findings([located.finding.severity for located in self.findings])
        out.append(f"{summary}. "
                   + md.link("All findings", relative_link(page, paths.findings(system))) + ".\n\n")
        shown = [located.finding for located in self.findings[:OVERVIEW_FINDINGS]]
        if shown:
            out.append(self.findings_block(page, shown, with_element=True,
                                           elements=self.element_index()))
        return Page(page, system.name, "".join(out), nav=True)

    def element_index(self) -> dict[str, Element]:
        return {e.id: e for e in reversed(list(self.system.elements()))}

    def contexts_table(self, page: str) -> str:
        rows = [
            [self.link(page, c), md.escape(c.domain), md.escape(c.team), len(c.services),
             len(c.datastores), md.escape(c.description.split("\n\n")[0])]
            for c in self.system.contexts
        ]
        return md.table(["Context", "Domain", "Team", "Services", "Datastores", "Description"],
                        rows)

    def datastores_table(self, page: str, datastores: Sequence[Datastore] | None = None) -> str:
        rows = [
            [self.link(page, d), self.link(page, d.context) if d.context else "(none)",
             md.escape(d.technology.label), md.escape(d.technology.kind.value),
             md.escape(d.role.value), len(d.tables)]
            for d in (self.system.datastores if datastores is None else datastores)
        ]
        return md.table(["Datastore", "Context", "Technology", "Kind", "Role", "Tables"], rows)

    def services_table(self, services: Sequence[Service]) -> str:
        rows = [[md.escape(s.name), md.escape(s.technology or ""), md.escape(s.description)]
                for s in services]
        return md.table(["Service", "Technology", "Description"], rows)

    def contexts_index(self) -> Page:
        page = self.paths.contexts_index(self.system)
        body = _title("Bounded contexts") + (
            self.contexts_table(page) if self.system.contexts else "None declared.\n")
        dependencies = self.system.context_dependencies()
        if len(self.system.contexts) >= CONTEXT_MAP_MIN_CONTEXTS:
            body += _section("Context map") + self.context_map(page)
        body += _section("Relationships") + context_map_pages.relationships_table(
            self.system, page, self.link)
        if dependencies:
            body += _section("Dependencies between contexts") + self.dependencies_table(
                page, dependencies)
        return Page(page, "Bounded contexts", body, nav=True)

    @cached_property
    def lineage_graph(self) -> Any:
        """The system's lineage graph (:mod:`archdocs.lineage`), built once for all pages."""
        from archdocs.lineage import build

        return build(self.system)

    @cached_property
    def context_map_spec(self) -> Any:
        """Shown on the overview and the contexts index: built once."""
        return _spec("context_map_spec", self.system)

    def context_map(self, page: str) -> str:
        return self.ctx.diagram(page, self.context_map_spec) + context_map_pages.CAPTION

    def dependencies_table(
        self, page: str, dependencies: list[tuple[Element, Element, list[Flow]]]
    ) -> str:
        rows = []
        for source, target, flows in dependencies:
            counted = Counter(flow.mechanism.value for flow in flows)
            mechanisms = ", ".join(
                name if n == 1 else f"{name} ×{n}" for name, n in sorted(counted.items()))
            shown = sorted(flows, key=lambda f: f.name)
            links = [self.link(page, flow) for flow in shown[:_DEPENDENCY_FLOWS_SHOWN]]
            if len(shown) > _DEPENDENCY_FLOWS_SHOWN:
                links.append(f"and {len(shown) - _DEPENDENCY_FLOWS_SHOWN} more")
            rows.append([self.link(page, source), self.link(page, target),
                         mechanisms, "<br>".join(links)])
        return md.table(["From", "To", "Mechanisms", "Flows"], rows)

    def context_page(self, context: BoundedContext) -> Page:
        system = self.system
        page = self.paths.context(system, context)
        out = [_title(f"Context: {context.name}")]
        facts = []
        if context.domain:
            facts.append(f"**Domain:** {md.escape(context.domain)}")
        if context.team:
            facts.append(f"**Team:** {md.escape(context.team)}")
        facts.append(f"**Declared in:** {self.declared(context)}")
        out.append("  \n".join(facts) + "\n\n")
        out.append(_describe(context))
        out.append(self.ctx.diagram(page, _spec("context_spec", system, context)))
        out.append(_section("Services"))
        out.append(self.services_table(context.services) if context.services else "None.\n")
        out.append(_section("Datastores"))
        out.append(self.datastores_table(page, context.datastores) if context.datastores
                   else "None.\n")
        out.append(context_map_pages.context_relationships(system, context, page, self.link))
        inbound, outbound = system.flows_of(context)
        out.append(_section("Inbound flows"))
        out.append(self.flows_table(page, inbound))
        out.append(_section("Outbound and internal flows"))
        out.append(self.flows_table(page, outbound))
        members = {id(context), *(id(e) for e in (*context.services, *context.datastores))}
        patterns = self.patterns_involving(members)
        out.append(_section("Patterns"))
        out.append(md.table(["Pattern", "Name", "Elements", "Description"],
                            self.pattern_rows(page, patterns)) if patterns else "None.\n")
        findings = [f for e in (context, *context.services, *context.datastores)
                    for f in self.findings_of.get(id(e), [])]
        out.append(element_sections(self.ctx, system, context, page))
        out.append(_section("Findings"))
        out.append(self.findings_block(page, findings, with_element=True,
                                       elements=self.element_index()))
        return Page(page, context.name, "".join(out))

    def datastores_index(self) -> Page:
        page = self.paths.datastores_index(self.system)
        body = _title("Datastores") + (
            self.datastores_table(page) if self.system.datastores else "None declared.\n")
        return Page(page, "Datastores", body, nav=True)

    def datastore_pages(self, datastore: Datastore) -> Iterator[Page]:
        system, paths = self.system, self.paths
        page = paths.datastore(system, datastore)
        technology = datastore.technology
        tables = datastore.tables
        out = [_title(f"Datastore: {datastore.name}")]
        facts = [
            ("Technology", md.escape(technology.label)),
            ("Kind", f"{md.escape(technology.kind.value)} "
                     f"(good for {md.escape(KIND_GOOD_FOR.get(technology.kind, '?'))})"),
            ("Role", md.escape(datastore.role.value)),
            ("Context", self.link(page, datastore.context) if datastore.context else "(none)"),
            ("Hosting", md.escape(datastore.hosting.value)),
            ("Declared in", self.declared(datastore)),
        ]
        if datastore.high_availability:
            facts.append(("High availability", md.escape(datastore.high_availability)))
        if datastore.retention:
            facts.append(("Retention", md.escape(datastore.retention)))
        if datastore.backup:
            backup = datastore.backup
            text = f"{md.escape(backup.schedule)}, kept {md.escape(backup.retention)}"
            if backup.point_in_time:
                text += ", point-in-time recovery"
            if backup.tested_restore:
                text += f", restore tested {md.escape(backup.tested_restore)}"
            facts.append(("Backup", text))
        out.append(_facts(facts))
        out.append(_describe(datastore))

        out.append(_section("Requirements"))
        out.append(self.requirements_table(datastore))
        out.append(_section("Scaling"))
        out.append(self.scaling_block(datastore))
        # Performance by design (archdocs.perf): access patterns and the scalability path.
        out.append(_section("Access patterns"))
        out.append(perf_sections.access_pattern_section(self.ctx, system, datastore, page))
        out.append(_section("Scalability path"))
        out.append(perf_sections.scalability_section(self.ctx, system, datastore, page))
        out.append(_section("Consistency"))
        out.append(self.consistency_block(page, datastore))
        out.append(_section("Readers and writers"))
        rows = [["writes", self.link(page, who), self.link(page, flow),
                 md.escape(flow.mechanism.value)] for who, flow in system.writers(datastore)]
        rows += [["reads", self.link(page, who), self.link(page, flow),
                  md.escape(flow.mechanism.value)] for who, flow in system.readers(datastore)]
        out.append(md.table(["Access", "Who", "Flow", "Mechanism"], rows) if rows else "None.\n")

        if not tables and datastore.structures:
            pass  # described in its own terms: the "Physical structures" section below
        elif not tables:
            out.append(_section("Entity-relationship diagram"))
            out.append("This datastore declares no tables.\n")
        else:
            out.append(_section("Entity-relationship diagram"))
            er_parts = _spec("er_specs", system, datastore, max_tables=LARGE_STORE_TABLES)
            if len(er_parts) > 1:
                out.append(f"{len(tables)} tables, drawn in {len(er_parts)} parts:\n\n")
                out.append("".join(f"{n}. [{md.escape(spec.title)}](#er-part-{n})\n"
                                   for n, spec in enumerate(er_parts, start=1)))
                for n, spec in enumerate(er_parts, start=1):
                    out.append(f'\n<a id="er-part-{n}"></a>\n\n'
                               f"### Part {n}: {md.escape(spec.title)}\n")
                    out.append(self.ctx.diagram(page, spec))
            else:
                out.extend(self.ctx.diagram(page, spec) for spec in er_parts)

            out.append(_section("Tables"))
            table_rows: list[list[object]] = []
            for table in tables:
                volume = datastore.volume_of(table)
                table_rows.append([
                    self.table_link(page, datastore, table), len(table.columns),
                    f"{volume.rows:,}" if volume and volume.rows is not None else "",
                    len(self.carriers.get((id(datastore), table.fullname), [])),
                    md.escape((table.comment or "").split("\n")[0]),
                ])
            out.append(md.table(["Table", "Columns", "Rows", "Flows", "Comment"], table_rows))
        out.append(element_sections(self.ctx, system, datastore, page))
        out.append(_section("Findings"))
        out.append(self.findings_block(page, self.findings_of.get(id(datastore), [])))
        yield Page(page, datastore.name, "".join(out))
        dialect = dialect_for(datastore.technology) if tables else None
        referrers = _referrers(tables)
        for table in tables:
            yield self.table_page(datastore, table, dialect, focus=True,
                                  referenced_by=referrers.get(id(table), []))

    def requirements_table(self, datastore: Datastore) -> str:
        if not datastore.requirements:
            return "No requirements declared.\n"
        rows = []
        for requirement in datastore.requirements:
            capability = requirement.capability
            if capability is None:
                replication = datastore.scaling.replication
                how = ("depends on the flows and replicas: "
                       + (f"replication is {replication.mode.value}"
                          if replication else "no replicas declared")
                       + "; see Consistency below")
                rows.append([md.escape(requirement.value), "", "checked on flows", md.escape(how)])
                continue
            met = datastore.has(capability)
            rows.append([
                md.escape(requirement.value), md.code(capability.value),
                "**met**" if met else "**not met**",
                md.escape(f"{datastore.technology.name} provides {capability.value}" if met
                          else f"{datastore.technology.name} does not provide "
                               f"{capability.value} out of the box"),
            ])
        return md.table(["Requirement", "Capability", "Met", "How"], rows)

    def scaling_block(self, datastore: Datastore) -> str:
        scaling = datastore.scaling
        out = []
        replication = scaling.replication
        if replication:
            regions = ", ".join(replication.regions) or "same region"
            out.append(
                f"- **Replication:** {replication.replicas} replica(s), "
                f"{md.escape(replication.mode.value)}, {md.escape(regions)}, "
                + ("replicas serve reads" if replication.readable else "standby only") + "\n")
        for part in scaling.partitioning:
            out.append(
                f"- **Partitioning:** {md.code(part.table)} by {md.code(part.key)} "
                f"({md.escape(part.strategy.value)}"
                + (f", every {md.escape(part.interval)}" if part.interval else "")
                + (f", kept {md.escape(part.retention)}" if part.retention else "") + ")\n")
        for shard in scaling.sharding:
            tables = ", ".join(md.code(t) for t in shard.tables) or "all tables"
            out.append(
                f"- **Sharding:** {shard.shards} shards by {md.code(shard.key)} "
                f"({md.escape(shard.strategy.value)}) over {tables}"
                + (", reference tables " + ", ".join(md.code(t) for t in shard.reference_tables)
                   if shard.reference_tables else "") + "\n")
        budget = datastore.effective_budget
        limits = [
            f"{budget.storage_gb:,.0f} GB" if budget.storage_gb is not None else None,
            f"{budget.writes_per_second:,.0f} writes/s"
            if budget.writes_per_second is not None else None,
            f"{budget.connections:,} connections" if budget.connections is not None else None,
        ]
        limits_text = ", ".join(x for x in limits if x)
        if not out:
            out.append("A single node: no replicas, partitions or shards declared.\n")
        if limits_text:
            out.append(f"\nSingle-node budget: {limits_text}.\n")
        return "".join(out)

    def consistency_block(self, page: str, datastore: Datastore) -> str:
        inbound, outbound = self.system.flows_of(datastore)
        flows = sorted({id(f): f for f in (*inbound, *outbound)}.values(),
                       key=lambda f: self.system.flows.index(f))
        out = []
        if Requirement.STRONG_CONSISTENCY in datastore.requirements:
            out.append("Requires **strong consistency**.\n\n")
        replication = datastore.scaling.replication
        if replication and replication.readable:
            out.append(f"Reads served by {md.escape(replication.mode.value)} replicas may lag "
                       "behind the primary.\n\n")
        out.append(self.flows_table(page, flows))
        return "".join(out)

    def table_page(self, datastore: Datastore, table: Table, dialect: Any, *, focus: bool,
                   referenced_by: Sequence[ForeignKeyConstraint] = ()) -> Page:
        system = self.system
        page = self.paths.table(system, datastore, table)
        out = [_title(f"Table: {table.fullname}")]
        out.append(f"In datastore {self.link(page, datastore)} "
                   f"({md.escape(datastore.technology.label)}).\n\n")
        if table.comment:
            out.append(md.paragraph(table.comment) + "\n")
        volume = datastore.volume_of(table)
        if volume:
            parts = []
            if volume.rows is not None:
                parts.append(f"{volume.rows:,} rows")
            if volume.rows_per_day is not None:
                parts.append(f"{volume.rows_per_day:,.0f} rows/day")
            if volume.growth_per_year:
                parts.append(f"growth {volume.growth_per_year:.0%}/year")
            if volume.peak_writes_per_second is not None:
                parts.append(f"peak {volume.peak_writes_per_second:,.0f} writes/s")
            if parts:
                out.append(f"**Volume:** {', '.join(parts)}\n\n")
        if focus:
            out.append(self.ctx.diagram(page, _spec("er_focus_spec", system, datastore, table)))
        out.append(_section("Columns"))
        primary = {c.name for c in table.primary_key.columns}
        rows = []
        for column in table.columns:
            keys = []
            if column.name in primary:
                keys.append("PK")
            for fk in sorted(column.foreign_keys, key=lambda fk: fk.target_fullname):
                keys.append("FK → " + self.fk_target(page, datastore, fk.target_fullname))
            if column.unique:
                keys.append("unique")
            rows.append([md.code(column.name), md.code(type_text(column.type, dialect)),
                         _yes(bool(column.nullable)), _default_of(column), " ".join(keys),
                         md.escape(column.comment or "")])
        out.append(md.table(["Column", "Type", "Nullable", "Default", "Keys", "Comment"], rows))
        indexes = sorted(table.indexes, key=lambda i: str(i.name))
        out.append(_section("Indexes"))
        if indexes:
            out.append(md.table(["Index", "Columns", "Unique"], [
                [md.code(index.name or ""),
                 ", ".join(md.code(getattr(c, "name", str(c))) for c in index.expressions),
                 _yes(bool(index.unique))] for index in indexes]))
        else:
            out.append("None besides the primary key.\n")
        constraints = sorted(
            (c for c in table.constraints if c is not table.primary_key),
            key=lambda c: (type(c).__name__, str(c.name)),
        )
        if constraints:
            out.append(_section("Constraints"))
            rows = []
            for constraint in constraints:
                columns = ", ".join(md.code(c.name) for c in getattr(constraint, "columns", []))
                detail = ""
                if isinstance(constraint, ForeignKeyConstraint):
                    targets = sorted({e.target_fullname.rsplit(".", 1)[0]
                                      for e in constraint.elements})
                    detail = "→ " + ", ".join(self.fk_target(page, datastore, t + ".x",
                                                             table_only=True) for t in targets)
                    if constraint.ondelete:
                        detail += f" on delete {md.escape(constraint.ondelete)}"
                sqltext = getattr(constraint, "sqltext", None)
                if sqltext is not None:
                    detail = md.code(str(sqltext))
                rows.append([md.code(constraint.name) if constraint.name else "(unnamed)",
                             md.escape(type(constraint).__name__.replace("Constraint", "").lower()),
                             columns, detail])
            out.append(md.table(["Name", "Kind", "Columns", "Detail"], rows))
        if referenced_by:
            out.append(_section("Referenced by"))
            out.append(md.table(["Table", "Columns", "On delete"], [
                [self.fk_target(page, datastore, fk.parent.fullname + ".x", table_only=True),
                 ", ".join(md.code(c.name) for c in fk.columns),
                 md.escape(fk.ondelete or "")]
                for fk in referenced_by]))
        out.append(physical_pages.column_lineage(
            self.paths, system, page, self.lineage_graph, datastore, table.fullname,
            heading=_section("Where its columns come from")))
        carriers = self.carriers.get((id(datastore), table.fullname), [])
        out.append(_section("Flows carrying this table"))
        out.append(self.flows_table(page, carriers))
        findings = [f for f in self.findings_of.get(id(datastore), [])
                    if f.target and (f.target == table.fullname or f.target == table.name
                                     or f.target.startswith(table.fullname + ".")
                                     or f.target.startswith(table.name + "."))]
        if findings:
            out.append(_section("Findings"))
            out.append(self.findings_block(page, findings))
        return Page(page, table.fullname, "".join(out))

    def fk_target(self, page: str, datastore: Datastore, target: str, *,
                  table_only: bool = False) -> str:
        table_name, _, column = target.rpartition(".")
        table = datastore.table(table_name)
        label = table_name if table_only else target
        if table is None:
            return md.code(label)
        return md.link(label, relative_link(page, self.paths.table(self.system, datastore, table)))

    def flows_index(self) -> Page:
        system = self.system
        page = self.paths.flows_index(system)
        out = [_title("Data flows")]
        if not system.flows:
            out.append("None declared.\n")
            return Page(page, "Data flows", "".join(out), nav=True)
        # One listing, each flow once: grouped by mechanism (the rows are in that order and the
        # line above the table counts them); a context's page lists its flows in and out.
        order = {mechanism: number for number, mechanism in enumerate(Mechanism)}
        flows = sorted(system.flows, key=lambda f: (order[f.mechanism], f.name))
        counts = Counter(f.mechanism for f in system.flows)
        out.append(f"{len(flows)} flow{'' if len(flows) == 1 else 's'}: " + ", ".join(
            f"{counts[m]} {md.escape(m.value)}" for m in Mechanism if counts[m])
            + ". The page of each bounded context lists the flows into and out of it.\n\n")
        rows = [
            [
                self.flow_cell(page, flow),
                md.escape(flow.mechanism.value)
                + (f" ({md.escape(flow.effective_access.value)})"
                   if flow.mechanism is Mechanism.QUERY else ""),
                _carried(flow),
                f"{format_count(flow.per_second)}/s" if flow.per_second else "",
                md.escape(str(flow.consistency)),
            ]
            for flow in flows
        ]
        out.append(md.table(["Flow", "Mechanism", "Carries", "Peak", "Consistency"], rows))
        return Page(page, "Data flows", "".join(out), nav=True)

    def flow_page(self, flow: Flow) -> Page:
        system = self.system
        page = self.paths.flow(system, flow)
        out = [_title(f"Flow: {flow.name}"), _describe(flow)]
        out.append(self.ctx.diagram(page, _spec("flow_spec", system, flow)))
        facts = [
            ("From", self.link(page, flow.source)),
            ("To", self.link(page, flow.target)),
        ]
        if flow.via is not None:
            facts.append(("Via", self.link(page, flow.via)))
        facts += [
            ("Mechanism", md.escape(flow.mechanism.value)
             + (" (asynchronous)" if flow.mechanism.is_asynchronous else "")),
            ("Access", md.escape(flow.effective_access.value)),
            ("Consistency", md.escape(flow.consistency.level.value)),
        ]
        if flow.consistency.level is ConsistencyLevel.EVENTUAL:
            # A strong flow has no staleness to budget; an eventual one should say how much.
            facts.append(("Staleness budget",
                          md.escape(format_duration(flow.consistency.staleness))
                          if flow.consistency.staleness is not None else "not stated"))
        facts.append(("Volume", f"{flow.per_second:,.0f} per second at peak"
                      if flow.per_second is not None else "not stated"))
        facts.append(("Declared in", self.declared(flow)))
        out.append(_facts(facts))
        out.append(_section("Carried tables"))
        if flow.carried_tables:
            rows = []
            for name in flow.carried_tables:
                held = self.structure_of(flow, name)
                placed = None if held is not None else self.table_of(flow, name)
                if held is not None:
                    rows.append([physical_pages.structure_link(
                        self.paths, system, page, held[0], held[1]), self.link(page, held[0])])
                elif placed is None:
                    rows.append([md.code(name), "not found in any datastore"])
                else:
                    rows.append([self.table_link(page, *placed), self.link(page, placed[0])])
            out.append(md.table(["Table", "Datastore"], rows))
        else:
            out.append("None declared.\n")
        out.append(_section("Events"))
        out.append("".join(f"- {md.code(e)}\n" for e in flow.events) if flow.events
                   else "None declared.\n")
        out.append(element_sections(self.ctx, system, flow, page))
        out.append(_section("Findings"))
        out.append(self.findings_block(page, self.findings_of.get(id(flow), [])))
        return Page(page, flow.name, "".join(out))

    def lineage(self) -> Page:
        system = self.system
        page = self.paths.lineage(system)
        out = [_title("Entity lineage"),
               "For each table: which flows carry it, and where to. Tables that no flow names "
               "(search documents, read models, topics) are derived from what the flows "
               "feeding their datastore carry, listed under it.\n"]
        out.append(physical_pages.lineage_sections(self.paths, system, page))
        derived = physical_pages.derived_origins(system)
        for datastore in system.datastores:
            if not datastore.tables:
                continue
            out.append(_section(self.link(page, datastore)))
            rows = []
            feeding = self.feeding_flows(datastore)
            for table in datastore.tables:
                flows = self.carriers.get((id(datastore), table.fullname), [])
                name = self.table_link(page, datastore, table)
                origins = derived.get((id(datastore), table.fullname))
                if not flows and origins:
                    rows.append([name, "derived from " + ", ".join(
                        md.escape(o) for o in origins) + " (see above)", "", "", ""])
                elif not flows:
                    rows.append([name, "no flow names it; see the flows feeding "
                                 f"{md.escape(datastore.name)} below" if feeding
                                 else "not carried by any flow", "", "", ""])
                for n, flow in enumerate(flows):
                    rows.append([name if n == 0 else "", self.link(page, flow),
                                 self.link(page, flow.source), self.link(page, flow.target),
                                 md.escape(flow.mechanism.value)])
            out.append(md.table(["Table", "Flow", "From", "To", "Mechanism"], rows))
            if feeding:
                out.append(f"\nFlows feeding {md.escape(datastore.name)} with tables held "
                           "elsewhere:\n\n")
                out.append(md.table(["Flow", "From", "Mechanism", "Carries"], [
                    [self.link(page, flow), self.link(page, flow.source),
                     md.escape(flow.mechanism.value),
                     ", ".join(self.table_link(page, d, t) for d, t in carried)]
                    for flow, carried in feeding]))
        if self.unplaced_carries:
            out.append(_section("Carried tables not found in any datastore"))
            out.append(md.table(["Flow", "Table"], [
                [self.link(page, f), md.code(name)] for f, name in self.unplaced_carries]))
        return Page(page, "Entity lineage", "".join(out), nav=True)

    def feeding_flows(self, datastore: Datastore) -> list[tuple[Flow, list[tuple[Datastore, Table]]]]:
        """Flows into ``datastore`` that carry tables held elsewhere (CDC into a search index,
        projections into a read model), with those tables."""
        found = []
        for flow in self.system.flows:
            if self.resolve(flow.target) is not datastore:
                continue
            carried = [placed for name in flow.carried_tables
                       if (placed := self.table_of(flow, name)) is not None
                       and placed[0] is not datastore]
            if carried:
                found.append((flow, carried))
        return found

    def decisions(self) -> Page:
        system = self.system
        page = self.paths.decisions(system)
        out = [_title("Technology decisions"),
               "Every datastore against the decision framework: its kind, the requirements "
               "declared for it, which capabilities meet them, and the review rules that fired "
               "on it. What archdocs advises for each datastore, ranked with its reasons: "
               f"{md.link('Advice', relative_link(page, f'{self.paths.base(system)}/advice/index.md'))}"
               ".\n"]
        out.append(_section("Decision framework"))
        out.append(md.table(["Kind", "Good for"], [
            [md.escape(kind.value), md.escape(text)] for kind, text in KIND_GOOD_FOR.items()]))
        out.append(_section("Matrix"))
        rows = []
        for datastore in system.datastores:
            needs = []
            for requirement in datastore.requirements:
                capability = requirement.capability
                if capability is None:
                    needs.append(f"{md.escape(requirement.value)} (checked on flows)")
                elif not datastore.decided:
                    needs.append(f"{md.escape(requirement.value)} (to meet: see the advice)")
                elif datastore.has(capability):
                    needs.append(f"{md.escape(requirement.value)} ✓")
                else:
                    needs.append(f"**{md.escape(requirement.value)} ✗ not met**")
            fired = sorted({f.rule for f in self.findings_of.get(id(datastore), [])})
            accepted = sorted({s.finding.rule for s, e in self.accepted if e is datastore}
                              - set(fired))
            rows.append([
                self.link(page, datastore),
                f"{md.escape(datastore.technology.label)} "
                f"({md.escape(datastore.technology.kind.value)})",
                md.escape(datastore.role.value),
                "<br>".join(needs) or "none declared",
                ", ".join([self.rule_link(page, r) for r in fired]
                          + [f"{self.rule_link(page, r)} (accepted risk)" for r in accepted])
                or "",
            ])
        out.append(md.table(["Datastore", "Technology (kind)", "Role", "Requirements",
                             "Rules fired"], rows) if rows else "None declared.\n")
        return Page(page, "Technology decisions", "".join(out), nav=True)

    def findings_page(self) -> Page:
        page = self.paths.findings(self.system)
        out = [_title("Findings")]
        elements = self.element_index()
        if not self.findings:
            out.append("The review found nothing to report"
                       + (f" beyond {len(self.accepted)} accepted risk"
                          f"{'s' if len(self.accepted) != 1 else ''} (below)"
                          if self.accepted else "") + ".\n")
        for severity in Severity:
            group = [x.finding for x in self.findings if x.finding.severity is severity]
            if not group:
                continue
            out.append(_section(f"{severity.value.capitalize()} ({len(group)})"))
            by_rule: dict[str, list[Finding]] = defaultdict(list)
            for finding in group:
                by_rule[finding.rule].append(finding)
            for rule_id in sorted(by_rule):
                rule = self.rules.get(rule_id)
                name = f" {md.escape(rule.name)}" if rule else ""
                out.append(_section(f"{self.rule_link(page, rule_id)}{name}", 3))
                out.append(self.findings_block(page, by_rule[rule_id], with_element=True,
                                               elements=elements))
        if self.accepted:
            out.append(_section(f"Accepted risks ({len(self.accepted)})"))
            out.append("Suppressed findings, with the reason the model gives; "
                       + md.link("the risk register", relative_link(
                           page, governance_pages.risk_register_path(self.ctx, self.system)))
                       + " lists them too.\n\n")
            out.append(governance_pages.risks_table(self.ctx, self.system, page, self.accepted))
        return Page(page, "Findings", "".join(out), nav=True)


def _spec(builder: str, *args: Any, **kwargs: Any) -> Any:
    """Call a spec builder of :mod:`archdocs.render` by name (imported lazily: the renderer pulls
    in Graphviz, which a provider that draws nothing should not pay for)."""
    from archdocs import render

    return getattr(render, builder)(*args, **kwargs)


def _systems_index(ctx: SiteContext, systems: Sequence[System],
                   located: dict[int, list[_Located]]) -> Page:
    page = ctx.paths.root()
    rows = [[md.link(s.name, relative_link(page, ctx.paths.overview(s))), len(s.contexts),
             len(s.datastores), len(s.flows), len(located.get(id(s), []))] for s in systems]
    body = _title("Architecture") + md.table(
        ["System", "Contexts", "Datastores", "Flows", "Findings"], rows)
    return Page(page, "Architecture", body, nav=True)


def _rule_pages(ctx: SiteContext, systems: Sequence[System],
                located: dict[int, list[_Located]], rules: dict[str, Rule]) -> Iterable[Page]:
    paths = ctx.paths
    if paths.rule_pages is not None:
        return  # the site has its own rule pages: findings link there, no copy is made
    index = paths.rules_index()
    fired: dict[str, list[tuple[System, _Located]]] = defaultdict(list)
    for system in systems:
        for item in located.get(id(system), []):
            fired[item.finding.rule].append((system, item))
    rows = [[md.link(r.id, relative_link(index, paths.rule(r.id))), md.escape(r.name),
             md.escape(r.severity.value), md.escape(r.family), len(fired.get(r.id, []))]
            for r in rules.values()]
    yield Page(index, "Review rules", _title("Review rules")
               + "Every rule the review runs, with why it exists and how to fix what it flags.\n\n"
               + md.table(["Rule", "Name", "Severity", "Family", "Findings here"], rows),
               nav=True)
    for rule in rules.values():
        page = paths.rule(rule.id)
        out = [_title(f"{rule.id} {rule.name}")]
        out.append(_facts([("Severity", md.escape(rule.severity.value)),
                           ("Family", md.escape(rule.family))]))
        out.append(_section("Why"))
        out.append(md.paragraph(rule.why))
        out.append(_section("How to fix"))
        out.append(md.paragraph(rule.fix))
        out.append(_section("How to suppress"))
        out.append("Attach a suppression with a reason to the element:\n\n"
                   f"```python\nsuppress({rule.id!r}, \"why this is acceptable here\")\n```\n")
        out.append(_section("Findings in this model"))
        hits = fired.get(rule.id, [])
        accepted = [s for s in ctx.report.suppressed if s.finding.rule == rule.id]
        if not hits:
            out.append("None.\n")
        else:
            rows = []
            for system, item in hits:
                element = item.element
                target = paths.element(system, element) if element is not None else None
                where = (md.link(element.name, relative_link(page, target))
                         if element is not None and target else md.escape(item.finding.element))
                rows.append([where, md.escape(item.finding.message),
                             _source(ctx, item.finding.file, item.finding.line)])
            out.append(md.table(["Element", "Finding", "Declared at"], rows))
        if accepted:
            out.append(_section("Accepted risks in this model"))
            out.append(md.table(["Element", "Finding", "Why it is accepted", "Owner",
                                 "Review by"], [
                [md.escape(s.finding.element), md.escape(s.finding.message),
                 md.escape(s.reason), md.escape(s.owner or "—"), md.escape(s.review_by or "—")]
                for s in accepted]))
        yield Page(page, f"{rule.id} {rule.name}", "".join(out))


__all__ = ["KIND_GOOD_FOR", "LARGE_STORE_TABLES", "pages"]

