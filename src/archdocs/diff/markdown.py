"""The architecture diff as Markdown for a pull-request comment or a GitHub job summary: a
short headline a reviewer reads first, what needs attention, then collapsible details.

Every name, title and message from the model or the ADRs is escaped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from archdocs.diff.changes import (
    ADDED,
    CHANGED,
    REMOVED,
    ArchitectureDiff,
    ElementChange,
    FieldChange,
    TableChange,
)
from archdocs.pages.markdown import code, escape
from archdocs.review.finding import Finding, Severity

_PLURAL = {"context": "contexts", "service": "services", "datastore": "datastores",
           "flow": "flows", "pattern": "patterns", "migration": "migrations",
           "external": "external systems", "actor": "actors", "system": "systems",
           "scenario": "scenarios", "relationship": "context relationships"}
_KIND_ORDER = ("system", "context", "relationship", "service", "datastore", "flow", "pattern",
               "migration", "external", "actor", "scenario")


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def headline(diff: ArchitectureDiff) -> str:
    """One line: what kinds of things changed, and how many."""
    if diff.is_empty:
        return "No architecture changes."
    parts: list[str] = []
    counts = Counter((c.kind, c.change) for c in diff.elements)
    for kind in _KIND_ORDER:
        for change in (ADDED, REMOVED, CHANGED):
            number = counts[(kind, change)]
            if number:
                noun = {"external": "external system",
                        "relationship": "context relationship"}.get(kind, kind)
                parts.append(f"{number} {noun if number == 1 else _PLURAL[kind]} {change}")
    table_counts = Counter(t.change for t in diff.tables)
    for change, number in sorted(table_counts.items()):
        parts.append(f"{_count(number, 'table')} {change}")
    hazards = sum(len(t.hazards) for t in diff.tables)
    if hazards:
        parts.append(_count(hazards, "schema hazard"))
    if diff.introduced or diff.resolved:
        severity = Counter(f.severity for f in diff.introduced)
        bits = [f"{severity[s]} new {s.value}{'s' if severity[s] != 1 else ''}"
                for s in Severity if severity[s]]
        if diff.resolved:
            bits.append(f"{len(diff.resolved)} resolved")
        parts.append("findings: " + ", ".join(bits))
    if diff.decisions:
        decisions = Counter(
            d.change if d.change != CHANGED else (d.status_after or "changed")
            for d in diff.decisions)
        parts.append("ADRs " + ", ".join(f"{n} {what}" for what, n in sorted(decisions.items())))
    return " · ".join(parts)


# GitHub rejects comments over 65 536 characters; details are cut well before that and point
# at the JSON report, which is never cut.
COMMENT_LIMIT = 60_000
_MAX_ROWS = {"elements": 150, "schema": 200, "findings": 100, "decisions": 100}
_MAX_NEW_TABLE_COLUMNS = 12


def render_markdown(diff: ArchitectureDiff) -> str:
    """The whole comment: headline, what needs attention, then collapsible details."""
    out = [f"### archdocs: architecture diff {code(diff.base)} → {code(diff.head)}", ""]
    out.append(f"**{escape(headline(diff))}**")
    out.append("")
    attention = list(_attention(diff))
    if attention:
        out.append("**Needs attention**")
        out.append("")
        out.extend(f"- {line}" for line in _capped(attention, 20))
        out.append("")
    sections: list[list[str]] = []
    if diff.elements:
        sections.append(_details(f"Architecture: {_count(len(diff.elements), 'element')}",
                                 _capped(_elements(diff.elements), _MAX_ROWS["elements"])))
    if diff.tables:
        sections.append(_details(f"Schema: {_count(len(diff.tables), 'table')}",
                                 _capped(_tables(diff), _MAX_ROWS["schema"])))
    if diff.introduced or diff.resolved:
        sections.append(_details(
            f"Review findings: {len(diff.introduced)} introduced, {len(diff.resolved)} resolved",
            _capped(_findings(diff), _MAX_ROWS["findings"])))
    if diff.decisions:
        sections.append(_details(f"Decisions: {_count(len(diff.decisions), 'ADR')}",
                                 _capped(_decisions(diff), _MAX_ROWS["decisions"])))
    size = sum(len(line) + 1 for line in out)
    for section in sections:
        section_size = sum(len(line) + 1 for line in section)
        if size + section_size > COMMENT_LIMIT:
            out.append(f"{escape(section[1].removeprefix('<summary><b>').split('</b>')[0])}: "
                       "too long for a comment; see `archdocs diff --format json`.")
            out.append("")
            continue
        out.extend(section)
        size += section_size
    return "\n".join(out).rstrip("\n") + "\n"


def _capped(lines: list[str], limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], "",
            f"… and {len(lines) - limit} more lines: `archdocs diff --format json` lists them all."]


def _details(summary: str, body: list[str]) -> list[str]:
    # GitHub renders Markdown inside <details> only after a blank line.
    return ["<details>", f"<summary><b>{escape(summary)}</b></summary>", "", *body, "",
            "</details>", ""]


def _attention(diff: ArchitectureDiff) -> Iterable[str]:
    for finding in diff.introduced:
        if finding.severity is Severity.ERROR:
            yield (f"new error {code(finding.rule)} on {code(_where(finding))}: "
                   f"{escape(finding.message)}")
    warnings = sum(1 for f in diff.introduced if f.severity is Severity.WARNING)
    if warnings:
        yield f"{_count(warnings, 'new warning')} (see Review findings below)"
    for _system, datastore, hazard in diff.uncovered_hazards:
        yield (f"schema hazard in {code(datastore)}, not covered by an architecture migration or "
               f"an ADR in this change: {escape(hazard)}")
    for plan in diff.schema_plans or []:
        if plan.worst_hazard and plan.worst_severity in ("warning", "error"):
            yield f"{code(plan.datastore)} migration plan: {escape(plan.summary)}"
    if diff.schema_plan_error:
        yield f"the migration planner failed: {escape(diff.schema_plan_error)}"
    for decision in diff.decisions:
        if decision.change == CHANGED and decision.status_after in ("superseded", "deprecated"):
            yield (f"ADR {code(decision.id)} {escape(decision.title)} is now "
                   f"{escape(decision.status_after)}")


def _where(finding: Finding) -> str:
    return f"{finding.element} ({finding.target})" if finding.target else finding.element


def _value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, bool):
        return code(str(value).lower())
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return code(", ".join(str(v) for v in value))
    if isinstance(value, (dict, list)):
        return code(json.dumps(value, sort_keys=True, ensure_ascii=False))
    return code(value)


def _fields(fields: Iterable[FieldChange]) -> str:
    return "<br>".join(f"{escape(f.field)}: {_value(f.before)} → {_value(f.after)}"
                       for f in fields)


def _elements(changes: list[ElementChange]) -> list[str]:
    rows = ["| change | kind | element | what |", "|---|---|---|---|"]
    order = {kind: i for i, kind in enumerate(_KIND_ORDER)}
    for c in sorted(changes, key=lambda c: (order.get(c.kind, 99), c.change, c.name)):
        name = code(c.name)
        if c.previous_name:
            name += f" (was {code(c.previous_name)})"
        what = _fields(c.fields) if c.change == CHANGED else escape(c.summary)
        rows.append(f"| {c.change} | {escape(c.kind)} | {name} | {what} |")
    return rows


def _tables(diff: ArchitectureDiff) -> list[str]:
    out: list[str] = []
    plans = {(p.system, p.datastore): p for p in diff.schema_plans or []}
    by_datastore: dict[tuple[str, str], list[TableChange]] = {}
    for table in diff.tables:
        by_datastore.setdefault((table.system, table.datastore), []).append(table)
    for (system, datastore), tables in sorted(by_datastore.items()):
        out.append(f"**{code(datastore)}**" + (f" ({escape(system)})" if len(
            {t.system for t in diff.tables}) > 1 else ""))
        plan = plans.get((system, datastore))
        out.append("")
        if plan is not None:
            out.append(f"Migration plan: {escape(plan.summary)}")
            out.append("")
        for table in tables:
            out.extend(_table(table))
        out.append("")
    for _system, datastore, hazard, covered_by in diff.covered_hazards:
        out.append(f"Planned for: the hazard on {code(datastore)} "
                   f"({escape(hazard.split(':', 1)[0])}) is covered by {escape(covered_by)}.")
        out.append("")
    command = f"archdocs plan --base {diff.base}"
    if diff.schema_plans is None:
        out.append(f"Hazard notes are a first look; {code(command)} writes the phased migration.")
    else:
        out.append(f"The phased SQL, with locks and rollbacks: {code(command)}.")
    return out


def _table(table: TableChange) -> list[str]:
    head = f"- table {code(table.table)} **{table.change}**"
    if table.moved_from:
        head += f" from {code(table.moved_from)}"
    if table.hazard:
        head += f" ⚠️ {escape(table.hazard)}"
    lines = [head]
    if table.change == ADDED:
        if len(table.items) > _MAX_NEW_TABLE_COLUMNS:
            return [head + f": {len(table.items)} columns"]
        columns = ", ".join(f"{code(i.name)} {escape(i.detail)}" for i in table.items)
        return [head + (f": {columns}" if columns else "")]
    for item in table.items:
        text = f"  - {escape(item.item)} {code(item.name)} {item.change}"
        if item.previous_name:
            text += f" from {code(item.previous_name)}"
        if item.fields:
            text += ": " + _fields(item.fields).replace("<br>", "; ")
        elif item.detail:
            text += f": {escape(item.detail)}"
        if item.hazard:
            text += f" ⚠️ {escape(item.hazard)}"
        lines.append(text)
    return lines


def _findings(diff: ArchitectureDiff) -> list[str]:
    rows = ["| | rule | severity | element | message | where |", "|---|---|---|---|---|---|"]
    for label, findings in (("new", diff.introduced), ("resolved", diff.resolved)):
        for f in findings:
            rows.append(f"| {label} | {code(f.rule)} | {f.severity.value} | {code(_where(f))} "
                        f"| {escape(f.message)} | {code(f'{f.file}:{f.line}')} |")
    return rows


def _decisions(diff: ArchitectureDiff) -> list[str]:
    rows = ["| change | ADR | title | status | relates to |", "|---|---|---|---|---|"]
    for d in diff.decisions:
        if d.change == CHANGED:
            status = f"{d.status_before or '—'} → {d.status_after or '—'}"
        elif d.change == REMOVED:
            status = f"was {d.status_before or '—'}"
        else:
            status = d.status_after or "—"
        related = ", ".join(code(r) for r in d.relates_to) or "—"
        rows.append(f"| {d.change} | {code(d.id)} | {escape(d.title)} | {escape(status)} "
                    f"| {related} |")
    return rows
