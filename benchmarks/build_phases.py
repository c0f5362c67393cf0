"""Where one full `mkdocs build` spends its time: MkDocs' steps, each plugin's events, the
garbage collector, and the archdocs plugin's own part; the same for the MkDocs floor of as
many one-paragraph pages, measured right after, for comparison.

    .venv/bin/python benchmarks/build_phases.py PROJECT [--floor FLOOR] [--rounds 1]

PROJECT and FLOOR are the ``project`` and ``floor`` folders ``site_bench.py --keep DIR`` leaves
in DIR. Each build runs in a fresh process with its site folder and diagram cache removed first
(a cold build, as ``site_bench.py`` measures it). Wall time (``perf_counter``) of each step,
summed over its calls; the garbage collector's time is in the step it interrupted too. Steps
nest (``_populate_page`` holds ``Page.render`` and ``on_page_markdown``; ``_build_page`` holds
the template, ``on_page_context`` and ``write_file``).
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alternate import cold_start  # noqa: E402
from bytecode import compile_sources  # noqa: E402

STEP = "STEP "


def instrumented_build(project: Path) -> None:
    """`mkdocs build -q` in ``project`` with a timer around each step; prints a STEP line per
    step, and the whole build's wall and CPU time."""
    import jinja2
    import mkdocs.commands.build as build
    import mkdocs.plugins as plugins
    import mkdocs.structure.pages as pages
    from mkdocs.__main__ import cli
    from mkdocs.structure.files import Files

    spent: dict[str, float] = defaultdict(float)

    def timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started
        return wrapper

    for name in ("get_files", "get_navigation", "_populate_page", "_build_theme_template",
                 "_build_page"):
        setattr(build, name, timed(getattr(build, name), f"MkDocs: {name}"))
    build.utils.write_file = timed(build.utils.write_file, "MkDocs: write_file")
    Files.copy_static_files = timed(  # type: ignore[method-assign]
        Files.copy_static_files, "MkDocs: copy_static_files")
    pages.Page.render = timed(  # type: ignore[method-assign]
        pages.Page.render, "MkDocs: Page.render (Python-Markdown)")
    jinja2.Template.render = timed(  # type: ignore[method-assign]
        jinja2.Template.render, "MkDocs: theme templates (Jinja)")
    try:
        import archdocs.website.plugin as plugin
    except ImportError:  # the floor's interpreter may lack archdocs: nothing to time there
        pass
    else:
        plugin.build_site = timed(plugin.build_site, "archdocs: build_site")
        # Generated pages are converted by their own class (website/generated_page.py).
        from archdocs.website.generated_page import GeneratedPage
        GeneratedPage.render = timed(  # type: ignore[method-assign]
            GeneratedPage.render, "MkDocs: Page.render (Python-Markdown)")
    register = plugins.PluginCollection._register_event

    def register_timed(self: Any, event_name: str, method: Any,
                       plugin_name: str | None = None) -> None:
        if isinstance(method, plugins.CombinedEvent):
            for sub in method.methods:  # registered one by one; a CombinedEvent is no callable
                register_timed(self, event_name, sub, plugin_name)
            return
        register(self, event_name, timed(method, f"on_{event_name} [{plugin_name}]"),
                 plugin_name)

    plugins.PluginCollection._register_event = register_timed  # type: ignore[method-assign]
    collecting: list[float] = []

    def collector(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting.append(time.perf_counter())
        elif collecting:
            spent["garbage collector"] += time.perf_counter() - collecting.pop()

    gc.callbacks.append(collector)
    os.chdir(project)
    sys.argv = ["mkdocs", "build", "-q"]
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        cli()
    except SystemExit as stop:
        if stop.code:
            raise
    print(f"{STEP}{time.perf_counter() - wall:.4f} whole build (wall)")
    print(f"{STEP}{time.process_time() - cpu:.4f} whole build (CPU of the mkdocs process)")
    for label, seconds in spent.items():
        print(f"{STEP}{seconds:.4f} {label}")


def measure(project: Path) -> dict[str, float]:
    """One cold build of ``project`` in a fresh process: seconds by step."""
    output = subprocess.run(
        [sys.executable, __file__, "--instrumented", str(project)], check=True,
        capture_output=True, text=True, env=cold_start(project)).stdout
    steps = {}
    for line in output.splitlines():
        if line.startswith(STEP):
            seconds, label = line.removeprefix(STEP).split(" ", 1)
            steps[label] = float(seconds)
    return steps


def main() -> None:
    if sys.argv[1:2] == ["--instrumented"]:
        instrumented_build(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--floor", type=Path, help="the floor project to measure alongside")
    parser.add_argument("--rounds", type=int, default=1,
                        help="builds of each, alternately; the median is printed")
    args = parser.parse_args()
    compile_sources()  # as installed
    runs: dict[str, list[dict[str, float]]] = {"archdocs": [], "floor": []}
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        runs["archdocs"].append(measure(args.project.resolve()))
        if args.floor:
            runs["floor"].append(measure(args.floor.resolve()))
    labels = list(dict.fromkeys(label for run in runs["archdocs"] + runs["floor"]
                                for label in run))

    def median(name: str, label: str) -> str:
        values = [run[label] for run in runs[name] if label in run]
        return f"{statistics.median(values):.2f}" if values else ""

    print(f"One cold `mkdocs build`, wall seconds by step, median of {args.rounds} "
          f"(load average {load:.1f} before, {os.getloadavg()[0]:.1f} after, "
          f"{os.cpu_count()} cores):\n")
    print("| step | archdocs site |" + (" floor |" if args.floor else "")
          + "\n|---|---|" + ("---|" if args.floor else ""))
    for label in labels:
        print(f"| {label} | {median('archdocs', label)} |"
              + (f" {median('floor', label)} |" if args.floor else ""))


if __name__ == "__main__":
    main()
