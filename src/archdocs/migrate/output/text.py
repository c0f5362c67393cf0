"""``--format text``: the plan for a terminal. No Markdown, no HTML, no links: the step list
first (what to run, in which phase, under which lock), then the SQL; hazards by id and title
(``archdocs`` documents each one on the site's hazard pages)."""

from __future__ import annotations

from archdocs.migrate.hazards import HAZARDS
from archdocs.migrate.output.sql import render_sql
from archdocs.migrate.plan.steps import Plan

# Names and comments come from the model: a line break or an escape sequence in one must not
# reshape the terminal. Line breaks are kept only where the renderer puts them (the SQL).
_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F)} | {
    ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_CONTROL_BUT_LINES = {code: text for code, text in _CONTROL.items() if code != ord("\n")}


def _plain(text: str) -> str:
    return text.translate(_CONTROL)


def render_text(plan: Plan) -> str:
    """The plan as plain text for a terminal."""
    point = plan.point_of_no_return
    lines = [_plain(f"Migration plan: {plan.datastore}"),
             _plain(f"{plan.base_label} -> {plan.head_label}, dialect {plan.dialect.value}, "
                    f"{_count(len(plan.changes), 'change')}, {_count(len(plan.steps), 'step')}, "
                    f"worst severity {plan.worst_severity.value}"), ""]
    if plan.probable_renames:
        lines.append("Probable renames (not declared):")
        lines += [_plain(f"  - {r.describe()}: {r.hint} (MH022)") for r in plan.probable_renames]
        lines.append("")
    if plan.changes:
        lines.append("Changes:")
        lines += [_plain(f"  - {change.describe()}") for change in plan.changes]
        lines.append("")
    if not plan.steps:
        lines.append("No changes: the schema already matches the model.")
        return "\n".join(lines) + "\n"
    if point is not None:
        lines += [_plain(f"POINT OF NO RETURN: step {plan.steps.index(point) + 1} "
                         f"({point.title}). From this step on, rolling back means restoring "
                         "data from a backup."), ""]
    lines.append("Steps:")
    width = len(str(len(plan.steps)))
    for number, step in enumerate(plan.steps, 1):
        marker = " (point of no return)" if step is point else ""
        checkpoint = " (checkpoint)" if step.is_checkpoint else ""
        lines.append(_plain(f"{number:>{width}}. {step.phase.value}: {step.title}{checkpoint}"
                            f"{marker} ({step.severity.value})"))
        indent = " " * (width + 2)
        facts = [f"table {step.table}"] if step.table else []
        facts.append(f"lock: {step.lock}")
        if step.rewrites or step.scans:
            facts.append("rewrites the table" if step.rewrites else "scans the table")
        if not step.compatible_with_previous:
            facts.append("the previous application version breaks")
        lines.append(_plain(f"{indent}{'; '.join(facts)}"))
        if step.compatibility:
            lines.append(_plain(f"{indent}compatibility: {step.compatibility}"))
        if step.rollback_text and not step.is_checkpoint:
            lines.append(_plain(f"{indent}rollback: {step.rollback_text}"))
        lines += [_plain(f"{indent}note: {note}") for note in step.notes]
        lines += [_plain(f"{indent}hazard {h_id}: {HAZARDS[h_id].title}")
                  for h_id in step.hazards]
    lines += ["", f"SQL ({plan.dialect.value}):", "",
              render_sql(plan).rstrip().translate(_CONTROL_BUT_LINES), ""]
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
