"""Growth charts as small, self-contained SVG pictures: no script, no external font or
stylesheet, the same bytes for the same input, every text escaped."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from archdocs.perf.scalability import GB, Projection

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 34, 40
YEARS_SHOWN = 5
SAMPLES_PER_YEAR = 12


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above ``value``."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value * (1 - 1e-9):
            return float(candidate)
    return float(10 ** (exponent + 1))


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_chart(
    title: str,
    series: Sequence[tuple[float, float]],
    *,
    format_value: Callable[[float], str],
    limit: float | None = None,
    limit_label: str = "",
) -> str:
    """An SVG line chart of ``(years, value)`` points from 0 to 5 years, with an optional
    horizontal limit line (the single-node budget)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_value = max([v for _, v in series] + [0.0])
    show_limit = limit is not None and limit <= max(top_value, 1e-9) * 4
    ceiling = _nice_ceiling(max(top_value, limit if show_limit and limit else 0.0) * 1.05)

    def x(years: float) -> float:
        return LEFT + plot_w * years / YEARS_SHOWN

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / ceiling)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'class="archdocs-growth-chart" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="18" font-size="13" font-weight="bold" fill="#222">'
        f"{escape(title)}</text>",
    ]
    for tick in range(5):
        value = ceiling * tick / 4
        parts.append(f'<line x1="{LEFT}" y1="{_num(y(value))}" x2="{WIDTH - RIGHT}" '
                     f'y2="{_num(y(value))}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{_num(y(value) + 4)}" text-anchor="end" '
                     f'fill="#555">{escape(format_value(value))}</text>')
    for year in range(YEARS_SHOWN + 1):
        label = "now" if year == 0 else f"{year} y"
        parts.append(f'<line x1="{_num(x(year))}" y1="{TOP + plot_h}" x2="{_num(x(year))}" '
                     f'y2="{TOP + plot_h + 4}" stroke="#888"/>')
        parts.append(f'<text x="{_num(x(year))}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                     f'fill="#555">{label}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
                 f'y2="{TOP + plot_h}" stroke="#888"/>')
    if show_limit and limit is not None:
        parts.append(f'<line x1="{LEFT}" y1="{_num(y(limit))}" x2="{WIDTH - RIGHT}" '
                     f'y2="{_num(y(limit))}" stroke="#c62828" stroke-dasharray="6 4" '
                     f'class="budget"/>')
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{_num(y(limit) - 5)}" text-anchor="end" '
                     f'fill="#c62828">{escape(limit_label)}</text>')
    elif limit is not None:
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{TOP - 2}" text-anchor="end" '
                     f'fill="#c62828">{escape(limit_label)} (far above)</text>')
    coordinates = " ".join(f"{_num(x(t))},{_num(y(v))}" for t, v in series)
    parts.append(f'<polyline points="{coordinates}" fill="none" stroke="#1565c0" '
                 f'stroke-width="2" class="projection"/>')
    for years, value in series:
        if float(years).is_integer() and years in (0, 1, 3, 5):
            parts.append(f'<circle cx="{_num(x(years))}" cy="{_num(y(value))}" r="3.5" '
                         f'fill="#1565c0"><title>{escape(format_value(value))} at '
                         f'{"now" if years == 0 else f"{int(years)} years"}</title></circle>')
    parts.append("</svg>")
    return "\n".join(parts)


def storage_chart(projection: Projection) -> str:
    """Projected storage of the datastore over five years against its storage budget."""
    samples = [i / SAMPLES_PER_YEAR for i in range(YEARS_SHOWN * SAMPLES_PER_YEAR + 1)]
    gigabytes = [(t, sum(tp.point(t).bytes for tp in projection.parts) / GB) for t in samples]
    limit = projection.budget.storage_gb
    # Small stores are drawn in MB so the axis does not read 0.0 GB throughout.
    top = max(v for _, v in gigabytes)
    unit, scale = ("GB", 1.0) if top >= 1 or (limit is not None and limit <= top * 4) \
        else ("MB", 1024.0)
    return line_chart(
        f"{projection.datastore.name}: projected storage",
        [(t, v * scale) for t, v in gigabytes],
        format_value=lambda v: f"{v:,.0f} {unit}" if v >= 10 or v == 0 else f"{v:.1f} {unit}",
        limit=limit * scale if limit is not None else None,
        limit_label=f"single-node budget {limit:,.0f} GB" if limit is not None else "",
    )


def writes_chart(projection: Projection) -> str:
    """Projected peak writes per second over five years against the write budget."""
    samples = [i / SAMPLES_PER_YEAR for i in range(YEARS_SHOWN * SAMPLES_PER_YEAR + 1)]
    series = [(t, sum(tp.writes_at(t) for tp in projection.parts)) for t in samples]
    limit = projection.budget.writes_per_second
    return line_chart(
        f"{projection.datastore.name}: projected peak writes",
        series,
        format_value=lambda v: f"{v:,.0f}/s" if v >= 10 or v == 0 else f"{v:.1f}/s",
        limit=limit,
        limit_label=f"single-node budget {limit:,.0f}/s" if limit is not None else "",
    )
