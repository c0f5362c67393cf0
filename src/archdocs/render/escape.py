"""Escaping user text for DOT (plain and HTML-like labels) and Mermaid.

Every name, description or type that reaches a diagram passes through one of these, so a
model element called ``<script>``, ``a"b``, ``{x|y}`` or ``..\\`` is drawn literally and cannot
change the diagram's structure.
"""

from __future__ import annotations

import html
import re
import textwrap
from functools import lru_cache

from graphviz import nohtml

from archdocs.naming import slugify

# Characters XML 1.0 forbids: an SVG (and Graphviz's HTML-like labels) holding one does not
# parse, so they are drawn as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: object) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def dot_text(text: object) -> str:
    """User text as the *inside* of a quoted DOT string (an escString label).

    Backslashes are doubled (so ``\\N`` or ``\\l`` stay literal), quotes escaped, ``&`` written
    as an entity (Graphviz decodes entities in plain labels), and newlines become ``\\n``.
    """
    value = _xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return value.replace("\n", "\\n")


def dot_quoted(text: object) -> str:
    """User text as a complete quoted DOT string: ``"..."``."""
    return f'"{dot_text(text)}"'


def dot_label_lines(lines: list[str]) -> str:
    """Several lines of user text as one label for the ``graphviz`` package (which ``diagrams``
    uses): it quotes the result itself, so quotes are left for it to escape, and the value is
    marked as not HTML so ``<b>``-looking names stay text."""
    escaped = [
        _xml_safe(line).replace("\\", "\\\\").replace("&", "&amp;").replace("\r", " ").replace("\n", " ")
        for line in lines
    ]
    label: str = nohtml("\\n".join(escaped))
    return label


_MEMO = 1 << 16
"""Texts remembered per escaping function: a site escapes the same names (tables, columns,
types, services) in many diagrams and pages."""


def dot_html(text: object) -> str:
    """User text inside a Graphviz HTML-like label (``<...>``) or inside a quoted node id that
    eralchemy also prints into such a label: no ``<``, ``>``, ``&``, quotes or backslashes
    remain, newlines fold to spaces."""
    return _dot_html(text if type(text) is str else str(text))


@lru_cache(maxsize=_MEMO)
def _dot_html(text: str) -> str:
    value = html.escape(" ".join(_xml_safe(text).splitlines()), quote=True)
    return value.replace("\\", "&#92;")


def svg_text(text: object) -> str:
    """User text as the content of an SVG ``<text>`` (or an attribute): escaped for XML,
    characters XML forbids drawn as U+FFFD, newlines folded to spaces."""
    return _svg_text(text if type(text) is str else str(text))


@lru_cache(maxsize=_MEMO)
def _svg_text(text: str) -> str:
    return html.escape(" ".join(_xml_safe(text).splitlines()), quote=True)


def svg_name(text: object) -> str:
    """A name as the ``<title>`` of an SVG group the site links by that name
    (:func:`archdocs.render.publish.publish_svg` reads it back with ``html.unescape``): escaped
    for XML, line breaks kept (as character references, which XML does not normalise) so the
    name reads back unchanged."""
    return (html.escape(_xml_safe(text), quote=True)
            .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;"))


def wrap(text: str, width: int = 20, max_lines: int = 3) -> list[str]:
    """A name broken into short lines for a fixed-size diagram node, with an ellipsis when cut."""
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "…"
    return lines


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# Mermaid decodes "#<decimal>;" entity codes in labels. Everything that is not plainly safe is
# written that way, so quotes, brackets, pipes, backticks (which would close a Markdown fence),
# "<", ">" and "#" itself cannot end a label or open markup.
_MERMAID_SAFE = re.compile(r"[A-Za-z0-9 _.,:/+=()-]")


def mermaid_text(text: object) -> str:
    """User text for a double-quoted Mermaid label; newlines become ``<br/>``."""
    return _mermaid_text(text if type(text) is str else str(text))


@lru_cache(maxsize=_MEMO)
def _mermaid_text(text: str) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    return "<br/>".join("".join(_mermaid_char(ch) for ch in line) for line in lines)


def _mermaid_char(ch: str) -> str:
    if _MERMAID_SAFE.fullmatch(ch) or (ch.isalnum() and ch.isprintable()):
        return ch
    return f"#{ord(ch)};"


_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def safe_id(prefix: str, name: str) -> str:
    """A DOT/Mermaid identifier made of ``[A-Za-z0-9_]`` only, stable for a given name."""
    return f"{prefix}_{_NOT_ID.sub('_', slugify(name))}"
