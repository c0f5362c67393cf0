"""How a review rule is declared. One rule per module in ``archdocs/review/rules/``.

    @rule(
        "INT001", "duplicate-name", Severity.ERROR, family="integrity",
        why="Two elements with one name make flows and pages ambiguous.",
        fix="Rename one of them.",
    )
    def duplicate_names(ctx: ReviewContext) -> Iterator[Hit]:
        ...
        yield Hit(element, f"name {element.name!r} is declared twice")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archdocs.model.element import Element
from archdocs.model.location import SourceLocation
from archdocs.review.finding import Severity

if TYPE_CHECKING:
    from archdocs.review.engine import ReviewContext


@dataclass(frozen=True)
class Hit:
    """What a rule's check yields: the element, the message, and optionally a narrower target
    (``table`` or ``table.column``), a more precise location and a hint."""

    element: Element
    message: str
    target: str | None = None
    location: SourceLocation | None = None
    hint: str | None = None
    severity: Severity | None = None
    """Overrides the rule's severity for this hit (for example scaled by volume)."""


Check = Callable[["ReviewContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A review rule: stable id, severity, the reason it exists and how to fix what it flags."""

    id: str
    name: str
    severity: Severity
    family: str
    why: str
    fix: str
    check: Check
    per_system: bool = True
    """False for rules over the whole project (ADRs), run once rather than once per system."""

    @property
    def docs_path(self) -> str:
        """Path of its reference page below ``docs/``."""
        return f"rules/{self.id}.md"


REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    name: str,
    severity: Severity,
    *,
    family: str,
    why: str,
    fix: str,
    per_system: bool = True,
) -> Callable[[Check], Check]:
    """Register the decorated function as the check of a new rule."""

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"rule id {id} is registered twice")
        REGISTRY[id] = Rule(id, name, severity, family, why, fix, check, per_system)
        return check

    return register
