"""Site build benchmark on a synthetic model, against the targets of issue 3.

    .venv/bin/python benchmarks/site_bench.py [--contexts 50] [--datastores 100]
        [--tables 1000] [--flows 300] [--keep DIR]

Reports, for the default synthetic model (50 contexts, 100 datastores, 1000 tables, 300 flows):

* full build: ``mkdocs build`` with the archdocs plugin and a cold diagram cache, wall time and
  peak RSS of the mkdocs process (diagram worker processes are reported separately);
* rebuild after touching one context's file, warm diagram cache, three ways:
  ``mkdocs serve --dirty`` (from saving the file to the rebuilt site; MkDocs re-renders only
  the pages whose content changed), plain ``mkdocs serve`` (MkDocs re-renders every page), and
  a second ``mkdocs build``; with archdocs' share of each;
* the time spent inside Graphviz layout (summed over the worker processes);
* a plain ``mkdocs build`` of the same Markdown (``archdocs generate`` output, no plugin, same
  theme and nav);
* archdocs' own overhead: full build minus layout minus the plain build;
* the MkDocs floor (:mod:`mkdocs_floor`): ``mkdocs build`` of as many one-paragraph pages with
  the same theme, features, Markdown extensions and search plugin, kept out of the nav, and the
  ratio full build / floor (wall and CPU), the figure issue 21 sets its target on (at most 2).

``--full-only`` measures just the full build, the plain build and the floor (no rebuilds).

Targets (2-core machine): full < 60 s, peak < 1 GB, rebuild < 5 s, overhead < half the total.
The rebuild target is judged on ``mkdocs serve --dirty``: the edit-and-look loop the target is
about. A non-dirty rebuild re-renders all pages in MkDocs, which alone costs about what the plain
build of the same Markdown costs, whatever archdocs does.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import compile_sources  # noqa: E402
from mkdocs_floor import write_floor  # noqa: E402
from stop_server import stop_server  # noqa: E402
from synthetic_model import write_model  # noqa: E402

BIN = Path(sys.executable).parent
MKDOCS_YML = """site_name: Synthetic
theme:
  name: material
  features: [navigation.indexes, navigation.prune]
markdown_extensions: [admonition, attr_list, tables, pymdownx.superfences]
"""
PLUGIN = """plugins:
  - search
  - archdocs:
      models: models
      cache_dir: cache
"""
SUMMARY = re.compile(
    r"archdocs: (\d+) pages, (\d+) diagrams \((\d+) rendered, (\d+) from cache.*?\) in "
    r"([\d.]+) s .*?Graphviz layout ([\d.]+) s")


def timed(args: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS (MB) of the process, its CPU seconds (user + system), and
    stderr. CPU time is printed too because the machine may be shared: wall time then grows
    with the load, CPU time much less."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # The file system's write-back of what ran before (the model written, the last build's
    # 50 MB) is not this command's: without this, a build that follows another one (the
    # floor after the full build) pays for part of its predecessor's writes.
    os.sync()
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        err.seek(0)
        stderr = err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{stderr[-3000:]}")
    # ru_maxrss is in KiB on Linux. The diagram worker processes are included in neither the
    # peak nor the CPU time: they are started by multiprocessing's forkserver, so they are not
    # children of the measured process (their layout time is in archdocs' own summary). The
    # children it waits for itself are: the site writer and the plugin's page work child.
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, stderr


def serve_rebuild(project: Path, context_file: Path, *, dirty: bool) -> tuple[float, float, str]:
    """Seconds from saving a model file to the end of the rebuild under `mkdocs serve` (with
    ``--dirty`` when asked; the file watcher's delay included), MkDocs' own "built in" figure,
    and archdocs' summary of that rebuild."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = project.parent / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", *(["--dirty"] if dirty else []),
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        def builds() -> list[str]:
            return re.findall(r"Documentation built in ([\d.]+) seconds", log_path.read_text())

        deadline = time.monotonic() + 900
        while "Serving on" not in log_path.read_text():
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("mkdocs serve did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.5)
        # Counted by the server's "Reloading browsers": MkDocs drops a "Documentation built"
        # line identical to an earlier one.
        before = log_path.read_text().count("Reloading browsers")
        context_file.write_text(context_file.read_text().replace("Touched", "Touched again", 1))
        saved = time.perf_counter()
        while log_path.read_text().count("Reloading browsers") <= before:
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("no rebuild seen:\n" + log_path.read_text()[-3000:])
            time.sleep(0.1)
        elapsed = time.perf_counter() - saved
    finally:
        stop_server(process)
    text = log_path.read_text()
    summaries = [line.split("archdocs: ", 1)[1] for line in text.splitlines()
                 if "archdocs: " in line and " pages, " in line]
    return elapsed, float(builds()[-1]), "archdocs: " + (summaries[-1] if summaries else "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contexts", type=int, default=50)
    parser.add_argument("--datastores", type=int, default=100)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--flows", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--full-only", action="store_true",
                        help="skip the rebuilds: full build, plain build and floor only")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="archdocs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    models = write_model(work / "project", args.contexts, args.datastores, args.tables, args.flows)
    project = models.parent
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "index.md").write_text("# Synthetic\n")
    (project / "mkdocs.yml").write_text(MKDOCS_YML + PLUGIN)
    print(f"synthetic model: {args.contexts} contexts, {args.datastores} datastores, "
          f"{args.tables} tables, {args.flows} flows in {models}")

    compile_sources()  # as installed
    # A kept folder may hold the diagram cache of an earlier run; the full build is a cold one.
    shutil.rmtree(project / "cache", ignore_errors=True)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    wall, peak, cpu, stderr = timed([str(BIN / "mkdocs"), "build"], project)
    summary = SUMMARY.search(stderr)
    assert summary, stderr[-2000:]
    pages, diagrams, rendered = int(summary[1]), int(summary[2]), int(summary[3])
    archdocs_total, layout = float(summary[5]), float(summary[6])
    print(f"full build (cold cache): {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak:.0f} MB "
          f"({pages} pages, {diagrams} diagrams, {rendered} rendered; archdocs part "
          f"{archdocs_total:.1f} s, Graphviz layout {layout:.1f} s summed over workers)")
    print("  " + stderr[summary.start():].splitlines()[0])

    from site_weight import weigh

    print("  site: " + weigh(project / "site").line())
    # As many pages as the archdocs site: the generated ones and the project's index.md.
    floor = write_floor(work / "floor", pages + 1, MKDOCS_YML)
    floor_wall, floor_peak, floor_cpu, _ = timed([str(BIN / "mkdocs"), "build"], floor)
    print(f"MkDocs floor, {pages + 1} one-paragraph pages, same theme, features and plugins: "
          f"{floor_wall:.1f} s wall, {floor_cpu:.1f} s CPU, peak RSS {floor_peak:.0f} MB")
    print(f"full build / floor: {wall / floor_wall:.1f}x wall, {cpu / floor_cpu:.1f}x CPU "
          f"(CPU of mkdocs and the children it waits for, not the diagram workers; target: at most 2x)")

    serve_seconds = None
    if not args.full_only:
        serve_seconds = rebuilds(project, models)
    plain_and_targets(work, project, models, wall, layout, peak, serve_seconds)
    if not args.keep:
        print(f"(work folder {work} left for inspection; delete it when done)")


