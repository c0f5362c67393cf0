"""The diagram files the plugin has written into the site folder beside the build: complete
before the build ends, also when it fails, and a file that cannot be written fails the build
with its name."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from sitehelpers import flagship_project

import archdocs.website.site_writes as site_writes

CONFIG = """\
site_name: Shop
strict: true
theme:
  name: material
plugins:
  - search
  - archdocs:
      models: models
hooks:
  - hooks.py
"""

# A hook that breaks the build while MkDocs reads the user's page, after the plugin started
# writing the diagram files.
FAILING_HOOK = """\
def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri == "index.md":
        raise RuntimeError("a plugin failed on index.md")
    return markdown
"""


def _project(root: Path, hook: str = "") -> Path:
    return flagship_project(root, CONFIG, hook)


def _build(project: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _diagram_files(project: Path) -> set[str]:
    return {path.name for path in (project / "site" / "architecture").rglob("*.svg")}


def test_every_diagram_file_is_in_the_site_of_a_strict_build(tmp_path: Path) -> None:
    reference = _project(tmp_path / "reference")
    _build(reference)
    pages = "".join(path.read_text() for path in
                    (reference / "site" / "architecture").rglob("*.html"))
    files = _diagram_files(reference)
    assert files and all(name in pages for name in files)  # the pages link to them
    assert not list((reference / "site").rglob(".*.tmp"))


def test_a_build_failing_after_the_writes_began_ends_with_them_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
        ) -> None:
    expected = _project(tmp_path / "expected")
    _build(expected)
    command = site_writes.writer_command()
    assert command is not None
    script = command[-1]
    # The child still writing when the build fails.
    slow = [sys.executable, "-c", "import runpy, sys, time; time.sleep(1); "
            f"sys.argv = [{script!r}]; runpy.run_path({script!r}, run_name='__main__')"]
    monkeypatch.setattr(site_writes, "writer_command", lambda: slow)
    failing = _project(tmp_path / "failing", FAILING_HOOK)
    with caplog.at_level(logging.ERROR), \
            pytest.raises(RuntimeError, match="a plugin failed on index.md"):
        _build(failing)
    assert _diagram_files(failing) == _diagram_files(expected)
    # The build's own error only: the child ended well, without creating the pages' files.
    assert [record.getMessage() for record in caplog.records
            if record.name.startswith("mkdocs.plugins")] == []
    assert _empty_files(failing) == []


# A diagram file made impossible to write: a folder in its way, made once MkDocs has cleaned
# the site folder and before archdocs adds its files.
BLOCKING_HOOK = """\
import os
from mkdocs.plugins import event_priority

@event_priority(100)
def on_files(files, config):
    os.makedirs(os.path.join(config.site_dir, "architecture", "diagrams", "deployment.svg",
                             "in-the-way"))
    return files
"""


def test_a_diagram_file_that_cannot_be_written_fails_the_build_with_its_name(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = _project(tmp_path, BLOCKING_HOOK)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        _build(project)
    errors = [record.getMessage() for record in caplog.records
              if record.levelno >= logging.ERROR]
    blocked = project / "site" / "architecture" / "diagrams" / "deployment.svg"
    assert any(message.startswith(f"archdocs: error: cannot write '{blocked}': ")
               for message in errors), errors


def _empty_files(project: Path) -> list[str]:
    return sorted(str(path.relative_to(project / "site")) for path in
                  (project / "site").rglob("*") if path.is_file() and path.stat().st_size == 0)


def _site(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {str(path.relative_to(site)): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()
            and path.name not in ("sitemap.xml.gz",)}  # gzip stamps the time


def test_pages_are_written_into_files_created_beforehand_and_the_site_is_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    created = _project(tmp_path / "created")
    _build(created)
    assert _empty_files(created) == []
    # Without a child process, MkDocs creates every page's file itself.
    monkeypatch.setattr(site_writes, "writer_command", lambda: None)
    plain = _project(tmp_path / "plain")
    _build(plain)
    assert _site(created) == _site(plain)


# A hook that breaks the build while MkDocs reads the user's page, once the child has created
# the files of the generated pages.
FAILING_ONCE_CREATED_HOOK = """\
import os, time

def on_page_markdown(markdown, page, config, **kwargs):
    if page.file.src_uri == "index.md":
        last = os.path.join(config.site_dir, "architecture", "views", "index.html")
        deadline = time.monotonic() + 60
        while not os.path.exists(last) and time.monotonic() < deadline:
            time.sleep(0.05)
        raise RuntimeError("a plugin failed on index.md")
    return markdown
"""


def test_a_build_failing_after_the_pages_files_were_created_leaves_no_empty_page(
        tmp_path: Path) -> None:
    project = _project(tmp_path, FAILING_ONCE_CREATED_HOOK)
    with pytest.raises(RuntimeError, match="a plugin failed on index.md"):
        _build(project)
    assert _diagram_files(project)  # the diagrams are written, the pages' files were made
    assert _empty_files(project) == []
    assert not (project / "site" / "architecture" / "views" / "index.html").exists()


def test_the_child_writes_the_files_then_creates_the_missing_ones_leaving_others_alone(
        tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    kept = tmp_path / "site" / "kept" / "index.html"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"<p>written before</p>")
    linked = tmp_path / "site" / "linked" / "index.html"
    linked.parent.mkdir(parents=True)
    linked.symlink_to(outside)
    files = [(tmp_path / "site" / "diagrams" / f"d{number}.svg", b"<svg/>")
             for number in range(site_writes.CHILD_MIN_FILES)]
    missing = [tmp_path / "site" / "pages" / f"p{number}" / "index.html" for number in range(100)]
    writes = site_writes.SiteWrites()
    writes.start(files, [kept, linked, *missing])
    writes.written()
    assert all(path.read_bytes() == b"<svg/>" for path, _ in files)
    writes.wait()
    assert all(path.is_file() and path.stat().st_size == 0 for path in missing)
    assert kept.read_bytes() == b"<p>written before</p>"
    assert linked.is_symlink() and not outside.exists()  # a link is not followed


def test_a_child_left_before_it_wrote_the_files_ends_well_without_creating_the_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    command = site_writes.writer_command()
    assert command is not None
    script = command[-1]
    slow = [sys.executable, "-I", "-S", "-c", "import runpy, sys, time; time.sleep(1); "
            f"sys.argv = [{script!r}]; runpy.run_path({script!r}, run_name='__main__')"]
    monkeypatch.setattr(site_writes, "writer_command", lambda: slow)
    files = [(tmp_path / "diagrams" / f"d{number}.svg", b"<svg/>")
             for number in range(site_writes.CHILD_MIN_FILES)]
    missing = [tmp_path / "pages" / f"p{number}" / "index.html" for number in range(10)]
    writes = site_writes.SiteWrites()
    writes.start(files, missing)
    writes.wait()  # as a build that failed before on_env: no one reads that they are written
    assert all(path.read_bytes() == b"<svg/>" for path, _ in files)
    assert not any(path.exists() for path in missing)
