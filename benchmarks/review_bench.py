"""How long `archdocs check` takes: loading the model, and the review rules over it.

    .venv/bin/python benchmarks/review_bench.py [--runs 3]

Measures the flagship example (models/) and a synthetic model of 50 contexts, 100 datastores,
1000 tables and 300 flows (benchmarks/synthetic_model.py), in this process: the minimum and
median of ``--runs`` runs, for loading, for all rules, and for the integrity, ownership,
pattern, scaling, technology and schema rules alone. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from archdocs.load import load_models
from archdocs.review.engine import all_rules, review

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = ("INT", "OWN", "PAT", "SCL", "TEC", "SCH")


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def measure(label: str, models: Path, runs: int) -> None:
    load = timed(lambda: load_models(models), runs)
    model = load_models(models)
    tables = sum(len(d.tables) for s in model.systems for d in s.datastores)
    flows = sum(len(s.flows) for s in model.systems)
    mine = [r for r in all_rules() if r.startswith(FAMILIES)]
    everything = timed(lambda: review(model), runs)
    families = timed(lambda: review(model, only=mine), runs)
    findings = len(review(model).findings)
    print(f"{label}: {tables} tables, {flows} flows, {findings} findings")
    print(f"  load            min {load[0]:.2f} s  median {load[1]:.2f} s")
    print(f"  all rules       min {everything[0]:.2f} s  median {everything[1]:.2f} s")
    print(f"  INT..SCH rules  min {families[0]:.2f} s  median {families[1]:.2f} s "
          f"({len(mine)} rules)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    all_rules()  # import the rule modules outside the measurements
    measure("flagship (models/)", ROOT / "models", args.runs)
    with tempfile.TemporaryDirectory(prefix="archdocs-review-bench-") as tmp:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic_model.py"), tmp,
                        "--contexts", "50", "--datastores", "100", "--tables", "1000",
                        "--flows", "300"], check=True, capture_output=True)
        measure("synthetic", Path(tmp) / "models", args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
