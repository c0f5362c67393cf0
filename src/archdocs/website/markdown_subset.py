"""The Markdown archdocs writes, converted to the HTML Python-Markdown makes of it, in plugin builds.

Python-Markdown runs every inline pattern over every paragraph, list item and table cell, and
its block parser and HTML parser over the whole page: on a big model that was most of MkDocs'
build time although archdocs' pages use a small subset of Markdown. The plugin hands each
generated page through :func:`convert` after hiding its HTML tables
(:mod:`archdocs.website.html_passthrough`): every run of blocks between two headings that this
module can write exactly (paragraphs, tight lists of single lines, tables, archdocs' own
``<div class="archdocs-…">`` blocks and the placeholders already there) becomes one placeholder
paragraph, and the plugin puts the HTML back in the converted page. Code, admonitions and
anything else stay Markdown, so the user's extensions see them as before; headings too, but
for plain ones of levels 2 to 6 when the plugin asks (``headings``): the ``toc`` extension
still writes those (:class:`archdocs.website.html_passthrough.PlainBlocks`).

The subset is what :mod:`archdocs.pages.markdown` writes: backslash escapes, character
references, links to pages and files MkDocs knows, ``**strong**``, ``*emphasis*``, hard line
breaks and a few inline tags (``<code>``, ``<br>``, ``<wbr>``). A block with anything else
(a backtick, a brace, an unknown tag, an unresolved link, emphasis that Python-Markdown might
read another way) stays Markdown. Tests convert representative and hostile pages both ways and
compare the HTML byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NoReturn

from archdocs.website.html_tables import FENCE

# The Markdown extensions whose syntax a converted block cannot hold (their syntax starts
# with a character this module refuses, or they only touch headings and code): with any
# other extension the page is converted by Python-Markdown alone.
_KNOWN_EXTENSIONS = frozenset({
    "toc", "tables", "fenced_code", "admonition", "attr_list", "pymdownx.superfences",
    "pymdownx.highlight", "pymdownx.details",
})


def extensions_allow(extensions: Iterable[object], configs: dict[str, dict[str, object]]) -> bool:
    """Whether a site's Markdown extensions (names as in ``mkdocs.yml``, and their settings)
    leave every block this module converts as Python-Markdown would write it."""
    for extension in extensions:
        if not isinstance(extension, str):
            return False
        name = extension.removeprefix("markdown.extensions.")
        if name not in _KNOWN_EXTENSIONS:
            return False
    toc = configs.get("toc") or configs.get("markdown.extensions.toc") or {}
    return toc.get("marker", "[TOC]") in ("[TOC]", "")


def toc_lists_every_heading(configs: dict[str, dict[str, object]]) -> bool:
    """Whether the ``toc`` extension, as the site sets it, gives every heading an entry in the
    table of contents (its default depth): the condition for hiding plain headings in runs
    (:class:`archdocs.website.html_passthrough.PlainBlocks` places their entries)."""
    toc = configs.get("toc") or configs.get("markdown.extensions.toc") or {}
    return str(toc.get("toc_depth", 6)) in ("6", "1-6")


class _NotMine(Exception):
    """A block holds Markdown this module does not write exactly: it stays Markdown."""


Href = Callable[[str], "str | None"]
"""A link target as written in the Markdown → the URL MkDocs would write, ``None`` when MkDocs
would not resolve it (or would warn about it)."""

# --- inline text ---------------------------------------------------------------------------

# Python-Markdown's escapable characters, with the tables extension's "|" (MkDocs always loads it).
_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
_ESCAPE = re.compile(r"\\(.)")
# What this module does not read: code spans, attribute lists, images, Python-Markdown's
# placeholders (and this module's "\0"), tabs; "&\#": an escape that could complete a
# character reference.
# A character that starts any inline construct, or that the serializer escapes.
_SPECIAL = re.compile(r"[\\`*_{}\[\]<>&!\n\x00-\x03\t\r]")
_REFUSED = re.compile(r"[{}\x00-\x03\t\r]|!\[|&\\#")
# A code span with no backslash in its text (Python-Markdown reads backslashes before
# backticks in its own way) and no run of backticks.
_CODE_SPAN = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\[\]]*)\]\(([A-Za-z0-9._~/#:-]*)\)")
_TARGET = re.compile(r"(?:https?://[A-Za-z0-9.-]+)?[A-Za-z0-9._~/#-]*")
# The inline tags archdocs writes (attributes are its own: class, style); no character in
# them that an earlier inline pattern of Python-Markdown would take.
_OWN_TAG = re.compile(r"</?(?:code|br|wbr|b|em|strong|span|small|sup|abbr)(?: [^<>\[\]*\\_@`]*)?>")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")
_LINE_BREAK = re.compile(r"(?<! )  \n")
_TOKEN = r"\0\d+\0"
_STRONG = re.compile(rf"\*\*(?=[^\s*])((?:[^*\0]|{_TOKEN})+?)(?<=[^\s*])\*\*")
# Emphasis holds no strong text: Python-Markdown reads "*a **b** c*" another way.
_STRONG_TOKEN = "\0s"
_EMPHASIS = re.compile(rf"\*(?=[^\s*])((?:[^*\0]|{_TOKEN})+?)(?<=[^\s*])\*")
_LEFT_OVER = re.compile(r"[`*\[\]<\0]|(?<![^\W_])_|_(?![^\W_])|\\")
# Python-Markdown's serializer: "&" not starting a character reference.
_BARE_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)
_STASHED = re.compile(r"\0s?(\d+)\0")


def _text(text: str) -> str:
    """Text as Python-Markdown's serializer writes it."""
    if "&" in text:
        text = _BARE_AMPERSAND.sub("&amp;", text)
    return text.replace(">", "&gt;") if ">" in text else text


