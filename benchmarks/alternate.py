"""Cold `mkdocs build`s of the benchmark project with two versions of archdocs, alternated
round after round, each round followed by the MkDocs floor: on a noisy machine only medians of
alternated runs compare two versions (single ratios swing by half a floor).

    .venv/bin/python benchmarks/site_bench.py --full-only --keep /tmp/sb9   # the projects
    git worktree add /tmp/before <commit>                                    # the other version
    .venv/bin/python benchmarks/alternate.py /tmp/sb9 --before /tmp/before/src --rounds 6

Each version is this checkout's virtual environment with ``PYTHONPATH`` set to a ``src``
folder (this checkout's own for "after"). Prints each build's wall time and, per version, the
median wall time and the median of the rounds' ratios to the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent


def cold_build(project: Path, source: Path | None) -> float:
    """Wall seconds of one `mkdocs build -q` of ``project`` with no site and no diagram cache."""
    for folder in ("site", "cache"):
        shutil.rmtree(project / folder, ignore_errors=True)
    os.sync()  # the deletion's and the last build's write-back are not this build's
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    started = time.perf_counter()
    subprocess.run([str(BIN / "mkdocs"), "build", "-q"], cwd=project, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path, help="the folder site_bench.py --keep made")
    parser.add_argument("--before", type=Path, required=True,
                        help="the src folder of the version to compare with")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    versions = {"before": args.before.resolve(), "after": HERE.parent / "src"}
    walls: dict[str, list[float]] = {name: [] for name in versions}
    ratios: dict[str, list[float]] = {name: [] for name in versions}
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for round_number in range(1, args.rounds + 1):
        seconds = {name: cold_build(args.work / "project", source)
                   for name, source in versions.items()}
        floor = cold_build(args.work / "floor", None)
        for name, wall in seconds.items():
            walls[name].append(wall)
            ratios[name].append(wall / floor)
        print(f"round {round_number}: " + ", ".join(
            f"{name} {wall:.2f} s" for name, wall in seconds.items()) + f", floor {floor:.2f} s")
    for name in versions:
        print(f"{name}: median {statistics.median(walls[name]):.1f} s "
              f"({min(walls[name]):.1f}-{max(walls[name]):.1f}), median ratio to the floor "
              f"{statistics.median(ratios[name]):.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
