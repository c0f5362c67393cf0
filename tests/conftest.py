"""Shared fixtures: paths to the repository, the flagship example and the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = (REPO.parent / "shared" / "corpus").resolve()


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (it lies beside the project root)")
    return CORPUS


@pytest.fixture
def write_model(tmp_path: Path):
    """Write model files into a fresh models directory: write_model({"shop.py": source})."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "models"
        for name, source in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source, encoding="utf-8")
        return root

    return write
