"""The indexes of a table as ordered key columns, and whether one of them serves an access
pattern: its equality columns (in any order), then its range or sort column, must be a prefix
of the index's key. A unique key fully covered by equality columns serves it too (one row).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Index, Table, UniqueConstraint
from sqlalchemy.sql.elements import TextClause, UnaryExpression
from sqlalchemy.sql.operators import desc_op

from archdocs.model.notes import AccessPattern


@dataclass(frozen=True)
class KeyPart:
    """One column of an index key and its direction."""

    column: str
    descending: bool = False

    def __str__(self) -> str:
        return f"{self.column} DESC" if self.descending else self.column


@dataclass(frozen=True)
class IndexInfo:
    """An index of a table as the access-pattern analysis sees it.

    ``kind`` is ``primary key``, ``unique constraint``, ``unique index``, ``index``,
    ``full-text index`` or ``expression index``. ``parts`` stops at the first expression
    (an expression cannot serve a plain column filter).
    """

    name: str
    kind: str
    parts: tuple[KeyPart, ...]
    unique: bool
    full_text: bool = False
    complete: bool = True
    """False when the key continues with expressions archdocs cannot read."""
    declared: int | None = None
    """How many of ``parts`` the index declares, when the store adds more (the clustered key
    that SQL Server and InnoDB append to every secondary index); ``None``: all of them."""
    include: tuple[str, ...] = ()
    """Included (non-key) columns: ``postgresql_include=[...]`` or ``mssql_include=[...]``.
    Stored in the index's leaf entries, so a query that only *reads* them needs no visit of
    the table; never part of the key, so they cannot filter, seek or sort."""

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(part.column for part in self.parts)

    @property
    def enforces_constraint(self) -> bool:
        """Primary keys and unique keys carry meaning beyond speed: never call them unused."""
        return self.unique

    def label(self) -> str:
        """``name (a, b DESC)``, as shown in findings and pages; a key the store extends with
        the clustered key reads ``name (a) + clustered key (id)``."""
        declared = self.parts[:self.declared] if self.declared is not None else self.parts
        text = f"{self.name} ({', '.join(str(p) for p in declared)})"
        if self.declared is not None:
            added = ", ".join(str(p) for p in self.parts[self.declared:])
            text += f" + clustered key ({added})"
        if self.include:
            text += f" INCLUDE ({', '.join(self.include)})"
        return text

    def covers(self, pattern: AccessPattern) -> bool:
        """Whether every column ``pattern`` selects is in the index (key, clustered key or
        INCLUDE): the index alone answers it (a covering, index-only read)."""
        have = set(self.columns) | set(self.include)
        return set(pattern.select) <= have


def primary_key_name(table: Table, dialect: str | None = None) -> str:
    """The primary key's declared name, else the name the database gives it: ``PK_orders`` on
    SQL Server (the Entity Framework convention; SQL Server itself adds a random suffix),
    ``PRIMARY`` on MySQL and MariaDB, ``orders_pkey`` elsewhere (PostgreSQL's)."""
    if table.primary_key.name:
        return str(table.primary_key.name)
    if dialect == "mssql":
        return f"PK_{table.name}"
    if dialect in ("mysql", "mariadb"):
        return "PRIMARY"
    return f"{table.name}_pkey"


def table_indexes(table: Table, dialect: str | None = None) -> list[IndexInfo]:
    """Primary key, unique constraints and indexes of ``table``, primary key first, then by
    name. ``dialect`` (the store's SQL dialect) names an unnamed primary key as that database
    does."""
    found: list[IndexInfo] = []
    pk = [column.name for column in table.primary_key.columns]
    if pk:
        name = primary_key_name(table, dialect)
        found.append(IndexInfo(str(name), "primary key", tuple(KeyPart(c) for c in pk), True))
    others: list[IndexInfo] = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            columns = [column.name for column in constraint.columns]
            name = str(constraint.name or f"{table.name}_{'_'.join(columns)}_key")
            others.append(
                IndexInfo(str(name), "unique constraint", tuple(KeyPart(c) for c in columns), True)
            )
    for column in table.columns:
        # Column(unique=True) / Column(index=True) become constraints and indexes only when the
        # table is created; declarative models already have them, Core tables may not.
        if column.unique and not _covered_by_unique(others, column.name):
            others.append(
                IndexInfo(f"{table.name}_{column.name}_key", "unique constraint",
                          (KeyPart(column.name),), True)
            )
    for index in table.indexes:
        others.append(_index_info(table, index))
    found.extend(sorted(others, key=lambda info: (info.name, info.columns)))
    return found


def _covered_by_unique(infos: Sequence[IndexInfo], column: str) -> bool:
    return any(info.unique and info.columns == (column,) for info in infos)


def _index_info(table: Table, index: Index) -> IndexInfo:
    dialect_options = index.dialect_options
    using = str(dialect_options["postgresql"].get("using") or "").lower() \
        if "postgresql" in dialect_options else ""
    mysql_prefix = str(dialect_options["mysql"].get("prefix") or "").upper() \
        if "mysql" in dialect_options else ""
    full_text = using in {"gin", "gist"} or mysql_prefix == "FULLTEXT"
    parts: list[KeyPart] = []
    complete = True
    for expression in index.expressions:
        part = _key_part(expression, table)
        if part is None:
            complete = False
            # A full-text index over an expression (to_tsvector(col)) still serves text search
            # on the columns inside it.
            if full_text:
                parts.extend(KeyPart(c.name) for c in _columns_in(expression, table))
                continue
            break
        parts.append(part)
    unique = bool(index.unique)
    kind = "full-text index" if full_text else "unique index" if unique else "index"
    if not complete and not full_text:
        kind = "expression index"
    return IndexInfo(str(index.name), kind, tuple(parts), unique, full_text, complete,
                     include=included_columns(index))


INCLUDE_DIALECTS = ("postgresql", "mssql")
"""The SQLAlchemy dialects whose ``Index`` takes ``<dialect>_include=[...]``."""


def included_columns(index: Index) -> tuple[str, ...]:
    """The included (non-key) columns an index declares with ``postgresql_include`` or
    ``mssql_include`` (names or columns), in declaration order, each once."""
    names: list[str] = []
    for dialect in INCLUDE_DIALECTS:
        if dialect not in index.dialect_options:
            continue
        for entry in index.dialect_options[dialect].get("include") or ():
            names.append(entry.name if isinstance(entry, Column) else str(entry))
    return tuple(dict.fromkeys(names))


_TEXT_KEY = re.compile(r"^\s*\"?(\w+)\"?\s*(?:\s(asc|desc))?\s*$", re.IGNORECASE)


def _key_part(expression: object, table: Table) -> KeyPart | None:
    """A plain column of the key, ascending or descending, written as a column
    (``Order.created_at.desc()``), a name (``desc("created_at")``) or text
    (``text("created_at DESC")``); ``None`` for a real expression."""
    if isinstance(expression, Column):
        return KeyPart(expression.name)
    if isinstance(expression, UnaryExpression):
        descending = expression.modifier is desc_op
        element = expression.element
        if isinstance(element, Column):
            return KeyPart(element.name, descending=descending)
        name = getattr(element, "element", None)  # desc("name"): a textual label reference
        if isinstance(name, str) and name in table.columns:
            return KeyPart(table.columns[name].name, descending=descending)
        return None
    if isinstance(expression, TextClause):
        match = _TEXT_KEY.match(expression.text)
        if match and match.group(1) in table.columns:
            return KeyPart(match.group(1), (match.group(2) or "").lower() == "desc")
    return None


def _columns_in(expression: object, table: Table) -> list[Column[object]]:
    columns: list[Column[object]] = []
    get_children = getattr(expression, "get_children", None)
    if isinstance(expression, Column) and expression.table is table:
        return [expression]
    if get_children is not None:
        for child in get_children():
            columns.extend(_columns_in(child, table))
    return columns


_ORDER = re.compile(r"^\s*(\S+?)\s*(?:\s(asc|desc))?\s*$", re.IGNORECASE)


def parse_order(entry: str) -> KeyPart:
    """``"created_at desc"`` → ``KeyPart("created_at", descending=True)``."""
    match = _ORDER.match(entry)
    if match is None:
        return KeyPart(entry.strip())
    return KeyPart(match.group(1), descending=(match.group(2) or "").lower() == "desc")


def required_key(pattern: AccessPattern) -> tuple[frozenset[str], tuple[KeyPart, ...]]:
    """What an index needs to serve ``pattern``: the equality columns (any order) and then
    the range column, or else the sort columns."""
    equals = frozenset(pattern.equals)
    order = tuple(parse_order(entry) for entry in pattern.order_by)
    # Sort columns already fixed by equality do not need to be in the index.
    order = tuple(part for part in order if part.column not in equals)
    if pattern.range:
        # The range column comes right after the equalities; a sort on it is free, a sort on
        # another column happens after the scan whatever the index.
        return equals, (KeyPart(pattern.range, order[0].descending if order and
                                order[0].column == pattern.range else False),)
    return equals, order


def serves(index: IndexInfo, pattern: AccessPattern) -> bool:
    """Whether ``index`` serves ``pattern`` without scanning unrelated rows or sorting."""
    if pattern.text_search:
        return index.full_text and bool(pattern.equals) and \
            set(pattern.equals) <= set(index.columns)
    if index.full_text:
        return False
    equals, then = required_key(pattern)
    if not equals and not then:
        return False
    columns = index.columns
    if index.unique and equals and set(columns) <= equals and index.complete:
        return True  # a unique lookup finds at most one row: nothing left to sort
    width = len(equals)
    if set(columns[:width]) != equals or len(columns) < width:
        return False
    rest = index.parts[width:width + len(then)]
    if len(rest) < len(then):
        return False
    if pattern.range:
        return rest[0].column == then[0].column
    if [p.column for p in rest] != [p.column for p in then]:
        return False
    # A B-tree can be read backwards: the directions must all match or all be reversed.
    same = all(a.descending == b.descending for a, b in zip(rest, then, strict=True))
    flipped = all(a.descending != b.descending for a, b in zip(rest, then, strict=True))
    return same or flipped


def needs_index(pattern: AccessPattern) -> bool:
    """Whether a pattern filters or sorts at all (an unfiltered insert needs no index)."""
    return bool(pattern.equals or pattern.range or pattern.order_by)


def serving_index(table: Table, pattern: AccessPattern) -> IndexInfo | None:
    """The first index of ``table`` (primary key first) that serves ``pattern``, if any."""
    for index in table_indexes(table):
        if serves(index, pattern):
            return index
    return None


def suggested_parts(pattern: AccessPattern) -> tuple[KeyPart, ...]:
    """The key of the index that would serve ``pattern``: equality columns in declaration
    order, then the range or sort columns."""
    equals, then = required_key(pattern)
    ordered = tuple(KeyPart(c) for c in dict.fromkeys(pattern.equals) if c in equals)
    return ordered + then


def index_name(table: Table, parts: Sequence[KeyPart], *, limit: int = 63) -> str:
    """``ix_<table>_<col>_<col>``, cut to ``limit`` characters (PostgreSQL's identifier limit)."""
    name = "ix_" + "_".join([table.name, *(p.column for p in parts)])
    return name[:limit].rstrip("_")


def supports_foreign_key(table: Table, index: IndexInfo) -> str | None:
    """The foreign key whose columns lead ``index``, if one does: such an index keeps joins and
    ``ON DELETE`` checks on the parent cheap (and InnoDB requires it)."""
    for constraint in sorted(table.foreign_key_constraints, key=lambda c: tuple(c.column_keys)):
        columns = [column.name for column in constraint.columns]
        if columns and set(index.columns[: len(columns)]) == set(columns):
            return ", ".join(columns)
    return None


def used_by(index: IndexInfo, pattern: AccessPattern) -> bool:
    """Whether a pattern uses ``index`` at all: it serves the pattern, or its leading column is
    one the pattern filters on (a partial match the planner may still choose)."""
    if serves(index, pattern):
        return True
    if not index.parts or pattern.text_search:
        return False
    return index.parts[0].column in set(pattern.equals) | ({pattern.range} - {None})


def redundancy(indexes: Sequence[IndexInfo]) -> list[tuple[IndexInfo, IndexInfo, str]]:
    """``(redundant, covering, how)`` for every index another one makes unnecessary: the same
    key (``duplicate``) or a prefix of a longer key (``prefix``). Unique and primary keys are
    never the redundant one, since they enforce a rule; full-text and expression indexes are
    left alone. An index that INCLUDEs columns the other lacks is not redundant: it answers
    queries on them from the index alone."""
    found = []
    plain = [i for i in indexes if not i.full_text and i.complete and i.parts]
    for candidate in plain:
        if candidate.unique:
            continue
        for other in plain:
            if other is candidate:
                continue
            if not set(candidate.include) <= set(other.columns) | set(other.include):
                continue  # it holds (INCLUDEs) columns the other one lacks: it covers more
            key, longer = _directions(candidate.parts), _directions(other.parts)
            if key == longer:
                # Of two identical plain indexes, report the later one by name, once.
                if other.unique or (other.name < candidate.name):
                    found.append((candidate, other, "duplicate"))
                    break
            elif len(key) < len(longer) and longer[: len(key)] in (key, _flip(key)):
                found.append((candidate, other, "prefix"))
                break
    return found


def _directions(parts: Sequence[KeyPart]) -> tuple[KeyPart, ...]:
    # A single-column index can be read either way: its direction does not matter.
    if len(parts) == 1:
        return (KeyPart(parts[0].column),)
    if parts and parts[0].descending:
        return _flip(tuple(parts))
    return tuple(parts)


def _flip(parts: tuple[KeyPart, ...]) -> tuple[KeyPart, ...]:
    return tuple(KeyPart(p.column, not p.descending) for p in parts)


def shared_suggestions(
    patterns: Sequence[AccessPattern],
) -> dict[int, tuple[tuple[KeyPart, ...], tuple[AccessPattern, ...]]]:
    """One index for several unserved patterns of one table where one can serve them all.

    For each pattern (by ``id``): the longest suggested key, among all the patterns' suggested
    keys, that serves it, and the other patterns that key serves too. Suggesting
    ``(customer_id)`` for one pattern and ``(customer_id, created_at)`` for another would only
    make the first index redundant (PRF003) once both exist.
    """
    plain = [p for p in patterns if not p.text_search]
    candidates = sorted(
        {suggested_parts(p) for p in plain},
        key=lambda parts: (-len(parts), [str(p) for p in parts]),
    )
    chosen: dict[int, tuple[tuple[KeyPart, ...], tuple[AccessPattern, ...]]] = {}
    for pattern in plain:
        for parts in candidates:
            candidate = IndexInfo("suggested", "index", parts, unique=False)
            if serves(candidate, pattern):
                others = tuple(o for o in plain if o is not pattern and serves(candidate, o))
                chosen[id(pattern)] = (parts, others)
                break
    return chosen
