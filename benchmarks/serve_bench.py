"""The edit loop, against the targets of issue 21: from saving a model file to the rebuilt site
under `mkdocs serve --dirty` and plain `mkdocs serve`, on the flagship (archdocs' own site,
copied to a temporary folder) and on the synthetic model of `site_bench.py`; plus a full build
of each with MkDocs and with Zensical (from `archdocs generate` output), in one run.

    .venv/bin/python benchmarks/serve_bench.py [--saves 3] [--no-synthetic | --no-flagship] [--no-zensical]
        [--keep DIR]

Targets: `serve --dirty` rebuild at most 1 s on the flagship and 1.5 s on the synthetic model;
a plain `mkdocs serve` rebuild at most 1.5 times the dirty one. Each figure is the median of
``--saves`` saves (each save changes one description), with the CPU seconds the mkdocs
process spent on that rebuild: the machine may be shared, and CPU time grows less with the
load than wall time does. It also prints the CPU the process spent while idle before each
save (one second after the last rebuild): the collector's pass that frees the model a rebuild
replaced runs then (archdocs.website.collector).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stop_server import stop_server  # noqa: E402
from synthetic_model import write_model  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# MkDocs drops a log message identical to an earlier one, so a rebuild as fast as the last
# one prints no "Documentation built in 0.60 seconds"; the live-reload server says "Reloading
# browsers" after every good rebuild.
REBUILT = "Reloading browsers"
SYNTHETIC_YML = """site_name: Synthetic
theme:
  name: material
  features: [navigation.indexes, navigation.prune]
markdown_extensions: [admonition, attr_list, tables, pymdownx.superfences]
plugins:
  - search
  - archdocs:
      models: models
      cache_dir: cache
"""
SERVE_EXTRA: list[str] = []
GENERATED_YML = """site_name: {name}
theme:
  name: material
  features: [navigation.indexes, navigation.prune]
