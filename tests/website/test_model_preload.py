"""Under `mkdocs serve`, the model is loaded as soon as a save in the models folder is noticed
(website/model_preload.py): the rebuild takes that model only when nothing in the folder
changed since the load began, never while a build runs, and loads the model itself (reporting
its errors) otherwise; a real server's rebuild after a save says it took the model loaded
ahead and shows the edit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sitehelpers import save_starter_with, served_page, served_starter, wait_for_log

from archdocs.load.loader import load_models
from archdocs.website.model_preload import ModelPreload

MODEL = '''
import time

from archdocs import System

time.sleep({pause})
system = System("Shop", description="{description}")
'''


def _model(models: Path, description: str, pause: float = 0.0) -> None:
    models.mkdir(exist_ok=True)
    (models / "shop.py").write_text(MODEL.format(pause=pause, description=description))


def test_the_model_loaded_ahead_is_taken_when_nothing_changed(tmp_path: Path) -> None:
    models = tmp_path / "models"
    _model(models, "First.")
    preload = ModelPreload()
    preload.start(models)
    model = preload.take(models)
    preload.build_done()
    assert model is not None
    assert [s.description for s in model.systems] == ["First."]
    assert [s.name for s in model.systems] == [s.name for s in load_models(models).systems]
    assert preload.take(models) is None  # taken once: the next build loads, or takes its own
    preload.build_done()


def test_a_save_while_the_model_loads_is_not_missed(tmp_path: Path) -> None:
    models = tmp_path / "models"
    _model(models, "First.", pause=1.0)
    preload = ModelPreload()
    preload.start(models)
    time.sleep(0.3)  # the load has read the file and waits in it
    _model(models, "Second.", pause=1.0)
    assert preload.take(models) is None  # the build loads the folder as it is now
    preload.build_done()
    assert [s.description for s in load_models(models).systems] == ["Second."]


def test_no_load_starts_while_a_build_runs(tmp_path: Path) -> None:
    models = tmp_path / "models"
    _model(models, "First.")
    preload = ModelPreload()
    assert preload.take(models) is None  # a build starts (nothing was loaded ahead)
    preload.start(models)  # a save during the build: its own rebuild follows
    assert preload.take(models) is None
    preload.build_done()
    preload.start(models)
    assert preload.take(models) is not None
    preload.build_done()


def test_a_model_that_fails_to_load_is_left_to_the_build(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text("system = System(\n")
    preload = ModelPreload()
    preload.start(models)
    assert preload.take(models) is None  # the build's own load reports the error
    preload.build_done()


def test_another_folder_is_not_taken_for_the_models(tmp_path: Path) -> None:
    models = tmp_path / "models"
    _model(models, "First.")
    preload = ModelPreload()
    preload.start(models)
    assert preload.take(tmp_path / "other") is None
    preload.build_done()


@pytest.mark.slow
def test_a_served_rebuild_takes_the_model_loaded_as_the_save_was_noticed(
        fresh_repo: Path) -> None:
    with served_starter(fresh_repo) as (process, port, log):
        save_starter_with(fresh_repo, "marker-preload")
        text = wait_for_log(log, "Reloading browsers", process)
        assert "the model loaded as the save was noticed" in text
        assert "marker-preload" in served_page(port, "search/search_index.json")
