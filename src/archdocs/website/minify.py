"""Whitespace squeezed out of a rendered page.

Material's templates indent every line of the navigation, and a page repeats the navigation:
a third of the HTML of archdocs' own site was blank lines and indentation. A run of whitespace
that holds a line break shows the same as one line break anywhere but in preformatted text, so
each such run becomes a single ``\\n`` outside ``<pre>``, ``<textarea>``, ``<script>`` and
``<style>``, whose content is kept byte for byte. Nothing else changes: no tag, attribute or
character of text.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAKING_RUN = re.compile(r"[ \t\r\f]*\n\s*")


def squeeze(html: str) -> str:
    """``html`` with every whitespace run that holds a line break made one line break,
    except inside ``pre``, ``textarea``, ``script`` and ``style`` elements."""
    out = []
    position = 0
    for match in _KEPT.finditer(html):
        out.append(_BREAKING_RUN.sub("\n", html[position:match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_BREAKING_RUN.sub("\n", html[position:]))
    return "".join(out)
