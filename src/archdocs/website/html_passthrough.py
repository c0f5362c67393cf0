"""Archdocs' HTML blocks kept away from Python-Markdown in plugin builds.

The tables a generated page has as HTML blocks (:mod:`archdocs.website.html_tables`) pass
through Python-Markdown unchanged, but it still reads every one with its raw-HTML parser
(``html.parser``, about a twelfth of a big site's build). The plugin hides each block behind a
placeholder paragraph before MkDocs converts the page (:func:`hide`) and puts the HTML back in
the converted page (:meth:`Hidden.restore`), byte for byte what Python-Markdown would have made
of the block. Headings stay Markdown, so the table of contents and anchors do not change.

A placeholder is one word with a random part drawn for each page and absent from its Markdown:
no model text can forge one, and no extension (abbreviations, smart symbols) changes it.
"""

from __future__ import annotations

import bisect
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

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
