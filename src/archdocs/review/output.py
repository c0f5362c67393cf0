"""Review reports as text for a terminal and JSON for tools."""

from __future__ import annotations

import json
from collections import Counter

from archdocs.review.engine import Report
from archdocs.review.finding import Severity, count_findings

# User-written names can hold line breaks and terminal control characters; one finding must
# stay one line (editors, CI annotations and grep read it line by line).
_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), 0x7F)} | {
    ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def _line(text: str) -> str:
    return text.translate(_CONTROL)


BY_RULE_FROM = 10
"""From this many findings on, the text report ends with a count per rule, so a long list can
be triaged (and suppressed or fixed) rule by rule."""


def as_text(report: Report, *, show_suppressed: bool = False) -> str:
    """Findings one per line, then the summary; suppressed findings and their reasons only
    with ``show_suppressed`` (``archdocs check --show-suppressed``), so that a clean review
    ends visibly with its "0 findings" line."""
    lines = []
    for f in report.findings:
        where = f" ({f.target})" if f.target else ""
        lines.append(_line(f"{f.file}:{f.line}: {f.severity.value} {f.rule} {f.element}{where}: "
                           f"{f.message}"))
        if f.hint:
            lines.append(f"    fix: {_line(f.hint)}")
    return "\n".join(lines + _closing_lines(report, show_suppressed)) + "\n"


def _closing_lines(report: Report, show_suppressed: bool) -> list[str]:
    """Suppressions (when asked for), the count per rule of a long report, and the summary
    line."""
    lines = []
    if report.suppressed and show_suppressed:
        lines.append("")
        lines.append(f"suppressed ({len(report.suppressed)}):")
        for s in report.suppressed:
            f = s.finding
            where = f" ({f.target})" if f.target else ""
            lines.append(_line(f"  {f.file}:{f.line}: {f.rule} {f.element}{where}: {f.message}"))
            lines.append(_line(f"    reason: {s.reason} ({s.suppressed_at})"))
            if s.owner or s.review_by:
                accepted = ", ".join(part for part in (
                    f"owner: {s.owner}" if s.owner else "",
                    f"review by: {s.review_by}" if s.review_by else "") if part)
                lines.append(_line(f"    accepted risk: {accepted}"))
    if report.findings or lines:
        lines.append("")
    total = len(report.findings)
    if total >= BY_RULE_FROM:
        by_rule = Counter(f.rule for f in report.findings)
        lines.append("by rule: " + ", ".join(
            f"{rule} {n}" for rule, n in sorted(by_rule.items(), key=lambda i: (-i[1], i[0]))))
    hidden = " (--show-suppressed lists them)" if report.suppressed and not show_suppressed \
        else ""
    lines.append(f"{count_findings([f.severity for f in report.findings])}, "
                 f"{len(report.suppressed)} suppressed{hidden}")
    return lines


# GitHub Actions workflow commands ("::warning file=…,line=…,title=…::message"); GitHub shows
# each as an annotation on that line of the pull request's diff.
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(report: Report, *, show_suppressed: bool = False) -> str:
    """One GitHub Actions annotation per finding, then the text report's closing lines."""
    lines = []
    for f in report.findings:
        where = f" ({f.target})" if f.target else ""
        message = f"{f.element}{where}: {f.message}" + (f"\nfix: {f.hint}" if f.hint else "")
        properties = [f"file={_github_property(f.file)}"] if f.file else []
        if f.file and f.line:
            properties.append(f"line={f.line}")
        properties.append(f"title={_github_property(f'{f.rule} ({f.severity.value})')}")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(properties)}::"
                     f"{_github_data(message)}")
    return "\n".join(lines + _closing_lines(report, show_suppressed)) + "\n"


def as_json(report: Report, *, show_suppressed: bool = True) -> str:
    """The whole report for tools: suppressed findings are always included."""
    data: dict[str, object] = {
        "findings": [f.as_dict() for f in report.findings],
        "suppressed": [s.as_dict() for s in report.suppressed],
        "summary": {sev.value: report.count(sev) for sev in Severity}
        | {"suppressed": len(report.suppressed)},
    }
    if report.crashed:
        data["crashed"] = list(report.crashed)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
