"""Diagrams are laid out by worker processes while the pages are still being generated: the
site is the same as a serial build's, and no worker outlives a build that fails."""

from __future__ import annotations

from pathlib import Path

import diagram_workers_provider
import pytest
from sitehelpers import HOSTILE, diagram_worker_pids

import archdocs.render.renderer as renderer_module
from archdocs.website.build import CORE_PROVIDER, SiteOptions, build_site

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="finds the worker processes through /proc")

PROVIDERS = [CORE_PROVIDER, "diagram_workers_provider"]


@pytest.fixture
def pool_for_any_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile model's few diagrams go to the worker pool one by one, as a big model's do."""
    monkeypatch.setattr(renderer_module, "_POOL_MIN_DOT_BYTES", 0)
    monkeypatch.setattr(renderer_module, "_POOL_MIN_SPECS", 2)
    monkeypatch.setattr(renderer_module, "_STREAM_BATCH_SPECS", 1)


def test_diagrams_laid_out_during_page_generation_are_those_of_a_serial_build(
    pool_for_any_batch: None,
) -> None:
    serial = build_site(SiteOptions(models=HOSTILE, use_cache=False, jobs=1), providers=PROVIDERS)
    assert diagram_workers_provider.SEEN == []
    overlapped = build_site(SiteOptions(models=HOSTILE, use_cache=False, jobs=2),
                            providers=PROVIDERS)
    assert diagram_workers_provider.SEEN, "no worker was running while pages were generated"
    # Every diagram laid out (or, a table's neighbours, drawn by archdocs) in both builds.
    stats = overlapped.stats
    assert stats.rendered + stats.drawn == stats.diagrams
    assert stats.rendered == serial.stats.rendered >= 5 and stats.drawn == serial.stats.drawn
    assert overlapped.files() == serial.files()
    assert diagram_worker_pids() == []


def test_a_failing_provider_leaves_no_worker_process_behind(
    pool_for_any_batch: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(diagram_workers_provider, "FAIL", True)
    with pytest.raises(RuntimeError, match="a bug in a page provider"):
        build_site(SiteOptions(models=HOSTILE, use_cache=False, jobs=2), providers=PROVIDERS)
    assert diagram_workers_provider.SEEN, "no worker was running while pages were generated"
    assert diagram_worker_pids() == []
