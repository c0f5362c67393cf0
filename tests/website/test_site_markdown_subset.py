"""Plugin builds write archdocs' own Markdown as HTML themselves (website/markdown_subset.py):
every page must come out byte for byte as Python-Markdown makes it, for the flagship's and a
hostile model's pages and for Markdown chosen to be read differently by a careless converter."""

from __future__ import annotations

import markdown
import pytest
from markdown.extensions.toc import slugify_unicode
from markdown.util import AtomicString
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import _RelativePathTreeprocessor

from archdocs.pages import markdown as md
from archdocs.website.build import SiteResult
from archdocs.website.html_passthrough import Hidden, PlainBlocks, hide
from archdocs.website.html_tables import tables_as_html
from archdocs.website.markdown_subset import extensions_allow
from archdocs.website.plugin import link_resolver

# The extensions of this repository's mkdocs.yml and of `archdocs init` sites.
EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.highlight"]


def _render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def _href(target: str) -> str:
    # Python-Markdown alone writes targets as they are: what the plugin's resolver gives
    # MkDocs' rewriting is tested by building the site (test_site_html_passthrough et al.).
    return target


def _with_placeholders(hidden: Hidden) -> str:
    """The hidden page converted as the plugin has it converted (its placeholders known)."""
    placeholders = PlainBlocks()
    placeholders.placeholder = hidden.placeholder
    return str(markdown.markdown(hidden.markdown, extensions=[*EXTENSIONS, placeholders]))


def _fast(text: str, blocks: list[str] | None = None) -> tuple[str, int]:
    """The page through the plugin's fast path, and how many runs it converted."""
    hidden = hide(text, blocks or [], _href)
    if hidden is None:
        return _render(text), 0
    restored = hidden.restore(_with_placeholders(hidden))
    assert restored is not None
    return restored, len(hidden.blocks)


def _converted(text: str, config: dict[str, dict[str, object]] | None = None,
               extensions: list[object] | None = None) -> tuple[str, list[dict[str, object]]]:
    """The page's HTML and table of contents (what MkDocs reads: ``toc_tokens``)."""
    converter = markdown.Markdown(extensions=extensions or EXTENSIONS,
                                  extension_configs=config or {})
    return converter.convert(text), converter.toc_tokens


def _fast_with_headings(text: str, blocks: list[str] | None = None,
                        config: dict[str, dict[str, object]] | None = None,
                        ) -> tuple[str, list[dict[str, object]], bool]:
    """The page through the plugin's fast path with plain headings hidden too (as the
    plugin does when toc lists every heading): its HTML, its table of contents, and whether
    the fast path held (when not, the plugin converts the page as it came)."""
    hidden = hide(text, blocks or [], _href, headings=True)
    if hidden is None:
        return *_converted(text, config), False
    placeholders = PlainBlocks()
    placeholders.start(hidden)
    html, toc = _converted(hidden.markdown, config, [*EXTENSIONS, placeholders])
    restored = hidden.restore(html, placeholders.written)
    if restored is None:
        return *_converted(text, config), False
    return restored, toc, True


def _pages(site: SiteResult) -> list[tuple[str, str, list[str]]]:
    files = site.files()
    return [(page.path, files[page.path].decode().split("---\n", 2)[2],
             site.html_blocks.get(page.path, [])) for page in site.pages]


def test_the_flagship_pages_read_the_same(flagship: SiteResult) -> None:
    converted = with_headings = 0
    for path, text, blocks in _pages(flagship):
        out, runs = _fast(text, blocks)
        expected = _render(text) if not blocks else _through_tables(text, blocks)
        assert out == expected, path
        converted += runs > 0
        # Headings hidden too: the same HTML and the same table of contents.
        html, toc, held = _fast_with_headings(text, blocks)
        assert (html, toc) == (expected, _converted(text)[1]), path
        with_headings += held
    # Most pages are mostly archdocs' own Markdown.
    assert converted > len(flagship.pages) * 0.8
    assert with_headings > len(flagship.pages) * 0.8


