"""The base of every declared element: a name, a description and where it was declared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import ClassVar

from archdocs.model.location import SourceLocation, caller_location
from archdocs.model.validate import check_fields


@dataclass(frozen=True)
class Suppression:
    """A deliberate exception to a review rule, with the reason written next to the model.

    ``target`` narrows it to one table or column (``"orders"`` or ``"orders.note"``); without
    it the suppression covers every finding of ``rule`` on the element it is attached to.
    """

    rule: str
    reason: str
    target: str | None = None
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        check_fields(self)


def suppress(rule: str, reason: str, *, target: str | None = None) -> Suppression:
    """Suppress ``rule`` on the element this is attached to. ``reason`` is required."""
    return Suppression(rule=rule, reason=reason, target=target)


@dataclass(eq=False, repr=False)
class Element:
    """Anything that can be named on a diagram and pointed at by a finding."""

    KIND: ClassVar[str] = "element"

    name: str
    _: KW_ONLY
    description: str = ""
    tags: Sequence[str] = ()
    suppressions: Sequence[Suppression] = ()
    declared_at: SourceLocation = field(default_factory=caller_location)

    @property
    def id(self) -> str:
        """Qualified, human-readable identifier: ``kind:name``. Unique within a valid system."""
        return f"{self.KIND}:{self.name}"

    def __post_init__(self) -> None:
        check_fields(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def __hash__(self) -> int:
        return id(self)


ElementRef = "Element | str"
"""Elements refer to each other by object or by name; names are resolved when the model is
checked, so a typo becomes a finding instead of an import error."""
