"""A build keeps Python's garbage collector off the model and the pages while MkDocs renders
them (``gc.freeze``), and they stay out of its sight until the next build in the process,
which gives them back first: a process that builds again (a script, a test run) still frees
each build's model. Under ``mkdocs serve`` the pass that frees the models rebuilds replaced
runs while the server is idle, or in the rebuild itself when saves come faster than that
(archdocs.website.collector)."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site_rebuild_memory import SHOP

from archdocs.website import collector

HOOKS = """\
import gc
import weakref

FROZEN_WHILE_RENDERING = []
FIRST_TABLES = []


def on_env(env, config, files):
    # The build's model, seen while MkDocs renders (the plugin lets go of it afterwards).
    model = config.plugins["archdocs"].result.model
    FIRST_TABLES.append(weakref.ref(model.systems[0].datastores[0].tables[0]))


def on_post_build(config):
    FROZEN_WHILE_RENDERING.append(gc.get_freeze_count())
"""


@pytest.fixture
def project(write_model, tmp_path: Path) -> Path:
    models = write_model({"shop.py": SHOP})
    (tmp_path / "docs").mkdir()
    (tmp_path / "hooks.py").write_text(HOOKS)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Shop\ndocs_dir: docs\nhooks: [hooks.py]\n"
        f"plugins:\n  - archdocs: {{models: {models}, cache_dir: cache}}\n")
    return tmp_path / "mkdocs.yml"


@pytest.fixture(autouse=True)
def _nothing_left_frozen() -> Any:
    """Other tests of this process get the collector as they would without these."""
    yield
    collector.release()


def _first_table(config: Any) -> weakref.ref[Any]:
    """A table of the model of the last build."""
    hooks: Any = config.plugins["hooks.py"]
    return hooks.FIRST_TABLES[-1]  # type: ignore[no-any-return]


def _idle(deadline: float) -> None:
    """Wait for the idle pass: everything given back, no pass running."""
    while gc.get_freeze_count() > 0 or any(
            thread.name == "archdocs-idle-collection" for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "no collection while the server was idle"
        time.sleep(0.05)


def _freed(table: weakref.ref[Any]) -> bool:
    for _ in range(3):  # weak-keyed caches drop their entries one collection after their key
        gc.collect()
    return table() is None


def test_a_build_keeps_its_objects_out_of_sight_while_mkdocs_renders(project) -> None:
    config = load_config(str(project))
    hooks: Any = config.plugins["hooks.py"]  # a hooks file is a module among the plugins
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert (project.parent / "site" / "architecture" / "index.html").exists()
    assert hooks.FROZEN_WHILE_RENDERING[0] > 0, (
        "the build rendered its pages with the model in the collector's way")
    assert gc.get_freeze_count() == 0, "objects left out of the collector's sight after the build"


EXIT_PROBE = """\
import atexit, gc, sys

if __name__ == "__main__":
    # Registered first, so it runs last, after every other exit handler.
    atexit.register(lambda: print("FROZEN AT EXIT", gc.get_freeze_count()))
    sys.argv = sys.argv[1:]
    if sys.argv[0] == "mkdocs":
        from mkdocs.__main__ import cli
        cli()
    else:
        from archdocs.cli import main
        sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", [["mkdocs", "build", "-q"],
                                     ["archdocs", "generate", "-q", "out", "models"]])
def test_the_process_ends_without_the_collector_walking_the_build(
    project, command: list[str],
) -> None:
    probe = project.parent / "exit_probe.py"
    probe.write_text(EXIT_PROBE)
    done = subprocess.run([sys.executable, str(probe), *command], cwd=project.parent,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    frozen = int(done.stdout.split("FROZEN AT EXIT")[1].split()[0])
    assert frozen > 0, "Python's last collection walks everything the build left"


def test_a_build_again_in_the_process_lets_the_last_model_go(project) -> None:
    config = load_config(str(project))
    hooks: Any = config.plugins["hooks.py"]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        first_table = _first_table(config)
        build(config)  # as a script builds again: the same plugin, told "build"
        assert _freed(first_table), "the first build's model outlived the second build"
    finally:
        config.plugins.on_shutdown()
    first, second = hooks.FROZEN_WHILE_RENDERING
    assert first > 0, "the first build rendered its pages with the model in the collector's way"
    assert second == 0, "a build again in the same process kept the last one's garbage frozen"


def test_serve_frees_the_replaced_model_once_idle(project) -> None:
    config = load_config(str(project))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        first_table = _first_table(config)
        build(config, dirty=True)  # a save: the first model is garbage now
        assert gc.get_freeze_count() > 0, "the rebuild left its objects in the collector's way"
        _idle(time.monotonic() + 30)
        assert _freed(first_table), "the replaced model outlived the idle collection"
    finally:
        config.plugins.on_shutdown()


def test_serve_keeps_no_model_while_waiting_for_a_save(project) -> None:
    # Between saves the server holds no model: the idle pass frees the one the last build
    # made (the next build loads the model anew), so the pass walks less and memory is lower.
    config = load_config(str(project))
    hooks: Any = config.plugins["hooks.py"]
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, dirty=True)
        table = _first_table(config)
        _idle(time.monotonic() + 30)
        assert _freed(table), "the server kept the last build's model while idle"
        build(config, dirty=True)  # the next save renders with a model of its own
        assert len(hooks.FIRST_TABLES) == 2 and hooks.FIRST_TABLES[1]() is not None
    finally:
        config.plugins.on_shutdown()


def test_serve_frees_replaced_models_when_saves_come_faster_than_idle(project) -> None:
    config = load_config(str(project))
    plugin = config.plugins["archdocs"]
    config.plugins.on_startup(command="serve", dirty=True)
    plugin.idle_collection = collector.IdleCollection(delay=600, every=2)  # never idle
    try:
        build(config, dirty=True)
        first_table = _first_table(config)
        for _ in range(4):  # a pass in the third and the fifth build
            build(config, dirty=True)
        # Objects kept out of the collector's sight cannot be freed by it, garbage or not.
        assert _freed(first_table), "models of rebuilds pile up while saves keep coming"
    finally:
        config.plugins.on_shutdown()


def test_a_pause_in_another_thread_keeps_the_collector_off_until_the_last_ends() -> None:
    """A model loaded ahead in a thread (model_preload.py) while a build pauses the collector:
    the collector resumes when both have ended, in whichever order, and not before."""
    assert gc.isenabled()
    entered, leave = threading.Event(), threading.Event()

    def load_ahead() -> None:
        with collector.paused():
            entered.set()
            leave.wait(30)

    thread = threading.Thread(target=load_ahead)
    thread.start()
    assert entered.wait(30)
    try:
        with collector.paused():
            leave.set()
            thread.join(30)
            assert not gc.isenabled()  # the thread's pause ended, the build's has not
        assert gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        leave.set()
        thread.join(30)
        gc.enable()