def test_hostile_pages_read_the_same(hostile: SiteResult) -> None:
    converted = with_headings = 0
    for path, text, blocks in _pages(hostile):
        out, runs = _fast(text, blocks)
        expected = _render(text) if not blocks else _through_tables(text, blocks)
        assert out == expected, path
        converted += runs > 0
        html, toc, held = _fast_with_headings(text, blocks)
        assert (html, toc) == (expected, _converted(text)[1]), path
        with_headings += held
    assert converted > 10
    assert with_headings > 10


def _through_tables(text: str, blocks: list[str]) -> str:
    """What main's plugin makes of a page with HTML tables: only the tables hidden."""
    hidden = hide(text, blocks)
    if hidden is None:
        return _render(text)
    restored = hidden.restore(_render(hidden.markdown))
    assert restored is not None
    return restored


HOSTILE_TEXT = ["a <b> & c", "`x`", "*x*", "**x**", "_x_", "a_b", "[x](javascript:y)",
                "{{ x }}", "{: .c}", "\\", "x  ", "# x", "1. x", "- x", "> x", "| x |",
                "&amp;", "&#35;", "a & b", "<!-- x -->", "![i](x.png)", "!!! note",
                "x\ny", "  x", "x\\|y", "http://x.y", "<http://x.y>", "a@b.c", "<a@b.c>",
                "***", "* x *", "[TOC]", "~~~", "    x", ":x", "=", "+x", "&\\#35;", "\x02",
                "x*y*z", "a**b**c", "*a **b** c*", "**a *b* c**", "é \u200b ✓"]


@pytest.mark.parametrize("name", HOSTILE_TEXT)
def test_escaped_user_text_reads_the_same_everywhere_archdocs_writes_it(name: str) -> None:
    escaped, link = md.escape(name), md.link(name, "../x.md#a")
    page = (f"# {escaped}\n\n{escaped}\n\n- **Name:** {escaped}\n- {link}\n\n"
            f"1. {link}\n2. {md.code(name)}\n\n"
            f"{md.paragraph(name)}\n" + md.table(["A", "B"], [[escaped, link], [md.code(name),
                                                  f"*{escaped}*<br>**{escaped}**"]])
            + f"\nText with `code` and {md.path_code(name)}.  \nNext line {link}.\n")
    assert _fast(page)[0] == _render(page)


@pytest.mark.parametrize("name", HOSTILE_TEXT)
def test_user_text_in_headings_reads_the_same(name: str) -> None:
    escaped = md.escape(name)
    page = (f"# {escaped}\n\n## {escaped}\n\nText\n\n## Columns\n\n### {escaped}\n\n"
            f"x\n\n## {escaped}\n")
    for config in ({}, {"toc": {"permalink": True}}):
        html, toc, _ = _fast_with_headings(page, config=config)
        assert (html, toc) == _converted(page, config)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_raw_markdown_reads_the_same(text: str) -> None:
    # Not what archdocs writes: whatever the fast path keeps or converts, the HTML is the same.
    for page in (text, f"# T\n\n{text}\n", f"- {text}\n- b\n", f"| A |\n|---|\n| {text} |\n",
                 f"Intro\n\n{text}\n\nAfter *x*\n", f"- a\n\n{text}\n\n- b\n"):
        assert _fast(page)[0] == _render(page), page


