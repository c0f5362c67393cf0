"""benchmarks/synthetic_model.py: the benchmarks' model generator ends for every size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archdocs.load import load_models

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic_model.py"


def test_one_context_gives_a_model_with_every_flow(tmp_path: Path) -> None:
    # With one context the flow generator used to wait forever for two different ones.
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path), "--contexts", "1", "--datastores", "2",
         "--tables", "6", "--flows", "8"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    [system] = load_models(tmp_path / "models").systems
    assert len(system.flows) == 8
    assert len(system.contexts) == 1


def test_zero_contexts_is_refused_with_a_message(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path), "--contexts", "0"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "--contexts must be at least 1" in result.stderr
