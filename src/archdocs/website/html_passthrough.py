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
:class:`PlaceholderParagraphs`, which makes the paragraph of each placeholder of the page being
converted without running Python-Markdown's inline patterns over the word.
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


class PlaceholderParagraphs(Extension):  # type: ignore[misc]
    """A Python-Markdown extension (the plugin adds it to the site's when generated pages are
    converted) that makes each placeholder paragraph of the page being converted at once, as
    its paragraph processor would: ``<p>`` and the word. The word is marked as needing no
    inline processing (documented extension API: ``AtomicString``), so the inline patterns,
    about a fifth of Python-Markdown's time on a generated page, do not run over it."""

    def __init__(self) -> None:
        super().__init__()
        self.placeholder: str | None = None
        """:attr:`Hidden.placeholder` of the page being converted (``None``: none)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before every block processor: only the paragraph processor would take the block.
        md.parser.blockprocessors.register(_Placeholder(md.parser, self), "archdocs", 200)


class _Placeholder(BlockProcessor):  # type: ignore[misc]
    def __init__(self, parser: BlockParser, extension: PlaceholderParagraphs) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        # A placeholder alone in its block at the top of the page (in a list item or another
        # block, Python-Markdown could write it without a paragraph).
        word = self.extension.placeholder
        return word is not None and block.startswith(word) and block[len(word):].isascii() \
            and block[len(word):].isdigit() \
            and parent is self.parser.root and not self.parser.state.isstate("list")

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        etree.SubElement(parent, "p").text = AtomicString(blocks.pop(0))
