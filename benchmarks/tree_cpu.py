"""Cold `mkdocs build`s of the benchmark project with two versions of archdocs, alternated (the
order swapped every round), each followed by the MkDocs floor: the wall time of each build and
the CPU time of its whole process tree, diagram workers included, read from a control group of
its own (Linux, as root).

    .venv/bin/python benchmarks/site_bench.py --full-only --keep /tmp/sa   # the projects
    cp -r /tmp/sa /dev/shm/sa                                                 # in memory
    git worktree add /tmp/before <commit>                                     # the other version
    sudo .venv/bin/python benchmarks/tree_cpu.py /dev/shm/sa --before /tmp/before/src --rounds 12

``alternate.py`` counts the CPU of the whole machine, which other tenants' processes (a
database, a message broker) add to; ``build_cpu.py`` polls each process and misses the last
tenth of a second of each. The control group counts every process the build starts, to the
nanosecond, and nothing else. Still, on a shared machine the same work takes more or less CPU
time from one minute to the next (seen here: 8.5 to 12.5 s for one version): compare versions
by medians over many alternated rounds, never across runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alternate import cold_start  # noqa: E402
from bytecode import SRC, compile_sources  # noqa: E402

BIN = Path(sys.executable).parent
GROUP_NAME = "archdocs-benchmark"


class ControlGroup:
    """A control group with CPU accounting: cgroup v2 (``cpu.stat``) or v1 (``cpuacct``)."""

    def __init__(self) -> None:
        unified = Path("/sys/fs/cgroup")
        if (unified / "cgroup.controllers").exists():
            self.path, self._usage = unified / GROUP_NAME, self._usage_v2
        else:
            self.path, self._usage = unified / "cpuacct" / GROUP_NAME, self._usage_v1
        try:
            self.path.mkdir(exist_ok=True)
        except OSError as error:
            raise SystemExit(f"cannot make the control group {self.path} ({error.strerror}): "
                             "run as root on Linux") from error

    def join(self) -> None:
        """Put the calling process (a child about to exec the build) into the group."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def cpu_seconds(self) -> float:
        return self._usage()

    def _usage_v1(self) -> float:
        return int((self.path / "cpuacct.usage").read_text()) / 1e9

    def _usage_v2(self) -> float:
        for line in (self.path / "cpu.stat").read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == "usage_usec":
                return int(value) / 1e6
        raise SystemExit(f"{self.path}/cpu.stat has no usage_usec")


def cold_build(group: ControlGroup, project: Path, source: Path | None) -> tuple[float, float]:
    """Wall seconds of one cold `mkdocs build` of ``project`` and the CPU seconds of every
    process it started."""
    env = cold_start(project, source)
    used = group.cpu_seconds()
    started = time.perf_counter()
    subprocess.run([str(BIN / "mkdocs"), "build", "-q"], cwd=project, env=env, check=True,
                   preexec_fn=group.join)
    wall = time.perf_counter() - started
    time.sleep(0.2)  # the diagram workers' server ends once the build has
    return wall, group.cpu_seconds() - used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path, help="the folder site_bench.py --keep made")
    parser.add_argument("--before", type=Path, required=True,
                        help="the src folder of the version to compare with")
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    group = ControlGroup()
    versions = {"before": args.before.resolve(), "after": SRC}
    for source in versions.values():
        compile_sources(source)  # each version's modules compiled, as installed
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in [*versions, "floor"]}
    for round_number in range(1, args.rounds + 1):
        order = list(versions.items())
        if round_number % 2 == 0:
            order.reverse()  # neither version always builds right after the floor
        for name, source in order:
            runs[name].append(cold_build(group, args.work / "project", source))
        runs["floor"].append(cold_build(group, args.work / "floor", None))
        print(f"round {round_number}: " + ", ".join(
            f"{name} {wall:.2f} s ({cpu:.2f} s CPU)" for name, (wall, cpu) in
            ((name, built[-1]) for name, built in runs.items())), flush=True)
    floors = [wall for wall, _ in runs["floor"]]
    for name, built in runs.items():
        ratios = [wall / floor for (wall, _), floor in zip(built, floors, strict=True)]
        ratio = "" if name == "floor" else \
            f", median ratio to the floor {statistics.median(ratios):.2f}"
        print(f"{name}: median {statistics.median(w for w, _ in built):.2f} s wall, "
              f"{statistics.median(c for _, c in built):.2f} s CPU of its processes{ratio}")


if __name__ == "__main__":
    main()