def _code(text: str) -> str:
    """The text of a code span as Python-Markdown writes it: stripped, ``&<>`` escaped."""
    return text.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Every link target a text could hold (a link of ``_LINK`` ends in one, in the text as
# written and once escapes and code spans are taken out alike).
_TARGETS = re.compile(r"\]\(([A-Za-z0-9._~/#:-]*)\)")
_MEMO_SIZE = 50_000
_memo: dict[tuple[str, tuple[str | None, ...]], str | None] = {}
"""Texts converted (``None``: not mine), by text and the URLs its link targets resolve to:
the same cell comes back on many pages (a type, a key, a link to the same datastore)."""


def inline(text: str, href: Href) -> str:
    """One paragraph, list item or table cell of archdocs' Markdown as Python-Markdown's HTML;
    raises :class:`_NotMine` for anything else."""
    if not _SPECIAL.search(text):
        return text  # most cells are a name or a number: nothing to read in them
    key = (text, tuple(href(target) for target in _TARGETS.findall(text)) if "](" in text
           else ())
    if key in _memo:
        html = _memo[key]
    else:
        try:
            html = _inline(text, href)
        except _NotMine:
            html = None
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        _memo[key] = html
    if html is None:
        raise _NotMine(text)
    return html


def _inline(text: str, href: Href) -> str:
    if _REFUSED.search(text):
        raise _NotMine(text)
    stash: list[str] = []

    def keep(html: str) -> str:
        return _keep_in(stash, html)

    if "`" in text:
        if "\\" in text or "``" in text:
            raise _NotMine(text)
        text = _CODE_SPAN.sub(lambda m: keep(f"<code>{_code(m.group(1))}</code>"), text)
        if "`" in text:
            raise _NotMine(text)

    # Python-Markdown's order: escapes, links, line breaks, inline HTML, character
    # references, then emphasis; each result is kept away from the later patterns.
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: keep(_text(m.group(1))) if m.group(1) in _ESCAPABLE
                           else m.group(0), text)
        # A backslash left is literal text (before a character it does not escape).
        text = text.replace("\\", keep("\\"))
    if "[" in text:
        def link(match: re.Match[str]) -> str:
            target = match.group(2)
            if not _TARGET.fullmatch(target):
                raise _NotMine(target)
            url = href(target)
            if url is None:
                raise _NotMine(target)
            return keep(f'<a href="{url}">{_rest(match.group(1), stash)}</a>')

        text = _LINK.sub(link, text)
    return _rest(text, stash)