@pytest.mark.parametrize("page", [
    "- a\n\n- b\n",                                   # one loose list
    "- a\n\n    b\n",                                 # a list item continued
    "1. a\n2. b\n\n- c\n",
    "Text\n\n```\n\nx\n\n```\n\nAfter\n",             # blank lines inside code
    '<div class="archdocs-diagram">\n<p>x</p>\n\n</div>\n\nAfter\n',  # HTML past a blank line
    '<div class="archdocs-chart">\n<svg></svg>\n</div>\n',
    '<div class="archdocs-chart">\n<svg></svg>\n</div>\n\n## H\n\nText\n',
    '<a id="x"></a>\n\n### H\n\n[y](#x)\n',
    "!!! warning \"W\"\n\n    x\n\nAfter\n",
    "Text\n- not a list\n",
    "## Events\n\n- <code>E1</code>\n- <b>x</b> y\n- <code>a</code><br>b\n\n## Next\n",
    "1. <code>x</code>\n2. <span class=\"c\">y</span>\n\n<code>z</code>\n",
    "- <div>x</div>\n- <code>x\n", "- <code x=\"<\">y</code>\n", "- <abbr>x</abbr>:\n",
    "Text\n---\n",
    "[x]: http://y.z\n\n[x]\n",
])
def test_block_structure_reads_the_same(page: str) -> None:
    assert _fast(page)[0] == _render(page)


def test_only_known_extensions_allow_the_fast_path() -> None:
    assert extensions_allow(["toc", "tables", "fenced_code", *EXTENSIONS], {})
    assert not extensions_allow([*EXTENSIONS, "pymdownx.emoji"], {})
    assert not extensions_allow([*EXTENSIONS, "abbr"], {})
    assert not extensions_allow([object()], {})
    assert not extensions_allow(["toc"], {"toc": {"marker": "{{TOC}}"}})


FOLLOWERS = ["", "\n", "\n\n", "Text\n", "\nText\n", "## Next\n", "\n\n\n## Next\n", "\n- a\n",
             "\n!!! note\n    x\n", "\n    code\n", "\n```\nx\n```\n", "\n<div>x</div>\n",
             '\n<div class="archdocs-chart">\n<svg></svg>\n</div>\n', "- a\n", "| x |\n"]


