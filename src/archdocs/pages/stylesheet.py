"""The site's stylesheet: generated pages hold wide tables (operations, plan steps, access
patterns) that Material would clip behind a horizontal scroll bar. The MkDocs plugin adds it to
``extra_css``; a site built from ``archdocs generate`` output lists it there itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from archdocs.pages.page import Asset, Page, SiteContext

STYLESHEET_NAME = "archdocs.css"

# Material gives every header cell a 5rem minimum width and wide padding, so a table of eight or
# nine columns is wider than the content column whatever it holds, and scrolls sideways. Here
# cells may be as narrow as their longest word, with less padding, and a word longer than its
# cell wraps instead of widening it. Inline code keeps Material's own wrapping.
STYLESHEET = """\
/* archdocs: wide tables wrap to the content column instead of scrolling sideways. */
.md-typeset table:not([class]) th,
.md-typeset table:not([class]) td {
  min-width: 0;
  padding: .6em .4em;
  overflow-wrap: break-word;
}
"""


def stylesheet_path(prefix: str) -> str:
    """Where the stylesheet lives, relative to the docs folder."""
    return f"{prefix}/{STYLESHEET_NAME}"


def pages(ctx: SiteContext) -> Iterator[Page | Asset]:
    yield Asset(stylesheet_path(ctx.paths.prefix), STYLESHEET.encode("utf-8"))
