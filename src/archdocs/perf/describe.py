"""Short phrases about access patterns, shared by findings and pages."""

from __future__ import annotations

from archdocs.model.notes import AccessPattern


def pattern_label(pattern: AccessPattern) -> str:
    """``access pattern 'recent orders'``."""
    return f"access pattern {pattern.name!r}"


def frequency(pattern: AccessPattern) -> str:
    """`` (300/s)`` when the pattern declares its peak frequency, else nothing."""
    return f" ({rate(pattern.per_second)})" if pattern.per_second else ""


def rate(per_second: float | None) -> str:
    """``300/s``, ``1.5/s``, ``12,000/s``; ``—`` when unknown."""
    if per_second is None:
        return "—"
    if per_second >= 100 or float(per_second).is_integer():
        return f"{per_second:,.0f}/s"
    return f"{per_second:,.2g}/s"
