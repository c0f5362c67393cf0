"""Under `mkdocs serve`, a helper process reviews the model as soon as a save is noticed
(website/review_ahead.py), while the rebuild generates the pages with the last build's review:
the rebuild takes the helper's review only when the helper loaded the models folder as the
rebuild did, reviews the model itself otherwise (the helper lagged, failed or went away), and
generates the pages again when the review differs from the last one. Either way the site is
byte for byte the one a build that reviews first makes; a real server's rebuilds say which
happened and show a finding the save added."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitehelpers import save_starter_with, served_page, served_starter, site_digest, wait_for_log

from archdocs.load.loader import load_models
from archdocs.review.engine import Report, review
from archdocs.website.build import SiteOptions, build_site
from archdocs.website.model_preload import models_snapshot
from archdocs.website.review_ahead import ReviewAhead, _usable_cores

MODEL = '''
import time

from sqlalchemy import Column, Integer, MetaData, String, Table

from archdocs import System, tech

time.sleep({pause})
system = System("Shop")
sales = system.context("Sales", description="What we sell.")
md = MetaData()
Table("orders", md, Column("id", Integer, primary_key=True, comment="Key."),
      Column("note", String(80), comment="Said by the buyer."), comment="Orders.")
{extra}
sales.datastore("orders-db", tech.PostgreSQL("16"), schema=md)
'''

NO_KEY = 'Table("returns", md, Column("order_id", Integer, comment="Order."), comment="No key.")'
"""A table without a primary key: the review finds it."""


def _model(models: Path, *, extra: str = "", pause: float = 0.0) -> None:
    models.mkdir(exist_ok=True)
    (models / "shop.py").write_text(MODEL.format(pause=pause, extra=extra))


@pytest.fixture
def ahead(tmp_path: Path) -> Iterator[ReviewAhead]:
    """A helper that has started (imported archdocs) and reviewed once."""
    if _usable_cores() < 2:
        pytest.skip("this process may use one processor core: the helper does not start")
    helper = ReviewAhead()
    assert helper.start()
    warm = tmp_path / "warm"
    _model(warm)
    helper.request(warm)
    pending = helper.pending(warm, models_snapshot(warm), Report([], []))
    assert pending is not None and pending.result() is not None
    yield helper
    helper.stop()


def test_the_helper_reviews_the_model_as_the_build_would(tmp_path: Path,
                                                         ahead: ReviewAhead) -> None:
    models = tmp_path / "models"
    _model(models, extra=NO_KEY)
    ahead.request(models)
    pending = ahead.pending(models, models_snapshot(models), Report([], []))
    assert pending is not None
    report = pending.result()
    assert report is not None
    local = review(load_models(models))
    assert report == local
    assert any("returns" in finding.message for finding in report.findings)
    assert ahead.pending(models, models_snapshot(models), local) is None  # asked for once


def test_a_review_of_other_files_is_not_taken(tmp_path: Path, ahead: ReviewAhead) -> None:
    models = tmp_path / "models"
    _model(models, pause=1.0)
    ahead.request(models)
    time.sleep(0.3)  # the helper has the snapshot and waits in the load
    _model(models, extra=NO_KEY)  # saved again: the rebuild loads this
    pending = ahead.pending(models, models_snapshot(models), Report([], []))
    assert pending is not None
    assert pending.result() is None  # the rebuild reviews its own model


def test_a_model_that_fails_to_load_leaves_the_review_to_the_build(
        tmp_path: Path, ahead: ReviewAhead) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text("system = System(\n")
    ahead.request(models)
    pending = ahead.pending(models, models_snapshot(models), Report([], []))
    assert pending is not None
    assert pending.result() is None


def test_a_helper_that_went_away_leaves_the_review_to_the_build(
        tmp_path: Path, ahead: ReviewAhead) -> None:
    models = tmp_path / "models"
    _model(models, pause=2.0)
    ahead.request(models)
    pending = ahead.pending(models, models_snapshot(models), Report([], []))
    assert pending is not None
    ahead._process.kill()  # noqa: SLF001 - the helper dies mid-review
    started = time.monotonic()
    assert pending.result() is None
    assert time.monotonic() - started < 10  # noticed as the pipe closed, not after a timeout
    ahead.request(models)  # asks nothing of a helper that is gone
    assert ahead.pending(models, models_snapshot(models), Report([], [])) is None


def test_no_review_is_pending_without_a_save_or_for_another_folder(
        tmp_path: Path, ahead: ReviewAhead) -> None:
    models = tmp_path / "models"
    _model(models)
    assert ahead.pending(models, models_snapshot(models), Report([], [])) is None
    ahead.request(models)
    assert ahead.pending(tmp_path / "other", models_snapshot(models), Report([], [])) is None


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="no CPU affinity here")
def test_no_helper_starts_on_one_processor_core() -> None:
    # A process allowed one core: the helper would take turns with the rebuild.
    code = ("import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
            "from archdocs.website.review_ahead import ReviewAhead; "
            "print(ReviewAhead().start())")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert ran.stdout.strip() == "False"


@pytest.mark.parametrize("findings_changed", [False, True], ids=["same", "changed"])
def test_the_site_is_the_one_a_build_that_reviews_first_makes(
        tmp_path: Path, ahead: ReviewAhead, findings_changed: bool) -> None:
    models = tmp_path / "models"
    _model(models)
    options = SiteOptions(models=models, use_cache=False)
    last = build_site(options).report
    assert last is not None
    if findings_changed:
        _model(models, extra=NO_KEY)  # a save that adds a finding
    reviewed_first = build_site(options)
    ahead.request(models)
    pending = ahead.pending(models, models_snapshot(models), last)
    speculated = build_site(options, pending=pending)
    assert site_digest(speculated) == site_digest(reviewed_first)
    assert speculated.report == reviewed_first.report
    assert speculated.stats.reviewed_ahead
    assert speculated.stats.regenerated is findings_changed
    summary = speculated.stats.summary()
    assert "reviewed as the save was noticed" in summary
    assert ("pages generated again" in summary) is findings_changed


def test_the_build_reviews_itself_when_the_helper_reviewed_other_files(
        tmp_path: Path, ahead: ReviewAhead) -> None:
    models = tmp_path / "models"
    _model(models)
    options = SiteOptions(models=models, use_cache=False)
    last = build_site(options).report
    assert last is not None
    ahead.request(models)
    pending = ahead.pending(models, frozenset(), last)  # not the snapshot the helper took
    speculated = build_site(options, pending=pending)
    assert site_digest(speculated) == site_digest(build_site(options))
    assert not speculated.stats.reviewed_ahead
    assert not speculated.stats.regenerated  # its own review is the last one


@pytest.mark.slow
def test_a_served_rebuild_takes_the_review_made_as_the_save_was_noticed(
        fresh_repo: Path) -> None:
    with served_starter(fresh_repo) as (process, port, log):
        original = save_starter_with(fresh_repo, "marker-review")
        text = wait_for_log(log, "Reloading browsers", process)
        if _usable_cores() < 2:
            pytest.skip("this process may use one processor core: the helper does not start")
        assert "reviewed as the save was noticed" in text
        assert "pages generated again" not in text
        assert "marker-review" in served_page(port, "search/search_index.json")
        # A table without a primary key: a finding the last review did not have.
        (fresh_repo / "models" / "architecture.py").write_text(_keyless_table(original))
        text = wait_for_log(log, "Reloading browsers", process, 2)
        assert "the findings changed: pages generated again" in text.split("Reloading")[-2]
        assert "marker_keyless" in served_page(port, "search/search_index.json")


def _keyless_table(model: str) -> str:
    """The starter model with a table without a primary key in the catalog's database."""
    table = ('from sqlalchemy import Column, Integer, Table\n'
             'Table("marker_keyless", CatalogBase.metadata, Column("n", Integer), '
             'comment="No key.")\n\n')
    return model.replace("system = System(", table + "system = System(", 1)
