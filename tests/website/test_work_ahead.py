"""The plugin's page work done ahead by a forked child (archdocs.website.work_ahead): its results
are taken when they have come and were made of what MkDocs gives the plugin, never waited for,
and the site is byte for byte the one built without the child, also when another plugin changes
the generated pages."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest
from sitehelpers import differing_files, flagship_project, mkdocs_build

import archdocs.website.plugin as plugin_module
from archdocs.website.work_ahead import MISSING, Send, WorkAhead

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")


def _taken_all(ahead: WorkAhead, keys: list[Hashable], seconds: float = 60) -> dict[Any, Any]:
    """Take ``keys`` once each has come (asking for one before would drop it)."""
    found: dict[Any, Any] = {}
    deadline = time.monotonic() + seconds
    while len(found) < len(keys) and time.monotonic() < deadline:
        for key in keys:
            if key not in found and ahead.has(key):
                found[key] = ahead.take(key)
        time.sleep(0.01)
    return found


def test_results_come_in_the_order_sent_and_are_taken_once() -> None:
    def work(send: Send) -> None:
        for number in range(200):
            send(("page", number), "x" * number)

    ahead = WorkAhead()
    assert ahead.start(work)
    try:
        keys: list[Hashable] = [("page", number) for number in range(200)]
        found = _taken_all(ahead, keys)
        assert found == {("page", number): "x" * number for number in range(200)}
        assert ahead.take(("page", 5)) is MISSING  # taken already
    finally:
        ahead.stop()
    assert not ahead.running


def test_a_result_asked_for_too_early_is_not_waited_for_and_dropped_later() -> None:
    def work(send: Send) -> None:
        time.sleep(0.5)
        send("late", 1)
        send("next", 2)

    ahead = WorkAhead()
    assert ahead.start(work)
    try:
        assert ahead.take("late") is MISSING  # the child sends it half a second later
        assert _taken_all(ahead, ["next"]) == {"next": 2}
        assert ahead.take("late") is MISSING  # the caller did that work itself: dropped
        assert not ahead.has("late")
    finally:
        ahead.stop()


def test_a_child_goes_on_working_while_the_build_does_not_read_its_results(
        tmp_path: Path) -> None:
    done = tmp_path / "done"
    megabyte = "x" * (1 << 20)

    def work(send: Send) -> None:
        for number in range(8):  # more than the pipe holds
            send(("part", number), megabyte)
        done.write_text("the work is done")

    ahead = WorkAhead()
    assert ahead.start(work)
    try:
        deadline = time.monotonic() + 30
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.01)  # nothing read meanwhile
        assert done.exists()
        keys: list[Hashable] = [("part", number) for number in range(8)]
        assert _taken_all(ahead, keys) == {key: megabyte for key in keys}
    finally:
        ahead.stop()


def test_a_child_that_fails_leaves_the_work_to_the_build() -> None:
    def work(send: Send) -> None:
        send("first", 1)
        raise RuntimeError("a bug in the work")

    ahead = WorkAhead()
    assert ahead.start(work)
    try:
        assert _taken_all(ahead, ["first"]) == {"first": 1}
        deadline = time.monotonic() + 60
        while ahead.running and time.monotonic() < deadline:
            assert ahead.take("second") is MISSING
            time.sleep(0.01)
        assert not ahead.running  # the child ended: nothing more will come
    finally:
        ahead.stop()


def test_no_child_is_forked_beside_another_thread() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        ahead = WorkAhead()
        assert not ahead.start(lambda send: send("never", 1))
        assert not ahead.running
        assert ahead.take("never") is MISSING
    finally:
        stop.set()
        thread.join()


CONFIG = """\
site_name: Ahead
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
hooks:
  - hooks.py
"""

# Another plugin changing the generated pages: before archdocs reads their Markdown, and after
# it put their HTML blocks back. The child made its results of the pages as archdocs made
# them; the plugin must see that they do not fit.
CHANGING_HOOK = """\
from mkdocs.plugins import event_priority


