"""The Markdown tables of generated pages, written as HTML that Python-Markdown passes through.

Python-Markdown runs every inline pattern over every table cell, and generated pages are mostly
tables (a table page lists its columns, indexes, constraints, referrers, flows and findings): on
a big model that inline processing was half of MkDocs' build time. The site builder hands each
generated page through :func:`tables_as_html` last, which rewrites the tables that
:func:`archdocs.pages.markdown.table` wrote into a raw HTML block.

The cells are archdocs' own Markdown: text escaped by :mod:`archdocs.pages.markdown`
(backslash escapes, character references), links to pages archdocs derived, ``**strong**``,
``*emphasis*`` and a few inline tags archdocs writes (``<code>``, ``<br>``, ``<wbr>``). A table
with anything else in a cell (a backtick, a brace, an unknown tag or link target) stays
Markdown, so the result is never different from what Python-Markdown would have made of it
(tests compare the two).

MkDocs does not rewrite links inside raw HTML, so link targets are written as final URLs,
relative to the URL the page is served at (``use_directory_urls`` or not).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import lru_cache

from archdocs.pages.page import relative_link
from archdocs.website.diagram_embed import page_url

# The exact shape archdocs.pages.markdown.table writes: a header row, a separator of "---|"
# per column, then rows, each line starting with "| " (or "|" for the separator).
_TABLE = re.compile(r"^\| .* \|\n\|(?:---\|)+\n(?:\| .* \|\n)*", re.MULTILINE)
FENCE = re.compile(r"^(?:```|~~~)", re.MULTILINE)
"""The start of a fenced code block's opening or closing line."""
# Python-Markdown's backslash escapes (with the tables extension's "|").
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([^()\s\"'<>]*)\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"\*(?=\S)([^*]+?)(?<=\S)\*")
# The inline tags archdocs writes into cells (attributes are its own: class, style, href).
_OWN_TAG = re.compile(r"</?(?:code|br|wbr|a|b|em|strong|span|small|sup|abbr)\b[^<>]*>")
_BARE_AMPERSAND = re.compile(r"&(?!#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
# What no cell of archdocs' may keep once converted: Markdown it would take a parser to read.
# An underscore beside a non-letter could be emphasis; archdocs writes those as "&#95;".
_UNSUPPORTED = re.compile(r"[`{}\[\]\\]|\*|<(?!/?(?:code|br|wbr|a|b|em|strong|span|small|sup|"
                          r"abbr)\b)|(?<![^\W_])_|_(?![^\W_])")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class _NotMine(Exception):
    """A cell holds Markdown this module does not convert: the table stays Markdown."""


def tables_as_html(page_path: str, content: str, *, directory_urls: bool = True,
                   written: list[str] | None = None) -> str:
    """``content`` (a generated page at ``page_path``, docs-root relative) with its archdocs
    tables written as HTML blocks; tables inside fenced code and tables with cells this
    module cannot convert exactly stay as they are. Each block written is appended to
    ``written``, in page order."""
    if "\n|---|" not in content and not content.startswith("|"):
        return content
    served_at = page_url(page_path, directory_urls=directory_urls)
    page_dir = posixpath.dirname(page_path)

    def href(target: str) -> str:
        path, _, anchor = target.partition("#")
        if not path:
            return target  # "#anchor" on the same page
        if _SCHEME.match(path):
            if path.startswith(("https://", "http://")):
                return target
            raise _NotMine(target)
        url = _target_url(page_dir, path, directory_urls)
        if url is None:
            raise _NotMine(target)
        link = relative_link(served_at, url)
        if url.endswith("/") and not link.endswith("/"):
            link += "/"
        return f"{link}#{anchor}" if anchor else link

    fences = [m.start() for m in FENCE.finditer(content)]

    def convert(match: re.Match[str]) -> str:
        if sum(1 for start in fences if start < match.start()) % 2:
            return match.group(0)  # inside a fenced code block
        try:
            block = _html_table(match.group(0), href)
        except _NotMine:
            return match.group(0)
        if written is not None:
            written.append(block)
        return block

    return _TABLE.sub(convert, content)


@lru_cache(maxsize=1 << 16)
def _target_url(page_dir: str, path: str, directory_urls: bool) -> str | None:
    """The docs-root relative URL of the page or file at ``path`` relative to ``page_dir``,
    or ``None`` when it is outside the docs. Kept: the table pages of one datastore share a
    folder and link to the same pages."""
    if path.startswith("/"):
        return None
    resolved = posixpath.normpath(posixpath.join(page_dir, path))
    if resolved.startswith("../") or resolved == "..":
        return None
    return page_url(resolved, directory_urls=directory_urls) if resolved.endswith(".md") \
        else resolved


def _html_table(markdown: str, href: Callable[[str], str]) -> str:
    lines = markdown.splitlines()
    width = lines[1].count("---|")
    header = _cells(lines[0], width)
    rows = [_cells(line, width) for line in lines[2:]]
    out = ["<table>\n<thead>\n<tr><th>",
           "</th><th>".join([_cell(cell, href) for cell in header]),
           "</th></tr>\n</thead>\n<tbody>\n"]
    for row in rows:
        out.append("<tr><td>")
        out.append("</td><td>".join([_cell(cell, href) for cell in row]))
        out.append("</td></tr>\n")
    out.append("</tbody>\n</table>\n")
    # A blank line before: an HTML block must start a block of its own.
    return "\n" + "".join(out)


def _cells(line: str, width: int) -> list[str]:
    """The cells of one table row, split on the "|" that are not escaped."""
    marked = line[2:-2].replace("\\|", "\0")
    pieces = marked.split(" | ")
    # A "|" left in a cell (one not escaped) is one more than the separators hold.
    if len(pieces) != width or marked.count("|") != width - 1:
        raise _NotMine(line)
    return [piece.replace("\0", "\\|").strip() for piece in pieces]


_LINKLESS_CELLS: dict[str, str | None] = {}
"""Cells without a link, converted (``None``: not convertible), by their Markdown: their HTML
does not depend on the page, and a big site repeats most of them ("yes", "no", "PK", a type,
a flow's name) on hundreds of pages."""
_LINKLESS_CELLS_LIMIT = 1 << 16


def _cell(text: str, href: Callable[[str], str]) -> str:
    """One cell of archdocs' Markdown as HTML."""
    if "[" in text:
        return _converted(text, href)
    if text in _LINKLESS_CELLS:
        known = _LINKLESS_CELLS[text]
    else:
        try:
            known = _converted(text, href)
        except _NotMine:
            known = None
        if len(_LINKLESS_CELLS) >= _LINKLESS_CELLS_LIMIT:
            _LINKLESS_CELLS.clear()
        _LINKLESS_CELLS[text] = known
    if known is None:
        raise _NotMine(text)
    return known


def _converted(text: str, href: Callable[[str], str]) -> str:
    # Each pattern runs only where its first character is: most cells are a name or a number,
    # and a big site has tens of thousands of them.
    if "\\" in text:
        text = _ESCAPED.sub(lambda m: f"&#{ord(m.group(1))};", text)
    if "[" in text:
        def link(match: re.Match[str]) -> str:
            return f'<a href="{href(match.group(2))}">{match.group(1)}</a>'

        text = _LINK.sub(link, text)
    if "*" in text:
        text = _STRONG.sub(r"<strong>\1</strong>", text)
        text = _EMPHASIS.sub(r"<em>\1</em>", text)
    if _UNSUPPORTED.search(_OWN_TAG.sub("", text) if "<" in text else text):
        raise _NotMine(text)
    return _BARE_AMPERSAND.sub("&amp;", text) if "&" in text else text
