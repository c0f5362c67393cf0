"""archdocs makes the search entries of its generated pages itself
(archdocs.website.search_sections): for any HTML it reads, they must be the entries Material's
search plugin makes of it, and what it cannot read as Material does it leaves to Material.
Material's own index is the reference here (its SearchIndex, the class the plugin uses), so a
Material upgrade that reads pages differently fails these tests."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdocs.website.search_sections import Entry, entries_of

search = pytest.importorskip("material.plugins.search.plugin")


def _toc(*ids: str) -> list[Any]:
    return [SimpleNamespace(id=anchor, url=f"#{anchor}", children=[]) for anchor in ids]


def _material(html: str, meta: dict[str, Any] | None = None) -> list[Entry]:
    index = search.SearchIndex()
    index.add_entry_from_context(SimpleNamespace(
        content=html, url="a/page/", title="Page", meta=meta or {}, toc=_toc("one", "two")))
    return list(index.entries)


def _ours(html: str, meta: dict[str, Any] | None = None) -> list[Entry] | None:
    return entries_of(html, url="a/page/", title="Page", meta=meta or {},
                      toc=_toc("one", "two"))


def _same(html: str, meta: dict[str, Any] | None = None) -> None:
    ours = _ours(html, meta)
    assert ours is not None, html
    # Compared as the JSON the index is written as: key order and value types count.
    assert json.dumps(ours) == json.dumps(_material(html, meta)), html


PAGES = [
    # An archdocs table page, shortened.
    '<h1 id="table-t">Table: t</h1>\n<p>In datastore <a href="../../">store</a>.</p>\n'
    '<div class="archdocs-diagram">\n<object type="image/svg+xml" data="d.svg" '
    'aria-label="t &amp; more">t &amp; more</object>\n<script class="archdocs-diagram-loader">'
    '(function(o){return o})(document.currentScript)</script>\n</div>\n'
    '<h2 id="one">Columns<a class="headerlink" href="#one" title="Permanent link">&para;</a>'
    '</h2>\n<table>\n<thead>\n<tr><th>Column</th><th>Comment</th></tr>\n</thead>\n<tbody>\n'
    "<tr><td><code>id</code></td><td>Key of t&#95;00 &lt;b&gt; &amp; more<br><wbr></td></tr>\n"
    "<tr><td></td><td>  </td></tr>\n</tbody>\n</table>\n",
    # Text before the first heading, a page without h1, headings without ids or in the toc.
    "Intro\n<p>text</p><h2 id=\"one\">One</h2><p>a</p><h3>No id</h3><h2 id=\"x\">X</h2>",
    "<h3 id=\"two\">Two</h3>\n\n<p></p><p> \n </p><p>x</p><p></p>",
    # Headings nested in elements: their sections end with the element.
    '<h1 id="t">T</h1><details class="note"><summary>S</summary><h2 id="one">In</h2><p>a</p>'
    "</details><p>after</p><div><div><h3 id=\"two\">deep</h3></div>b</div>c",
    # Preformatted text keeps its white space; lists, sub- and superscripts are kept.
    '<h1 id="t">T</h1><div class="highlight"><pre><span></span><code><span class="p">{'
    '</span>\n  <span class="nt">"a"</span>\n\n</code></pre></div>\n'
    "<ul>\n<li>one</li>\n<li><p>two</p></li>\n</ul><ol><li></li></ol>x<sub>2</sub><sup> </sup>",
    # Inline SVG, self-closing elements, upper-case tags, mismatched end tags.
    '<h1 id="t">T</h1><svg width="1"><title>chart</title><rect x="0"/><text>1 GB</text></svg>'
    "<P>Upper</P><span/>after<p>open <em>never closed</p></span></div><p>x</p>",
    # Entities, white space only entities, quotes in attributes.
    "<h1 id=\"t\">T &amp; &lt;U&gt;</h1><p>&nbsp;</p>&#32;<p a='x' b=\"y > z\" c>&quot;q&quot;"
    "</p>\n\n\n<p>line\nbreak\ttab</p>",
    # "<" and ">" inside attribute values, and the entities archdocs writes for its text.
    "<h1 id=\"t\">T</h1><p title=\"a<b\" data-x='<i>'>x &#95; y &#x27;q&#x27;</p>"
    "<a title=\"1 > 0\" href=\"x\">z&quot;</a><td>a > b</td>",
    # Code in a heading, a permanent link with more in it, an empty title.
    '<h2 id="one"><code>orders</code> table<a class="headerlink" href="#one">&para; '
    "<code>x</code></a></h2><p>a</p><h2 id=\"two\"></h2><p>b</p>",
]


@pytest.mark.parametrize("html", PAGES)
def test_entries_are_materials(html: str) -> None:
    _same(html)


def test_front_matter_title_tags_and_boost_are_materials() -> None:
    html = '<h2 id="one">One</h2><p>a</p>'
    _same(html, {"title": "Front", "tags": ["x", 1, None, "", ["no"]], "search": {"boost": 2}})
    _same("<p>no heading</p>", {"title": "Front"})


@pytest.mark.parametrize("html", [
    "<h1 id=\"t\">T</h1><!-- a comment --><p>x</p>",
    "<p>a < b</p>",
    "<p>a</p><div data-search-exclude><p>hidden</p></div>",
    '<td class="linenodiv">1</td>',
    '<p class="line&#110;odiv">1</p>',
    "<a href=unquoted>x</a>",
    "<script>if (a < b) {}</script>",
    "<title>a &amp; b</title>",
    "<script/>",
    "<script>x",
    "<!DOCTYPE html><p>x</p>",
    "<p>x</p><?php ?>",
    "<ns:tag>x</ns:tag>",
])
def test_what_might_read_otherwise_is_left_to_material(html: str) -> None:
    assert _ours(html) is None


# Pieces of HTML, shuffled: whatever archdocs reads of them must be what Material reads.
PIECES = ["<p>", "</p>", "<div>", "</div>", "<code>", "</code>", "<pre>", "</pre>", "<li>",
          "</li>", "<ul>", "</ul>", "<em>", "</em>", "<table>", "<td>", "</td>", "</table>",
          '<h1 id="t">', "</h1>", '<h2 id="one">', '<h2 id="two">', "</h2>", "<h3>", "</h3>",
          '<h4 id="x">', "</h4>", '<a class="headerlink" href="#one">', '<a href="x">', "</a>",
          "<object>", "</object>", "<br>", "<br/>", "<span/>", "<hx>", "</hx>", "<sup>",
          "</sup>", " ", "\n", "  \n ", "text", "two words", "a\nb", "&amp;", "&lt;i&gt;",
          "&nbsp;", "&#32;", "&para;", "\t", "<tr>", "</tr>", "<P>", "</CODE>",
          '<code class="x">', '<a title="x>y">', "<wbr>", "&#95;", "&#x27;", "&quot;", ">"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_arrangement_reads_as_material_reads_it(pieces: list[str]) -> None:
    html = "".join(pieces)
    try:
        expected: list[Entry] | None = _material(html)
    except ValueError:  # Material fails on a few arrangements (an end tag of another section)
        expected = None
    ours = _ours(html)
    if expected is None:
        assert ours is None
    else:
        assert ours is not None, html
        assert json.dumps(ours) == json.dumps(expected), html
