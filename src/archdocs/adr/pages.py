"""ADR pages on the site: an index with a decision graph, links between records and the
pages of the elements they relate to.

Records that live inside the MkDocs ``docs`` folder (the default ``docs/adr``) are rendered by
MkDocs already: the index links to them and no copy is made. Records kept elsewhere get a
generated page each under ``<prefix>/decisions/``.

Element pages show the decisions about them through the
:data:`archdocs.pages.page.ELEMENT_SECTIONS` hook (:func:`element_section` here); a record page
that MkDocs renders from the user's file gets its "Related elements" footer from
:func:`record_page_footers`, which the MkDocs plugin calls for those pages.
"""

from __future__ import annotations

import posixpath
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from archdocs.adr.links import ElementTarget, decision_log, resolve_reference
from archdocs.adr.record import DecisionLog, DecisionRecord
from archdocs.load.loader import Model
from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.system import BoundedContext, System
from archdocs.naming import slugify
from archdocs.pages import markdown as md
from archdocs.pages.page import Asset, Page, SiteContext, relative_link
from archdocs.pages.paths import SitePaths

if TYPE_CHECKING:
    from archdocs.render import DiagramSpec

_STATUS_COLOURS = {
    "proposed": "#1565c0",
    "accepted": "#2e7d32",
    "rejected": "#c62828",
    "deprecated": "#6d4c41",
    "superseded": "#616161",
}


def status_badge(status: str | None) -> str:
    """A coloured status label that needs no extra CSS (inline style)."""
    text = status or "no status"
    colour = _STATUS_COLOURS.get(text, "#9e9e9e")
    return (f'<span style="background:{colour};color:#fff;padding:0 .45em;border-radius:.3em;'
            f'font-size:.85em;white-space:nowrap">{md.escape(text)}</span>')


def index_path(paths: SitePaths) -> str:
    return f"{paths.prefix}/decisions/index.md"


def _docs_dir(ctx: SiteContext) -> Path:
    configured = ctx.options.get("docs_dir")
    return Path(configured) if configured else ctx.model.project_root / "docs"


def record_path(ctx: SiteContext, record: DecisionRecord) -> str:
    """Docs-relative path of the record's page: its own file when MkDocs renders it (inside the
    docs folder), else the page archdocs generates for it."""
    try:
        inside = record.path.resolve().relative_to(_docs_dir(ctx).resolve())
    except ValueError:
        return f"{ctx.paths.prefix}/decisions/{slugify(record.id)}.md"
    return inside.as_posix()


def _is_generated(ctx: SiteContext, record: DecisionRecord) -> bool:
    return record_path(ctx, record).startswith(f"{ctx.paths.prefix}/decisions/")


def _log(ctx: SiteContext) -> DecisionLog:
    """The project's records, read once per site build (a builder is made for each build):
    every element's page asks, and checking the folder for changed files each time cost a
    twentieth of a `mkdocs serve` rebuild of a 100-datastore model."""
    global _last_log
    if _last_log is not None and _last_log[0]() is ctx:
        return _last_log[1]
    log = decision_log(ctx.model, ctx.options.get("adr_dir"))
    _last_log = (weakref.ref(ctx), log)
    return log


_last_log: tuple[weakref.ref[SiteContext], DecisionLog] | None = None
"""The builder that asked last (held weakly: it holds the whole model) and its records."""


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    """The ADR index (with the decision graph) and a page for each record kept outside the
    docs folder. Nothing when the project has no records."""
    log = _log(ctx)
    if not len(log):
        return
    yield _index(ctx, log)
    for record in log:
        if _is_generated(ctx, record):
            yield _record_page(ctx, log, record)


def _element_link(ctx: SiteContext, from_page: str, target: ElementTarget) -> str:
    element = target.element
    if target.table is not None and isinstance(element, Datastore):
        path = ctx.paths.table(target.system, element, target.table)
        label = f"{element.name}.{target.table.fullname}"
    else:
        path = ctx.paths.element(target.system, element) or ctx.paths.overview(target.system)
        label = element.name
    return md.link(label, relative_link(from_page, path))


def related_links(ctx: SiteContext, from_page: str, record: DecisionRecord) -> list[str]:
    """Links to the pages of the elements ``record`` relates to; unknown names stay text."""
    links = []
    for reference in record.relates_to:
        target = resolve_reference(ctx.model, reference)
        links.append(_element_link(ctx, from_page, target) if target is not None
                     else f"{md.escape(reference)} (not in the model)")
    return links


def _record_link(ctx: SiteContext, from_page: str, record: DecisionRecord) -> str:
    # The user's own file names may hold spaces or brackets: percent-encode the target.
    target = quote(relative_link(from_page, record_path(ctx, record)), safe="/#.-_~")
    return md.link(record.id, target)