def _rest(text: str, stash: list[str]) -> str:
    """Line breaks, inline tags, character references and emphasis of text whose escapes
    and links are in ``stash``."""
    if "  \n" in text:
        text = _LINE_BREAK.sub(lambda m: _keep_in(stash, "<br />") + "\n", text)
    if "<" in text:
        text = _OWN_TAG.sub(lambda m: _keep_in(stash, m.group(0)), text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: _keep_in(stash, m.group(0)), text)
    return _finish(text, stash)


def _finish(text: str, stash: list[str]) -> str:
    """Emphasis, then the text escaped and what was kept put back."""
    if "*" in text:
        text = _STRONG.sub(lambda m: _keep_in(stash, f"<strong>{_finish(m.group(1), stash)}"
                                                     "</strong>", _STRONG_TOKEN), text)
        text = _EMPHASIS.sub(lambda m: _keep_in(stash, f"<em>{_finish(m.group(1), stash)}</em>"),
                             text)
    # What was kept counts as a character that is not part of a word (Python-Markdown's
    # placeholders are control characters).
    if _LEFT_OVER.search(_STASHED.sub("\x01", text) if "\0" in text else text):
        raise _NotMine(text)
    text = _text(text)
    while "\0" in text:
        text = _STASHED.sub(lambda m: stash[int(m.group(1))], text)
    return text


def _keep_in(stash: list[str], html: str, token: str = "\0") -> str:
    stash.append(html)
    return f"{token}{len(stash) - 1}\0"


# --- blocks --------------------------------------------------------------------------------

# A line that starts a block construct, or could continue one, in Python-Markdown or a known
# extension: headings, lists, quotes, rules, code, HTML, tables, admonitions, definitions.
_BLOCK_START = re.compile(r"\s|[#>=|:!?~`<+-]|\d+[.)]|\*(?:\s|\*\*|$)|\[[^\]]*\]:|$")
_LIST_ITEM = re.compile(r"- \S(?:.*\S)?")
_NUMBERED_ITEM = re.compile(r"\d+\. \S(?:.*\S)?")
# An anchor archdocs writes on a line of its own: inline HTML (a paragraph), which MkDocs
# reads for its anchor validation, so it stays Markdown; it ends no HTML block.
_ANCHOR = re.compile(r'<a id="[^"<>&]*"></a>')
# Characters Python-Markdown changes before it reads the page (tabs, line ends, its own
# placeholder markers).
_PAGE_REFUSED = re.compile(r"[\t\r\x02\x03]")
_LONG_FENCE = re.compile(r"^(?:````|~~~~)", re.MULTILINE)
_BREAK_END = re.compile(r"[^ ]  $")
_ROW = re.compile(r"\| .* \|")
_SEPARATOR = re.compile(r"\|(?:---\|)+")
_BLANK_LINES = re.compile(r"(\n\n+)")
_LIST_START = re.compile(r"(?:[-*+]|\d+[.)])\s")
_OWN_BLOCK = re.compile(r'<div class="archdocs-[a-z-]+">\n[^\0]*\n</div>')


# A heading line as Python-Markdown reads it (level, text), whose text has none of the
# characters that start an inline pattern (escapes, code, emphasis, links, images, HTML,
# entities, attribute lists) or a closing "#".
PLAIN_HEADING = re.compile(r"(#{1,6}) +([^\\`*_\[\]!<>&{}#\s\x00-\x1f]"
                           r"(?:[^\\`*_\[\]!<>&{}#\n\x00-\x1f]*[^\\`*_\[\]!<>&{}#\s])?)")


@dataclass(frozen=True)
class Heading:
    """A plain heading line (level 2 to 6) taken into a run: its id, its HTML and its entry
    in the table of contents are the ``toc`` extension's to write, once the page is converted
    (:class:`archdocs.website.html_passthrough.PlainBlocks`)."""

    level: int
    text: str


Run = str | tuple[str | int, ...]
"""The HTML of one placeholder: a string, or pieces of HTML and the numbers (in the page's
:attr:`Converted.headings`) of the headings written between them."""


@dataclass(frozen=True)
class Converted:
    """A page's Markdown with each run of converted blocks replaced by a placeholder."""

    markdown: str
    blocks: list[Run]
    """The HTML of each placeholder, by number."""
    headings: list[tuple[int, Heading]] = field(default_factory=list)
    """The headings taken into runs, in page order, each with its placeholder's number."""


