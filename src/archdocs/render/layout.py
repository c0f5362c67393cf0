"""In-process Graphviz layout through pygraphviz, and the SVG made self-contained.

Kept free of heavy imports (no ``diagrams``, no SQLAlchemy) because the renderer's worker
processes import it.

* Graphviz prints its errors and warnings on file descriptor 2, not through Python; they are
  captured around each layout so a failure carries Graphviz' own message, and the bundled
  fontconfig's ``unknown element "reset-dirs"`` noise never reaches the user's terminal.
* The SVG loses Graphviz' comments (version, node names) and gets its icons embedded as
  ``data:`` URIs; element ids are prefixed with the diagram key so several SVGs can sit inline
  on one page.
"""

from __future__ import annotations

import base64
import importlib.util
import logging
import math
import os
import re
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import IO, TypeVar

log = logging.getLogger("archdocs.render")
_Result = TypeVar("_Result")

_STDERR_LOCK = threading.Lock()
# The bundled fontconfig is older than the system's configuration files and warns about every
# element it does not know ("reset-dirs"); fonts still work. Its errors are kept.
_NOISE = ("Fontconfig warning",)


class LayoutError(Exception):
    """Graphviz could not lay the diagram out; the message is Graphviz' own."""


@cache
def icons_root() -> Path | None:
    """The directory ``diagrams`` icon paths are relative to (it holds ``resources/``)."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).resolve().parent.parent


@contextmanager
def _captured_stderr() -> Iterator[list[str]]:
    """Collect what C code writes to fd 2 while the block runs.

    Fontconfig noise is dropped; other lines are returned to the caller, which decides whether
    they are an error, a warning to log, or something to pass on.
    """
    lines: list[str] = []
    with _STDERR_LOCK:
        sink = _sink()
        sink.seek(0)
        sink.truncate()
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", "replace")
            lines.extend(
                line for line in text.splitlines()
                if line.strip() and not line.startswith(_NOISE)
            )


_SINK: tuple[int, IO[bytes]] | None = None


def _sink() -> IO[bytes]:
    """This process's file for Graphviz' messages, emptied before each use: a new temporary
    file per Graphviz call cost a tenth of the Python time of a diagram worker. Kept per
    process id, so a forked child (which shares the parent's file offset) makes its own."""
    global _SINK
    if _SINK is None or _SINK[0] != os.getpid():
        _SINK = (os.getpid(), tempfile.TemporaryFile())  # noqa: SIM115 - lives as long as the process
    return _SINK[1]


# Graphviz sometimes fails on graphs with clusters ("trouble in init_rank") or cannot route an
# edge ("Pshortestpath failed", "lost edge") and still prints a picture with edges missing.
# Such a picture is not published: the layout is retried with the network-simplex ranking that
# handles clusters, then with straight edges, and only fails when all attempts print errors.
_RETRY_ATTRIBUTES: tuple[dict[str, str], ...] = (
    {},
    {"newrank": "true"},
    {"newrank": "true", "splines": "polyline"},
    {"newrank": "true", "splines": "line"},
)


COLUMN_PX = 690
"""Width of the column diagrams are shown in (Material's content column at a 1400-px window)."""
_COLUMN_PT = COLUMN_PX * 0.75
_SVG_WIDTH = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"')
_SVG_HEIGHT = re.compile(r'<svg\b[^>]*?\bheight="([\d.]+)pt"')
_FONT_SIZE = re.compile(r'font-size="([\d.]+)"')
LEGIBLE_PX = 9.0
"""Labels at least this many CSS pixels high read at page width (issue 15's measure)."""
_PACKED = {"nodesep": "0.2", "ranksep": "0.35"}
"""Spacing tried when a picture is still too small to read in either direction."""
_RANKDIR = re.compile(r"\brankdir\s*=\s*\"?(LR|RL|TB|BT)\"?", re.IGNORECASE)


def label_px(svg: str, column_px: float = COLUMN_PX) -> float:
    """Height in CSS pixels of the smallest label of ``svg`` (a Graphviz SVG) once shown at
    most ``column_px`` wide: the legibility of the diagram on a page."""
    width = _SVG_WIDTH.search(svg)
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    if width is None or not sizes:
        return 99.0
    natural_px = float(width.group(1)) * 4 / 3
    return min(sizes) * 4 / 3 * min(1.0, column_px / max(natural_px, 1.0))


def _wider_than_tall(svg: str) -> bool:
    width, height = _SVG_WIDTH.search(svg), _SVG_HEIGHT.search(svg)
    return width is not None and height is not None and float(width[1]) > float(height[1])


def layout(dot: str) -> tuple[str, float]:
    """Lay ``dot`` out with Graphviz ``dot`` in this process; return raw SVG and seconds spent.

    A picture wider than the page column, and wider than tall, is laid out again in the other
    direction (left to right <-> top to bottom), and the narrower of the two is kept: its labels
    shrink least once fitted to the column, and a narrow, tall picture reads better on a page
    than a wide, shrunk one. (Turned, a picture gets about as wide as it was tall: one taller
    than wide would not get narrower, so that layout is not made.) If its labels would still be
    drawn below :data:`LEGIBLE_PX`, it is laid out once more with boxes and ranks packed
    closer, and kept if that is narrower still. Each alternative is laid out and drawn in one
    Graphviz call (:func:`_drawn`), and the pictures are compared by the width of their SVGs.

    Raises :class:`LayoutError` with Graphviz' message when the source cannot be laid out
    without errors.
    """
    started = time.perf_counter()
    svg = _drawn(dot, {})
    if label_px(svg) < label_px(svg, column_px=10**6):
        direction: dict[str, str] = {}
        if _wider_than_tall(svg):
            declared = _RANKDIR.search(dot)
            current = declared.group(1).upper() if declared else "TB"
            other = {"rankdir": "TB" if current in ("LR", "RL") else "LR"}
            turned = _alternative(dot, other)
            if turned is not None and _width(turned) < _width(svg):
                svg, direction = turned, other
        if label_px(svg) < LEGIBLE_PX:
            # Still too small: the same picture with its boxes and ranks packed closer.
            packed = _alternative(dot, {**_PACKED, **direction})
            if packed is not None and _width(packed) < _width(svg):
                svg = packed
    return svg, time.perf_counter() - started


def _width(svg: str) -> float:
    found = _SVG_WIDTH.search(svg)
    return float(found[1]) if found else math.inf


def _alternative(dot: str, extra: dict[str, str]) -> str | None:
    """Another picture of ``dot``; None when Graphviz cannot make it."""
    try:
        return _drawn(dot, extra)
    except LayoutError:
        return None


def _drawn(dot: str, extra: dict[str, str]) -> str:
    """``dot`` with the graph attributes ``extra``, laid out and drawn as SVG, retried with the
    settings of :data:`_RETRY_ATTRIBUTES` while Graphviz reports errors."""
    first_problem = ""
    for attributes in _RETRY_ATTRIBUTES:
        svg, problem = _graphviz(partial(_draw, dot, {**attributes, **extra}))
        if svg is not None:
            if attributes:
                log.debug("laid out with %s after: %s", attributes, first_problem)
            return svg
        first_problem = first_problem or problem
        if "syntax error" in problem:
            break  # the source itself is wrong; other layout settings will not help
    raise LayoutError(first_problem or "Graphviz: layout failed")


def _draw(dot: str, attributes: dict[str, str]) -> str:
    # One call lays the graph out and draws it (pygraphviz's draw() given a layout program),
    # the picture `dot -Tsvg` makes. AGraph.layout() and then draw() would cost twice as
    # much: layout() writes the positions into the graph, and draw() lays it out again from
    # them (neato -n2) before drawing.
    import pygraphviz

    graph = pygraphviz.AGraph(string=dot)
    root = icons_root()
    if root is not None:
        graph.graph_attr["imagepath"] = str(root)
    graph.graph_attr.update(attributes)
    raw: bytes = graph.draw(prog="dot", format="svg")
    return raw.decode("utf-8")


def _graphviz(call: Callable[[], _Result]) -> tuple[_Result | None, str]:
    """Run ``call`` (pygraphviz) with Graphviz' messages captured: ``(its result, "")``, or
    ``(None, "Graphviz: <its errors>")`` when it raised or Graphviz printed errors."""
    result: _Result | None = None
    with _captured_stderr() as messages:
        try:
            result = call()
        except Exception as exc:  # pygraphviz raises DotError/ValueError with a vague text
            failure: Exception | None = exc
        else:
            failure = None
    errors = [m for m in messages if m.startswith("Error") or m.startswith("lib/")]
    for message in messages:
        if message in errors:
            continue
        if message.startswith("Fontconfig"):
            _warn_once(message)
        elif message.startswith(("Warning", "\t", " ")) or errors or failure is not None:
            log.debug("graphviz: %s", message)  # e.g. a label wider than its fixed-size node
        else:
            sys.stderr.write(message + "\n")  # not Graphviz' and not noise: pass it on
    if failure is None and not errors and result is not None:
        return result, ""
    detail = "; ".join(
        dict.fromkeys(e.removeprefix("Error: ").strip() for e in errors if e.startswith("Error"))
    ) or str(failure or "no output")
    return None, f"Graphviz: {detail}"


_WARNED: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        log.warning("graphviz fonts: %s", message)


_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_IMAGE = re.compile(r'<image\b[^>]*?\bxlink:href="([^"]*)"[^>]*/>')
# An id attribute and a link to a fragment ("id" or "href" after a word boundary, the name
# up to the closing quote), found by their literal start: a pattern that starts with "\b" is
# tried at every character (0.5 ms per 30 KB of SVG). _Prefixer checks the boundary.
_ID = re.compile(r'id="(?=([^"]*)")')
_FRAGMENT = re.compile(r'href="#(?=([^"]*)")')
_WORD_CHARACTER = re.compile(r"\w")
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@cache
def _data_uri(path: str) -> tuple[str, int, int] | None:
    """The icon at ``path`` as a ``data:`` URI with its pixel size, if it is one of the
    ``diagrams`` icons."""
    root = icons_root()
    if root is None:
        return None
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = root / candidate
    try:
        resolved = candidate.resolve(strict=True)
    except OSError:
        return None
    # Only files inside the icon library are embedded: a DOT source can never pull an
    # arbitrary file from the machine into a published page.
    if not resolved.is_relative_to(root / "resources"):
        return None
    mime = _MIME.get(resolved.suffix.lower())
    if mime is None:
        return None
    data = resolved.read_bytes()
    width, height = 256, 256
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
    encoded = base64.b64encode(data).decode("ascii")
    return f"data:{mime};base64,{encoded}", width, height


def self_contained(svg: str, id_prefix: str) -> str:
    """Graphviz SVG made publishable: comments stripped, icons embedded once each (a ``<symbol>``
    per icon, ``<use>`` per node), any image that is not an icon removed, ids prefixed."""
    svg = _COMMENT.sub("", svg)
    symbols: dict[tuple[str, int, int], str] = {}

    def embed(match: re.Match[str]) -> str:
        icon = _data_uri(match.group(1))
        if icon is None:
            log.warning("diagram %s: dropped an image that is not a diagrams icon", id_prefix)
            return ""
        symbol = symbols.setdefault(icon, f"icon{len(symbols)}")
        attrs = dict(re.findall(r'\b(x|y|width|height)="([^"]*)"', match.group(0)))
        return (
            f'<use xlink:href="#{symbol}" x="{attrs.get("x", "0")}" y="{attrs.get("y", "0")}" '
            f'width="{attrs.get("width", "0")}" height="{attrs.get("height", "0")}"/>'
        )

    svg = _IMAGE.sub(embed, svg)
    # Ids are prefixed before the icons go in: the two patterns would otherwise scan every
    # byte of the embedded icons (tens of KB each, most of a flow diagram), a second of CPU
    # per 300 flow diagrams. The definitions are written with their ids prefixed already;
    # nothing else in them matches either pattern (base64 holds no quote).
    svg = _ID.sub(_Prefixer(id_prefix), svg)
    svg = _FRAGMENT.sub(_Prefixer(id_prefix), svg)
    if symbols:
        defs = "".join(
            f'<symbol id="{id_prefix}-{symbol}" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="xMinYMin meet">'
            f'<image width="{width}" height="{height}" xlink:href="{uri}"/></symbol>'
            for (uri, width, height), symbol in sorted(symbols.items(), key=lambda i: i[1])
        )
        svg = re.sub(r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}\n<defs>{defs}</defs>", svg,
                     count=1)
    return svg


