"""``--format markdown``: one page per datastore change set, a step table then the SQL."""

from __future__ import annotations

import html
from collections.abc import Callable

from archdocs.migrate.hazards import HAZARDS
from archdocs.migrate.output.sql import render_sql
from archdocs.migrate.plan.steps import Plan
from archdocs.pages.markdown import code, escape, table

HazardLink = Callable[[str], str]


def _default_link(hazard_id: str) -> str:
    return f"hazards/{hazard_id}.md"


def render_markdown(plan: Plan, *, hazard_link: HazardLink = _default_link,
                    heading_level: int = 1, title: str | None = None) -> str:
    """The plan as a Markdown page. ``hazard_link`` gives the link target of a hazard's page
    relative to where this page lands."""
    h = "#" * heading_level
    lines = [f"{h} {escape(title or f'Migration plan: {plan.datastore}')}", ""]
    lines.append(f"{escape(plan.base_label)} → {escape(plan.head_label)}, dialect "
                 f"**{plan.dialect.value}**, {len(plan.changes)} change(s), "
                 f"{len(plan.steps)} step(s), worst severity **{plan.worst_severity.value}**.")
    lines.append("")
    if plan.probable_renames:
        lines += [f"{h}# Probable renames (not declared)", ""]
        for rename in plan.probable_renames:
            lines.append(f"- **{escape(rename.describe())}** — {escape(rename.hint)} "
                         f"([MH022]({hazard_link('MH022')}))")
        lines.append("")
    if plan.changes:
        lines += [f"{h}# Changes", ""]
        lines += [f"- {escape(change.describe())}" for change in plan.changes]
        lines.append("")
    point = plan.point_of_no_return
    if point is not None:
        lines += [f"!!! danger \"Point of no return: step {plan.steps.index(point) + 1}\"",
                  f"    {escape(point.title)}. From this step on, rolling back means restoring "
                  "data from a backup.", ""]
    rows = []
    for number, step in enumerate(plan.steps, 1):
        hazards = ", ".join(f"[{h_id}]({hazard_link(h_id)} "
                            f"\"{html.escape(HAZARDS[h_id].title, quote=True)}\")"
                            for h_id in step.hazards)
        rows.append([
            str(number) + (" ⛔" if step is point else ""),
            step.phase.value,
            escape(step.title) + (" *(checkpoint)*" if step.is_checkpoint else ""),
            code(step.table) if step.table else "",
            escape(step.lock),
            "rewrite" if step.rewrites else "scan" if step.scans else "no",
            "yes" if step.compatible_with_previous else "**no**",
            step.severity.value,
            hazards,
        ])
    if rows:
        lines += [f"{h}# Steps", ""]
        lines.append(table(["#", "phase", "step", "table", "lock", "rewrites / scans",
                            "app N-1 works", "severity", "hazards"], rows))
        lines += [f"{h}# Rollback and notes", ""]
        for number, step in enumerate(plan.steps, 1):
            if step.is_checkpoint and not step.notes:
                continue
            detail = [f"{number}. **{escape(step.title)}**"]
            if step.compatibility:
                detail.append(f"    - compatibility: {escape(step.compatibility)}")
            if step.rollback_text and not step.is_checkpoint:
                detail.append(f"    - rollback: {code(step.rollback_text)}")
            detail += [f"    - {escape(note)}" for note in step.notes]
            lines += detail
        lines += ["", f"{h}# SQL ({plan.dialect.value})", "", "```sql",
                  render_sql(plan).rstrip(), "```", ""]
    else:
        lines.append("No changes: the schema already matches the model.")
    return "\n".join(lines) + "\n"
