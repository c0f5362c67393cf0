"""The last generated pages of a one-shot build rendered by a forked child
(archdocs.website.render_ahead): the site, its search index and its sitemap are byte for byte
the ones built without the child, also when the child fails or its rendering logs a message;
no child renders beside a plugin whose page events it could not stand in for."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitehelpers import differing_files, flagship_project, mkdocs_build

import archdocs.website.plugin as plugin_module
import archdocs.website.render_ahead as render_ahead_module
from archdocs.website.plugin import ArchdocsPlugin
from archdocs.website.render_ahead import RenderAhead

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform"),
    pytest.mark.slow,
]

CONFIG = """\
site_name: Ahead
site_url: https://example.org/arch/
strict: true
theme:
  name: material
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc: {permalink: true}
  - pymdownx.details
  - pymdownx.superfences
plugins:
  - search
  - archdocs: {models: models, cache_dir: cache}
"""

HOOKED = CONFIG + "hooks:\n  - hooks.py\n"

RENDERED = "generated pages rendered by a forked child"


@pytest.fixture(autouse=True)
def _few_pages_suffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """The flagship has fewer generated pages than a child is started for."""
    monkeypatch.setattr(render_ahead_module, "MIN_PAGES", 20)
    monkeypatch.setattr(plugin_module, "RENDER_AHEAD_MIN_PAGES", 20)


def _build(project: Path, site: str, caplog: pytest.LogCaptureFixture) -> str:
    """A strict `mkdocs build` of ``project`` into ``site``: what the plugin said of the
    child's pages ("" when no child rendered any)."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.archdocs"):
        mkdocs_build(project, site)
    return next((record.getMessage() for record in caplog.records
                 if RENDERED in record.getMessage()), "")


def _without_child(project: Path, site: str, caplog: pytest.LogCaptureFixture,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(ArchdocsPlugin, "_renders_ahead", lambda self, config: False)
        assert _build(project, site, caplog) == ""


def _generated_pages(site: Path) -> int:
    return sum(1 for _ in (site / "architecture").rglob("*.html"))


def test_the_site_is_the_same_with_the_child_and_without(
        tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = flagship_project(tmp_path, CONFIG)
    with monkeypatch.context() as patch:
        patch.setattr(RenderAhead, "waits", True)  # every page the child renders is taken
        said = _build(project, "site", caplog)
    _without_child(project, "site-alone", caplog, monkeypatch)
    # The child rendered the last three quarters of the generated pages, and made every
    # generated page's search entries; the site and its index are the same as without it.
    pages = _generated_pages(project / "site")
    rendered, _, generated = said.split()[1:4]
    assert int(generated) == pages
    assert int(rendered) == round(pages * render_ahead_module.SHARE), said
    assert differing_files(project / "site", project / "site-alone") == []
    sitemap = (project / "site" / "sitemap.xml").read_text()
    assert sitemap.count("<loc>") == pages + 1  # the home page too


def _built_with_child_doing(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
        before_page: Callable[[int], None]) -> str:
    """The flagship built with ``before_page(n)`` run in the child before its n-th page, and
    built without a child: what the plugin said of the child's pages (the sites must match)."""
    project = flagship_project(tmp_path, CONFIG)
    main, rendered = os.getpid(), _counter()
    render = plugin_module._rendered

    def rendered_in_child(page: Any, *args: Any) -> str:
        if os.getpid() != main:
            before_page(rendered())
        return render(page, *args)

    with monkeypatch.context() as patch:
        patch.setattr(RenderAhead, "waits", True)
        patch.setattr(plugin_module, "_rendered", rendered_in_child)
        said = _build(project, "site", caplog)
    _without_child(project, "site-alone", caplog, monkeypatch)
    assert differing_files(project / "site", project / "site-alone") == []
    return said


def test_a_child_that_fails_leaves_its_pages_to_the_build(
        tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(page: int) -> None:
        if page > 10:
            raise RuntimeError("the child breaks")

    said = _built_with_child_doing(tmp_path, caplog, monkeypatch, failing)
    assert said.startswith("archdocs: 10 of "), said


def test_a_page_whose_rendering_logs_is_rendered_by_the_build(
        tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def saying(page: int) -> None:
        if page == 5:
            logging.getLogger("mkdocs.plugins.someone").warning("something to say")

    said = _built_with_child_doing(tmp_path, caplog, monkeypatch, saying)
    # The child stopped at the page that logged; the build rendered it and the ones before.
    assert said.startswith("archdocs: 4 of "), said


def test_no_child_renders_beside_another_plugin(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A hook's page events could keep state that a child's copy would lose.
    project = flagship_project(tmp_path, HOOKED, "def on_page_context(context, **kwargs):\n"
                                                 "    return context\n")
    assert _build(project, "site", caplog) == ""
    assert _generated_pages(project / "site") > 20


def _counter() -> Any:
    count = 0

    def counted() -> int:
        nonlocal count
        count += 1
        return count

    return counted
