"""The C4 model that every reader produces and the archdocs mapping consumes.

Structurizr and LikeC4 describe the same things with different words: people, software
systems, containers, components, groups, and relationships between them. Each reader turns
its format into this small tree; :mod:`archdocs.interop.mapping` turns the tree into archdocs
model code. Keeping one intermediate form means one mapping, tested once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["person", "system", "container", "component", "group"]


@dataclass
class C4Element:
    """One element of a C4 model. ``key`` is unique within the model (the source's identifier,
    or a path built from names when the source has none)."""

    key: str
    level: Level
    name: str
    description: str = ""
    technology: str = ""
    tags: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    parent: str | None = None
    line: int = 0
    external: bool = False
    """The source marks it as outside the organisation or as an existing system."""
    datastore_hint: bool = False
    """The source draws it as a database (a tag, a shape or an element kind says so)."""


@dataclass
class C4Relationship:
    source: str
    target: str
    description: str = ""
    technology: str = ""
    tags: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class C4Model:
    """What a reader found, with what it had to leave out (``skipped``, in the reader's words)."""

    name: str
    description: str = ""
    elements: dict[str, C4Element] = field(default_factory=dict)
    relationships: list[C4Relationship] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    source_format: str = ""

    def add(self, element: C4Element) -> C4Element:
        self.elements[element.key] = element
        return element

    def children(self, key: str | None) -> list[C4Element]:
        return [e for e in self.elements.values() if e.parent == key]

    def ancestors(self, key: str) -> list[C4Element]:
        """From the parent up to the root."""
        found: list[C4Element] = []
        parent = self.elements[key].parent
        while parent is not None:
            found.append(self.elements[parent])
            parent = self.elements[parent].parent
        return found
