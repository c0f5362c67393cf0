"""Architecture decision records as plain data, whatever format they were written in."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from archdocs.model.element import Element
from archdocs.model.location import SourceLocation

STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
"""The statuses archdocs accepts, in the order a decision usually goes through them."""

# Other tools' words for the same states. log4brains starts records as "draft".
STATUS_ALIASES = {"draft": "proposed"}

# adr-tools and MADR number their files: 0001-record-architecture-decisions.md. Eight digits
# are a date (log4brains and archdocs: 20261126-use-postgresql.md), not a number.
_NUMBERED = re.compile(r"^(\d{1,6})-")


class Format:
    """How a record was written; decides how archdocs edits it."""

    FRONT_MATTER = "front-matter"
    """MADR 3/4 and archdocs: YAML front matter between ``---`` lines."""
    BULLETS = "bullets"
    """MADR 2 and log4brains: ``* Status: accepted`` bullets under the title."""
    ADR_TOOLS = "adr-tools"
    """npryce/adr-tools: ``Date:`` line and a ``## Status`` section."""


@dataclass(frozen=True)
class Problem:
    """Something wrong in how a record is written (reported by ADR001)."""

    line: int
    message: str
    hint: str


@dataclass(frozen=True)
class DecisionRecord:
    """One ADR. ``id`` is the file name without ``.md``: stable, and unique in a folder."""

    id: str
    path: Path
    title: str
    format: str
    status: str | None
    """Normalised status (lower case, aliases applied), or ``None`` when none is written."""
    raw_status: str | None
    date: datetime.date | None
    deciders: tuple[str, ...] = ()
    relates_to: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()
    """References to older records, as written (ids, file names or links)."""
    superseded_by: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    """1-based line of each field (``status``, ``relates_to`` …), for findings."""

    @property
    def number(self) -> int | None:
        """The sequence number of numbered records (``0003-…`` → 3), else ``None``."""
        match = _NUMBERED.match(self.id)
        return int(match.group(1)) if match else None

    def line_of(self, key: str) -> int:
        """Where ``key`` is written, or the first line when it is not written at all."""
        return self.field_lines.get(key, 1)

    def location(self, key: str | None = None) -> SourceLocation:
        return SourceLocation(str(self.path), self.line_of(key) if key else 1)


@dataclass(eq=False, repr=False)
class DecisionElement(Element):
    """A record seen by the review engine, so ADR findings name it like any element."""

    KIND = "adr"


def as_element(record: DecisionRecord, key: str | None = None) -> DecisionElement:
    """The record as an :class:`Element` whose declaration is the record's file (at ``key``)."""
    return DecisionElement(record.id, description=record.title, declared_at=record.location(key))


_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_ADR_PREFIX = re.compile(r"^(?:adr[-_ ]?)", re.IGNORECASE)


def reference_key(reference: str) -> str:
    """A reference as written (``0003-use-kafka``, ``0003-use-kafka.md``,
    ``[3. Use Kafka](0003-use-kafka.md)``, ``ADR-0003``, ``3``) reduced to what identifies it:
    an id, or a bare number as text."""
    text = reference.strip()
    link = _LINK_TARGET.search(text)
    if link:
        text = link.group(1)
    text = text.split("#", 1)[0].rsplit("/", 1)[-1]
    if text.endswith(".md"):
        text = text[:-3]
    bare = _ADR_PREFIX.sub("", text)
    if bare.isdigit():
        return str(int(bare))
    return text


@dataclass
class DecisionLog:
    """Every record of one ADR folder, sorted by id."""

    directory: Path
    records: list[DecisionRecord]

    def __iter__(self) -> Iterator[DecisionRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> DecisionRecord | None:
        return next((r for r in self.records if r.id == record_id), None)

    def resolve(self, reference: str) -> DecisionRecord | None:
        """The record a reference names: by id, file name, link or number.

        A number matching several records (a clash after a merge) resolves to none of them.
        """
        key = reference_key(reference)
        exact = self.get(key)
        if exact is not None:
            return exact
        if key.isdigit():
            numbered = [r for r in self.records if r.number == int(key)]
            return numbered[0] if len(numbered) == 1 else None
        return None

    def find(self, reference: str) -> DecisionRecord | None:
        """Like :meth:`resolve`, and also a unique slug or id prefix (for the command line)."""
        found = self.resolve(reference)
        if found is not None:
            return found
        key = reference_key(reference)
        matches = [r for r in self.records if r.id.startswith(key) or r.id.endswith("-" + key)]
        return matches[0] if len(matches) == 1 else None

    def successors(self, record: DecisionRecord) -> list[DecisionRecord]:
        """Records that say they supersede ``record``."""
        return [
            other for other in self.records
            if any(self.resolve(ref) is record for ref in other.supersedes)
        ]
