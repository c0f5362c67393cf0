"""Review reports as text for a terminal and JSON for tools."""

from __future__ import annotations

import json

from archdocs.review.engine import Report
from archdocs.review.finding import Severity


def as_text(report: Report) -> str:
    lines = []
    for f in report.findings:
        where = f" ({f.target})" if f.target else ""
        lines.append(f"{f.file}:{f.line}: {f.severity.value} {f.rule} {f.element}{where}: {f.message}")
        if f.hint:
            lines.append(f"    fix: {f.hint}")
    if report.suppressed:
        lines.append("")
        lines.append(f"suppressed ({len(report.suppressed)}):")
        for s in report.suppressed:
            f = s.finding
            where = f" ({f.target})" if f.target else ""
            lines.append(f"  {f.file}:{f.line}: {f.rule} {f.element}{where}: {f.message}")
            lines.append(f"    reason: {s.reason} ({s.suppressed_at})")
    counts = ", ".join(f"{report.count(sev)} {sev.value}" for sev in Severity)
    lines.append("")
    total = len(report.findings)
    lines.append(f"{total} finding{'' if total == 1 else 's'} ({counts}), "
                 f"{len(report.suppressed)} suppressed")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    data: dict[str, object] = {
        "findings": [f.as_dict() for f in report.findings],
        "suppressed": [s.as_dict() for s in report.suppressed],
        "summary": {sev.value: report.count(sev) for sev in Severity}
        | {"suppressed": len(report.suppressed)},
    }
    if report.crashed:
        data["crashed"] = list(report.crashed)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
