"""CPU of in-process `mkdocs serve --dirty` rebuilds of a project, with archdocs' load and
review phases timed: what issue 21's load and review work is measured with.

    .venv/bin/python benchmarks/rebuild_load_review.py PROJECT [--saves 4]

PROJECT is a folder with ``mkdocs.yml`` and ``models/`` (``site_bench.py --full-only --keep DIR``
makes ``DIR/project``; work on a copy, its ``models/synthetic/ctx_003.py`` is edited). One full
build, then ``--saves`` times: one description changed in that file, and a dirty build in the
same process, as ``mkdocs serve --dirty`` does. Prints each rebuild's wall and CPU seconds and
the CPU seconds of ``load_models`` and ``review`` inside it, then the medians. Compare two
branches by running each one's copy alternately (the machine may be shared).

``--idle SECONDS`` waits that long after each rebuild, as a server waits for the next save
(its collection pass runs 0.5 s after a build), and prints what the process holds then: its
memory (RSS) and the objects Python's collector tracks.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

EDITED = "models/synthetic/ctx_003.py"


def rss_megabytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise SystemExit("no VmRSS in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--saves", type=int, default=4)
    parser.add_argument("--idle", type=float, default=0.0,
                        help="seconds to wait after each rebuild, then print what is held")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    project = args.project.resolve()
    os.chdir(project)
    logging.disable(logging.WARNING)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import archdocs.website.build as site

    phases = {"load": 0.0, "review": 0.0}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*positional: Any, **keywords: Any) -> Any:
            start = time.process_time()
            try:
                return function(*positional, **keywords)
            finally:
                phases[name] += time.process_time() - start
        return run

    site.load_models = timed("load", site.load_models)  # type: ignore[assignment]
    site.review = timed("review", site.review)  # type: ignore[assignment]

    def once(dirty: bool) -> tuple[float, float, dict[str, float]]:
        config = load_config(str(project / "mkdocs.yml"))
        config.plugins.on_startup(command="serve", dirty=dirty)
        phases.update(load=0.0, review=0.0)
        wall, cpu = time.perf_counter(), time.process_time()
        build(config, dirty=dirty)
        return time.perf_counter() - wall, time.process_time() - cpu, dict(phases)

    once(False)
    edited = project / EDITED
    rows = []
    held = []
    for save in range(args.saves):
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace('description="', f'description="edit{save} ', 1),
                          encoding="utf-8")
        rows.append(once(True))
        if args.idle:
            time.sleep(args.idle)
            held.append(f"; then held {rss_megabytes()} MB, {len(gc.get_objects())} objects "
                        "tracked")
    for (wall, cpu, phase), then in zip(rows, held or [""] * len(rows), strict=True):
        print(f"dirty rebuild: {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"(load {phase['load']:.3f} s, review {phase['review']:.3f} s){then}")
    print(f"median: {statistics.median(r[1] for r in rows):.2f} s CPU, load "
          f"{statistics.median(r[2]['load'] for r in rows):.3f} s, review "
          f"{statistics.median(r[2]['review'] for r in rows):.3f} s")


if __name__ == "__main__":
    main()