def convert(markdown: str, href: Href, placeholder: Callable[[int], str],
            known: dict[str, str], *, headings: bool = False) -> Converted:
    """``markdown`` with every run of blocks between headings that this module writes
    exactly replaced by ``placeholder(n)`` (a paragraph of one word), n counting from 0.
    ``known`` maps a paragraph already standing for an HTML block (a placeholder of
    :mod:`~archdocs.website.html_passthrough`) to that block. With ``headings``, the plain
    heading lines of levels 2 to 6 join the runs too (as :class:`Heading` pieces)."""
    if _PAGE_REFUSED.search(markdown) or _LONG_FENCE.search(markdown):
        return Converted(markdown, [])
    lead = len(markdown) - len(markdown.lstrip("\n"))
    body = markdown[lead:].rstrip("\n")
    tail = markdown[lead + len(body):]
    parts = _BLANK_LINES.split(body)
    chunks, separators = parts[0::2], parts[1::2]
    html: list[str | Heading | None] = []
    heading: list[bool] = []
    """Whether each chunk is a heading line of the page (outside code and raw HTML)."""
    in_fence = stopped = False
    for chunk in chunks:
        # (Most chunks have no fence: a substring test is cheaper than the pattern.)
        fences = len(FENCE.findall(chunk)) if "```" in chunk or "~~~" in chunk else 0
        if chunk in known:
            html.append(known[chunk])
        elif stopped or in_fence or fences:
            html.append(None)
        elif headings and (line := PLAIN_HEADING.fullmatch(chunk)) and len(line.group(1)) > 1:
            # A level-1 heading stays Markdown: MkDocs takes the page's title from it.
            html.append(Heading(len(line.group(1)), line.group(2)))
        else:
            html.append(_block(chunk, href))
            # An HTML block this module does not know may run on past a blank line.
            stopped = html[-1] is None and chunk.startswith("<") \
                and not _ANCHOR.fullmatch(chunk)
        heading.append(html[-1] is None and not (stopped or in_fence or fences)
                       and chunk.startswith("#") and "\n" not in chunk)
        in_fence ^= fences % 2 == 1
    _unconvert_neighbours(chunks, html)
    last = len(chunks) - 1
    out: list[str] = [markdown[:lead]]
    blocks: list[Run] = []
    taken: list[tuple[int, Heading]] = []
    number = 0
    while number <= last:
        if number:
            # Between headings and placeholders, one blank line reads as several: Python-
            # Markdown then splits fewer empty blocks off the page (more than one blank line
            # counts only after an indented code block, which neither of them is).
            out.append("\n\n" if (heading[number - 1] or html[number - 1] is not None)
                       and (heading[number] or html[number] is not None)
                       else separators[number - 1])
        if html[number] is None:
            out.append(chunks[number])
            number += 1
            continue
        run: list[str | int] = []
        while number <= last and (converted := html[number]) is not None:
            if run:
                run.append("\n")
            if isinstance(converted, Heading):
                run.append(len(taken))
                taken.append((len(blocks), converted))
            else:
                if converted.startswith("<div") and chunks[number] not in known:
                    # Python-Markdown keeps the newline after an HTML block when more
                    # follows (``known`` blocks come with theirs decided).
                    converted = converted.rstrip("\n") + ("\n" if number < last else "")
                run.append(converted)
            number += 1
        out.append(placeholder(len(blocks)))
        blocks.append(_joined(run))
    out.append(tail)
    return Converted("".join(out), blocks, taken)


def _joined(run: list[str | int]) -> Run:
    """A run's pieces with the HTML between headings joined (all of it when it has none)."""
    pieces: list[str | int] = []
    text: list[str] = []
    for piece in run:
        if isinstance(piece, str):
            text.append(piece)
            continue
        if text:
            pieces.append("".join(text))
            text = []
        pieces.append(piece)
    if not pieces:
        return "".join(text)
    if text:
        pieces.append("".join(text))
    return tuple(pieces)


