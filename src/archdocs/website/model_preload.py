"""Under ``mkdocs serve``, the model loaded as soon as a save in the models folder is noticed.

MkDocs' live-reload server waits 0.1 s after a change for more changes before it rebuilds, then
reads ``mkdocs.yml`` again and lists the files before the plugin's ``on_files`` loads the model
(a third of a rebuild of the 1000-table benchmark model). :class:`ModelPreload` starts loading
the model in a thread of its own when the save is noticed (archdocs.website.model_watch), so the
wait goes into the load. The rebuild takes that model only when no file under the models
folder changed since the load began (path, modification time, size and inode of each, Python's
bytecode cache left out); otherwise, or when the load failed, it loads the model itself, as
before, and reports its errors. Never two loads at once: a load is not started while a build
runs, and a build waits for a load under way. No MkDocs import here (only the plugin imports
it).
"""

from __future__ import annotations

import threading
from pathlib import Path

from archdocs.load.loader import Model, load_models
from archdocs.website import collector
from archdocs.website.model_rebuilds import BYTECODE_CACHE, Snapshot, input_snapshot


def models_snapshot(models: Path) -> Snapshot:
    """Every file under ``models`` (:func:`input_snapshot`) but Python's bytecode cache,
    which loading the models writes."""
    return input_snapshot([models], skipped_folders=frozenset({BYTECODE_CACHE}))


class ModelPreload:
    """The model of the last save, loaded in a thread while the server waits to rebuild."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loaded: tuple[Path, Snapshot, Model] | None = None
        self._building = False
        self.taken_snapshot: Snapshot = frozenset()
        """The models folder as the last model :meth:`take` returned was loaded from."""

    def start(self, models: Path) -> None:
        """Load the model under ``models`` in a thread (a file there was saved), unless a
        build or a load runs, or the last load is of the folder as it is now."""
        with self._lock:
            if self._building or (self._thread is not None and self._thread.is_alive()):
                return  # the build, or the load, then finds the folder changed: it loads
            loaded = self._loaded
            if loaded is not None and loaded[0] == models and \
                    loaded[1] == models_snapshot(models):
                return  # a second report of the same save
            self._loaded = None
            self._thread = threading.Thread(target=self._load, args=(models,),
                                            name="archdocs-model-preload", daemon=True)
            self._thread.start()

    def _load(self, models: Path) -> None:
        before = models_snapshot(models)
        try:
            with collector.paused():  # as the build's own load (collector.py)
                model = load_models(models)
        except BaseException:  # noqa: BLE001 - the build loads again and reports the error
            return
        self._loaded = (models, before, model)

    def take(self, models: Path) -> Model | None:
        """For the build that starts: the model loaded ahead, when it is of ``models`` as
        they are now; else ``None`` (the build loads them). No load starts until
        :meth:`build_done`."""
        with self._lock:
            self._building = True
            thread = self._thread
        if thread is not None:
            thread.join()
        loaded, self._loaded = self._loaded, None
        if loaded is None or loaded[0] != models or loaded[1] != models_snapshot(models):
            return None
        self.taken_snapshot = loaded[1]
        return loaded[2]

    def build_done(self) -> None:
        with self._lock:
            self._building = False
