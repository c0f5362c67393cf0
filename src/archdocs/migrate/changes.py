"""Change objects: what differs between two versions of a datastore's schema.

The differ produces them, the planner turns them into phased steps; neither renders anything.
``old`` and ``new`` hold the SQLAlchemy objects (table, column, index, constraint) on each side,
so the planner can render both the forward and the rollback statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    ADD_TABLE = "add-table"
    DROP_TABLE = "drop-table"
    RENAME_TABLE = "rename-table"
    ADD_COLUMN = "add-column"
    DROP_COLUMN = "drop-column"
    RENAME_COLUMN = "rename-column"
    ALTER_TYPE = "alter-type"
    SET_NOT_NULL = "set-not-null"
    DROP_NOT_NULL = "drop-not-null"
    SET_DEFAULT = "set-default"
    DROP_DEFAULT = "drop-default"
    ADD_INDEX = "add-index"
    DROP_INDEX = "drop-index"
    ADD_UNIQUE = "add-unique"
    DROP_UNIQUE = "drop-unique"
    ADD_FOREIGN_KEY = "add-foreign-key"
    DROP_FOREIGN_KEY = "drop-foreign-key"
    ADD_CHECK = "add-check"
    DROP_CHECK = "drop-check"
    ADD_PRIMARY_KEY = "add-primary-key"
    DROP_PRIMARY_KEY = "drop-primary-key"
    TABLE_COMMENT = "table-comment"
    COLUMN_COMMENT = "column-comment"
    ALTER_AUTO_INCREMENT = "alter-auto-increment"
    """MySQL/MariaDB: AUTO_INCREMENT added to or removed from an existing column."""
    ADD_EXCLUSION = "add-exclusion"
    """PostgreSQL: an exclusion constraint (``ExcludeConstraint``)."""
    DROP_EXCLUSION = "drop-exclusion"
    ALTER_IDENTITY = "alter-identity"
    """PostgreSQL: ``GENERATED ... AS IDENTITY`` added to or removed from an existing column."""
    ALTER_COMPUTED = "alter-computed"
    """A generated column's expression (or whether a column is generated at all) changed."""
    CREATE_SCHEMA = "create-schema"
    DROP_SCHEMA = "drop-schema"
    CREATE_DOMAIN = "create-domain"
    """PostgreSQL: a ``DOMAIN`` type a column of the new schema uses."""
    DROP_DOMAIN = "drop-domain"
    ALTER_DOMAIN = "alter-domain"
    """PostgreSQL: a domain's definition (its CHECK, default, NOT NULL …) changed."""
    CREATE_SEQUENCE = "create-sequence"
    """A ``Sequence`` declared on the metadata or a column (not an identity's own)."""
    DROP_SEQUENCE = "drop-sequence"
    ALTER_SEQUENCE = "alter-sequence"
    """A sequence's options (start, increment, bounds, cycle, cache) changed."""
    ENUM_ADD_VALUE = "enum-add-value"
    ENUM_RENAME_VALUE = "enum-rename-value"
    ENUM_REMOVE_VALUE = "enum-remove-value"


@dataclass(frozen=True)
class Change:
    """One difference. ``table`` is the table's name in the new schema (the old name for a
    dropped table); ``name`` the column, index, constraint or enum value concerned."""

    kind: ChangeKind
    table: str
    name: str | None = None
    old: Any = field(default=None, compare=False)
    new: Any = field(default=None, compare=False)
    column: str | None = None
    """The column a change of an enum value or a constraint on one column is about."""
    detail: str = ""
    """A short human description of the old → new values."""

    @property
    def subject(self) -> str:
        """``table``, ``table.column`` or ``table.index`` — what the change is about."""
        return f"{self.table}.{self.name}" if self.name else self.table

    def describe(self) -> str:
        text = f"{self.kind.value.replace('-', ' ')} {self.subject}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass(frozen=True)
class ProbableRename:
    """A drop and an add that look like an undeclared rename. Never acted on: reported with a
    hint so the author declares the rename (or confirms the drop)."""

    table: str
    old_name: str
    new_name: str
    is_table: bool = False

    @property
    def hint(self) -> str:
        if self.is_table:
            return (
                f"if table '{self.new_name}' is '{self.old_name}' renamed, declare it: "
                f'__table_args__ = {{"info": table_notes(renamed_from="{self.old_name}")}} '
                "(or Table(..., info=table_notes(renamed_from=...))); otherwise the plan drops "
                f"'{self.old_name}' and its data"
            )
        return (
            f"if column '{self.table}.{self.new_name}' is '{self.old_name}' renamed, declare it: "
            f'mapped_column(..., info=column_notes(renamed_from="{self.old_name}")); otherwise '
            f"the plan drops '{self.old_name}' and its data"
        )

    def describe(self) -> str:
        what = "table" if self.is_table else f"column in {self.table}"
        return f"probable rename of {what}: {self.old_name} → {self.new_name} (not declared)"


@dataclass
class SchemaDiff:
    """Every change between two schemas, in a stable order, and the probable renames."""

    old: Any
    """The old ``MetaData``."""
    new: Any
    """The new ``MetaData``."""
    changes: list[Change] = field(default_factory=list)
    probable_renames: list[ProbableRename] = field(default_factory=list)
    table_renames: dict[str, str] = field(default_factory=dict)
    """New table name → old table name, for declared renames."""

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_kind(self, *kinds: ChangeKind) -> list[Change]:
        return [change for change in self.changes if change.kind in kinds]
