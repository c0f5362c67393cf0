"""How SQL spells things for a technology: its SQLAlchemy dialect, and a column type in it.

The one place that chooses a dialect for a technology (``Technology.sql_dialect``) and the one
place that writes a type for people to read (pages, ER diagrams, the JSON export, drift).
Migration plans compile DDL with their own dialect objects (``archdocs.migrate.dialects``):
there a type the dialect cannot spell is an error, not a fallback.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from archdocs.model.technology import Technology


@cache
def dialect_named(name: str) -> Dialect | None:
    """SQLAlchemy's dialect called ``name`` (``postgresql``, ``mysql``, ``mssql`` …), or
    ``None`` when SQLAlchemy has no such dialect installed. One instance per name."""
    from sqlalchemy.dialects import registry

    try:
        dialect: Dialect = registry.load(name)()
    except Exception:  # noqa: BLE001 - an unknown or uninstalled dialect: no dialect
        return None
    return dialect


def dialect_for(technology: Technology) -> Dialect | None:
    """The SQL dialect of ``technology``; ``None`` when it has none (document stores, caches,
    brokers) or SQLAlchemy does not know it. Never another database's dialect."""
    return dialect_named(technology.sql_dialect) if technology.sql_dialect else None


_SPELLED: WeakKeyDictionary[TypeEngine[Any], dict[Dialect | None, str]] = WeakKeyDictionary()
"""Each column type's spelling per dialect, for as long as the type lives: a site spells every
column on its table page, in its datastore's ER diagrams and in its neighbours' focused
diagrams, and SQLAlchemy compiles a type afresh each time (a new default dialect included,
for the generic spelling)."""


def type_text(type_: TypeEngine[Any], dialect: Dialect | None) -> str:
    """``type_`` as ``dialect`` spells it (``UUID``, ``TIMESTAMP WITH TIME ZONE``); where it
    cannot (no dialect, or a type of another dialect), SQLAlchemy's generic spelling; where
    there is none either, the type's class name."""
    spellings = _SPELLED.get(type_)
    if spellings is None:
        spellings = _SPELLED[type_] = {}
    text = spellings.get(dialect)
    if text is None:
        text = spellings[dialect] = _compiled(type_, dialect)
    return text


def _compiled(type_: TypeEngine[Any], dialect: Dialect | None) -> str:
    if dialect is not None:
        try:
            return str(type_.compile(dialect=dialect))
        except Exception:  # noqa: BLE001, S110 - a type this dialect cannot express
            pass
    try:
        return str(type_.compile(dialect=_generic_dialect(type_)))
    except Exception:  # noqa: BLE001 - a dialect-specific type without a generic spelling
        return type(type_).__name__


def _generic_dialect(type_: TypeEngine[Any]) -> Dialect | None:
    """The dialect ``type_.compile()`` spells ``type_`` with when given none, or ``None`` to
    let it choose. ``TypeEngine.compile`` makes a new ``StrCompileDialect`` for every call
    (a fifth of a millisecond: 0.2 s for the 7000 columns of the benchmark model held in
    stores without SQL); one instance serves every type that does not choose another
    default dialect, as one engine's dialect serves all its statements."""
    if getattr(type(type_), "_default_dialect", None) is not _DEFAULT_DIALECT_CHOICE:
        return None
    return _str_compile_dialect()


_DEFAULT_DIALECT_CHOICE = getattr(TypeEngine, "_default_dialect", None)


@cache
def _str_compile_dialect() -> Dialect:
    from sqlalchemy.engine.default import StrCompileDialect

    return StrCompileDialect()


def sorted_indexes(table: Any) -> list[Any]:
    """``table``'s indexes in one order from load to load: by name, then by what they cover
    (SQLAlchemy keeps them in a set, and without a naming convention an index has no name)."""
    return sorted(table.indexes, key=lambda index: (str(index.name), _covered(index.expressions)))


def _covered(expressions: Any) -> tuple[str, ...]:
    return tuple(getattr(e, "name", None) or str(e) for e in expressions)
