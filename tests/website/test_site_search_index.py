"""The search index of a site built with Material and the archdocs plugin is the one Material's
search plugin makes by reading every page itself: archdocs writes the entries of its generated
pages (archdocs.website.search_sections), byte for byte as Material would, and every table and
column can still be found. Each site is built twice in this process, once as users get it and
once with archdocs' entries turned off, so a Material upgrade that reads pages differently
fails here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from sitehelpers import FLAGSHIP, HOSTILE
from test_site_hostile_properties import models

import archdocs.website.plugin as plugin_module
from archdocs.load import load_models
from archdocs.website.work_ahead import WorkAhead

pytestmark = pytest.mark.slow

CONFIG = """\
site_name: Search
theme: {name: material}
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc: {permalink: true}
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
plugins:
  - search
  - archdocs: {models: models, cache_dir: cache}
"""
# A page of the user's own: Material reads it, with what archdocs leaves to Material.
USER_PAGE = """\
# Home

Text with *emphasis*.

<div data-search-exclude markdown>Not in the index.</div>
"""


def _project(root: Path, models: Path, config: str = CONFIG) -> Path:
    shutil.copytree(models, root / "models", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(USER_PAGE)
    (root / "mkdocs.yml").write_text(config)
    return root


def _index(project: Path, monkeypatch: pytest.MonkeyPatch, *,
           archdocs_entries: bool) -> tuple[bytes, list[bool]]:
    """The search index of a `mkdocs build` of ``project``, and for each page archdocs was
    asked to read, whether it made its entries; with ``archdocs_entries`` off, Material
    reads every page itself."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    made: list[bool] = []
    entries_of = plugin_module.entries_of

    def counted(*args: Any, **kwargs: Any) -> Any:
        entries = entries_of(*args, **kwargs) if archdocs_entries else None
        made.append(entries is not None)
        return entries

    site = project / ("site" if archdocs_entries else "site-material")
    with monkeypatch.context() as patch:
        patch.setattr(plugin_module, "entries_of", counted)
        # Every page's entries made here, where they are counted (a child making them ahead
        # gives the same bytes: test_work_ahead.py).
        patch.setattr(WorkAhead, "start", lambda self, work: False)
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    return (site / "search" / "search_index.json").read_bytes(), made


def _generated_pages(project: Path) -> int:
    return sum(1 for _ in (project / "site" / "architecture").rglob("*.html"))


def _check(project: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    ours, made = _index(project, monkeypatch, archdocs_entries=True)
    materials, _ = _index(project, monkeypatch, archdocs_entries=False)
    # Every generated page (none is left to Material), and the same index to the byte.
    assert made == [True] * _generated_pages(project)
    assert ours == materials
    index: dict[str, Any] = json.loads(ours)
    home = [entry for entry in index["docs"] if entry["location"] == ""]
    assert home and "emphasis" in home[0]["text"] and "Not in the index" not in home[0]["text"]
    return index


def test_the_flagship_index_is_materials(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if not any(FLAGSHIP.rglob("*.py")):
        pytest.skip("the flagship example models/ is empty")
    project = _project(tmp_path, FLAGSHIP)
    index = _check(project, monkeypatch)
    # Every table is found by its name, and every column on its table's page.
    pages: dict[str, list[dict[str, str]]] = {}
    for entry in index["docs"]:
        pages.setdefault(entry["location"].partition("#")[0], []).append(entry)
    titles = {entries[0]["title"]: entries for entries in pages.values()}
    tables = [table for system in load_models(project / "models").systems
              for datastore in system.datastores for table in datastore.tables]
    assert len(tables) > 20
    for table in tables:
        entries = titles[f"Table: {table.fullname}"]
        text = " ".join(entry["text"] for entry in entries)
        missing = [column.name for column in table.columns if column.name not in text]
        assert missing == [], (table.fullname, missing)


def test_a_hostile_models_index_is_materials(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _check(_project(tmp_path, HOSTILE), monkeypatch)


@settings(max_examples=3, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(models())
def test_hostile_text_is_indexed_as_material_indexes_it(
        tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        model: tuple[str, dict[str, int]]) -> None:
    source, _ = model
    models_dir = tmp_path_factory.mktemp("models") / "models"
    models_dir.mkdir()
    (models_dir / "model.py").write_text(source, encoding="utf-8")
    _check(_project(tmp_path_factory.mktemp("site"), models_dir), monkeypatch)


def test_another_search_plugin_reads_every_page_itself(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # MkDocs' own theme and search plugin: archdocs does not make their entries.
    config = CONFIG.replace("theme: {name: material}", "theme: {name: mkdocs}")
    project = _project(tmp_path, HOSTILE, config)
    index, asked = _index(project, monkeypatch, archdocs_entries=True)
    assert asked == []
    locations = {entry["location"] for entry in json.loads(index)["docs"]}
    assert "architecture/" in locations
