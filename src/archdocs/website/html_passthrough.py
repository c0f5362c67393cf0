"""Archdocs' HTML blocks kept away from Python-Markdown in plugin builds.

The tables a generated page has as HTML blocks (:mod:`archdocs.website.html_tables`) pass
through Python-Markdown unchanged, but it still reads every one with its raw-HTML parser
(``html.parser``, about a twelfth of a big site's build). The plugin hides each block behind a
placeholder paragraph before MkDocs converts the page (:func:`hide`) and puts the HTML back in
the converted page (:meth:`Hidden.restore`), byte for byte what Python-Markdown would have made
of the block. Headings stay Markdown, or, hidden with the runs of converted blocks, are written
by the ``toc`` extension apart (:class:`PlainBlocks`), so the table of contents and anchors do
not change.

A placeholder is one word with a random part drawn for each page and absent from its Markdown:
no model text can forge one, and no extension (abbreviations, smart symbols) changes it. When
the site's extensions let the plugin convert generated Markdown itself, it also adds
:class:`PlainBlocks`, which makes each placeholder paragraph and plain heading of the page
being converted without running Python-Markdown's inline patterns over their text.
"""

from __future__ import annotations

import bisect
import re
import secrets
import xml.etree.ElementTree as etree
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Python-Markdown ships no type information.
from markdown import Markdown  # type: ignore[import-untyped]
from markdown.blockparser import BlockParser  # type: ignore[import-untyped]
from markdown.blockprocessors import BlockProcessor  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.extensions.toc import TocExtension, nest_toc_tokens  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]
from markdown.util import AtomicString  # type: ignore[import-untyped]

from archdocs.website.html_tables import FENCE
from archdocs.website.markdown_subset import PLAIN_HEADING, Heading, Href, Run, convert

_NON_SPACE = re.compile(r"\S")
# Any page's placeholder paragraph (one pattern for all pages: compiling one per page cost more
# than the search).
_PLACEHOLDER = re.compile(r"<p>(archdocs[0-9a-f]{16}[xy])(\d+)</p>")


@dataclass(frozen=True)
class Hidden:
    """A page's Markdown with its HTML blocks hidden, and what to put back."""

    markdown: str
    original: str
    """The Markdown as it came (converted as is when a placeholder did not survive)."""
    blocks: list[Run]
    """The HTML of each placeholder, by number, as Python-Markdown would have written it."""
    placeholder: str
    """The word before each placeholder's number (``archdocs``, the page's random part, a letter)."""
    headings: list[tuple[int, Heading]] = field(default_factory=list)
    """The headings hidden in placeholders, in page order, each with its placeholder's number
    (their HTML comes from :class:`PlainBlocks` once the page is converted)."""

    def restore(self, html: str, headings: Sequence[str] | None = None) -> str | None:
        """The converted page with the HTML in place of the placeholders (``headings``: the
        HTML of each of :attr:`headings`); ``None`` when not every placeholder came through
        exactly once as its own paragraph, or the headings' HTML is missing."""
        if self.headings and (headings is None or len(headings) != len(self.headings)):
            return None
        seen: list[int] = []

        def block(match: re.Match[str]) -> str:
            if match.group(1) != self.placeholder:
                return match.group(0)
            seen.append(int(match.group(2)))
            run = self.blocks[seen[-1]]
            if isinstance(run, str):
                return run
            assert headings is not None
            return "".join(piece if isinstance(piece, str) else headings[piece]
                           for piece in run)

        restored = _PLACEHOLDER.sub(block, html)
        return restored if sorted(seen) == list(range(len(self.blocks))) else None


