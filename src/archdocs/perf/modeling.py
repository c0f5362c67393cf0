"""Data-modeling checks on tables: repeating column groups, undeclared copies of a parent's
attributes, references hidden in arrays or JSON, business keys without a unique key, and the
dimensional model (facts, dimensions)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ARRAY, JSON, Column, ForeignKeyConstraint, String, Table, Text
from sqlalchemy.exc import NoReferencedColumnError, NoReferencedTableError

from archdocs.model.datastore import Datastore
from archdocs.model.notes import notes_of_column, notes_of_table
from archdocs.perf.indexes import table_indexes

_NUMBERED = re.compile(r"^(?P<stem>.*?[a-z])_?(?P<n>\d+)$", re.IGNORECASE)
REPEATING_GROUP_MINIMUM = 3
"""``address_line1``/``address_line2`` is a common, harmless pair; three numbered copies of a
column are a list stored sideways."""


@lru_cache(maxsize=4096)
def _numbered(name: str) -> tuple[str, int] | None:
    """``(stem, number)`` of a numbered column name (``phone_2``), or ``None``: column names
    repeat across tables (``id``, ``created_at``), so each is read once."""
    match = _NUMBERED.match(name)
    return (match.group("stem").rstrip("_").lower(), int(match.group("n"))) if match else None


def repeating_groups(table: Table) -> list[tuple[str, list[str]]]:
    """``(stem, [columns])`` for each group of numbered copies of one column."""
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for column in table.columns:
        numbered = _numbered(column.name)
        if numbered is not None:
            groups[numbered[0]].append((numbered[1], column.name))
    found = []
    for stem, members in sorted(groups.items()):
        numbers = sorted(n for n, _ in members)
        consecutive = numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        if len(members) >= REPEATING_GROUP_MINIMUM and consecutive:
            found.append((stem, [name for _, name in sorted(members)]))
    return found


_NOT_COPIES = frozenset({
    "id", "created_at", "updated_at", "deleted_at", "created_by", "updated_by", "version",
    "tenant_id", "org_id", "organization_id", "account_id", "lock_version", "row_version",
})


@dataclass(frozen=True)
class Copy:
    """A column that repeats an attribute of the table one of its foreign keys references."""

    column: Column[object]
    referenced: Table
    attribute: Column[object]
    foreign_key: ForeignKeyConstraint


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("ses", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def copies(table: Table) -> list[Copy]:
    """Columns that look like copies of an attribute of a referenced table: named like it
    (``email`` or ``customer_email`` for ``customers.email``) with the same type family, not
    part of the foreign key and not declared ``column_notes(denormalized=...)``."""
    found = []
    fk_columns = {c.name for fk in table.foreign_key_constraints for c in fk.columns}
    constraints = sorted(table.foreign_key_constraints, key=lambda fk: tuple(fk.column_keys))
    references: list[_Reference] | None = None
    for column in table.columns:
        if column.name in fk_columns or column.primary_key or column.name in _NOT_COPIES:
            continue
        if notes_of_column(column.info).denormalized_reason:
            continue
        if references is None:  # most tables have no column left to compare
            references = [r for fk in constraints if (r := _reference(table, fk)) is not None]
        copy = next(
            (c for reference in references
             if (c := _copied_attribute(reference, column)) is not None),
            None,
        )
        if copy is not None:
            found.append(copy)
    return found


_GENERIC_NAMES = frozenset({
    "name", "title", "status", "state", "type", "kind", "description", "note", "notes",
    "comment", "currency", "code", "label", "source", "reason", "body", "text", "content",
    "message", "subject", "summary", "details",
})


def referred_table(fk: ForeignKeyConstraint) -> Table | None:
    """The table ``fk`` points at, or ``None`` when it names a table the model does not hold
    (INT006 reports that; the other rules must not crash on it)."""
    try:
        return fk.referred_table
    except (NoReferencedTableError, NoReferencedColumnError):
        return None


@dataclass(frozen=True)
class _Reference:
    """A foreign key of a table, as :func:`copies` compares columns with it: the referenced
    table, the two prefixes a copy may carry, and the attributes that can be copied by name
    (not keys, not audit columns), each with its position in the referenced table."""

    foreign_key: ForeignKeyConstraint
    referenced: Table
    prefixes: tuple[str, str]
    attributes: dict[str, list[tuple[int, Column[object]]]]


def _reference(table: Table, fk: ForeignKeyConstraint) -> _Reference | None:
    referenced = referred_table(fk)
    if referenced is None or referenced is table:
        return None
    stem = _singular(referenced.name)
    prefix = fk.columns[0].name.removesuffix("_id") if fk.columns else stem
    attributes: dict[str, list[tuple[int, Column[object]]]] = {}
    for position, attribute in enumerate(referenced.columns):
        if not attribute.primary_key and attribute.name not in _NOT_COPIES:
            attributes.setdefault(attribute.name, []).append((position, attribute))
    return _Reference(fk, referenced, (stem, prefix), attributes)


def _copied_attribute(reference: _Reference, column: Column[object]) -> Copy | None:
    # The attribute names that ``column`` spells with a prefix (``email`` for
    # ``customer_email``), and its own name: only attributes so named can be copies.
    unprefixed = {column.name[len(start) + 1:] for start in reference.prefixes
                  if column.name.startswith(f"{start}_")}
    named = [found for name in {*unprefixed, column.name}
             for found in reference.attributes.get(name, ())]
    for _, attribute in sorted(named, key=lambda found: found[0]):
        prefixed = attribute.name in unprefixed
        # A bare shared name is a copy only for short descriptive text (an e-mail, an
        # address); a shared numeric name (amount, quantity) is usually the child's own
        # measure, and free text (a reply's body beside its ticket's body) its own words.
        same_text = column.name == attribute.name and attribute.name not in _GENERIC_NAMES \
            and isinstance(column.type, String) and not isinstance(column.type, Text)
        if (prefixed or same_text) and \
                column.type._type_affinity is attribute.type._type_affinity:
            return Copy(column, reference.referenced, attribute, reference.foreign_key)
    return None


_REFERENCE_LIST = re.compile(r"^(?P<stem>[a-z0-9_]+?)_(ids|refs|keys|uuids)$|^(?P<bare>ids)$")


def reference_lists(datastore: Datastore, table: Table) -> list[tuple[Column[object], str | None]]:
    """Array and JSON columns whose name says they hold ids (``product_ids``), with the table
    those ids probably point at."""
    found = []
    for column in table.columns:
        if not isinstance(column.type, (ARRAY, JSON)):
            continue
        match = _REFERENCE_LIST.match(column.name.lower())
        if not match:
            continue
        stem = match.group("stem") or ""
        target = None
        for candidate in (stem, stem + "s", stem + "es", stem[:-1] + "ies" if stem.endswith("y") else ""):
            if candidate and datastore.table(candidate) is not None:
                target = datastore.table(candidate).fullname  # type: ignore[union-attr]
                break
        found.append((column, target))
    return found


WIDE_TABLE_COLUMNS = 50
"""More columns than this in an operational table usually means several entities in one."""


_BUSINESS_KEY = re.compile(
    r"(^|_)(email|username|user_name|login|handle|slug|sku|ean|isbn|iban|code|number|no|"
    r"reference|ref|external_id|vat_id|tax_id|uuid|token)$"
)


def looks_like_business_key(column: str) -> bool:
    return bool(_BUSINESS_KEY.search(column.lower()))


def has_unique_key_within(table: Table, columns: set[str]) -> bool:
    """Whether a primary key or unique key consists only of ``columns``."""
    return any(
        index.unique and index.complete and set(index.columns) <= columns
        for index in table_indexes(table)
    )


def facts_and_dimensions(datastore: Datastore) -> tuple[list[Table], list[Table]]:
    facts, dimensions = [], []
    for table in datastore.tables:
        notes = notes_of_table(table.info)
        if notes.fact is not None:
            facts.append(table)
        if notes.dimension is not None:
            dimensions.append(table)
    return facts, dimensions


def dimension_columns_without_key(fact: Table, dimensions: list[Table]) -> list[tuple[str, Table]]:
    """Fact columns named after a dimension (``customer_key``, ``date_id`` for ``dim_customer``,
    ``dim_date``) that have no foreign key to it."""
    referenced_by = {
        c.name for fk in fact.foreign_key_constraints for c in fk.columns
    }
    found = []
    for column in fact.columns:
        if column.name in referenced_by:
            continue
        match = re.match(r"^(?P<stem>[a-z0-9_]+?)_(key|id|sk)$", column.name.lower())
        if not match:
            continue
        stem = match.group("stem")
        for dimension in dimensions:
            name = dimension.name.lower()
            if name in {f"dim_{stem}", f"{stem}_dim", f"{stem}_dimension", f"d_{stem}",
                        stem, stem + "s"}:
                found.append((column.name, dimension))
                break
    return found