class _Prefixer:
    r"""Puts ``id_prefix-`` before each name :data:`_ID` or :data:`_FRAGMENT` finds, where
    ``\bid="name"`` (``\b(xlink:href|href)="#name"``) would match, scanning as a search for
    that would: after a word boundary, and not inside the name of the one before."""

    def __init__(self, id_prefix: str) -> None:
        self.id_prefix = id_prefix
        self.free_from = 0
        """Where the last name changed ends (its closing quote)."""

    def __call__(self, match: re.Match[str]) -> str:
        at = match.start()
        if at < self.free_from or (at and _WORD_CHARACTER.match(match.string, at - 1)):
            return match.group(0)
        self.free_from = match.end(1) + 1
        return f"{match.group(0)}{self.id_prefix}-"


def render_svg(key: str, dot: str) -> tuple[str | None, str | None, float]:
    """Lay out and post-process one diagram: ``(svg, error, layout seconds)``. Never raises;
    this is what worker processes run."""
    try:
        raw, seconds = layout(dot)
    except LayoutError as exc:
        return None, str(exc), 0.0
    except Exception as exc:  # a crash in one diagram must not stop the others
        return None, f"{type(exc).__name__}: {exc}", 0.0
    return publishable(key, raw), None, seconds


def measure(dot: str, min_label_px: float) -> tuple[float, str | None, bool]:
    """Lay ``dot`` out to measure its legibility, as :class:`archdocs.render.measure.Measurements`
    does, in a worker process: ``(smallest label in CSS pixels, the raw SVG when that is at
    least min_label_px (for the renderer to finish) else None, whether a layout was made)``. A
    graph Graphviz cannot lay out measures as infinitely legible: the renderer reports the
    failure on the page. Other exceptions reach the caller, which measures in its own process."""
    try:
        svg, _ = layout(dot)
    except LayoutError:
        return math.inf, None, False
    smallest = label_px(svg)
    return smallest, svg if smallest >= min_label_px else None, True


def publishable(key: str, raw: str) -> str:
    """The SVG of diagram ``key`` that :func:`render_svg` gives for ``raw``, the output of
    :func:`layout`."""
    return self_contained(raw, _id_prefix(key))


def drawn_publishable(key: str, svg: str) -> str:
    """An SVG archdocs drew itself (:mod:`archdocs.render.er_focus`) as :func:`publishable`
    leaves a Graphviz one: its ids prefixed with the diagram key. It has no comments, images or
    links to fragments, and its text escapes every quote, so only its own ids match."""
    return svg.replace(' id="', f' id="{_id_prefix(key)}-')


def _id_prefix(key: str) -> str:
    return "d-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def render_batch(jobs: list[tuple[str, str]]) -> list[tuple[str, str | None, str | None, float]]:
    """Several diagrams in one worker call: ``(key, svg, error, seconds)`` each."""
    return [(key, *render_svg(key, dot)) for key, dot in jobs]
