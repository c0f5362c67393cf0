"""How a review rule is declared. One rule per module in ``archdocs/review/rules/``.

    @rule(
        "INT001", "duplicate-name", Severity.ERROR, family="integrity",
        why="Two elements with one name make flows and pages ambiguous.",
        fix="Rename one of them.",
    )
    def duplicate_names(ctx: ReviewContext) -> Iterator[Hit]:
        ...
        yield Hit(element, f"name {element.name!r} is declared twice")


    DOC = RuleDoc(
        checks="- two elements of one kind with the same name;",
        example='''
    system = System("Shop")
    ...
    ''',
        fixed=...,
        suppress=...,
    )

The module-level ``DOC`` right after the rule is its reference page's content
(``docs/rules/<ID>.md``, written by ``tools/rule_pages.py``); :attr:`Rule.doc` finds it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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
class RuleDoc:
    """What a rule's reference page shows beyond its registration (``why``, ``fix``), declared
    as ``DOC = RuleDoc(...)`` in the rule's module, right after the rule.

    The example and the fixed model are Python run after the imports of
    :data:`archdocs.review.examples.PRELUDE`; the page generator and the tests run both
    (:func:`archdocs.review.examples.run_example`): the example must trigger the rule, the
    fixed model must not.
    """

    checks: str
    """Markdown bullets: exactly what the rule looks at."""
    example: str
    """A model that triggers the rule (``models/shop.py`` of the example project)."""
    fixed: str
    """The example with the fix applied: it must not trigger the rule."""
    suppress: str
    """Where the suppression goes, as a Python snippet (or a comment saying why it cannot)."""
    files: Mapping[str, str] = field(default_factory=dict)
    """Other files of the example project, by path relative to its root
    (``docs/adr/0001-use-postgres.md``), for rules that read more than the model."""
    fixed_files: Mapping[str, str] | None = None
    """The other files of the fixed project; ``None``: the same as :attr:`files`."""
    notes: str = ""
    """Markdown shown after the fix (a command that applies it, what else to know)."""
    base: str | None = None
    """For a rule only ``archdocs diff`` reports (it compares two versions of the model, like
    EVT006): the model in the base commit. :attr:`example` and :attr:`fixed` are then two
    heads compared with it."""


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
    def doc(self) -> RuleDoc:
        """The ``DOC`` constant of the rule's module: every rule declares one."""
        doc = getattr(sys.modules[self.check.__module__], "DOC", None)
        if doc is None:
            raise TypeError(f"{self.id} has no reference page: declare DOC = RuleDoc(...) "
                            f"right after the rule in {self.check.__module__}")
        if not isinstance(doc, RuleDoc):
            raise TypeError(f"{self.check.__module__}.DOC of {self.id} is not a RuleDoc")
        return doc

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
