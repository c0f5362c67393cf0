"""CPU of laying out a site's diagrams, by kind, in one process: the robust figure on a shared
machine, where the "Graphviz layout" seconds of a build summary (wall time inside Graphviz,
summed over the workers) move with the load.

    .venv/bin/python benchmarks/diagram_cpu.py MODELS_DIR [--rounds 2]

Collects every diagram a site build of ``MODELS_DIR`` has Graphviz lay out, and every ER part
it measures for legibility (without laying them out for the site), then times, in this
process: ``render_svg`` of each diagram (layout and the self-contained SVG a worker makes), by
kind (``er``, ``flow``, ``context`` ...), and ``layout`` of each measured part (what the main
process does to measure them). Prints a digest of every output: run it with the ``src/``
of two trees (``PYTHONPATH=<other tree>/src``) to compare CPU and check the output is the same.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import time
from pathlib import Path
from typing import Any

import archdocs.render.measure as measure_module
from archdocs.render import DiagramRenderer
from archdocs.render.layout import layout, render_svg
from archdocs.website.build import SiteOptions, build_site


class _Collected(Exception):
    pass


def collect(models: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """``(key, dot)`` of every diagram of the site of ``models`` and the DOT of every ER part
    it measures, in build order. The build stops once the pages are generated."""
    specs: list[tuple[str, str]] = []
    measured: list[str] = []
    submit, finish = DiagramRenderer.submit, DiagramRenderer.finish
    legible = measure_module.Measurements.legible

    def record(self: DiagramRenderer, spec: Any) -> None:
        if spec.svg is None:  # not one archdocs draws itself (tables' neighbours)
            specs.append((spec.key, spec.dot))

    def stop(self: DiagramRenderer, progress: Any = None, each: Any = None) -> Any:
        raise _Collected

    def measuring(self: Any, dot: str, min_label_px: float) -> bool:
        measured.append(dot)
        return legible(self, dot, min_label_px)

    DiagramRenderer.submit = record  # type: ignore[method-assign]
    DiagramRenderer.finish = stop  # type: ignore[method-assign]
    measure_module.Measurements.legible = measuring  # type: ignore[method-assign]
    try:
        build_site(SiteOptions(models=models, use_cache=False, jobs=1))
    except _Collected:
        pass
    finally:
        DiagramRenderer.submit = submit  # type: ignore[method-assign]
        DiagramRenderer.finish = finish  # type: ignore[method-assign]
        measure_module.Measurements.legible = legible  # type: ignore[method-assign]
    return specs, measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", type=Path)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    specs, measured = collect(args.models)
    print(f"{len(specs)} diagrams, {len(measured)} ER parts measured; archdocs from "
          f"{Path(measure_module.__file__).parents[2]}")
    for _ in range(args.rounds):
        by_kind: collections.defaultdict[str, float] = collections.defaultdict(float)
        digest = hashlib.sha256()
        started = time.process_time()
        for key, dot in specs:
            mark = time.process_time()
            svg, error, _ = render_svg(key, dot)
            by_kind[key.partition("-")[0]] += time.process_time() - mark
            digest.update(f"{key}\0{svg or error}\0".encode())
        rendering = time.process_time() - started
        started = time.process_time()
        for dot in measured:
            digest.update(layout(dot)[0].encode())
        measuring = time.process_time() - started
        kinds = ", ".join(f"{kind} {seconds:.2f}" for kind, seconds in sorted(by_kind.items()))
        print(f"render_svg, all diagrams: {rendering:.2f} s CPU ({kinds}); measuring: "
              f"{measuring:.2f} s CPU; output digest {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
