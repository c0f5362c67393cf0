"""What the site's minifying leaves out shows the same: a Graphviz drawing lightened draws the
same pixels in Chromium, highlighted code keeps its text, and a drawing with nothing to
lighten, or lightened already, is left as it is."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.browser import CHROMIUM, NO_CHROMIUM, screenshot

from archdocs.website.minify import lighten_svg, squeeze, unwrap_whitespace_tokens

pygraphviz = pytest.importorskip("pygraphviz")

# An ER box as archdocs draws it (HTML-like labels: one <text> per cell, leading spaces,
# underlined keys, a bold coloured mark), a plain label in another font, and an edge label.
GRAPH = """digraph G {
  graph [label="shop: entity-relationship diagram", fontname="Helvetica,sans-Serif", fontsize=16];
  node [shape=plaintext, fontname="Helvetica,sans-Serif", fontsize=14];
  orders [label=<<table border="0" cellborder="1" cellspacing="0">
    <tr><td><b>orders</b></td></tr>
    <tr><td align="left"><u>id</u> <font point-size="14">[INTEGER]</font>  NOT NULL</td></tr>
    <tr><td align="left">buyer_id <font color="#333333"> </font> [UUID]
        <font color="#1565c0"><b>FK</b></font></td></tr>
    <tr><td align="left">  note   with  spaces </td></tr>
    <tr><td align="left"><u> </u></td></tr>
  </table>>];
  buyers [shape=box, fontname="Sans-Serif", fontsize=12, label="buyers\\n(other context)"];
  orders -> buyers [label=" places ", fontname="Sans-Serif", fontsize=10];
}
"""


def drawing() -> str:
    """GRAPH drawn as archdocs draws its diagrams (pygraphviz, one call of dot)."""
    svg = pygraphviz.AGraph(string=GRAPH).draw(format="svg", prog="dot")
    return svg.decode("utf-8")


def labels(svg: str) -> list[tuple[str, str]]:
    """``(attributes, text)`` of each label of ``svg``."""
    return [(attributes, html.unescape(re.sub(r"<[^>]+>", "", text)))
            for attributes, text in re.findall(r"<text\b([^>]*)>(.*?)</text>", svg, re.DOTALL)]


def test_a_lightened_drawing_keeps_every_visible_label_and_is_lighter() -> None:
    svg = drawing()
    light = lighten_svg(svg)
    assert len(light) < 0.85 * len(svg)
    # Every label that draws something is kept, in order: only labels of bare spaces go, and
    # an underlined one draws its line.
    drawn = [text for attributes, text in labels(svg)
             if text.strip() or "text-decoration" in attributes]
    assert [text for _, text in labels(light)] == drawn
    assert len(drawn) < len(labels(svg))
    assert any(not text.strip() for text in drawn)
    root = re.search(r"<svg\b[^>]*>", light, re.DOTALL)
    assert root is not None and 'font-family="Helvetica,sans-Serif"' in root.group(0)
    assert 'text-anchor="start"' not in light
    # A label in another font keeps its own; whitespace that matters keeps xml:space.
    assert 'font-family="Sans-Serif"' in light
    for attributes, text in labels(light):
        if text != text.strip() or "  " in text:
            assert 'xml:space="preserve"' in attributes, text
    assert lighten_svg(light) == light


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_a_lightened_drawing_draws_the_same_pixels_in_chromium(tmp_path: Path) -> None:
    svg = drawing()
    (tmp_path / "as-drawn.svg").write_text(svg)
    (tmp_path / "lightened.svg").write_text(lighten_svg(svg))
    shots = []
    for name in ("as-drawn", "lightened"):
        shot = tmp_path / f"{name}.png"
        screenshot((tmp_path / f"{name}.svg").as_uri(), shot, tmp_path / f"profile-{name}",
                   size="600,500", wait_ms=500)
        shots.append(shot.read_bytes())
    assert len(shots[0]) > 2000, "the screenshot is blank"
    assert shots[0] == shots[1]


def test_a_drawing_whose_group_sets_an_attribute_keeps_it_on_every_label() -> None:
    # Hoisting to the root would let the group's value win over it: nothing is hoisted.
    svg = ('<svg width="10pt" height="10pt">\n<g font-family="Serif" text-anchor="end">\n'
           '<text text-anchor="start" x="1" y="1" font-family="Arial">a</text>\n'
           '<text text-anchor="start" x="1" y="2" font-family="Arial">b</text>\n</g>\n</svg>\n')
    assert lighten_svg(svg) == svg


def test_a_drawing_without_labels_is_left_as_it_is() -> None:
    svg = '<svg width="10pt" height="10pt">\n<polygon points="0,0 1,1"/>\n</svg>\n'
    assert lighten_svg(svg) == svg


# Label text as XML holds it: characters, and references to spaces, tabs and others.
PIECES = [" ", "\t", "a", "b", "&amp;", "&#32;", "&#x20;", "&#9;", "&#160;", "&#45;"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_xml_space_is_only_left_out_where_the_label_has_no_whitespace_to_keep(
        content: str) -> None:
    svg = (f'<svg width="1pt" height="1pt">\n<text xml:space="preserve" x="0" y="0" '
           f'text-decoration="underline">{content}</text>\n</svg>\n')
    light = lighten_svg(svg)
    decoded = html.unescape(content)
    # What the default whitespace handling would trim or collapse (not a no-break space).
    collapses = re.search(r"^[ \t]|[ \t]$|[ \t][ \t]|\t", decoded) is not None
    if collapses:
        assert 'xml:space="preserve"' in light, content
    assert f">{content}</text>" in light


def test_highlighted_code_keeps_its_text_without_whitespace_tokens() -> None:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import JsonLexer

    page = highlight('{\n  "additionalProperties": false,\n  "type": "object"\n}\n',
                     JsonLexer(), HtmlFormatter())
    assert '<span class="w">' in page
    light = unwrap_whitespace_tokens(page)
    assert '<span class="w">' not in light
    assert len(light) < len(page)
    assert html.unescape(re.sub(r"<[^>]+>", "", light)) \
        == html.unescape(re.sub(r"<[^>]+>", "", page))
    assert '<span class="nt">"type"</span>' in light


def test_squeezing_keeps_preformatted_text_byte_for_byte() -> None:
    page = ("<nav>\n    <ul>\n      <li>a</li>\n\n    </ul>\n</nav>\n"
            "<pre><code>  two\n\n    four</code></pre>\n")
    assert squeeze(page) == ("<nav>\n<ul>\n<li>a</li>\n</ul>\n</nav>\n"
                             "<pre><code>  two\n\n    four</code></pre>\n")


def test_labels_not_written_as_graphviz_writes_them_are_left_as_they_are() -> None:
    svg = ('<svg width="1pt" height="1pt">\n'
           "<text x='1' y='1' text-anchor=\"start\" font-family=\"Arial\">single quotes</text>\n"
           '<text x="1" y="2"/>\n'
           '<text x="1" y="3" text-anchor="start" font-family="Arial">b</text>\n</svg>\n')
    light = lighten_svg(svg)
    assert "<text x='1' y='1' text-anchor=\"start\" font-family=\"Arial\">single quotes</text>" \
        in light
    assert '<text x="1" y="2"/>' in light
    assert '<text x="1" y="3">b</text>' in light