def _unconvert_neighbours(chunks: list[str], html: list[str | Heading | None]) -> None:
    """Lists Python-Markdown may read together with a block before or after them stay
    Markdown: after anything but a heading line or a block converted here (a list or its
    continuation may run on past blank lines), before a list (one loose list) or an indented
    block (a list item's continuation)."""
    for number, chunk in enumerate(chunks):
        if html[number] is None or not _is_list(chunk):
            continue
        before = chunks[number - 1] if number else ""
        after = chunks[number + 1] if number + 1 < len(chunks) else ""
        if number and not (html[number - 1] is not None and not _is_list(before)
                           or before.startswith("#") and "\n" not in before) \
                or after[:1].isspace() or _is_list(after):
            html[number] = None


def _is_list(chunk: str) -> bool:
    return _LIST_START.match(chunk) is not None


def _block(chunk: str, href: Href) -> str | None:
    """One block (no blank line in it) as Python-Markdown's HTML, ``None`` if not written
    exactly here."""
    try:
        if chunk.startswith("<"):
            return None if _ANCHOR.fullmatch(chunk) else _own_block(chunk)
        lines = chunk.split("\n")
        if lines[0].startswith("| "):
            return _table(lines, href)
        if lines[0].startswith("- "):
            items = [inline(_item(line[2:]), href) for line in lines
                     if _LIST_ITEM.fullmatch(line) or _refuse(line)]
            return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>"
        if lines[0].startswith("1. "):
            items = [inline(_item(line.split(" ", 1)[1]), href) for line in lines
                     if _NUMBERED_ITEM.fullmatch(line) or _refuse(line)]
            return "<ol>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ol>"
        # A line ends in two spaces (a line break) or none; the last in none.
        if any(_BLOCK_START.match(line) or line.endswith(" ") and not _BREAK_END.search(line)
               for line in lines) or chunk.endswith(" "):
            return None
        return f"<p>{inline(chunk, href)}</p>"
    except _NotMine:
        return None


def _item(text: str) -> str:
    """The text of a list item, which must not start another block (a heading, a list). One
    of archdocs' inline tags may start it: Python-Markdown reads raw HTML blocks only at the
    start of a line, and the item's text follows its marker."""
    if _BLOCK_START.match(text) and not (text.startswith("<") and _OWN_TAG.match(text)):
        _refuse(text)
    return text


def _refuse(line: str) -> NoReturn:
    raise _NotMine(line)


def _own_block(chunk: str) -> str:
    """An archdocs ``<div class="archdocs-…">`` block (a diagram, a chart) as it came: raw HTML."""
    if (not _OWN_BLOCK.fullmatch(chunk) or chunk.count("<div") != 1
            or chunk.count("</div") != 1 or "<!--" in chunk or "<![" in chunk
            or "<?" in chunk or "markdown=" in chunk):
        raise _NotMine(chunk[:40])
    return chunk


def _table(lines: list[str], href: Href) -> str:
    """A table in the shape :func:`archdocs.pages.markdown.table` writes, as the tables
    extension writes it."""
    if len(lines) < 2 or not _SEPARATOR.fullmatch(lines[1]) \
            or not all(_ROW.fullmatch(line) for line in lines[:1] + lines[2:]):
        raise _NotMine(lines[0])
    width = lines[1].count("---|")
    out = ["<table>\n<thead>\n<tr>\n"]
    out.extend(f"<th>{inline(cell, href)}</th>\n" for cell in _cells(lines[0], width))
    out.append("</tr>\n</thead>\n<tbody>\n")
    for line in lines[2:]:
        out.append("<tr>\n")
        out.extend(f"<td>{inline(cell, href)}</td>\n" for cell in _cells(line, width))
        out.append("</tr>\n")
    out.append("</tbody>\n</table>")
    return "".join(out)


def _cells(line: str, width: int) -> list[str]:
    """The cells of one row, split on " | " where no backslash escapes the pipe."""
    inner = line[2:-2]
    if "\\\\" in inner:
        raise _NotMine(line)  # "\\|": which pipe is escaped takes the tables extension
    cells = [c.replace("\0", "\\|").strip() for c in inner.replace("\\|", "\0").split(" | ")]
    if len(cells) != width or any("|" in c.replace("\\|", "") for c in cells):
        raise _NotMine(line)
    return cells
