"""The README's first model is what a new user copies: it must load, and the review must say
what the README leads them to expect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archdocs.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_example_model_loads_and_reviews_cleanly(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]):
    blocks = re.findall(r"```python\n(# models/shop\.py\n.*?)```", README.read_text(), re.S)
    assert len(blocks) == 1, "the README's example model (# models/shop.py) is gone"
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text(blocks[0], encoding="utf-8")
    assert main(["check", str(models), "--format", "json"]) == 0
    out = capsys.readouterr().out
    # No errors; the warnings ask for the backup and the failover a system of record needs.
    assert re.findall(r'"rule": "(\w+)"', out) == ["OPS002", "RES002"]
