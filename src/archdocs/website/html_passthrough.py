"""Archdocs' HTML blocks kept away from Python-Markdown in plugin builds.

The tables a generated page has as HTML blocks (:mod:`archdocs.website.html_tables`) pass
through Python-Markdown unchanged, but it still reads every one with its raw-HTML parser
(``html.parser``, about a twelfth of a big site's build). The plugin hides each block behind a
placeholder paragraph before MkDocs converts the page (:func:`hide`) and puts the HTML back in
the converted page (:meth:`Hidden.restore`), byte for byte what Python-Markdown would have made
of the block. Headings stay Markdown, so the table of contents and anchors do not change.

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
from collections.abc import Sequence
from dataclasses import dataclass

# Python-Markdown ships no type information.
from markdown import Markdown  # type: ignore[import-untyped]
from markdown.blockparser import BlockParser  # type: ignore[import-untyped]
from markdown.blockprocessors import BlockProcessor  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.util import AtomicString  # type: ignore[import-untyped]

from archdocs.website.html_tables import FENCE
from archdocs.website.markdown_subset import Href, convert

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
    blocks: list[str]
    """The HTML of each placeholder, by number, as Python-Markdown would have written it."""
    placeholder: str
    """The word before each placeholder's number (``archdocs``, the page's random part, a letter)."""

    def restore(self, html: str) -> str | None:
        """The converted page with the HTML in place of the placeholders; ``None`` when not
        every placeholder came through exactly once as its own paragraph."""
        seen: list[int] = []

        def block(match: re.Match[str]) -> str:
            if match.group(1) != self.placeholder:
                return match.group(0)
            seen.append(int(match.group(2)))
            return self.blocks[seen[-1]]

        restored = _PLACEHOLDER.sub(block, html)
        return restored if sorted(seen) == list(range(len(self.blocks))) else None


def hide(markdown: str, blocks: Sequence[str], href: Href | None = None) -> Hidden | None:
    """``markdown`` with each of ``blocks`` (archdocs' HTML blocks of the page, in order, each
    a blank line then the HTML, as :func:`archdocs.website.html_tables.tables_as_html` writes
    them) replaced by a placeholder paragraph; a block that is not found outside fenced code
    (another plugin changed the page) stays. With ``href`` (how MkDocs resolves a link of the
    page), the runs of blocks between headings that
    :mod:`archdocs.website.markdown_subset` writes as Python-Markdown would, those
    placeholders included, become one placeholder each. ``None`` when nothing was hidden."""
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
    if href is not None:
        known = {f"archdocs{nonce}x{number}": block for number, block in enumerate(restored)}
        converted = convert(text, href, lambda number: f"archdocs{nonce}y{number}", known)
        # Each placeholder of the tables stands alone between blank lines, so it is part of
        # a run; if not, keep the tables' placeholders only (their numbers would clash).
        if converted.blocks and not any(word in converted.markdown for word in known):
            text, restored, kind = converted.markdown, converted.blocks, "y"
    if not restored:
        return None
    return Hidden(text, markdown, restored, f"archdocs{nonce}{kind}")


class PlainBlocks(Extension):  # type: ignore[misc]
    """A Python-Markdown extension (the plugin adds it to the site's when generated pages are
    converted) that makes two kinds of block of the page being converted at once, as
    Python-Markdown's own processors would, and marks their text as needing no inline
    processing (documented extension API: ``AtomicString``): each placeholder paragraph, and
    each heading line whose text holds no character an inline pattern of the known extensions
    could start at. The inline patterns, about a third of Python-Markdown's time on a generated
    page, then skip them."""

    def __init__(self) -> None:
        super().__init__()
        self.placeholder: str | None = None
        """:attr:`Hidden.placeholder` of the generated page being converted (``None``: the
        page is not one, and this extension does nothing)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before every block processor: only the paragraph processor, or the heading one,
        # would take such a block.
        md.parser.blockprocessors.register(_PlainBlock(md.parser, self), "archdocs", 200)


# A heading line as Python-Markdown reads it (level, text), whose text has none of the
# characters that start an inline pattern (escapes, code, emphasis, links, images, HTML,
# entities, attribute lists) or a closing "#".
_PLAIN_HEADING = re.compile(r"(#{1,6}) +([^\\`*_\[\]!<>&{}#\s\x00-\x1f]"
                            r"(?:[^\\`*_\[\]!<>&{}#\n\x00-\x1f]*[^\\`*_\[\]!<>&{}#\s])?)")


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
            return _PLAIN_HEADING.fullmatch(block) is not None
        number = block[len(word):]
        return block.startswith(word) and number.isascii() and number.isdigit()

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        heading = _PLAIN_HEADING.fullmatch(block)
        if heading is None:
            etree.SubElement(parent, "p").text = AtomicString(block)
        else:
            element = etree.SubElement(parent, f"h{len(heading.group(1))}")
            element.text = AtomicString(heading.group(2))