def _index(ctx: SiteContext, log: DecisionLog) -> Page:
    page = index_path(ctx.paths)
    out = ["# Architecture decision records\n\n",
           f"{len(log)} records in {md.code(_display_dir(ctx.model, log))}. Create one with "
           "`archdocs adr new \"Title\" --relates-to ELEMENT`; "
           "`archdocs check` validates them (rules ADR001–ADR006).\n\n"]
    out.append("## Decision graph\n\n")
    out.append("Arrows labelled *supersedes* show which record supersedes which; unlabelled "
               "arrows lead from a record to the model elements it is about.\n")
    record_pages = {record.id: record_path(ctx, record) for record in log}
    out.append(ctx.diagram(page, decision_graph(ctx.model, log, record_pages)))
    out.append("\n## Records\n\n")
    rows = []
    for record in sorted(log, key=lambda r: (r.date.isoformat() if r.date else "", r.id)):
        rows.append([
            _record_link(ctx, page, record),
            md.escape(record.title),
            status_badge(record.status),
            record.date.isoformat() if record.date else "",
            ", ".join(related_links(ctx, page, record)) or "",
        ])
    out.append(md.table(["ADR", "Title", "Status", "Date", "Related elements"], rows))
    findings = [f for f in ctx.report.findings if f.rule.startswith("ADR")]
    out.append("\n## Findings\n\n")
    if findings:
        out.append(md.table(["Severity", "Rule", "Finding", "Where"], [
            [f.severity.value, md.link(f.rule, relative_link(page, ctx.paths.rule(f.rule))),
             md.escape(f.message) + (f"<br>*Fix:* {md.escape(f.hint)}" if f.hint else ""),
             md.path_code(f"{f.file}:{f.line}")]
            for f in findings]))
    else:
        out.append("`archdocs check` finds nothing wrong with these records.\n")
    return Page(page, "Architecture decision records", "".join(out), nav=True)


def _display_dir(model: Model, log: DecisionLog) -> str:
    try:
        return log.directory.resolve().relative_to(model.project_root.resolve()).as_posix()
    except ValueError:
        return str(log.directory)


def decision_graph(model: Model, log: DecisionLog,
                   record_pages: Mapping[str, str] | None = None) -> DiagramSpec:
    """The graph spec: records (with status) and the elements they relate to; edges for
    supersedes and relates-to. Each record's box links to its page in ``record_pages``
    (record id -> docs-relative path), each element's box to the element's (or table's) page."""
    from archdocs.render import graph_spec
    from archdocs.render.escape import wrap
    from archdocs.render.spec import LinkTarget

    nodes: list[tuple[str, str]] = []
    edges: list[tuple[str, str, str]] = []
    links: dict[str, LinkTarget] = {}
    for record in log:
        if record_pages and record.id in record_pages:
            links[f"adr:{record.id}"] = LinkTarget("", "page", record.title or record.id,
                                                   page=record_pages[record.id])
        # Titles wrapped and the long file-name id left out: the graph must read at page
        # width (the records table below links each record by its id).
        title = "\n".join(wrap(record.title or record.id, width=24, max_lines=4))
        dated = f"{record.date.isoformat()} · " if record.date else ""
        nodes.append((f"adr:{record.id}", f"{title}\n{dated}{record.status or '?'}"))
        for reference in record.supersedes:
            old = log.resolve(reference)
            if old is not None:
                edges.append((f"adr:{record.id}", f"adr:{old.id}", "supersedes"))
        for reference in record.relates_to:
            target = resolve_reference(model, reference)
            if target is None:
                continue
            label = (f"{target.element.name}.{target.table.fullname}" if target.table is not None
                     else target.element.name)
            node = f"element:{target.element.id}:{label}"
            nodes.append((node, f"{label}\n({target.element.KIND})"))
            links[node] = (LinkTarget(target.system.name, "table", target.table.fullname,
                                      target.element.name) if target.table is not None
                           else LinkTarget(target.system.name, target.element.KIND,
                                           target.element.name))
            # Unlabelled: "relates to" on every arrow made the graph too wide to read.
            edges.append((f"adr:{record.id}", node, ""))
    return graph_spec("adr-decision-graph", "Decision graph", nodes, edges, links)


def _record_page(ctx: SiteContext, log: DecisionLog, record: DecisionRecord) -> Page:
    page = record_path(ctx, record)
    text = record.path.read_text(encoding="utf-8", errors="replace")
    body = _without_front_matter(text)
    facts = [("Status", status_badge(record.status)),
             ("Date", record.date.isoformat() if record.date else "not stated")]
    if record.deciders:
        facts.append(("Deciders", md.escape(", ".join(record.deciders))))
    # The record's own title line is replaced by the escaped title: a title holding HTML or
    # template syntax is shown as text, like every title archdocs prints.
    body = _without_title_line(body)
    out = [f"# {md.escape(record.title or record.id)}\n\n",
           md.table(["", ""], [[f"**{k}**", v] for k, v in facts]), "\n", body.rstrip("\n"),
           "\n\n", _footer(ctx, log, record, page)]
    return Page(page, record.title or record.id, "".join(out))


