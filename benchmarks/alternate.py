"""Cold `mkdocs build`s of the benchmark project with two versions of archdocs, alternated
round after round, each round followed by the MkDocs floor: on a noisy machine only medians of
alternated runs compare two versions (single ratios swing by half a floor).

    .venv/bin/python benchmarks/site_bench.py --full-only --keep /tmp/sb9   # the projects
    git worktree add /tmp/before <commit>                                    # the other version
    .venv/bin/python benchmarks/alternate.py /tmp/sb9 --before /tmp/before/src --rounds 6

Each version is this checkout's virtual environment with ``PYTHONPATH`` set to a ``src``
folder (this checkout's own for "after"), its modules compiled first (:mod:`bytecode`). Prints
each build's wall time, the CPU time the whole machine spent meanwhile (diagram workers
included) and the seconds of archdocs' part by its summary line (load, review, pages,
diagrams) and, per version, their medians and the median of the rounds' ratios to the floor.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bytecode import SRC, compile_models, compile_sources  # noqa: E402


def busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since it started (Linux; 0
    elsewhere): a build's difference counts the diagram workers and the forked children, which
    the build's own resource usage leaves out once they are gone."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(field) for field in fields]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait


SETTLE_SECONDS = 61
"""How long a file system is left alone before a timed build (:func:`settle`)."""


def settle(seconds: float) -> None:
    """Write back what is pending, then wait ``seconds``: on this machine kind (ext4 without a
    journal) a file created within a minute of others being deleted costs up to a millisecond,
    as ext4 checks every inode freed in that minute when it looks for a free one; builds run
    back to back (and whatever ran before the benchmark) made the next ones pay for their
    deletions (the floor took 3.6 s, then 6.7 s within one run). Waiting a minute, with the
    buffers written back, lets each timed build start on a quiet file system, as a build in a
    fresh checkout does (performance guide, "The seventeenth round")."""
    os.sync()
    time.sleep(seconds)


def cold_start(project: Path, source: Path | None = None,
               settle_seconds: float = 0) -> dict[str, str]:
    """``project`` without its site and diagram cache, and the environment for building it
    with the modules under ``source`` (``None``: the installed ones); with
    ``settle_seconds``, the file system left alone that long once they are deleted
    (:func:`settle`). Its model files are compiled first (:func:`compile_models`)."""
    compile_models(project)
    for folder in ("site", "cache"):
        shutil.rmtree(project / folder, ignore_errors=True)
    os.sync()  # the deletion's and the last build's write-back are not this build's
    if settle_seconds:
        settle(settle_seconds)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if source is not None:
        env["PYTHONPATH"] = str(source)
    return env


def cold_build(project: Path, source: Path | None,
               settle_seconds: float = 0) -> tuple[float, float, float | None]:
    """Wall seconds of one `mkdocs build` of ``project`` with no site and no diagram cache,
    the busy CPU seconds of the whole machine meanwhile, and the seconds of archdocs' part
    (load, review, pages, diagrams) by its summary line (``None`` without the plugin)."""
    env = cold_start(project, source, settle_seconds)
    started, busy = time.perf_counter(), busy_seconds()
    ran = subprocess.run([str(BIN / "mkdocs"), "build"], cwd=project, env=env, check=True,
                         capture_output=True, text=True)
    wall, cpu = time.perf_counter() - started, busy_seconds() - busy
    summary = re.search(r"archdocs: \d+ pages, .* in ([\d.]+) s \(load", ran.stderr)
    return wall, cpu, float(summary.group(1)) if summary else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path, help="the folder site_bench.py --keep made")
    parser.add_argument("--before", type=Path, required=True,
                        help="the src folder of the version to compare with")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--settle", type=float, default=0, metavar="SECONDS",
                        help="leave the file system alone this long before each build "
                        f"({SETTLE_SECONDS} lets it forget the last builds' deletions)")
    args = parser.parse_args()
    versions = {"before": args.before.resolve(), "after": SRC}
    for source in versions.values():
        compile_sources(source)  # each version's modules compiled, as installed
    walls: dict[str, list[float]] = {name: [] for name in versions}
    cpus: dict[str, list[float]] = {name: [] for name in versions}
    ratios: dict[str, list[float]] = {name: [] for name in versions}
    parts: dict[str, list[float]] = {name: [] for name in versions}
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for round_number in range(1, args.rounds + 1):
        seconds = {name: cold_build(args.work / "project", source, args.settle)
                   for name, source in versions.items()}
        floor, floor_cpu, _ = cold_build(args.work / "floor", None, args.settle)
        for name, (wall, cpu, part) in seconds.items():
            walls[name].append(wall)
            cpus[name].append(cpu)
            ratios[name].append(wall / floor)
            if part is not None:
                parts[name].append(part)
        print(f"round {round_number}: " + ", ".join(
            f"{name} {wall:.2f} s ({cpu:.1f} s CPU, archdocs' part {part or 0:.1f} s)"
            for name, (wall, cpu, part) in seconds.items())
            + f", floor {floor:.2f} s ({floor_cpu:.1f} s CPU)")
    for name in versions:
        part = f", archdocs' part {statistics.median(parts[name]):.1f} s" if parts[name] else ""
        print(f"{name}: median {statistics.median(walls[name]):.1f} s "
              f"({min(walls[name]):.1f}-{max(walls[name]):.1f}){part}, "
              f"{statistics.median(cpus[name]):.1f} s CPU of the whole machine, "
              f"median ratio to the floor {statistics.median(ratios[name]):.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