def rebuilds(project: Path, models: Path) -> float:
    """Measure a second build and the two serve rebuilds; the ``serve --dirty`` seconds."""
    serve_seconds = 0.0
    context_file = sorted((models / "synthetic").glob("ctx_*.py"))[len(
        list((models / "synthetic").glob("ctx_*.py"))) // 2]
    context_file.write_text(context_file.read_text().replace(
        "Synthetic bounded context", "Touched synthetic bounded context"))
    re_wall, re_peak, re_cpu, re_err = timed([str(BIN / "mkdocs"), "build"], project)
    re_summary = SUMMARY.search(re_err)
    assert re_summary, re_err[-2000:]
    print(f"rebuild after touching {context_file.name} (warm cache): {re_wall:.1f} s wall, "
          f"{re_cpu:.1f} s CPU "
          f"(archdocs part {float(re_summary[5]):.1f} s: {re_summary[3]} diagrams rendered, "
          f"{re_summary[4]} from cache), peak RSS {re_peak:.0f} MB")
    print("  " + re_err[re_summary.start():].splitlines()[0])

    for dirty in (True, False):
        seconds, built_seconds, serve_summary = serve_rebuild(project, context_file, dirty=dirty)
        command = "mkdocs serve --dirty" if dirty else "mkdocs serve"
        print(f"`{command}` rebuild after saving {context_file.name}: {seconds:.1f} s "
              f"from save to rebuilt site (MkDocs: built in {built_seconds:.1f} s)")
        print("  " + serve_summary)
        if dirty:
            serve_seconds = seconds
    return serve_seconds


def plain_and_targets(work: Path, project: Path, models: Path, wall: float, layout: float,
                      peak: float, serve_seconds: float | None) -> None:
    plain = work / "plain"
    (plain / "docs").mkdir(parents=True, exist_ok=True)
    (plain / "docs" / "index.md").write_text("# Synthetic\n")
    subprocess.run([str(BIN / "archdocs"), "generate", str(plain / "docs"), str(models),
                    "--cache-dir", str(project / "cache"), "--quiet"], check=True)
    nav_pages = ["architecture/index.md", "architecture/contexts/index.md",
                 "architecture/datastores/index.md", "architecture/flows/index.md",
                 "architecture/lineage.md", "architecture/technology-decisions.md",
                 "architecture/findings.md", "architecture/rules/index.md"]
    nav = "nav:\n  - index.md\n  - Architecture:\n" + "".join(
        f"    - {p}\n" for p in nav_pages if (plain / "docs" / p).exists())
    (plain / "mkdocs.yml").write_text(MKDOCS_YML + "plugins: [search]\n" + nav)
    plain_wall, plain_peak, plain_cpu, _ = timed([str(BIN / "mkdocs"), "build"], plain)
    print(f"plain mkdocs build of the same Markdown: {plain_wall:.1f} s wall, "
          f"{plain_cpu:.1f} s CPU, "
          f"peak RSS {plain_peak:.0f} MB")

    overhead = wall - layout - plain_wall
    print(f"archdocs overhead (total - layout - plain): {overhead:.1f} s = "
          f"{overhead / wall:.0%} of the total")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("targets: full < 60 s [{}], peak < 1024 MB [{}], rebuild (serve --dirty) < 5 s [{}], "
          "overhead < 50 % [{}]".format(
              "met" if wall < 60 else "MISSED", "met" if peak < 1024 else "MISSED",
              "not measured" if serve_seconds is None else
              "met" if serve_seconds < 5 else "MISSED",
              "met" if overhead < wall / 2 else "MISSED"))


if __name__ == "__main__":
    main()
