"""Objects beside tables that SQLAlchemy can declare: schemas, PostgreSQL domains and
sequences. Each is created before the tables that use it and dropped after them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Sequence
from sqlalchemy.dialects.postgresql import DOMAIN

from archdocs.migrate.changes import Change, ChangeKind


def schemas_of(metadata: MetaData) -> set[str]:
    """The schemas (databases, on MySQL/MariaDB) the tables of ``metadata`` live in."""
    return {str(table.schema) for table in metadata.tables.values() if table.schema}


def domains_of(metadata: MetaData) -> dict[str, Any]:
    """PostgreSQL ``DOMAIN`` types used by a column, by (qualified) name."""
    found: dict[str, Any] = {}
    for table in sorted(metadata.tables.values(), key=lambda t: t.fullname):
        for column in table.columns:
            if isinstance(column.type, DOMAIN):
                name = (f"{column.type.schema}.{column.type.name}" if column.type.schema
                        else str(column.type.name))
                found.setdefault(name, column.type)
    return found


def sequences_of(metadata: MetaData) -> dict[str, Sequence]:
    """Sequences declared on the metadata or on a column, by (qualified) name."""
    return {(f"{s.schema}.{s.name}" if s.schema else s.name): s
            for s in metadata._sequences.values()}


def _domain_signature(domain: Any) -> tuple[str, ...]:
    return (str(domain.data_type), str(domain.check), str(domain.default), str(domain.not_null),
            str(domain.constraint_name), str(domain.collation))


def compare_objects(old: MetaData, new: MetaData) -> list[Change]:
    """Schemas, domains and sequences added or dropped, and domains or sequences whose
    definition changed."""
    changes: list[Change] = []
    # PostgreSQL's default schema is never created or dropped (a model may name it or not).
    old_schemas, new_schemas = schemas_of(old) - {"public"}, schemas_of(new) - {"public"}
    changes += [Change(ChangeKind.CREATE_SCHEMA, name) for name in sorted(new_schemas - old_schemas)]
    changes += [Change(ChangeKind.DROP_SCHEMA, name) for name in sorted(old_schemas - new_schemas)]
    old_domains, new_domains = domains_of(old), domains_of(new)
    for name, domain in sorted(new_domains.items()):
        before = old_domains.get(name)
        if before is None:
            changes.append(Change(ChangeKind.CREATE_DOMAIN, name, new=domain,
                                  detail=_describe_domain(domain)))
        elif _domain_signature(before) != _domain_signature(domain):
            changes.append(Change(ChangeKind.ALTER_DOMAIN, name, old=before, new=domain,
                                  detail=f"{_describe_domain(before)} → "
                                         f"{_describe_domain(domain)}"))
    for name, domain in sorted(old_domains.items()):
        if name not in new_domains:
            changes.append(Change(ChangeKind.DROP_DOMAIN, name, old=domain,
                                  detail=_describe_domain(domain)))
    old_sequences, new_sequences = sequences_of(old), sequences_of(new)
    changes += [Change(ChangeKind.CREATE_SEQUENCE, name, new=sequence)
                for name, sequence in sorted(new_sequences.items()) if name not in old_sequences]
    changes += [Change(ChangeKind.DROP_SEQUENCE, name, old=sequence)
                for name, sequence in sorted(old_sequences.items()) if name not in new_sequences]
    for name, sequence in sorted(new_sequences.items()):
        before = old_sequences.get(name)
        if before is not None and sequence_options(before) != sequence_options(sequence):
            changes.append(Change(ChangeKind.ALTER_SEQUENCE, name, old=before, new=sequence,
                                  detail=_describe_sequence_change(before, sequence)))
    return changes


SEQUENCE_OPTIONS = ("start", "increment", "minvalue", "maxvalue", "nominvalue", "nomaxvalue",
                    "cycle", "cache")
"""The options of a ``Sequence`` the differ compares (what ``ALTER SEQUENCE`` can change)."""


def sequence_options(sequence: Sequence) -> dict[str, Any]:
    """The declared options of ``sequence`` (``None`` where the server's default applies)."""
    return {option: getattr(sequence, option, None) for option in SEQUENCE_OPTIONS}


def _describe_sequence_change(old: Sequence, new: Sequence) -> str:
    before, after = sequence_options(old), sequence_options(new)
    return ", ".join(f"{option} {before[option]} → {after[option]}"
                     for option in SEQUENCE_OPTIONS if before[option] != after[option])


def _describe_domain(domain: Any) -> str:
    text = f"{domain.data_type}"
    if domain.not_null:
        text += " NOT NULL"
    if domain.default is not None:
        text += f" DEFAULT {domain.default}"
    if domain.check is not None:
        text += f" CHECK ({domain.check})"
    return text
