"""A plain `mkdocs serve` rebuilds a save in the models folder as a dirty build that gives the
site a clean `mkdocs build` gives, byte for byte, without rendering the unchanged pages again;
any other save is a clean rebuild. Removed pages are gone; a changed navigation is on every
page."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitehelpers import VENV_BIN, free_port, mkdocs_env, run, stop
from test_serve_dirty import _first_difference, _tree, _wait_for_builds

pytestmark = pytest.mark.slow
DIRTY = "archdocs: dirty rebuild (only the models changed)"
CLEAN = "archdocs: files outside the models folder changed: clean rebuild"
DESCRIPTION = "What we sell and at which price."


@dataclass
class Served:
    before: dict[str, bytes]
    """The served site after the first build."""
    after: dict[str, bytes]
    """The served site after the rebuild the save caused."""
    written: set[str]
    """Files of the served site (re)written by that rebuild."""
    log: str
    """mkdocs serve's output."""
    clean: dict[str, bytes]
    """A clean `mkdocs build` of the edited project."""


def _mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for p in root.rglob("*") if p.is_file()}


def _serve_and_save(project: Path, save: Callable[[], None]) -> Served:
    """`mkdocs serve` (plain, strict) of an `archdocs init` project, one save, its rebuild."""
    config = project / "mkdocs.yml"
    port = free_port()
    # The site URL `mkdocs serve` gives every page, so that the clean build has the same.
    config.write_text(f"strict: true\nsite_url: http://127.0.0.1:{port}/\n" + config.read_text())
    temporary = project.parent / "serve-tmp"  # mkdocs serve builds in here
    temporary.mkdir()
    log = project.parent / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(VENV_BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env={**mkdocs_env(), "TMPDIR": str(temporary)},
            stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for_builds(log, 1, process)
        [served] = list(temporary.glob("mkdocs_*"))
        before, mtimes = _tree(served), _mtimes(served)
        time.sleep(1.0)
        save()
        text = _wait_for_builds(log, 2, process)
        after = _tree(served)
        written = {path for path, mtime in _mtimes(served).items() if mtimes.get(path) != mtime}
    finally:
        stop(process)
    assert "Aborted" not in text, text[-2000:]
    clean = run([str(VENV_BIN / "mkdocs"), "build", "--site-dir", "clean"], cwd=project)
    assert clean.returncode == 0, clean.stderr
    expected = _tree(project / "clean")
    shutil.rmtree(project / "clean")
    return Served(before, after, written, text, expected)


def _init(project: Path) -> None:
    assert run([str(VENV_BIN / "archdocs"), "init", "."], cwd=project).returncode == 0


def _assert_same_site(served: Served) -> None:
    assert sorted(served.after) == sorted(served.clean)
    different = [path for path in served.clean if served.after[path] != served.clean[path]]
    assert different == [], _first_difference(served.after, served.clean, different)


def _edit(path: Path, old: str, new: str) -> Callable[[], None]:
    def save() -> None:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))
    return save


def test_a_model_save_renders_only_the_changed_pages_and_equals_a_clean_build(
        fresh_repo: Path) -> None:
    _init(fresh_repo)
    # A page of the user's whose title MkDocs renders from Markdown, in a navigation every page
    # shows whole: the pages rendered again must show it as a clean build does.
    (fresh_repo / "docs" / "setup.md").write_text("# The `archdocs` setup\n\nText.\n")
    config = fresh_repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("    - navigation.prune\n", ""))
    served = _serve_and_save(fresh_repo, _edit(fresh_repo / "models" / "architecture.py",
                                               DESCRIPTION, "What we sell, marker-plain."))
    assert DIRTY in served.log, served.log[-2000:]
    assert CLEAN not in served.log
    _assert_same_site(served)
    pages = [path for path in served.after
             if path.startswith("architecture/") and path.endswith(".html")]
    changed = {path for path in pages if served.after[path] != served.before[path]}
    assert "architecture/contexts/catalog/index.html" in changed
    assert b"marker-plain" in served.after["architecture/contexts/catalog/index.html"]
    # Unchanged pages were not written again (a clean rebuild writes every page).
    unchanged = set(pages) - changed
    assert len(unchanged) > len(changed)
    assert unchanged & served.written == set()