def _without_title_line(body: str) -> str:
    """``body`` without its leading ``# Title`` line (blank lines before it included)."""
    stripped = body.lstrip()
    if not stripped.startswith("# "):
        return body
    return stripped.split("\n", 1)[1].lstrip("\n") if "\n" in stripped else ""


def _without_front_matter(text: str) -> str:
    lines = text.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return "".join(lines[index + 1:]).lstrip("\n")
    return text


def _footer(ctx: SiteContext, log: DecisionLog, record: DecisionRecord, page: str) -> str:
    out = ["## Related elements\n\n"]
    links = related_links(ctx, page, record)
    out.append("".join(f"- {link}\n" for link in links) if links else "None named.\n")
    chain = []
    for label, references in (("Supersedes", record.supersedes),
                              ("Superseded by", record.superseded_by)):
        for reference in references:
            other = log.resolve(reference)
            if other is not None:
                chain.append(f"- {label} {_record_link(ctx, page, other)}: "
                             f"{md.escape(other.title)}\n")
    for successor in log.successors(record):
        line = f"- Superseded by {_record_link(ctx, page, successor)}: " \
               f"{md.escape(successor.title)}\n"
        if line not in chain:
            chain.append(line)
    if chain:
        out.append("\n## Decision chain\n\n" + "".join(chain))
    out.append(f"\n[All decision records]({relative_link(page, index_path(ctx.paths))})\n")
    return "".join(out)


def record_page_footers(model: Model, paths: SitePaths, docs_dir: Path,
                        docs_paths: Iterable[str], adr_dir: str | None = None) -> dict[str, str]:
    """The "Related elements" footer of each of ``docs_paths`` (relative to ``docs_dir``) that
    is a record MkDocs renders; the other pages have none. The MkDocs plugin appends it in
    ``on_page_markdown`` (nothing is written to the user's file), and after a model save asks
    for all the user's pages at once: the records are read once."""
    ctx = _FooterContext(model, paths, {"docs_dir": str(docs_dir), "adr_dir": adr_dir})
    log = _log(ctx)  # type: ignore[arg-type]
    if not len(log):
        return {}
    folder = _folder_in_docs(ctx, log)
    wanted = {path for path in docs_paths if posixpath.dirname(path) == folder}
    if not wanted:
        return {}
    footers = {}
    for record in log:
        path = record_path(ctx, record)  # type: ignore[arg-type]
        if path in wanted:
            footers[path] = "\n\n" + _footer(ctx, log, record, path)  # type: ignore[arg-type]
    return footers


@dataclass(frozen=True)
class _FooterContext:
    """The part of a site context the footer needs, for the plugin's page hook."""

    model: Model
    paths: SitePaths
    options: dict[str, str | None]


def _folder_in_docs(ctx: _FooterContext, log: DecisionLog) -> str | None:
    try:
        return log.directory.resolve().relative_to(
            Path(str(ctx.options["docs_dir"])).resolve()).as_posix()
    except ValueError:
        return None


# -- the ELEMENT_SECTIONS hook ----------------------------------------------------------------

def _members(element: Element) -> set[int]:
    """The element and, for a context, its services (services have no page of their own)."""
    members = {id(element)}
    if isinstance(element, BoundedContext):
        members |= {id(s) for s in element.services}
    return members


def element_section(ctx: SiteContext, system: System, element: Element, page_path: str) -> str:
    """A "Decisions" section listing the records about ``element`` (for a datastore, also
    about its tables; for a context, also about its services), or ``""`` when there are none."""
    log = _log(ctx)
    if not len(log):
        return ""
    members = _members(element)
    rows = []
    for record in log:
        targets = [t for t in (resolve_reference(ctx.model, r) for r in record.relates_to)
                   if t is not None and t.system is system and id(t.element) in members]
        if not targets:
            continue
        about = sorted({t.table.fullname if t.table is not None else t.element.name
                        for t in targets if t.table is not None or t.element is not element})
        rows.append([
            _record_link(ctx, page_path, record),
            md.escape(record.title)
            + (f" (about {', '.join(md.code(a) for a in about)})" if about else ""),
            status_badge(record.status),
            record.date.isoformat() if record.date else "",
        ])
    if not rows:
        return ""
    return ("\n## Decisions\n\n" + md.table(["ADR", "Title", "Status", "Date"], rows)
            + f"\n[All decision records]({relative_link(page_path, index_path(ctx.paths))})\n")


__all__ = ["element_section", "pages", "record_page_footers", "record_path", "status_badge"]
