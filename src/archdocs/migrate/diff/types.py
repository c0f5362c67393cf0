"""Comparing column types: equal, binary-coercible (no rewrite), or a real change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Enum, Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine


def render_type(type_: TypeEngine[Any], dialect: Dialect) -> str:
    """The type as the dialect spells it in DDL (``VARCHAR(80)``, ``NUMERIC(10, 2)``)."""
    return str(type_.compile(dialect=dialect))


def enum_values(type_: TypeEngine[object]) -> list[str] | None:
    """The values of an ``Enum`` type, in order, or ``None`` for other types."""
    return list(type_.enums) if isinstance(type_, Enum) else None


def enum_name(type_: TypeEngine[object]) -> str | None:
    return type_.name if isinstance(type_, Enum) else None


def types_differ(old: TypeEngine[object], new: TypeEngine[object], dialect: Dialect) -> bool:
    """Whether the DDL type changed. Enum value lists are compared separately (enum changes
    are planned value by value); a renamed enum type is a type change."""
    if isinstance(old, Enum) and isinstance(new, Enum):
        return old.name != new.name and dialect.name == "postgresql"
    return render_type(old, dialect) != render_type(new, dialect)


def is_binary_coercible(
    old: TypeEngine[object], new: TypeEngine[object], dialect: Dialect
) -> bool:
    """Whether the server changes this type without rewriting or scanning the table.

    PostgreSQL: ``varchar(n)`` → ``varchar(m ≥ n)`` / ``varchar`` / ``text``, ``numeric(p, s)``
    → ``numeric(q ≥ p, s)`` or unconstrained ``numeric``. MySQL/MariaDB: a longer ``VARCHAR``
    stays in place while its byte length stays on the same side of 255 bytes (4 bytes per
    character with utf8mb4); anything else copies the table. SQLite: every type change
    needs a table rebuild (its types are affinities, but SQLAlchemy's reflection sees them).
    """
    if dialect.name == "postgresql":
        if isinstance(old, String) and isinstance(new, String) and not isinstance(old, Enum):
            old_text = render_type(old, dialect)
            new_text = render_type(new, dialect)
            both_varchar = old_text.startswith("VARCHAR") and new_text.startswith("VARCHAR")
            if new_text == "TEXT" and (old_text.startswith("VARCHAR") or old_text == "TEXT"):
                return True
            if both_varchar:
                return new.length is None or (old.length is not None and new.length >= old.length)
            return False
        if isinstance(old, Numeric) and isinstance(new, Numeric):
            same_kind = render_type(old, dialect).split("(")[0] == render_type(new, dialect).split("(")[0]
            if not same_kind or render_type(new, dialect).split("(")[0] != "NUMERIC":
                return False
            if new.precision is None:
                return True
            return (
                old.precision is not None
                and new.precision >= old.precision
                and (old.scale or 0) == (new.scale or 0)
            )
        return False
    if dialect.name == "mysql":
        if isinstance(old, String) and isinstance(new, String) and not isinstance(old, Enum):
            old_text = render_type(old, dialect)
            new_text = render_type(new, dialect)
            if old_text.startswith("VARCHAR") and new_text.startswith("VARCHAR"):
                assert old.length is not None and new.length is not None
                same_prefix = (old.length * 4 <= 255) == (new.length * 4 <= 255)
                return new.length >= old.length and same_prefix
        return False
    return False


def is_json_to_jsonb(old: TypeEngine[object], new: TypeEngine[object], dialect: Dialect) -> bool:
    """``json`` → ``jsonb`` (or back) on PostgreSQL: a rewrite with its own advice (MH017)."""
    if dialect.name != "postgresql":
        return False
    names = {render_type(old, dialect), render_type(new, dialect)}
    return names == {"JSON", "JSONB"} or (isinstance(old, JSON) and isinstance(new, JSON)
                                           and len(names) == 2)
