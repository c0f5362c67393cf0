"""CPU of generating a site's pages (archdocs' ``SiteBuilder.build``) in one process, round
after round with the model loaded again each time, as ``mkdocs serve`` rebuilds: the first
round pays what a cold build pays, the later ones what a rebuild pays.

    .venv/bin/python benchmarks/pages_cpu.py PROJECT_DIR [--rounds 6]

``PROJECT_DIR`` holds ``models/`` and a diagram cache in ``cache/`` (the project
``benchmarks/site_bench.py --full-only --keep DIR`` leaves in ``DIR/project``; build its site
once first so the diagrams come from the cache). Loading and reviewing the model are not
timed. Prints each round's CPU seconds and a digest of every diagram spec and page of the last
round: run it with the ``src/`` of two trees (``PYTHONPATH=<other tree>/src``), alternately,
on the same project folder (pages name paths found from it), to compare CPU and check the
output is the same.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import time
from pathlib import Path
from typing import Any

from archdocs.load.loader import load_models
from archdocs.review.engine import review
from archdocs.website import build as site_build

try:
    from archdocs.website.collector import paused as collector_paused
except ImportError:  # a tree from before website/collector.py (compared with PYTHONPATH)
    collector_paused = site_build._collector_paused  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    project = args.project.resolve()
    os.chdir(project)
    options = site_build.SiteOptions(models=Path("models"), cache_dir=Path("cache"),
                                     project_root=project, jobs=0)
    specs: list[str] = []
    queue = site_build.SiteBuilder.diagram

    def diagram(self: Any, page_path: str, spec: Any) -> str:
        specs.append(repr((page_path, spec.key, spec.title, spec.dot, spec.mermaid, spec.svg,
                           spec.links)))
        return queue(self, page_path, spec)

    site_build.SiteBuilder.diagram = diagram  # type: ignore[method-assign]
    seconds = []
    for _ in range(args.rounds):
        specs.clear()
        with collector_paused(), site_build._memoized_projections():
            model = load_models(options.models)
            report = review(model)
            started = time.process_time()
            result = site_build.SiteBuilder(model, report, options).build()
            seconds.append(time.process_time() - started)
    digest = hashlib.sha256("\0".join(specs).encode())
    for page in sorted(result.pages, key=lambda p: p.path):
        digest.update(f"\0{page.path}\0{page.content}".encode())
    later = seconds[1:] or seconds
    print("CPU per round: " + " ".join(f"{s:.2f}" for s in seconds) + " s")
    print(f"first {seconds[0]:.2f} s, later rounds median {statistics.median(later):.3f} s, "
          f"min {min(later):.3f} s")
    print(f"{len(specs)} diagram specs, {len(result.pages)} pages, digest "
          f"{digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
