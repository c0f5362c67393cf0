"""Data classification: what kind of data a column, table, document, event field or flow holds,
how it is protected, how long it may be kept and where it may live.

On a column or a table, in SQLAlchemy's ``info`` (combine with ``column_notes`` by merging the
dictionaries)::

    pan: Mapped[str] = mapped_column(info=classify(
        Classification.PAYMENT_CARD, protection=[Protection.TOKENISED]))

On a datastore holding documents, or on a flow or event, as ``classification=[...]``::

    classified(Classification.PERSONAL, fields=["email", "address"], erasure="30d",
               regions=["eu"])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from archdocs.model.location import SourceLocation, caller_location

CLASSIFICATION_KEY = "archdocs.classification"
"""The key of a column's or table's ``info`` that holds its classifications."""


class Classification(StrEnum):
    """A kind of data that laws, standards or contracts treat specially."""

    PERSONAL = "personal"
    """Identifies a person (name, e-mail, address): GDPR Art. 4(1)."""
    SENSITIVE_PERSONAL = "sensitive-personal"
    """Special categories (GDPR Art. 9): ethnic origin, beliefs, biometrics, sexual life."""
    PAYMENT_CARD = "payment-card"
    """The primary account number (PAN): PCI DSS requirement 3.5, stored only unreadable."""
    CARD_SECURITY_CODE = "card-security-code"
    """CVV/CVC/CSC: PCI DSS requirement 3.3.1.2, never stored after authorisation."""
    CREDENTIALS = "credentials"
    """Passwords, tokens, API keys, private keys."""
    HEALTH = "health"
    """Health data (GDPR Art. 9, HIPAA)."""

    @property
    def sensitive(self) -> bool:
        """Whether a copy of it needs the same protection as the original (all but personal)."""
        return self is not Classification.PERSONAL


class Protection(StrEnum):
    """How classified data is protected where it is stored."""

    ENCRYPTED_AT_REST = "encrypted-at-rest"
    """Disk or tablespace encryption (TDE): protects lost disks and backups, not queries."""
    COLUMN_ENCRYPTION = "column-encryption"
    """The value is encrypted by the application or the engine (Always Encrypted, pgcrypto)."""
    TOKENISED = "tokenised"
    """A token stands for the value; the value lives in a vault."""
    HASHED = "hashed"
    """Only a one-way (salted, slow) hash is kept."""
    MASKED_NON_PRODUCTION = "masked-non-production"
    """Copies outside production (test, staging, analytics sandboxes) are masked."""

    @property
    def unreadable(self) -> bool:
        """Whether the stored value cannot be read without a key or vault (PCI DSS 3.5.1)."""
        return self in (Protection.COLUMN_ENCRYPTION, Protection.TOKENISED, Protection.HASHED)


@dataclass(frozen=True)
class Classified:
    """One kind of classified data, with its protection and lifetime where it is declared.

    ``retention`` is how long it is kept there (``"30d"``, ``"7 years"``); ``erasure`` the
    deadline for erasing it once asked to (``"30d"``, GDPR Art. 17 "without undue delay");
    ``regions`` where it may be stored (``["eu"]``); ``fields`` the document or event fields
    that hold it, when it is declared on a datastore of documents or on a flow.
    """

    kind: Classification
    protection: tuple[Protection, ...] = ()
    retention: str | None = None
    erasure: str | None = None
    regions: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    declared_at: SourceLocation = field(default_factory=caller_location, compare=False)

    def __post_init__(self) -> None:
        for name in ("retention", "erasure"):
            value = getattr(self, name)
            if value is not None:
                parse_period(value)  # fails early, at the line that declared it

    @property
    def describe(self) -> str:
        """``payment-card (tokenised)``: the kind and its protection."""
        protection = ", ".join(p.value for p in self.protection)
        return f"{self.kind.value} ({protection})" if protection else self.kind.value


def classified(
    kind: Classification,
    *,
    protection: Iterable[Protection] = (),
    retention: str | None = None,
    erasure: str | None = None,
    regions: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> Classified:
    """A :class:`Classified` for ``classification=[...]`` on a datastore or a flow."""
    return Classified(kind, tuple(protection), retention, erasure, tuple(regions), tuple(fields),
                      declared_at=caller_location())


def classify(
    *kinds: Classification,
    protection: Iterable[Protection] = (),
    retention: str | None = None,
    erasure: str | None = None,
    regions: Iterable[str] = (),
) -> dict[str, Any]:
    """An ``info`` dictionary classifying a column or table; combine it with other notes as
    ``{**column_notes(...), **classify(...)}``."""
    if not kinds:
        raise ValueError("classify() needs at least one Classification")
    location = caller_location()
    protections, where = tuple(protection), tuple(regions)
    return {CLASSIFICATION_KEY: tuple(
        Classified(kind, protections, retention, erasure, where, declared_at=location)
        for kind in kinds)}


def classifications_in(info: dict[str, Any]) -> tuple[Classified, ...]:
    """The classifications in a column's or table's ``info`` (empty when none)."""
    found = info.get(CLASSIFICATION_KEY)
    if not found:
        return ()  # most columns: asked for every column of every table, several times
    return tuple(item for item in found if isinstance(item, Classified))


_PERIOD = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|seconds?|m|min|minutes?|h|hours?|d|days?|w|weeks?|"
    r"months?|y|years?)\s*$", re.IGNORECASE)
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400,
                   "mo": 30 * 86400, "y": 365 * 86400}


def parse_period(text: str) -> timedelta:
    """``"30s"``, ``"5m"``, ``"4h"``, ``"30d"``, ``"2 weeks"``, ``"6 months"``, ``"7 years"``
    as a ``timedelta`` (a month is 30 days, a year 365)."""
    match = _PERIOD.match(text)
    if not match:
        raise ValueError(f"cannot read period {text!r}: write it like '15m', '4h', '30d', "
                         "'6 months' or '7 years'")
    unit = match.group(2).lower()
    key = "mo" if unit.startswith("mo") else "m" if unit.startswith("mi") else unit[0]
    return timedelta(seconds=float(match.group(1)) * _PERIOD_SECONDS[key])


def kinds(items: Sequence[Classified]) -> list[Classification]:
    """The distinct kinds in ``items``, sorted."""
    return sorted({item.kind for item in items})
