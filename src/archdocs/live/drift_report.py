"""A drift report as text, JSON or Markdown. Deterministic: changes come sorted."""

from __future__ import annotations

import json

from archdocs.live.drift import DriftReport
from archdocs.pages.markdown import code, escape, table


def as_text(report: DriftReport) -> str:
    head = (
        f"drift of datastore '{report.datastore}' against {report.database} "
        f"(schemas: {', '.join(report.schemas)})"
    )
    if not report.changes:
        return f"{head}: no drift\n"
    lines = [f"{head}:"]
    lines += [f"  {change.describe()}" for change in report.changes]
    lines.append(f"{len(report.changes)} difference{'s' if len(report.changes) != 1 else ''}")
    return "\n".join(lines) + "\n"


def as_json(report: DriftReport) -> str:
    document = {
        "archdocs_drift": 1,
        "datastore": report.datastore,
        "database": report.database,
        "schemas": list(report.schemas),
        "drifted": report.drifted,
        "changes": [change.as_dict() for change in report.changes],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_markdown(report: DriftReport, *, heading_level: int = 1) -> str:
    hashes = "#" * heading_level
    lines = [
        f"{hashes} Drift: {escape(report.datastore)}",
        "",
        f"Compared with {code(report.database)} (schemas: "
        f"{', '.join(code(s) for s in report.schemas)}).",
        "",
    ]
    if not report.changes:
        lines.append("No drift: the live schema matches the declared one.")
        return "\n".join(lines) + "\n"
    lines.append(
        f"**{len(report.changes)} difference{'s' if len(report.changes) != 1 else ''}.** "
        "*Missing*: declared but absent from the database. *Extra*: in the database but "
        "not declared."
    )
    lines.append("")
    rows = [
        (
            code(change.table),
            code(change.column) if change.column else "",
            escape(change.kind),
            escape(change.name or ""),
            code(change.declared) if change.declared is not None else "",
            code(change.live) if change.live is not None else "",
        )
        for change in report.changes
    ]
    lines.append(table(["Table", "Column", "Change", "Object", "Declared", "Live"], rows))
    return "\n".join(lines)


RENDERERS = {"text": as_text, "json": as_json, "markdown": as_markdown}
