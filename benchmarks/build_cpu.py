"""CPU time of each process of one cold `mkdocs build` (Linux): the mkdocs process, the
children it forks, the diagram workers' forkserver and the workers.

    .venv/bin/python benchmarks/build_cpu.py DIR/project [--rounds 2]

``DIR/project`` is the project ``benchmarks/site_bench.py --full-only --keep DIR`` leaves.
Reads ``/proc/<pid>/stat`` of the build's processes every 0.1 s (a process's last tenth of a
second before it ends can be missed): the resource usage of the build itself leaves out the
workers, which the forkserver starts and reaps. When the processes' CPU adds up to nearly
twice the wall time, both cores were busy throughout and only less work makes the build
faster.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alternate import cold_start  # noqa: E402
from bytecode import SRC, compile_sources  # noqa: E402

BIN = Path(sys.executable).parent
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, str, float]]:
    """Every process: pid -> (parent pid, command line, user + system CPU seconds)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2:].split()
        found[int(entry)] = (int(fields[1]), command.decode(errors="replace").strip(),
                             (int(fields[11]) + int(fields[12])) / TICK)
    return found


def measure(project: Path, source: Path | None = None,
            settle_seconds: float = 0) -> tuple[float, dict[str, list[float]]]:
    """One cold build (with the modules under ``source``; ``None``: the installed ones): its
    wall seconds and the CPU seconds of each of its processes, by kind."""
    env = cold_start(project, source, settle_seconds)
    before = set(_processes())
    started = time.perf_counter()
    build = subprocess.Popen([str(BIN / "mkdocs"), "build", "-q"], cwd=project, env=env)
    last: dict[int, tuple[int, str, float]] = {}
    while build.poll() is None:
        last.update(_processes())
        time.sleep(0.1)
    wall = time.perf_counter() - started
    # The forkserver started during the build (it is not always the build's child by the time
    # it is seen: it can be reparented). Its workers run the same command line, under it.
    server = "multiprocessing.forkserver"
    forkservers = {pid for pid, (parent, command, _) in last.items()
                   if pid not in before and server in command
                   and server not in last.get(parent, (0, "", 0.0))[1]}
    kinds: dict[str, list[float]] = {}
    for pid, (parent, _, cpu) in last.items():
        if pid == build.pid:
            kind = "the mkdocs process"
        elif pid in forkservers:
            kind = "the diagram workers' forkserver"
        elif parent == build.pid:
            kind = "children forked by the mkdocs process (work-ahead, site writer)"
        elif parent in forkservers:
            kind = "diagram workers"
        else:
            continue
        kinds.setdefault(kind, []).append(cpu)
    return wall, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--before", type=Path, metavar="SRC",
                        help="also build with the src folder of another version, alternated")
    parser.add_argument("--settle", type=float, default=0, metavar="SECONDS",
                        help="leave the file system alone this long before each build "
                        "(alternate.py's --settle)")
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        raise SystemExit("build_cpu.py reads /proc: it runs on Linux only")
    versions: dict[str, Path | None] = {"": None}
    if args.before is not None:
        versions = {"before, ": args.before.resolve(), "after, ": SRC}
    for source in versions.values():
        compile_sources(source or SRC)  # as installed
    for round_number in range(1, args.rounds + 1):
        for name, source in versions.items():
            wall, kinds = measure(args.project.resolve(), source, args.settle)
            total = sum(sum(cpus) for cpus in kinds.values())
            print(f"build {round_number}, {name}{wall:.1f} s wall, {total:.1f} s CPU in all "
                  f"({total / wall:.2f} cores busy on average)")
            for kind, cpus in kinds.items():
                print(f"  {kind}: {sum(cpus):.1f} s ({len(cpus)} process"
                      f"{'es' if len(cpus) > 1 else ''})")


if __name__ == "__main__":
    main()
