"""Generated pages converted by one Markdown instance per build (website/generated_page.py):
the site is byte for byte the one MkDocs' own pages make, search index included; a page the
site's nav names keeps the nav's title; and with an extension the plugin does not know to be
reusable, every page gets a Markdown instance of its own, as MkDocs gives it."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from sitehelpers import HOSTILE, differing_files, flagship_project, mkdocs_build

import archdocs.website.plugin as plugin_module
from archdocs.website.generated_page import GeneratedPage

# The extensions of archdocs' own site: toc with permalinks, fences, highlighting, details.
CONFIG = """site_name: Reuse
theme:
  name: material
  features: [navigation.indexes, navigation.prune]
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
plugins:
  - search
  - archdocs:
      models: models
      cache_dir: cache
"""

# An extension that counts what its instance converted (each page, and each heading MkDocs and
# toc turn into text) and writes the count into each: with an instance per page the counts stay
# below a page's headings; one instance reused without a reset would count past the pages.
COUNTING = '''
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor


class Counting(Postprocessor):
    converted = 0

    def run(self, text):
        self.converted += 1
        return text + f"<p>document {self.converted} of this instance</p>"


class CountingExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Counting(md), "counting", 0)


def makeExtension(**kwargs):
    return CountingExtension(**kwargs)
'''


def _rendered_by_reuse(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages GeneratedPage.render converts in this process, by source path."""
    rendered: list[str] = []
    original = GeneratedPage.render

    def render(page: GeneratedPage, config: MkDocsConfig, files: Files) -> None:
        rendered.append(page.file.src_uri)
        original(page, config, files)

    monkeypatch.setattr(GeneratedPage, "render", render)
    return rendered


@pytest.mark.parametrize("models", ["flagship", "hostile"])
def test_the_site_is_the_one_mkdocs_own_pages_make(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, models: str) -> None:
    project = flagship_project(tmp_path / "project", CONFIG)
    if models == "hostile":
        shutil.rmtree(project / "models")
        shutil.copytree(HOSTILE, project / "models")
    rendered = _rendered_by_reuse(monkeypatch)
    mkdocs_build(project, "reused")
    assert len(rendered) > 10 and all(path.startswith("architecture/") for path in rendered)
    with monkeypatch.context() as without:
        without.setattr(plugin_module, "markdown_reuse_available", lambda: False)
        rendered.clear()
        mkdocs_build(project, "own")
    assert rendered == []
    assert differing_files(project / "reused", project / "own") == []
    assert (project / "reused" / "search" / "search_index.json").stat().st_size > 1000


def test_a_page_the_nav_names_keeps_the_nav_title(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    config = CONFIG + "nav:\n  - Home: index.md\n  - Our systems: architecture/index.md\n"
    project = flagship_project(tmp_path / "project", config)
    rendered = _rendered_by_reuse(monkeypatch)
    mkdocs_build(project, "site")
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Our systems" in home
    assert "architecture/index.md" not in rendered
    assert rendered  # the pages the nav does not name are converted by the reused instance


def test_an_extension_not_known_to_reset_gets_an_instance_per_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "counting_extension.py").write_text(COUNTING)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "counting_extension", raising=False)
    config = CONFIG.replace("  - pymdownx.highlight\n",
                            "  - pymdownx.highlight\n  - counting_extension\n")
    project = flagship_project(tmp_path / "project", config)
    rendered = _rendered_by_reuse(monkeypatch)
    mkdocs_build(project, "site")
    assert rendered == []
    pages = sorted((project / "site" / "architecture").rglob("index.html"))
    assert len(pages) > 150
    for page in pages:
        html = page.read_text(encoding="utf-8")
        counts = [int(n) for n in re.findall(r"document (\d+) of this instance", html)]
        assert counts and max(counts) <= html.count("<h") + 2, page