@pytest.mark.parametrize("after", FOLLOWERS)
def test_a_table_page_reads_the_same_whatever_follows_a_table(after: str) -> None:
    blocks: list[str] = []
    table = md.table(["Column", "Comment"], [[md.code("c"), md.escape("a <b> & c")]])
    page = tables_as_html("architecture/t.md", f"# T\n\nIntro\n\n{table}{after}{table}{after}",
                          written=blocks)
    assert _fast(page, blocks)[0] == _through_tables(page, blocks)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_resolve_as_mkdocs_resolves_them(directory_urls: bool) -> None:
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "use_directory_urls": directory_urls})
    config.validate()

    def file(path: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
        return File(path, "docs", "site", directory_urls, inclusion=inclusion)

    page_file = file("a/b/c.md")
    files = Files([page_file, file("a/d.md"), file("a/index.md"), file("x/e.svg"),
                   file("a/hidden.md", InclusionLevel.EXCLUDED)])
    href = link_resolver(page_file, files)
    # MkDocs' own rewriting of links in Markdown (an internal of MkDocs: this test compares
    # against it, the plugin does not use it).
    mkdocs = _RelativePathTreeprocessor(page_file, files, config)
    for target in ["../d.md", "../d.md#x", "../index.md", "../../x/e.svg", "#top", "c.md",
                   "https://example.org/a#b"]:
        assert href(target) == mkdocs.path_to_url(target), target
    for target in ["../missing.md", "/a/d.md", "../hidden.md", "../../../d.md"]:
        assert href(target) is None, target


@pytest.mark.parametrize("page", [
    "# T\n\n\n\nText\n\n\n\n## H\n\n\n- a\n- b\n\n\n\n## I\n\n\nMore\n",
    "# T\n\n\n\n    code\n\n\n\n## H\n\n\nText\n",
    "# T\n\nText\n\n\n\n    code\n\n\n\n    more\n\n\n\nAfter\n",  # kept in code
    "# T\n\nText\n\n<div>\n\n\n\n</div>\n\n\n\n## H\n\n\nText\n",  # and in raw HTML
    "# T\n\n```\n\n\n\n# not a heading\n\n\n\n```\n\n\n\nText\n",
    "# T\n\n- a\n\n\n\n    b\n\n\n\n## H\n\n\nText\n",
    "!!! note\n\n\n    x\n\n\n\n# H\n\n\n\nText\n",
])
def test_blank_lines_read_the_same(page: str) -> None:
    assert _fast(page)[0] == _render(page)


def test_python_markdown_gets_one_blank_line_between_headings_and_placeholders() -> None:
    blocks: list[str] = []
    table = md.table(["Column"], [[md.code("c")]])
    page = tables_as_html("architecture/t.md",
                          f"# T\n\n\n{table}\n\n\n## Next\n\n\n\nText\n\n\n\n    code\n\n\n\nEnd\n",
                          written=blocks)
    hidden = hide(page, blocks, _href)
    assert hidden is not None
    assert hidden.markdown == (f"# T\n\n{hidden.placeholder}0\n\n## Next\n\n{hidden.placeholder}1"
                               f"\n\n\n\n    code\n\n\n\n{hidden.placeholder}2\n")
    assert hidden.restore(_render(hidden.markdown)) == _through_tables(page, blocks)


def test_a_text_converted_once_links_where_each_page_resolves_it() -> None:
    text = "See [the store](../store.md) and **more**\n"
    pages = {"a": lambda target: "../store/", "b": lambda target: "../../store/",
             "c": lambda target: None}
    for _ in range(2):  # the second time from what the first conversions kept
        out = {name: hide(text, [], href) for name, href in pages.items()}
        assert out["a"] is not None and out["b"] is not None
        assert out["a"].blocks == ['<p>See <a href="../store/">the store</a> and '
                                   "<strong>more</strong></p>"]
        assert out["b"].blocks == ['<p>See <a href="../../store/">the store</a> and '
                                   "<strong>more</strong></p>"]
        assert out["c"] is None  # a link MkDocs would warn about stays Markdown


@pytest.mark.parametrize("page", [
    "# T\n\n{0}\n",
    "# T\n\n{0}\n{0}\n\nText\n",
    "- a\n- {0}\n",                        # a tight list item: no paragraph
    "- a\n\n    {0}\n",                    # a loose one
    "- a\n\n\n{0}\n",
    "!!! note\n\n    {0}\n",                # inside an admonition
    "??? note\n    {0}\n",
    "    {0}\n",                             # code
    "> {0}\n",
    "{0}\n===\n",
    "{0}1\n\n{0}x\n\n{0}\n\n{0}\u0663\n",   # not placeholders of this page
])
def test_placeholder_paragraphs_read_as_python_markdown_reads_them(page: str) -> None:
    word = "archdocs0123456789abcdefy"
    placeholders = PlainBlocks()
    placeholders.placeholder = word
    text = page.format(word + "7")
    assert markdown.markdown(text, extensions=[*EXTENSIONS, placeholders]) == _render(text)


HEADINGS = ["# Columns", "## Flows carrying this table", "###### Six", "####### Seven", "#x",
            "##  Two  spaces", "# Trailing #", "# Trailing ", "# t\\_00", "# a_b", "# `c`",
            "# *e*", "# [l](x.md)", "# <b>x</b>", "# a &amp; b", "# x {: #id}", "# é ✓ \u00a0",
            "# (x): y, z; 1/2 + 3 = 5? 100% 'q' \"d\" @ $ ~ ^ | -", "# a\nb", "# H\n===",
            "- a\n\n# H", "!!! note\n    # H", "- a\n    # H", "    # code"]


@pytest.mark.parametrize("heading", HEADINGS)
def test_headings_read_as_python_markdown_reads_them(heading: str) -> None:
    blocks = PlainBlocks()
    blocks.placeholder = "archdocs0123456789abcdefy"
    for config in ({}, {"toc": {"permalink": True}}):
        text = f"Intro\n\n{heading}\n\narchdocs0123456789abcdefy0\n"
        assert markdown.markdown(text, extensions=[*EXTENSIONS, blocks],
                                 extension_configs=config) == \
            markdown.markdown(text, extensions=EXTENSIONS, extension_configs=config)


def test_plain_blocks_skip_the_inline_patterns() -> None:
    blocks = PlainBlocks()
    converter = markdown.Markdown(extensions=[*EXTENSIONS, blocks])
    lines = ["# Table", "", "archdocs0123456789abcdefy0", "", "- archdocs0123456789abcdefy1",
             "", "## `code`"]
    root = converter.parser.parseDocument(lines).getroot()
    assert not any(isinstance(element.text, AtomicString) for element in root.iter())
    blocks.placeholder = "archdocs0123456789abcdefy"
    root = converter.parser.parseDocument(lines).getroot()
    plain = [(element.tag, element.text) for element in root.iter()
             if isinstance(element.text, AtomicString)]
    assert plain == [("h1", "Table"), ("p", "archdocs0123456789abcdefy0")]


# Pages whose headings toc gives ids that depend on each other: a hidden heading's id must
# be the one it has in the page, whatever the headings around it.
ID_PAGES = [
    "# T\n\n## Columns\n\nx\n\n## Columns\n\ny\n\n## Columns\n",
    "# Columns\n\n## Columns\n\nx\n",                         # the title first
    "# T\n\n## A `b`\n\nx\n\n## A b\n\ny\n",                # a heading left Markdown first
    "# T\n\n## A b\n\nx\n\n## A `b`\n\ny\n",                # and after
    "# T\n\n## x_1\n\n## X\n\n## X\n\n## x_2\n",
    "# T {#columns}\n\n## Columns\n\nx\n",                   # an id of the page
    "# T\n\nText {#indexes}\n\n## Indexes\n",
    "# T\n\n!!! note\n    ## Inside\n\n## Inside\n\nx\n",      # a heading in a block
    "Title\n-----\n\n## Title\n\nx\n",                          # a setext heading
    "# T\n\n## ...\n\n## ---\n\nx\n",                           # empty slugs
    "# T\n\n## Größe\n\n### Sub\n\n#### Deeper\n\n## Back\n\n###### Six\n",
    "## First\n\n# Then a title\n\n## Columns\n",
    "# T\n\n```\n## Not a heading\n```\n\n## Columns\n",
]
TOC_CONFIGS: list[dict[str, dict[str, object]]] = [
    {}, {"toc": {"permalink": True}}, {"toc": {"permalink": "#", "permalink_leading": True}},
    {"toc": {"anchorlink": True}}, {"toc": {"baselevel": 2}}, {"toc": {"separator": "_"}},
    {"toc": {"slugify": slugify_unicode}}, {"toc": {"toc_depth": 2}},
    {"toc": {"title": "On this page", "permalink": True}},
]


@pytest.mark.parametrize("page", ID_PAGES)
def test_hidden_headings_get_the_ids_and_entries_toc_gives_them(page: str) -> None:
    for config in TOC_CONFIGS:
        assert _fast_with_headings(page, config=config)[:2] == _converted(page, config), config


def test_headings_are_hidden_where_their_ids_cannot_clash() -> None:
    page = "# Table: t\\_00\n\nIntro\n\n## Columns\n\nx\n\n## Indexes\n\ny\n"
    hidden = hide(page, [], _href, headings=True)
    assert hidden is not None
    # One run from the intro to the end: the headings are in it.
    assert hidden.markdown == f"# Table: t\\_00\n\n{hidden.placeholder}0\n"
    assert _fast_with_headings(page)[2]
    # A hidden heading whose id the title takes: the page converts as it came.
    assert not _fast_with_headings("# Columns\n\n## Columns\n\nx\n")[2]
    # Without `headings`, headings stay Markdown.
    hidden = hide(page, [], _href)
    assert hidden is not None and "## Columns" in hidden.markdown