def hide(markdown: str, blocks: Sequence[str], href: Href | None = None, *,
         headings: bool = False) -> Hidden | None:
    """``markdown`` with each of ``blocks`` (archdocs' HTML blocks of the page, in order, each
    a blank line then the HTML, as :func:`archdocs.website.html_tables.tables_as_html` writes
    them) replaced by a placeholder paragraph; a block that is not found outside fenced code
    (another plugin changed the page) stays. With ``href`` (how MkDocs resolves a link of the
    page), the runs of blocks between headings that
    :mod:`archdocs.website.markdown_subset` writes as Python-Markdown would, those
    placeholders included, become one placeholder each; with ``headings`` too, plain
    headings of levels 2 to 6 join the runs (the page must then be converted with
    :class:`PlainBlocks`, which writes them). ``None`` when nothing was hidden."""
    nonce = secrets.token_hex(8)
    while nonce in markdown:
        nonce = secrets.token_hex(8)
    fences = [match.start() for match in FENCE.finditer(markdown)]
    out: list[str] = []
    restored: list[str] = []
    position = 0
    for block in blocks:
        start = markdown.find(block, position)
        # An odd number of fence lines before it: the text of a code block, not the table.
        while start != -1 and bisect.bisect_left(fences, start) % 2:
            start = markdown.find(block, start + 1)
        if start == -1:
            continue
        end = start + len(block)
        # Python-Markdown keeps the newline after the block when a blank line and more
        # content follow it (the page's HTML is stripped at the end).
        followed = markdown.startswith("\n", end) and _NON_SPACE.search(markdown, end) is not None
        out.append(markdown[position:start])
        out.append(f"\narchdocs{nonce}x{len(restored)}\n\n")
        restored.append(block[1:] if followed else block[1:-1])
        position = end
    out.append(markdown[position:])
    text = "".join(out)
    kind = "x"
    runs: list[Run] = list(restored)
    taken: list[tuple[int, Heading]] = []
    if href is not None:
        known = {f"archdocs{nonce}x{number}": block for number, block in enumerate(restored)}
        converted = convert(text, href, lambda number: f"archdocs{nonce}y{number}", known,
                            headings=headings)
        # Each placeholder of the tables stands alone between blank lines, so it is part of
        # a run; if not, keep the tables' placeholders only (their numbers would clash).
        if converted.blocks and not any(word in converted.markdown for word in known):
            text, runs, taken, kind = (converted.markdown, converted.blocks,
                                       converted.headings, "y")
    if not runs:
        return None
    return Hidden(text, markdown, runs, f"archdocs{nonce}{kind}", taken)


class PlainBlocks(Extension):  # type: ignore[misc]
    """A Python-Markdown extension (the plugin adds it to the site's when generated pages are
    converted) that makes two kinds of block of the page being converted at once, as
    Python-Markdown's own processors would, and marks their text as needing no inline
    processing (documented extension API: ``AtomicString``): each placeholder paragraph, and
    each heading line whose text holds no character an inline pattern of the known extensions
    could start at. The inline patterns, about a third of Python-Markdown's time on a generated
    page, then skip them.

    It also writes the headings :func:`hide` took into placeholders (:meth:`start` with such
    a page): once the ``toc`` extension has read the page's other headings, it has ``toc``
    write those headings as the same elements in a document of their own (their ids, links
    and entries of the table of contents; remembered by the headings' texts, as the same
    headings come back on every table page) and puts their entries among the page's in page
    order. The ids are the ones ``toc`` would give them in the page when none of them is an
    id the page already has; otherwise :attr:`written` stays ``None`` and the page must be
    converted as it came."""

    def __init__(self) -> None:
        super().__init__()
        self.placeholder: str | None = None
        """:attr:`Hidden.placeholder` of the generated page being converted (``None``: the
        page is not one, and this extension does nothing)."""
        self.headings: list[tuple[int, Heading]] = []
        """:attr:`Hidden.headings` of the page being converted."""
        self.written: list[str] | None = None
        """After the conversion: the HTML of each of :attr:`headings`, as ``toc`` wrote it
        (``None``: they could not be written as they would be in the page)."""
        self.ids: list[str] = []
        """After the conversion: the id of each of :attr:`headings`."""
        self.paragraphs: dict[etree.Element, int] = {}
        """The placeholder paragraphs made on the page being converted, and their numbers."""
        self.toc_memo: dict[tuple[Hashable, int, str],
                            tuple[list[str], list[dict[str, Any]], list[str]] | None] = {}
        """Each heading as ``toc`` writes it alone (HTML, entry, id), by ``toc``'s settings and
        the heading's level and text."""

    def start(self, hidden: Hidden | None) -> None:
        """Convert the next page as ``hidden`` (``None``: not a generated page)."""
        self.placeholder = hidden.placeholder if hidden is not None else None
        self.headings = hidden.headings if hidden is not None else []
        self.written, self.ids = None, []
        self.paragraphs = {}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before every block processor: only the paragraph processor, or the heading one,
        # would take such a block.
        md.parser.blockprocessors.register(_PlainBlock(md.parser, self), "archdocs", 200)
        # After toc (5) and MkDocs' anchor collection (5); before MkDocs reads the table of
        # contents (after the conversion).
        md.treeprocessors.register(_HiddenHeadings(md, self), "archdocs_headings", 4)