@event_priority(50)
def on_page_markdown(markdown, page, **kwargs):
    if page.file.generated_by and "/tables/" in page.file.src_uri:
        return markdown + "\\n\\nHookaddedmarkdown paragraph.\\n"
    return markdown


@event_priority(50)
def on_page_content(html, page, **kwargs):
    if page.file.generated_by and "/datastores/" in page.file.src_uri:
        return html + "<p>Hookaddedhtml paragraph.</p>"
    return html
"""


def _project(root: Path, hook: str = "") -> Path:
    return flagship_project(root, CONFIG, hook)


def _build(project: Path, site: str, monkeypatch: pytest.MonkeyPatch, *,
           ahead: bool) -> tuple[int, set[str]]:
    """A strict `mkdocs build` of ``project`` into ``site``, with the child or without: how
    many generated pages' blocks the build hid itself, and the URLs of those whose search
    entries it made itself."""
    hidden: list[str] = []
    entries: set[str] = set()
    hide, entries_of = plugin_module.hide, plugin_module.entries_of
    main = os.getpid()

    def hidden_here(markdown: str, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() == main:
            hidden.append(markdown)
        return hide(markdown, *args, **kwargs)

    def entries_here(html: str, *, url: str, **kwargs: Any) -> Any:
        if os.getpid() == main:
            entries.add(url)
        return entries_of(html, url=url, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(plugin_module, "hide", hidden_here)
        patch.setattr(plugin_module, "entries_of", entries_here)
        if not ahead:
            patch.setattr(WorkAhead, "start", lambda self, work: False)
        mkdocs_build(project, site)
    return len(hidden), entries


def _wait_for_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the child's results come before MkDocs asks for them (a build on a busy machine
    may otherwise do every page itself, and the test would check nothing)."""
    start = WorkAhead.start

    def started(self: WorkAhead, work: Any) -> bool:
        begun = start(self, work)
        deadline = time.monotonic() + 120
        while begun and self.sending and time.monotonic() < deadline:
            time.sleep(0.01)
        return begun

    monkeypatch.setattr(WorkAhead, "start", started)


@pytest.mark.slow
def test_the_site_is_the_same_with_the_child_and_without(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path)
    with monkeypatch.context() as patch:
        _wait_for_child(patch)
        ahead = _build(project, "site", monkeypatch, ahead=True)
    alone = _build(project, "site-alone", monkeypatch, ahead=False)
    # The child did every generated page's work; without it, the build did.
    assert ahead == (0, set())
    assert alone[0] > 100 and len(alone[1]) > 100
    assert differing_files(project / "site", project / "site-alone") == []


@pytest.mark.slow
def test_pages_another_plugin_changes_are_done_by_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, CHANGING_HOOK)
    with monkeypatch.context() as patch:
        _wait_for_child(patch)
        ahead = _build(project, "site", monkeypatch, ahead=True)
    alone = _build(project, "site-alone", monkeypatch, ahead=False)
    assert differing_files(project / "site", project / "site-alone") == []
    # The build did the work of the pages the hook changed, and only theirs: their Markdown
    # (table pages) or their HTML (table and datastore pages) was not what the child had.
    site = project / "site" / "architecture"
    pages = {f"{path.parent.relative_to(project / 'site')}/" for path in site.rglob("index.html")}
    tables = {url for url in pages if "/tables/" in url}
    datastores = {url for url in pages if "/datastores/" in f"/{url}"}
    assert tables and datastores
    assert ahead[0] == len(tables) < alone[0]
    assert ahead[1] == datastores
    # What the hook added is on the pages and found by the search.
    table_page = next(site.rglob("tables/*/index.html")).read_text()
    datastore_page = next(site.rglob("datastores/*/index.html")).read_text()
    assert "Hookaddedmarkdown" in table_page and "Hookaddedhtml" in datastore_page
    index = json.loads((project / "site" / "search" / "search_index.json").read_text())
    text = " ".join(entry["text"] for entry in index["docs"])
    assert "Hookaddedmarkdown" in text and "Hookaddedhtml" in text
