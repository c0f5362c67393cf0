"""How long `archdocs check` takes: loading the model, and the review rules over it.

    .venv/bin/python benchmarks/review_bench.py [--runs 3] [--compare REF]

Measures the flagship example (models/) and a synthetic model of 50 contexts, 100 datastores,
1000 tables and 300 flows (benchmarks/synthetic_model.py), in this process: the minimum and
median of ``--runs`` runs, in CPU seconds (the machine may be shared), for loading, for all
rules, and for the integrity, ownership, pattern, scaling, technology and schema rules alone.

``--compare REF`` measures the review of the working tree against the ``src/`` of a git ref
(``main``) instead: ``--runs`` rounds, each running the two in turn in fresh processes, so
both see the same load. Each process times its first review (the rules' lazy imports
included, as in ``mkdocs build``) and the median of three more (as in ``mkdocs serve``).

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from functools import partial
from io import BytesIO
from pathlib import Path

from archdocs.load import load_models
from archdocs.review.engine import all_rules, review

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = ("INT", "OWN", "PAT", "SCL", "TEC", "SCH")
SYNTHETIC = ["--contexts", "50", "--datastores", "100", "--tables", "1000", "--flows", "300"]


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
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
    print(f"{label}: {tables} tables, {flows} flows, {findings} findings (CPU seconds)")
    print(f"  load            min {load[0]:.2f} s  median {load[1]:.2f} s")
    print(f"  all rules       min {everything[0]:.2f} s  median {everything[1]:.2f} s")
    print(f"  INT..SCH rules  min {families[0]:.2f} s  median {families[1]:.2f} s "
          f"({len(mine)} rules)")


def review_times(models: list[Path]) -> dict[str, tuple[float, float]]:
    """CPU seconds of the first review of each model in this process, and the median of three
    more."""
    all_rules()
    found = {}
    for folder in models:
        reviewing = partial(review, load_models(folder))
        found[str(folder)] = (timed(reviewing, 1)[0], timed(reviewing, 3)[1])
    return found


def write_synthetic(folder: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synthetic_model.py"),
                    str(folder), *SYNTHETIC], check=True, capture_output=True)
    return folder / "models"


def compare(ref: str, rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="archdocs-review-bench-") as tmp:
        base = Path(tmp) / "base"
        archive = subprocess.run(["git", "archive", ref, "src"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(base, filter="data")
        models = {"flagship": ROOT / "models", "synthetic": write_synthetic(Path(tmp) / "syn")}
        trees = {ref: base / "src", "working tree": ROOT / "src"}
        results: dict[str, dict[str, list[tuple[float, float]]]] = {
            tree: {name: [] for name in models} for tree in trees}
        for _ in range(rounds):
            for tree, src in trees.items():
                env = dict(os.environ, PYTHONPATH=str(src))
                output = subprocess.run(
                    [sys.executable, __file__, "--measure", *map(str, models.values())],
                    env=env, check=True, capture_output=True, text=True).stdout
                times = json.loads(output)
                for name, folder in models.items():
                    results[tree][name].append(tuple(times[str(folder)]))
        print(f"review CPU seconds, median of {rounds} rounds (first review / later ones):")
        for name in models:
            for tree in trees:
                firsts = [first for first, _ in results[tree][name]]
                later = [median for _, median in results[tree][name]]
                print(f"  {name:9}  {tree:12}  {statistics.median(firsts):.3f} s / "
                      f"{statistics.median(later):.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compare", metavar="REF")
    parser.add_argument("--measure", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(review_times(args.measure)))
        return 0
    if args.compare:
        compare(args.compare, args.runs)
        return 0
    all_rules()  # import the rule modules outside the measurements
    measure("flagship (models/)", ROOT / "models", args.runs)
    with tempfile.TemporaryDirectory(prefix="archdocs-review-bench-") as tmp:
        measure("synthetic", write_synthetic(Path(tmp)), args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
