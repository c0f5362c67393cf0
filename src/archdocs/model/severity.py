"""How serious something is: a review finding, a migration step. The one ordering of the three."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Severity(StrEnum):
    """Listed most severe first (``Severity`` iterates error, warning, info)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe: error 3, warning 2, info 1."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def at_least(self, threshold: Severity) -> bool:
        return self.rank >= threshold.rank

    def counted(self, number: int) -> str:
        """``1 error``, ``2 warnings``, ``3 info``."""
        plural = self is not Severity.INFO and number != 1
        return f"{number} {self.value}{'s' if plural else ''}"

    @staticmethod
    def worst(severities: Iterable[Severity]) -> Severity:
        """The most severe of ``severities``; info when there are none."""
        return max(severities, key=lambda s: s.rank, default=Severity.INFO)

    @staticmethod
    def mildest_first() -> list[Severity]:
        """info, warning, error: the order of a ``--fail-on`` choice."""
        return sorted(Severity, key=lambda s: s.rank)