markdown_extensions: [admonition, attr_list, tables, pymdownx.superfences, pymdownx.details]
plugins: [search]
"""


@dataclass
class Rebuild:
    wall: float
    """Seconds from the save to the rebuilt site (the server's "Reloading browsers")."""
    cpu: float
    """CPU seconds of the mkdocs process (and the children it waited for) in that time."""
    summary: str
    """archdocs' summary line of that rebuild."""
    idle_cpu: float
    """CPU seconds of the mkdocs process between the last rebuilt site and this save: the
    work it does while the server is idle (the collector's pass, archdocs.website.collector)."""


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the command name.
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS


def serve_rebuilds(project: Path, edit: Callable[[int], None], *, dirty: bool,
                   saves: int, extra: tuple[str, ...] = ()) -> list[Rebuild]:
    """Start `mkdocs serve` in ``project``, then save ``saves`` times (``edit(n)``) and time
    each rebuild."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = project.parent / f"serve-{'dirty' if dirty else 'plain'}.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", *(["--dirty"] if dirty else []), *extra,
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    rebuilds: list[Rebuild] = []
    try:
        deadline = time.monotonic() + 900
        while "Serving on" not in log_path.read_text():
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("mkdocs serve did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.2)
        cpu_rebuilt = _cpu_seconds(process.pid)
        for save in range(saves):
            time.sleep(1.0)  # let the server settle (livereload's first requests)
            before = log_path.read_text().count(REBUILT)
            cpu_before = _cpu_seconds(process.pid)
            idle_cpu = cpu_before - cpu_rebuilt
            edit(save)
            saved = time.perf_counter()
            while log_path.read_text().count(REBUILT) <= before:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("no rebuild seen:\n" + log_path.read_text()[-3000:])
                time.sleep(0.02)
            wall = time.perf_counter() - saved
            cpu_rebuilt = _cpu_seconds(process.pid)
            cpu = cpu_rebuilt - cpu_before
            summaries = [line for line in log_path.read_text().splitlines()
                         if "archdocs: " in line and " pages, " in line]
            rebuilds.append(Rebuild(wall, cpu, summaries[-1].split("archdocs: ", 1)[1]
                                    if summaries else "?", idle_cpu))
    finally:
        stop_server(process)
    return rebuilds


def timed_build(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (children included) of one command."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    _children_cpu()  # children reaped before this one are not its CPU time
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr.decode()[-3000:]}")
    return wall, _children_cpu()


_last_children = [0.0]


def _children_cpu() -> float:
    """CPU seconds of the children reaped since the last call."""
    times = os.times()
    total = times.children_user + times.children_system
    spent, _last_children[0] = total - _last_children[0], total
    return spent


def flagship_project(work: Path) -> tuple[Path, Callable[[int], None]]:
    """archdocs' own site (mkdocs.yml, docs/, tools/, models/) in ``work``, and an edit of
    one description in the flagship's payments context."""
    project = work / "flagship"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for setting in ("mkdocs.yml", "pyproject.toml"):  # pyproject.toml: where the ADRs are
        shutil.copy(REPO / setting, project / setting)
    for folder in ("docs", "tools", "models"):
        shutil.copytree(REPO / folder, project / folder,
                        ignore=shutil.ignore_patterns("__pycache__", ".archdocs-manifest.json"))
    model_file = project / "models" / "marketplace" / "payments.py"
    original = model_file.read_text()
    anchor = "typically 1 s behind the ledger."
    assert anchor in original, f"{model_file} no longer says {anchor!r}: pick another edit"

    def edit(save: int) -> None:
        model_file.write_text(original.replace(anchor, f"{anchor} Edit {save + 1}.", 1))

    return project, edit


def synthetic_project(work: Path) -> tuple[Path, Callable[[int], None]]:
    models = write_model(work / "synthetic", 50, 100, 1000, 300)
    project = models.parent
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "index.md").write_text("# Synthetic\n")
    (project / "mkdocs.yml").write_text(SYNTHETIC_YML)
    contexts = sorted((models / "synthetic").glob("ctx_*.py"))
    model_file = contexts[len(contexts) // 2]
    original = model_file.read_text()
    anchor = "Synthetic bounded context"
    assert anchor in original

    def edit(save: int) -> None:
        model_file.write_text(original.replace(anchor, f"{anchor}, edit {save + 1}", 1))

    return project, edit


def generated_builds(name: str, project: Path, edit: Callable[[int], None]) -> None:
    """The model's pages written by `archdocs generate` (no plugin), built by MkDocs and by
    Zensical with the same minimal mkdocs.yml; then one edit: generate again and rebuild with
    Zensical (its cache warm)."""
    site = project.parent / f"{name}-generated"
    if site.exists():
        shutil.rmtree(site)
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text(f"# {name}\n")
    (site / "mkdocs.yml").write_text(GENERATED_YML.format(name=name))
    generate = [str(BIN / "archdocs"), "generate", str(site / "docs"), str(project / "models"),
                "--cache-dir", str(project.parent / f"{name}-generate-cache"), "--quiet"]
    subprocess.run(generate, check=True)  # renders the diagrams into a cache of its own
    mk_wall, mk_cpu = timed_build([str(BIN / "mkdocs"), "build", "-d", "site-mkdocs"], site)
    z_wall, z_cpu = timed_build([str(BIN / "zensical"), "build"], site)
    print(f"{name}, generated pages: `mkdocs build` {mk_wall:.1f} s wall, {mk_cpu:.1f} s CPU; "
          f"`zensical build` {z_wall:.1f} s wall, {z_cpu:.1f} s CPU "
          f"(Zensical / MkDocs: {z_wall / mk_wall:.2f} wall, {z_cpu / mk_cpu:.2f} CPU)")
    edit(99)
    g_wall, g_cpu = timed_build(generate, site)
    z2_wall, z2_cpu = timed_build([str(BIN / "zensical"), "build"], site)
    print(f"{name}, after one edit: `archdocs generate` {g_wall:.1f} s wall, {g_cpu:.1f} s CPU"
          f" + `zensical build` (warm cache) {z2_wall:.1f} s wall, {z2_cpu:.1f} s CPU")


def report(name: str, project: Path, edit: Callable[[int], None], saves: int,
           dirty_target: float, zensical: bool) -> list[bool]:
    _children_cpu()
    wall, cpu = timed_build([str(BIN / "mkdocs"), "build"], project)
    print(f"{name}: full `mkdocs build` {wall:.1f} s wall, {cpu:.1f} s CPU")
    if zensical:
        generated_builds(name, project, edit)
    medians = {}
    for dirty in (True, False):
        rebuilds = serve_rebuilds(project, edit, dirty=dirty, saves=saves, extra=tuple(SERVE_EXTRA))
        command = "mkdocs serve --dirty" if dirty else "mkdocs serve"
        wall_median = statistics.median(r.wall for r in rebuilds)
        cpu_median = statistics.median(r.cpu for r in rebuilds)
        medians[dirty] = wall_median
        print(f"{name}: `{command}` save -> rebuilt: median {wall_median:.2f} s wall, "
              f"{cpu_median:.2f} s CPU (each: "
              + ", ".join(f"{r.wall:.2f}/{r.cpu:.2f}" for r in rebuilds) + "); "
              f"idle before each save: median {statistics.median(r.idle_cpu for r in rebuilds):.2f}"
              " s CPU")
        print(f"  last: archdocs: {rebuilds[-1].summary}")
    ratio = medians[False] / medians[True]
    met = [medians[True] <= dirty_target, ratio <= 1.5]
    print(f"{name}: targets: dirty <= {dirty_target} s [{'met' if met[0] else 'NOT MET'}], "
          f"plain <= 1.5 x dirty ({ratio:.1f} x) [{'met' if met[1] else 'NOT MET'}]")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=3)
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument("--no-flagship", action="store_true")
    parser.add_argument("--no-zensical", action="store_true")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--no-strict", action="store_true",
                        help="serve with --no-strict (archdocs before issue 21 could not serve "
                             "a strict site with --dirty)")
    args = parser.parse_args()
    if args.no_strict:
        SERVE_EXTRA.append("--no-strict")
    work = args.keep or Path(tempfile.mkdtemp(prefix="archdocs-serve-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    met = [] if args.no_flagship else report("flagship", *flagship_project(work), args.saves,
                                             1.0, not args.no_zensical)
    if not args.no_synthetic:
        met += report("synthetic", *synthetic_project(work), args.saves, 1.5,
                      not args.no_zensical)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("all serve targets met" if all(met) else "serve targets NOT all met")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
