"""What every physical structure shares: a name, where it was declared, durations and sizes
written the way people write them (``"7d"``, ``"3 days"``, ``"50 GiB"``), checked at declaration."""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass, field
from datetime import timedelta
from typing import ClassVar

from archdocs.errors import ArchdocsError
from archdocs.model.location import SourceLocation, caller_location


class PhysicalError(ArchdocsError):
    """A physical structure is declared in a way that cannot be right."""


_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
_PERIOD_UNITS: dict[str, float] = {
    "ms": 0.001, "s": 1, "sec": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "week": 604800, "weeks": 604800,
    "month": 2_629_746, "months": 2_629_746,
    "y": 31_556_952, "year": 31_556_952, "years": 31_556_952,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")
_SIZE_UNITS: dict[str, int] = {
    "": 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
    "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4,
}


def parse_period(text: str | timedelta, *, what: str, location: SourceLocation | None = None,
                 ) -> timedelta:
    """``"7d"``, ``"72h"``, ``"3 days"``, ``"13 months"`` (a month is 1/12 of a year)."""
    if isinstance(text, timedelta):
        return text
    match = _PERIOD.match(str(text))
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _PERIOD_UNITS:
        raise PhysicalError(
            f"cannot read {what} {text!r} as a duration", location=location,
            hint="write a number and a unit: '30s', '15m', '72h', '7d', '2w', '13 months'",
        )
    return timedelta(seconds=float(match.group(1)) * _PERIOD_UNITS[unit])


def parse_size(text: str | int, *, what: str, location: SourceLocation | None = None) -> int:
    """Bytes from ``"512MB"``, ``"50 GiB"`` or a plain number of bytes."""
    if isinstance(text, int):
        return text
    match = _SIZE.match(str(text))
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _SIZE_UNITS:
        raise PhysicalError(
            f"cannot read {what} {text!r} as a size", location=location,
            hint="write a number and a unit: '512MB', '50GB', '1 TiB' (or a number of bytes)",
        )
    return int(float(match.group(1)) * _SIZE_UNITS[unit])


def format_period(value: timedelta) -> str:
    """``7d``, ``72h`` → ``3d``, ``90m``, ``30s``: the largest exact unit."""
    seconds = value.total_seconds()
    if seconds == 0:
        return "0s"
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size and seconds % size == 0:
            if unit == "w" and seconds // size < 2:
                continue
            return f"{int(seconds // size)}{unit}"
    return f"{round(seconds * 1000)}ms"


def format_size(value: float) -> str:
    """Decimal units, three significant figures: ``1.2 GB``."""
    for unit, size in (("TB", 1000**4), ("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if value >= size:
            return f"{value / size:.3g} {unit}"
    return f"{int(value)} B"


@dataclass(eq=False, repr=False)
class Structure:
    """A physical structure a datastore holds in its own terms (a topic, a key pattern, a
    collection, an index ...). Declared in a datastore's ``structures``."""

    KIND: ClassVar[str] = "structure"
    TITLE: ClassVar[str] = "Structure"

    name: str
    _: KW_ONLY
    description: str = ""
    declared_at: SourceLocation = field(default_factory=caller_location)

    def fail(self, message: str, hint: str) -> PhysicalError:
        """An error about this structure, pointing at its declaration."""
        return PhysicalError(f"{self.TITLE.lower()} {self.name!r}: {message}",
                             location=self.declared_at, hint=hint)

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise self.fail("the name is empty", "give the name the technology uses")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def __hash__(self) -> int:
        return id(self)


def positive(structure: Structure, value: float | None, what: str) -> None:
    """Raise when ``value`` is given and not above zero."""
    if value is not None and value <= 0:
        raise structure.fail(f"{what} must be above zero, not {value}",
                             f"declare a positive {what} or leave it out")
