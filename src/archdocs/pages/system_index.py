"""The one index of a system that its core pages share: :class:`SystemIndex`.

Built once per system, before any page: where each finding lands (:func:`locate_findings`),
which flows carry each table, and the look-ups and blocks every page family writes with
(element links, flow cells, table and rule links, the findings and flows tables, pattern rows).
Element names and ids are looked up through the model's own index (:meth:`System.resolve`).

The page families that use it: :mod:`~archdocs.pages.overview`,
:mod:`~archdocs.pages.contexts`, :mod:`~archdocs.pages.datastores` (with
:mod:`~archdocs.pages.tables`), :mod:`~archdocs.pages.flows`, :mod:`~archdocs.pages.decisions`,
:mod:`~archdocs.pages.findings` and :mod:`~archdocs.pages.rule_reference`;
:mod:`archdocs.pages.core` runs them in order.

Every piece of user text goes through :mod:`archdocs.pages.markdown`; every path comes from
:class:`~archdocs.pages.paths.SitePaths`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import quote

from sqlalchemy import Table

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow, default_flow_name
from archdocs.model.patterns import Pattern
from archdocs.model.physical.common import Structure
from archdocs.model.system import System
from archdocs.pages import governance as governance_pages
from archdocs.pages import markdown as md
from archdocs.pages.page import SiteContext, relative_link
from archdocs.review.finding import Finding
from archdocs.review.rule import Rule

# -- findings bookkeeping ------------------------------------------------------------------


@dataclass(frozen=True)
class LocatedFinding:
    """A finding with the element it is about (``None`` when no system declares it)."""

    finding: Finding
    element: Element | None


def locate_findings(
    systems: Sequence[System], findings: Sequence[Finding]
) -> dict[int, list[LocatedFinding]]:
    """Findings per system (by ``id(system)``), each with its element. A finding whose element
    no system declares (project-wide rules) lands on the first system."""
    by_id: list[tuple[System, dict[str, Element]]] = [
        (system, {element.id: element for element in reversed(list(system.elements()))})
        for system in systems
    ]
    located: dict[int, list[LocatedFinding]] = defaultdict(list)
    for finding in findings:
        for system, elements in by_id:
            element = elements.get(finding.element)
            if element is not None:
                located[id(system)].append(LocatedFinding(finding, element))
                break
        else:
            if systems:
                located[id(systems[0])].append(LocatedFinding(finding, None))
    return located


# -- page-writing helpers every family uses -------------------------------------------------


def title(text: object) -> str:
    """A page's ``#`` heading; ``text`` is escaped."""
    return f"# {md.escape(text)}\n\n"


def section(text: str, level: int = 2) -> str:
    """A section heading; ``text`` must be escaped already (it may hold a link)."""
    return f"\n{'#' * level} {text}\n\n"


def facts(items: Sequence[tuple[str, str]]) -> str:
    """Key facts as a list; values must be escaped already."""
    return "".join(f"- **{key}:** {value}\n" for key, value in items) + "\n"


def source_link(ctx: SiteContext, file: str, line: int) -> str:
    """``file:line`` of the model, linked to where it can be read online when the site has a
    ``source_url`` template, else as code."""
    text = f"{file}:{line}" if line else file
    template = ctx.options.get("source_url")
    if not template or not file:
        return md.path_code(text)
    url = str(template).replace("{path}", quote(file, safe="/")).replace("{line}", str(int(line)))
    return f"[{md.path_code(text)}]({url})"


def describe(element: Element) -> str:
    """The element's description as a paragraph, or nothing."""
    return md.paragraph(element.description) + ("\n" if element.description else "")


def diagram_spec(builder: str, *args: Any, **kwargs: Any) -> Any:
    """Call a spec builder of :mod:`archdocs.render` by name (imported lazily: the renderer pulls
    in Graphviz, which a provider that draws nothing should not pay for)."""
    from archdocs import render

    return getattr(render, builder)(*args, **kwargs)


# -- the index ------------------------------------------------------------------------------