class _PlainBlock(BlockProcessor):  # type: ignore[misc]
    def __init__(self, parser: BlockParser, extension: PlainBlocks) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        # Only at the top of the page (in a list item or another block, Python-Markdown
        # could write a paragraph without <p>), and only on a generated page.
        word = self.extension.placeholder
        if word is None or parent is not self.parser.root or self.parser.state.isstate("list"):
            return False
        if block.startswith("#"):
            return PLAIN_HEADING.fullmatch(block) is not None
        number = block[len(word):]
        return block.startswith(word) and number.isascii() and number.isdigit()

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        heading = PLAIN_HEADING.fullmatch(block)
        if heading is None:
            paragraph = etree.SubElement(parent, "p")
            paragraph.text = AtomicString(block)
            self.extension.paragraphs[paragraph] = int(block[len(self.extension.placeholder
                                                                  or ""):])
        else:
            element = etree.SubElement(parent, f"h{len(heading.group(1))}")
            element.text = AtomicString(heading.group(2))


# The elements toc reads as headings (its own test).
_HEADING_TAG = re.compile("[Hh][123456]")


class _HiddenHeadings(Treeprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, extension: PlainBlocks) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        extension = self.extension
        extension.written = None
        if not extension.headings or "toc" not in self.md.treeprocessors:
            return
        made = self._written(self.md.treeprocessors["toc"])
        if made is None:
            return
        html, entries, ids = made
        starts: dict[int, list[int]] = {}
        for number, (placeholder, _) in enumerate(extension.headings):
            starts.setdefault(placeholder, []).append(number)
        # toc's entries of the page's other headings, in page order (depth first).
        visible = _flat(getattr(self.md, "toc_tokens", []))
        merged: list[dict[str, Any]] = []
        taken: set[str] = set()
        placed = 0
        for element in root.iter():
            if "id" in element.attrib:
                taken.add(element.attrib["id"])
            if isinstance(element.tag, str) and _HEADING_TAG.match(element.tag):
                if len(merged) - placed == len(visible):
                    return  # a heading without an entry (toc_depth): not the page's order
                merged.append(visible[len(merged) - placed])
            elif element in extension.paragraphs:
                for number in starts.pop(extension.paragraphs[element], []):
                    merged.append(dict(entries[number]))
                    placed += 1
        # Every heading placed, every entry matched, and no id of the page taken: then toc
        # gives each heading, here or in the page, the id it gives it in the page.
        if starts or len(merged) - placed != len(visible) or not taken.isdisjoint(ids):
            return
        self.md.toc_tokens = nest_toc_tokens(merged)
        extension.written, extension.ids = html, ids

    def _written(self, toc: Treeprocessor) -> tuple[list[str], list[dict[str, Any]],
                                                    list[str]] | None:
        """The page's hidden headings as toc writes them in a document of their own: HTML,
        entries (flat) and ids."""
        settings = self._settings()
        memo = self.extension.toc_memo
        headings = [heading for _, heading in self.extension.headings]
        alone = []
        for heading in headings:
            key = (settings, heading.level, heading.text)
            if key not in memo:
                if len(memo) >= 10_000:
                    memo.clear()
                memo[key] = self._toc_writes(toc, [heading])
            made = memo[key]
            if made is None:
                return None
            alone.append(made)
        html = [made[0][0] for made in alone]
        entries = [made[1][0] for made in alone]
        ids = [made[2][0] for made in alone]
        if len(set(ids)) == len(ids):
            # No two alike: toc gives each the id it gives it alone.
            return html, entries, ids
        return self._toc_writes(toc, headings)  # "## Columns" twice: _1 for the second

    def _settings(self) -> Hashable:
        """What, besides a heading, makes toc write it (its settings, the output format)."""
        for extension in self.md.registeredExtensions:
            if isinstance(extension, TocExtension):
                settings: Hashable = tuple(extension.getConfigs().items())
                try:
                    hash(settings)
                except TypeError:
                    settings = repr(settings)
                return settings, self.md.output_format
        return None

    def _toc_writes(self, toc: Treeprocessor, headings: list[Heading],
                    ) -> tuple[list[str], list[dict[str, Any]], list[str]] | None:
        """``headings`` in a document of their own, through toc (which also sets the table
        of contents of ``self.md``: the page's is kept)."""
        document = etree.Element("div")
        for heading in headings:
            etree.SubElement(document, f"h{heading.level}").text = AtomicString(heading.text)
        page_entries = (getattr(self.md, "toc_tokens", None), getattr(self.md, "toc", None))
        toc.run(document)
        entries = _flat(self.md.toc_tokens)
        self.md.toc_tokens, self.md.toc = page_entries
        if len(entries) != len(headings):
            return None  # toc_depth leaves some out
        html = []
        for element in document:
            element.tail = None
            written = self.md.serializer(element)
            for postprocessor in self.md.postprocessors:
                written = postprocessor.run(written)
            html.append(written.strip())
        return html, entries, [element.attrib["id"] for element in document]


def _flat(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """toc's nested entries in page order."""
    flat: list[dict[str, Any]] = []
    for entry in entries:
        flat.append(entry)
        flat.extend(_flat(entry.get("children", [])))
    return flat
