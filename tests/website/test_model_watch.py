"""MkDocs' live-reload server rebuilds once for each change in the models folder, and never for
what is not one: Python's bytecode cache written while the models load, a file only read;
with inotify and its polling both watching the folder, and with its polling alone (where
inotify is not available). The server here is MkDocs' own, serving on a free port with a
builder that counts."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.livereload import LiveReloadServer
from sitehelpers import free_port

from archdocs.website import model_watch
from archdocs.website.model_watch import watch_models

# Longer than MkDocs' polling interval (0.5 s) and build delay (0.1 s) together.
SETTLE = 1.5


class Served:
    def __init__(self, root: Path) -> None:
        self.builds = 0
        self.built = threading.Condition()
        self.server = LiveReloadServer(builder=self.build, host="127.0.0.1", port=free_port(),
                                       root=str(root))

    def build(self) -> None:
        with self.built:
            self.builds += 1
            self.built.notify_all()

    def wait_for(self, builds: int) -> int:
        with self.built:
            self.built.wait_for(lambda: self.builds >= builds, timeout=30)
        time.sleep(SETTLE)  # a second rebuild of the same change would come by now
        return self.builds


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "models" / "shop").mkdir(parents=True)
    (tmp_path / "models" / "shop" / "orders.py").write_text("ORDERS = 1\n")
    (tmp_path / "site").mkdir()
    return tmp_path


@pytest.fixture(params=["inotify", "polling"])
def served(project: Path, request: pytest.FixtureRequest,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    if request.param == "polling":
        monkeypatch.setattr(model_watch, "_inotify", lambda: None)
    served = Served(project / "site")
    served.server.watch(str(project / "docs"))
    watcher = watch_models(served.server, project / "models", [project / "docs"])
    assert (watcher is not None) == (request.param == "inotify")
    thread = threading.Thread(target=served.server.serve, daemon=True)
    thread.start()
    time.sleep(SETTLE)  # the polling observer's first look at the folders
    try:
        yield served
    finally:
        served.server.shutdown(wait=True)
        if watcher is not None:
            watcher.stop()
        thread.join(timeout=10)


def test_a_save_in_the_models_folder_rebuilds_once(served: Served, project: Path) -> None:
    assert served.wait_for(0) == 0  # nothing rebuilds while nothing changes
    (project / "models" / "shop" / "orders.py").write_text("ORDERS = 2\n")
    assert served.wait_for(1) == 1


def test_a_new_folder_of_models_is_watched(served: Served, project: Path) -> None:
    # The folder comes with its file in one rename: made in place, a poll of the folders could
    # fall between the folder and the file and see two changes.
    staged = project / "staging" / "billing"
    staged.mkdir(parents=True)
    (staged / "invoices.py").write_text("INVOICES = 1\n")
    folder = staged.rename(project / "models" / "billing")
    assert served.wait_for(1) == 1
    (folder / "invoices.py").write_text("INVOICES = 2\n")
    assert served.wait_for(2) == 2


def test_bytecode_written_while_the_models_load_rebuilds_nothing(served: Served,
                                                                 project: Path) -> None:
    cache = project / "models" / "shop" / "__pycache__"
    cache.mkdir()
    (cache / f"orders.{sys.implementation.cache_tag}.pyc").write_bytes(b"bytecode")
    assert served.wait_for(0) == 0


def test_reading_a_model_rebuilds_nothing(served: Served, project: Path) -> None:
    assert (project / "models" / "shop" / "orders.py").read_text() == "ORDERS = 1\n"
    assert served.wait_for(0) == 0


def test_a_folder_of_models_moved_away_rebuilds(served: Served, project: Path) -> None:
    # inotify reports the folder only; polling would report its files.
    (project / "models" / "shop").rename(project / "shop")
    assert served.wait_for(1) == 1


def test_a_removed_model_rebuilds(served: Served, project: Path) -> None:
    (project / "models" / "shop" / "orders.py").unlink()
    assert served.wait_for(1) == 1


def test_models_inside_the_docs_folder_are_polled_with_it(project: Path) -> None:
    served = Served(project / "site")
    models = project / "docs" / "models"
    models.mkdir()
    assert watch_models(served.server, models, [project / "docs"]) is None
    assert watch_models(served.server, project, [project / "docs"]) is None


def test_a_server_without_an_observer_is_asked_to_watch_as_mkdocs_does(project: Path) -> None:
    class Server:
        def __init__(self) -> None:
            self.watched: list[Any] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    assert watch_models(server, project / "models", [project / "docs"]) is None
    assert server.watched == [str(project / "models")]
