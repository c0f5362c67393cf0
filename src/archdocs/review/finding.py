"""Findings: what the review reports, and the suppressions that silenced some of them."""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.model.location import SourceLocation
from archdocs.model.severity import Severity

__all__ = ["Finding", "Severity", "Suppressed", "count_findings"]


def count_findings(severities: list[Severity]) -> str:
    """``2 findings (1 error, 1 warning, 0 info)``: the summary of a list of findings."""
    by_severity = ", ".join(s.counted(severities.count(s)) for s in Severity)
    total = len(severities)
    return f"{total} finding{'' if total == 1 else 's'} ({by_severity})"


@dataclass(frozen=True, order=True)
class Finding:
    """One thing the review found. ``element`` is the element's id (``datastore:orders-db``);
    ``target`` narrows it to a table or column (``orders.customer_id``)."""

    file: str
    line: int
    rule: str
    severity: Severity
    element: str
    message: str
    target: str | None = None
    hint: str | None = None

    @property
    def location(self) -> SourceLocation:
        return SourceLocation(self.file, self.line)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "element": self.element,
            "target": self.target,
            "file": self.file,
            "line": self.line,
            "hint": self.hint,
        }


@dataclass(frozen=True, order=True)
class Suppressed:
    """A finding that a suppression in the model silenced, with the reason given there."""

    finding: Finding
    reason: str
    suppressed_at: SourceLocation
    owner: str | None = None
    """Who accepted the risk, when the suppression says."""
    review_by: str | None = None
    """ISO date after which the review reports the finding again."""

    def as_dict(self) -> dict[str, object]:
        data = self.finding.as_dict()
        data["reason"] = self.reason
        data["suppressed_at"] = {"file": self.suppressed_at.file, "line": self.suppressed_at.line}
        data["owner"] = self.owner
        data["review_by"] = self.review_by
        return data
