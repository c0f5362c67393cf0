"""The base of every declared element: a name, a description and where it was declared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date
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
    owner: str | None = None
    """Who accepted the risk (a person or team); shown in the risk register."""
    review_by: date | None = None
    """After this date ``archdocs check`` reports the finding again, until the risk is
    reviewed and the date moved (or the cause fixed)."""

    def __post_init__(self) -> None:
        check_fields(self)


def suppress(rule: str, reason: str, *, target: str | None = None, owner: str | None = None,
             review_by: date | str | None = None) -> Suppression:
    """Suppress ``rule`` on the element this is attached to: an accepted risk. ``reason`` is
    required; ``owner`` and ``review_by`` (``"2027-06-30"``) are optional."""
    if isinstance(review_by, str):
        try:
            review_by = date.fromisoformat(review_by)
        except ValueError:
            raise ValueError(f"review_by {review_by!r} is not a date: write it as "
                             "'YYYY-MM-DD'") from None
    return Suppression(rule=rule, reason=reason, target=target, owner=owner,
                       review_by=review_by)


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
