"""A system with too many contexts for one legible context map: instead of a map shrunk to
unreadable labels, each context's page draws the map around it, and the contexts index and
the overview send the reader there. Every context is on a map, every pair is drawn once on the
map of each of its two contexts, labels read at page width, boxes and arrows link to pages
that exist, and hostile names are escaped."""

from __future__ import annotations

import html
import posixpath
import re
import textwrap

import pytest

from archdocs.render.context_map import map_pairs
from archdocs.render.layout import label_px
from archdocs.render.measure import MAX_MEASURED_BOXES
from archdocs.website.build import SiteOptions, SiteResult, build_site

EVIL = '<b>"Evil" & co</b>'
MODEL = textwrap.dedent(f'''
    from archdocs import ACL, CUSTOMER_SUPPLIER, OHS, Mechanism, System

    system = System("Big")
    names = [f"ctx-{{i:02d}}" for i in range({MAX_MEASURED_BOXES})] + [{EVIL!r}]
    contexts = [system.context(name, domain=f"d{{i % 4}}") for i, name in enumerate(names)]
    services = [context.service(f"svc-{{i}}") for i, context in enumerate(contexts)]
    for i, service in enumerate(services):
        for step in (1, 5):
            system.flow(service, services[(i + step) % len(services)], Mechanism.SYNC_REQUEST,
                        name=f"flow-{{i}}-{{step}}")
    system.relationship(contexts[0], contexts[1], upstream_roles=[OHS], downstream_roles=[ACL])
    system.relationship(contexts[-1], contexts[0], kind=CUSTOMER_SUPPLIER)
    system.context("Alone")
''')


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    models = tmp_path_factory.mktemp("big") / "models"
    models.mkdir()
    (models / "big.py").write_text(MODEL, encoding="utf-8")
    return build_site(SiteOptions(models=models, use_cache=False))


def _svg_escaped(name: str) -> str:
    """A name as the SVG writes it in a title."""
    return html.escape(name, quote=True).replace("&#x27;", "&#39;")


def _target(svg_path: str, href: str) -> str:
    """The generated Markdown page a link of a diagram (``../contexts/x/``) opens."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(svg_path), href)) + ".md"


def test_no_whole_map_or_landscape_shrunk_past_reading(big: SiteResult) -> None:
    files = big.files()
    assert big.model is not None and big.paths is not None
    system = big.model.systems[0]
    assert "architecture/diagrams/context-map.svg" not in files
    assert "architecture/diagrams/landscape-contexts.svg" not in files
    index = files[big.paths.contexts_index(system)].decode()
    overview = files[big.paths.overview(system)].decode()
    assert "too small to read at page width" in index
    assert "too small to read at page width" in overview and "](contexts/index.md)" in overview
    # The index links the map around every context, to the section of its page.
    for context in system.contexts:
        page = big.paths.context(system, context)
        assert f"]({posixpath.basename(page)}#context-map)" in index, context.name
        assert "\n## Context map\n" in files[page].decode()
    assert EVIL not in index and "&lt;b&gt;&quot;Evil&quot; &amp; co&lt;/b&gt;" in index


def test_every_context_is_on_its_map_with_each_pair_drawn_once(big: SiteResult) -> None:
    files = big.files()
    assert big.model is not None and big.paths is not None
    system = big.model.systems[0]
    pairs = map_pairs(system)
    for context in system.contexts:
        page = files[big.paths.context(system, context)].decode()
        mine = [pair for pair in pairs if context in pair[:2]]
        found = re.search(r'data="[./]*(diagrams/context-map-[^"]+\.svg)"', page)
        if not mine:  # nothing to draw: said, not pictured
            assert found is None and "No relationship or flows with other" in page
            continue
        assert found, context.name
        svg_path = f"architecture/{found.group(1)}"
        svg = files[svg_path].decode()
        titles = re.findall(r'<g id="[^"]*" class="node[^"]*">\s*<title>([^<]*)</title>', svg)
        shown = {end.name for pair in mine for end in pair[:2]}
        assert sorted(titles) == sorted(_svg_escaped(name) for name in shown), context.name
        assert len(re.findall(r'class="edge[ "]', svg)) == len(mine), context.name
        assert label_px(svg) >= 9.0, context.name
        for href in re.findall(r'xlink:href="(\.\./[^"#]+)"', svg):
            assert _target(svg_path, href) in files, (context.name, href)


def test_relationships_keep_their_labels_on_the_map_around_a_context(big: SiteResult) -> None:
    files = big.files()
    svg = files["architecture/diagrams/context-map-ctx-00.svg"].decode()
    texts = re.findall(r">([^<>]+)</text>", svg)
    for label in ("U", "D", "OHS", "ACL", "C/S"):
        assert label in texts, label
    assert EVIL not in svg and "&lt;b&gt;&quot;Evil&quot; &amp; co&lt;/b&gt;" in svg
