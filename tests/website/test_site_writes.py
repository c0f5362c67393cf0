"""The diagram files the plugin writes into the site folder on a thread of its own: complete
before the build ends, also when it fails, and a file that cannot be written fails the build
with its name."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from sitehelpers import FLAGSHIP

import archdocs.website.site_writes as site_writes
from archdocs.errors import WriteError

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
    shutil.copytree(FLAGSHIP, root / "models", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n\n[Architecture](architecture/index.md)\n")
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "hooks.py").write_text(hook)
    return root


def _build(project: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _writers() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate()
            if thread.name == "archdocs site writes"]


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
    assert not _writers()


def test_a_build_failing_after_the_writes_began_ends_with_them_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _project(tmp_path / "expected")
    _build(expected)
    write_all_atomic = site_writes.write_all_atomic

    def slow(files: Sequence[tuple[Path, bytes]]) -> None:
        time.sleep(1)  # still writing when the build fails
        write_all_atomic(files)

    monkeypatch.setattr(site_writes, "write_all_atomic", slow)
    failing = _project(tmp_path / "failing", FAILING_HOOK)
    with pytest.raises(RuntimeError, match="a plugin failed on index.md"):
        _build(failing)
    assert not _writers()
    assert _diagram_files(failing) == _diagram_files(expected)


def test_a_diagram_file_that_cannot_be_written_fails_the_build_with_its_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def full_disk(files: Sequence[tuple[Path, bytes]]) -> None:
        path = files[0][0]
        raise WriteError(f"cannot write '{path}': No space left on device")

    monkeypatch.setattr(site_writes, "write_all_atomic", full_disk)
    project = _project(tmp_path)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        _build(project)
    errors = [record.getMessage() for record in caplog.records
              if record.levelno >= logging.ERROR]
    assert any(message.startswith(f"archdocs: error: cannot write '{project / 'site'}")
               and "': No space left on device" in message for message in errors), errors
    assert not _writers()