class SystemIndex:
    """What the pages of one system share: its findings located per element, the flows that
    carry each table, and the links and blocks the page families write with."""

    def __init__(
        self,
        ctx: SiteContext,
        system: System,
        findings: list[LocatedFinding],
        rules: dict[str, Rule],
    ) -> None:
        self.ctx = ctx
        self.system = system
        self.paths = ctx.paths
        self.findings = findings
        """The findings of this system, in the review's order, each with its element."""
        self.rules = rules
        self.accepted = governance_pages.accepted_risks(ctx, system)
        """The suppressed findings of this system (accepted risks) with their elements."""
        self.findings_of: dict[int, list[Finding]] = defaultdict(list)
        """The findings about each element, by ``id(element)``."""
        for located in findings:
            if located.element is not None:
                self.findings_of[id(located.element)].append(located.finding)
        self.carriers: dict[tuple[int, str], list[Flow]] = defaultdict(list)
        """Flows carrying each table, keyed by (id(datastore), table full name)."""
        self.unplaced_carries: list[tuple[Flow, str]] = []
        """Tables flows name that no datastore of theirs holds, with the flow."""
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

    @cached_property
    def elements_by_id(self) -> dict[str, Element]:
        """Every element by its id; the first declared wins (findings name elements by id)."""
        return {e.id: e for e in reversed(list(self.system.elements()))}

    @cached_property
    def flows_into(self) -> dict[int, list[Flow]]:
        """The flows whose target is each element, by ``id(element)``, in the model's order."""
        into: dict[int, list[Flow]] = defaultdict(list)
        for flow in self.system.flows:
            target = self.resolve(flow.target)
            if target is not None:
                into[id(target)].append(flow)
        return into

    @cached_property
    def context_map_pairs(self) -> Any:
        """The pairs of the system's context map (:func:`archdocs.render.context_map.map_pairs`),
        found once for the map and every map around a context."""
        from archdocs.render.context_map import map_pairs

        return map_pairs(self.system)

    @cached_property
    def lineage_graph(self) -> Any:
        """The system's lineage graph (:mod:`archdocs.lineage`), built once for all pages."""
        from archdocs.lineage import build

        return build(self.system)

    def declared(self, element: Element) -> str:
        """Where ``element`` is declared in the model, relative to the repository root."""
        model = self.ctx.model
        location = model.display_path(element.declared_at) if model else element.declared_at
        return source_link(self.ctx, location.file, location.line)

    def table_of(self, flow: Flow, name: str) -> tuple[Datastore, Table] | None:
        """The table called ``name`` a flow carries, at the datastore holding it (the flow's
        own datastores first)."""
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

    def patterns_involving(self, members: set[int]) -> list[Pattern]:
        """The patterns that point at any of ``members`` (by ``id(element)``)."""
        found = []
        for pattern in self.system.patterns:
            resolved = (self.resolve(r.target) for r in pattern.references())
            if any(id(e) in members for e in resolved if e is not None):
                found.append(pattern)
        return found

    # -- links -----------------------------------------------------------------------------------

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
        """A link to the rule's reference page, or its escaped id for a rule the review does
        not know."""
        if rule_id in self.rules:
            return md.link(rule_id, relative_link(from_page, self.paths.rule(rule_id)))
        return md.escape(rule_id)

    # -- blocks ----------------------------------------------------------------------------------

    def findings_block(self, page: str, findings: Sequence[Finding], *,
                       with_element: bool = False) -> str:
        """Findings as a table: severity, rule, message with its fix, (element,) and where."""
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
                element = self.elements_by_id.get(finding.element)
                row.append(self.link(page, element) if element is not None
                           else md.escape(finding.element))
            row.append(source_link(self.ctx, finding.file, finding.line))
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

    def pattern_rows(self, page: str, patterns: Sequence[Pattern]) -> list[list[str]]:
        """Rows of a patterns table: type, name, the elements by field, description."""
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


__all__ = [
    "LocatedFinding",
    "SystemIndex",
    "describe",
    "diagram_spec",
    "facts",
    "locate_findings",
    "section",
    "source_link",
    "title",
]
