"""Which schema changes a server version makes metadata-only, in place or by copying the table.

One table, :data:`CAPABILITIES`, per product and the first version with each ability; the
planner asks :class:`Server` and never compares version numbers itself. The sources of each row
are cited in ``docs/guide/migrations.md`` ("Server versions"). An undeclared version is taken to
be the newest release (``tech.PostgreSQL()`` plans for PostgreSQL 17): declare the version the
database runs (``tech.PostgreSQL("10")``) to get the plan for that server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Ability(StrEnum):
    ADD_COLUMN_DEFAULT_METADATA_ONLY = "add-column-default-metadata-only"
    """PostgreSQL 11: ADD COLUMN with a non-volatile DEFAULT stores the default in the catalog
    instead of rewriting the table."""
    SET_NOT_NULL_USES_CHECK = "set-not-null-uses-check"
    """PostgreSQL 12: SET NOT NULL skips its full-table scan when a validated
    ``CHECK (col IS NOT NULL)`` proves it."""
    INSTANT_ADD_COLUMN = "instant-add-column"
    """MySQL 8.0.12 / MariaDB 10.3.2: ADD COLUMN with ALGORITHM=INSTANT."""
    INSTANT_DROP_COLUMN = "instant-drop-column"
    """MySQL 8.0.29 / MariaDB 10.4.1: DROP COLUMN with ALGORITHM=INSTANT."""
    RENAME_COLUMN_SYNTAX = "rename-column-syntax"
    """MySQL 8.0.3 / MariaDB 10.5.2: ALTER TABLE … RENAME COLUMN (instant)."""


NEWEST = {"postgresql": (17,), "mysql": (8, 4), "mariadb": (11, 4), "sqlite": (3, 46)}
OLDEST = {"postgresql": (10,), "mysql": (8, 0), "mariadb": (10, 3), "sqlite": (3, 25)}

CAPABILITIES: dict[tuple[str, Ability], tuple[int, ...]] = {
    ("postgresql", Ability.ADD_COLUMN_DEFAULT_METADATA_ONLY): (11,),
    ("postgresql", Ability.SET_NOT_NULL_USES_CHECK): (12,),
    ("mysql", Ability.INSTANT_ADD_COLUMN): (8, 0, 12),
    ("mysql", Ability.INSTANT_DROP_COLUMN): (8, 0, 29),
    ("mysql", Ability.RENAME_COLUMN_SYNTAX): (8, 0, 3),
    ("mariadb", Ability.INSTANT_ADD_COLUMN): (10, 3, 2),
    ("mariadb", Ability.INSTANT_DROP_COLUMN): (10, 4, 1),
    ("mariadb", Ability.RENAME_COLUMN_SYNTAX): (10, 5, 2),
}
"""(product, ability) → the first version that has it. PostgreSQL has every MySQL-only ability
in its own terms (ADD/DROP COLUMN are catalog changes on every supported version)."""


@dataclass(frozen=True)
class Server:
    """The product and version a plan is written for."""

    product: str
    version: tuple[int, ...]
    declared: bool = True

    @classmethod
    def parse(cls, product: str, version: str = "") -> Server:
        """``Server.parse("postgresql", "15.4")``; an empty or unreadable version means the
        newest release."""
        numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:3])
        if not numbers:
            return cls(product, NEWEST.get(product, (99,)), declared=False)
        return cls(product, numbers)

    def has(self, ability: Ability) -> bool:
        first = CAPABILITIES.get((self.product, ability))
        if first is None:
            # Abilities of another product: PostgreSQL adds and drops columns in the catalog.
            return self.product == "postgresql" or self.product == "sqlite"
        return self.version >= first

    @property
    def label(self) -> str:
        name = {"postgresql": "PostgreSQL", "mysql": "MySQL", "mariadb": "MariaDB",
                "sqlite": "SQLite"}.get(self.product, self.product)
        version = ".".join(str(n) for n in self.version)
        return f"{name} {version}" + ("" if self.declared else " (version not declared: newest)")
