"""Fixtures for the site tests: built sites of the flagship example and of a hostile model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitehelpers import FLAGSHIP, HOSTILE

from archdocs.website.build import SiteOptions, SiteResult, build_site


@pytest.fixture(scope="session")
def flagship(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    if not any(FLAGSHIP.rglob("*.py")):
        pytest.skip("the flagship example models/ is empty")
    # A snapshot: the same input for every test of the session, even while someone edits models/.
    snapshot = tmp_path_factory.mktemp("flagship") / "models"
    shutil.copytree(FLAGSHIP, snapshot, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path_factory.mktemp("cache")
    return build_site(SiteOptions(models=snapshot, cache_dir=cache))


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    return build_site(SiteOptions(models=HOSTILE, use_cache=False))


@pytest.fixture
def fresh_repo(tmp_path: Path) -> Path:
    """An empty folder for init/generate/serve tests (removed by pytest)."""
    path = tmp_path / "repo"
    path.mkdir()
    yield path
    shutil.rmtree(path / ".cache", ignore_errors=True)
