"""Where a `mkdocs serve --dirty` rebuild of the flagship spends its CPU time: MkDocs' steps,
each plugin's and hook's events, and the archdocs plugin's own parts; plus the wall time from
the save to the start of the rebuild (the livereload server's polling and build delay).

    .venv/bin/python benchmarks/serve_phases.py [--saves 5] [--keep DIR] [--synthetic]

Serves a copy of archdocs' own site (as `serve_bench.py` does) in a process whose MkDocs
functions are wrapped with CPU timers (``time.thread_time``: the build thread only, so the
file watcher's polling is not counted), saves ``models/marketplace/payments.py`` ``--saves``
times and prints the median of each step over the saves (``--synthetic``: the 1000-table
model of ``site_bench.py``, saving a context's file, as ``serve_bench.py`` does). The first rebuild is left out
(it compiles what later ones reuse).
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_bench import flagship_project, synthetic_project  # noqa: E402
from stop_server import stop_server  # noqa: E402

PHASE = re.compile(r"^PHASE (\d+) ([\d.]+) (.+)$", re.MULTILINE)
STARTED = re.compile(r"^REBUILD (\d+) started ([\d.]+)$", re.MULTILINE)


def instrumented_serve(args: list[str]) -> None:
    """`mkdocs serve ARGS` with a CPU timer around each step of every rebuild; prints a
    PHASE line per step after each rebuild the file watcher started."""
    import mkdocs.commands.build as build
    import mkdocs.commands.serve as serve
    import mkdocs.plugins as plugins
    from mkdocs.__main__ import cli
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files

    spent: dict[str, float] = defaultdict(float)

    def timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.thread_time() - started
        return wrapper

    serve.load_config = timed(serve.load_config, "MkDocs: read mkdocs.yml again")
    for name, label in [("get_files", "MkDocs: list docs/"),
                        ("get_navigation", "MkDocs: navigation"),
                        ("_populate_page", "MkDocs: read and convert pages"),
                        ("_build_theme_template", "MkDocs: 404 page and sitemap"),
                        ("_build_page", "MkDocs: write pages")]:
        setattr(build, name, timed(getattr(build, name), label))
    Files.add_files_from_theme = timed(  # type: ignore[method-assign]
        Files.add_files_from_theme, "MkDocs: list the theme's files")
    Files.copy_static_files = timed(  # type: ignore[method-assign]
        Files.copy_static_files, "MkDocs: copy static files")
    import archdocs.website.plugin as plugin

    plugin.build_site = timed(plugin.build_site, "archdocs: build_site (load, review, pages)")
    register = plugins.PluginCollection._register_event

    def register_timed(self: Any, event_name: str, method: Any,
                       plugin_name: str | None = None) -> None:
        if isinstance(method, plugins.CombinedEvent):
            # Registered one by one; a CombinedEvent itself is not callable.
            for sub in method.methods:
                register_timed(self, event_name, sub, plugin_name)
            return
        register(self, event_name, timed(method, f"on_{event_name} [{plugin_name}]"),
                 plugin_name)

    plugins.PluginCollection._register_event = register_timed  # type: ignore[method-assign]
    server_init = LiveReloadServer.__init__

    def init(self: Any, builder: Callable[[], None], *args: Any, **kwargs: Any) -> None:
        rebuilds = [0]

        def timed_builder() -> None:
            rebuilds[0] += 1
            spent.clear()
            print(f"REBUILD {rebuilds[0]} started {time.time():.4f}", flush=True)
            started = time.thread_time()
            builder()
            spent["whole rebuild"] = time.thread_time() - started
            for label, seconds in spent.items():
                print(f"PHASE {rebuilds[0]} {seconds:.5f} {label}", flush=True)

        server_init(self, timed_builder, *args, **kwargs)

    LiveReloadServer.__init__ = init  # type: ignore[method-assign]
    sys.argv = ["mkdocs", "serve", *args]
    cli()


def measure(saves: int, work: Path, synthetic: bool = False) -> None:
    project, edit = synthetic_project(work) if synthetic else flagship_project(work)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = work / "serve-phases.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, __file__, "--instrumented-serve", "--dirty", "--dev-addr",
             f"127.0.0.1:{port}"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    to_start = []
    try:
        deadline = time.monotonic() + 900
        while "Serving on" not in log_path.read_text():
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("mkdocs serve did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.2)
        for save in range(saves + 1):
            time.sleep(1.0)
            before = len(re.findall("whole rebuild", log_path.read_text()))
            edit(save)
            saved = time.time()
            while len(re.findall("whole rebuild", log_path.read_text())) <= before:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("no rebuild seen:\n" + log_path.read_text()[-3000:])
                time.sleep(0.02)
            started = float(STARTED.findall(log_path.read_text())[-1][1])
            if save:
                to_start.append(started - saved)
    finally:
        stop_server(process)
    phases: dict[str, list[float]] = defaultdict(list)
    for rebuild, seconds, label in PHASE.findall(log_path.read_text()):
        if int(rebuild) > 1:
            phases[label].append(float(seconds))
    name = "the 1000-table synthetic model" if synthetic else "the flagship"
    print(f"`mkdocs serve --dirty` on {name}, median of {saves} rebuilds "
          f"(CPU ms of the build thread; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores):\n")
    print("| step | CPU ms |\n|---|---|")
    for label, values in sorted(phases.items(), key=lambda item: -statistics.median(item[1])):
        if statistics.median(values) >= 0.0005:
            print(f"| {label} | {statistics.median(values) * 1000:.0f} |")
    print(f"\nsave -> rebuild started (wall): median {statistics.median(to_start):.2f} s, "
          f"from {min(to_start):.2f} to {max(to_start):.2f} s")


def main() -> None:
    if sys.argv[1:2] == ["--instrumented-serve"]:
        instrumented_serve(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--synthetic", action="store_true",
                        help="serve the synthetic model of site_bench.py instead")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="archdocs-serve-phases-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        measure(args.saves, work, args.synthetic)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