def test_a_save_in_docs_is_a_clean_rebuild(fresh_repo: Path) -> None:
    _init(fresh_repo)
    served = _serve_and_save(fresh_repo, lambda: (fresh_repo / "docs" / "index.md").write_text(
        "# Repo\n\nEdited page: marker-docs.\n"))
    assert CLEAN in served.log, served.log[-2000:]
    assert DIRTY not in served.log
    _assert_same_site(served)
    assert b"marker-docs" in served.after["index.html"]
    pages = {path for path in served.after if path.endswith(".html")}
    assert pages <= served.written  # the site folder was cleaned and every page written


def test_a_model_save_that_removes_a_table_removes_its_page(fresh_repo: Path) -> None:
    model = fresh_repo / "models" / "architecture.py"

    def remove_prices() -> None:
        text = model.read_text()
        start = text.index("class Price(CatalogBase):")
        end = text.index("system = System(")
        text = text[:start] + text[end:]
        model.write_text(text.replace("carries=[Product, Price]", "carries=[Product]"))

    _init(fresh_repo)
    served = _serve_and_save(fresh_repo, remove_prices)
    assert DIRTY in served.log, served.log[-2000:]
    page = "architecture/datastores/catalog-db/tables/prices/index.html"
    assert page in served.before
    assert page not in served.after
    _assert_same_site(served)


def test_a_model_save_that_changes_the_navigation_shows_it_on_every_page(
        fresh_repo: Path) -> None:
    model = fresh_repo / "models" / "architecture.py"

    def add_a_system() -> None:
        # Each system gets a section of the navigation, shown on every page of the architecture.
        model.write_text(model.read_text() + '\nsecond = System("Marker second", '
                         'description="A second system.")\n'
                         'second.context("Billing", description="Bills.")\n')

    _init(fresh_repo)
    # The starter page links to the overview's findings, which move into the system's folder
    # once there are two systems (the build would refuse the broken link).
    (fresh_repo / "docs" / "index.md").write_text("# Repo\n")
    served = _serve_and_save(fresh_repo, add_a_system)
    assert re.search(re.escape(DIRTY) + r".*the navigation changed", served.log), \
        served.log[-2000:]
    _assert_same_site(served)
    # Each page carries the navigation (Material shows the sections of the architecture on
    # the pages listed in it): all were rendered again, as in the clean build they equal.
    pages = {path for path in served.after if path.endswith(".html")}
    assert pages <= served.written
    # The rule index's Markdown did not change, its navigation did.
    assert b"Marker second" not in served.before["architecture/rules/index.html"]
    assert b"Marker second" in served.after["architecture/rules/index.html"]


def test_a_model_save_renders_again_a_user_record_whose_related_elements_changed(
        fresh_repo: Path) -> None:
    _init(fresh_repo)
    # The user's decision records (docs/adr) get a footer linking the elements they relate to.
    records = fresh_repo / "docs" / "adr"
    records.mkdir()
    (records / "20260101-keep-the-catalog-in-postgresql.md").write_text(
        "---\nstatus: accepted\ndate: 2026-01-01\nrelates_to: [Catalog]\n---\n\n"
        "# Keep the catalog in PostgreSQL\n\nIt needs joins.\n")
    # The same page paths: a name only differing by case keeps its slug.
    served = _serve_and_save(fresh_repo, _edit(fresh_repo / "models" / "architecture.py",
                                               'context("Catalog"', 'context("CATALOG"'))
    assert DIRTY in served.log, served.log[-2000:]
    _assert_same_site(served)
    record = "adr/20260101-keep-the-catalog-in-postgresql/index.html"
    # Its footer of related elements changed with the model, its Markdown did not.
    assert served.after[record] != served.before[record]
    assert record in served.written
    assert "index.html" not in served.written  # the user's other page did not change
