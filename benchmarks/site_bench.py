"""Site build benchmark: every target of issue 21 measured in one run, and a verdict on each.

    .venv/bin/python benchmarks/site_bench.py [--contexts 50] [--datastores 100]
        [--tables 1000] [--flows 300] [--saves 5] [--keep DIR] [--full-only] [--rounds 3]
        [--settle SECONDS]

Reports, for the default synthetic model (50 contexts, 100 datastores, 1000 tables, 300 flows):

* full build: ``mkdocs build`` with the archdocs plugin and a cold diagram cache, wall time and
  peak RSS of the mkdocs process (diagram worker processes are reported separately);
* the MkDocs floor (:mod:`mkdocs_floor`): ``mkdocs build`` of as many one-paragraph pages with
  the same theme, features, Markdown extensions and search plugin, kept out of the nav, and the
  ratio full build / floor (wall and CPU), the figure issue 21 sets its target on (at most 2):
  the two are built alternately ``--rounds`` times, each from a cold start, and the median of
  the rounds' ratios is judged (on a shared machine a single pair swings by half a floor);
  ``--settle 61`` leaves the file system alone a minute before each of those builds
  (``alternate.py``'s ``settle``: on this machine kind a file created within a minute of
  others being deleted costs up to a millisecond, so back-to-back builds slow each other);
* a second build of the same input (warm cache), compared file by file with the first: the
  output must be byte-identical (``sitemap.xml.gz`` by its content: its gzip header holds the
  build time);
* a rebuild after touching one context's file, warm diagram cache, with archdocs' share;
* the edit loop (:mod:`serve_bench`): from saving a model file to the rebuilt site under
  ``mkdocs serve --dirty`` and plain ``mkdocs serve``, median of ``--saves`` saves, on this
  model and on the flagship (archdocs' own site, copied to a temporary folder), and the
  flagship site's weight (:mod:`site_weight`);
* a plain ``mkdocs build`` of the same Markdown (``archdocs generate`` output, no plugin, same
  theme and nav) and archdocs' own overhead: full build minus layout minus the plain build.

Then the targets of issue 21, each with its figure and "met" or "NOT MET": full build at most
2 x the floor; ``serve --dirty`` at most 1 s on the flagship and 1.5 s on the 1000-table model;
plain ``serve`` at most 1.5 x ``--dirty``; peak memory under 1 GB; byte-identical builds; the
flagship site at most half its weight when the issue was filed, with the same content: the
docs, models and site settings of ``FILED`` (git history needed), built by that commit's
archdocs and by this checkout's (its archdocs, ``mkdocs.yml``, hooks and reference
generators). Today's site is also weighed beside a copy built without what lightened it
(``navigation.sections``, no minifying hooks, the theme's source maps and every search
stemmer; docs/guide/performance.md, "Site weight"). ``--full-only`` measures the full
build, the plain build and the floor; the other targets are then "not measured".

The machine may be shared: wall times swing with its load, so every figure is printed with
its CPU time, and ``benchmarks/alternate.py`` compares two versions on a noisy machine.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from alternate import SETTLE_SECONDS, cold_start  # noqa: E402
from bytecode import compile_sources  # noqa: E402
from mkdocs_floor import write_floor  # noqa: E402
from serve_bench import REPO, Rebuild, flagship_project, serve_rebuilds  # noqa: E402
from site_weight import Weight, weigh  # noqa: E402
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


def timed(args: list[str], cwd: Path, *, source: Path | None = None
          ) -> tuple[float, float, float, str]:
    """Wall seconds, peak RSS (MB) of the process, its CPU seconds (user + system), and
    stderr; with ``source``, archdocs is imported from that folder. CPU time is printed too
    because the machine may be shared: wall time then grows with the load, CPU time much
    less."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if source is not None:
        env["PYTHONPATH"] = str(source)
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


FILED = "97f4bac"
"""``main`` when issue 21 was filed (its site_bench.py gave the floor ratio the issue quotes):
nothing that made the site lighter had landed."""
FILED_CONTENT = ("docs", "models", "mkdocs.yml", "pyproject.toml", "tools")
"""What of that commit makes archdocs' own site (``pyproject.toml`` says where its decision
records are), with ``src`` the archdocs that built it."""
SITE_SETTINGS = ("mkdocs.yml", "docs/hooks.py", "tools")
"""How the site is built from that content (settings, hooks and the reference generators)."""

UNLIGHTENED = [
    # What made archdocs' own site light (docs/guide/performance.md, "Site weight"), undone in
    # a copy to weigh today's content as it would be built without it.
    ("mkdocs.yml", "    - navigation.indexes\n",
     "    - navigation.indexes\n    - navigation.sections\n"),
    ("docs/hooks.py", "    return squeeze(unwrap_whitespace_tokens(output))\n",
     "    return output\n"),
    ("docs/hooks.py", "    for path in _drawings:\n", "    for path in ():\n"),
    ("docs/hooks.py", "    for unpublished in _unpublished(files, config):\n",
     "    for unpublished in ():\n"),
]


@dataclass
class Target:
    """One target of issue 21: what it asks, the figure measured, and whether it is met
    (``None``: not measured in this run)."""

    name: str
    figure: str = "not measured"
    met: bool | None = None

    def judge(self, figure: str, met: bool) -> None:
        self.figure, self.met = figure, met


def site_digests(site: Path) -> dict[str, str]:
    """A digest of every file of a built site; ``.gz`` files by their content (their header
    holds the time they were written)."""
    digests = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            digests[path.relative_to(site).as_posix()] = hashlib.sha256(data).hexdigest()
    return digests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contexts", type=int, default=50)
    parser.add_argument("--datastores", type=int, default=100)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--flows", type=int, default=300)
    parser.add_argument("--saves", type=int, default=5,
                        help="saves per `mkdocs serve` measure (the median is judged)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--full-only", action="store_true",
                        help="full build, plain build and floor only: no rebuilds, no flagship")
    parser.add_argument("--rounds", type=int, default=3,
                        help="cold full builds and floors, alternated (the median ratio is "
                        "judged)")
    parser.add_argument("--settle", type=float, default=0, metavar="SECONDS",
                        help="leave the file system alone this long before each of those "
                        f"builds ({SETTLE_SECONDS} lets it forget the last builds' deletions)")
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
    targets = {key: Target(name) for key, name in (
        ("floor", "full build, cold cache <= 2 x MkDocs floor (wall)"),
        ("flagship dirty", "`serve --dirty`, flagship: save -> rebuilt <= 1 s"),
        ("synthetic dirty", "`serve --dirty`, 1000-table model: save -> rebuilt <= 1.5 s"),
        ("flagship plain", "plain `serve` <= 1.5 x `serve --dirty`, flagship"),
        ("synthetic plain", "plain `serve` <= 1.5 x `serve --dirty`, 1000-table model"),
        ("memory", "peak RSS of the mkdocs process < 1 GB"),
        ("identical", "the same input builds byte-identical sites"),
        ("weight", "flagship site <= half its weight when issue 21 was filed, same content"),
    )}

    compile_sources()  # as installed
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    floor: Path | None = None
    pairs: list[tuple[float, float, float, float]] = []
    peak = 0.0
    for round_number in range(1, max(1, args.rounds) + 1):
        wall, round_peak, cpu, stderr = _cold(project, args.settle)
        peak = max(peak, round_peak)
        summary = SUMMARY.search(stderr)
        assert summary, stderr[-2000:]
        pages, diagrams, rendered = int(summary[1]), int(summary[2]), int(summary[3])
        archdocs_total, layout = float(summary[5]), float(summary[6])
        print(f"full build (cold cache), round {round_number}: {wall:.1f} s wall, {cpu:.1f} s "
              f"CPU, peak RSS {round_peak:.0f} MB ({pages} pages, {diagrams} diagrams, "
              f"{rendered} rendered; archdocs part {archdocs_total:.1f} s, Graphviz layout "
              f"{layout:.1f} s summed over workers)")
        print("  " + stderr[summary.start():].splitlines()[0])
        if floor is None:
            print("  site: " + weigh(project / "site").line())
            # As many pages as the archdocs site: the generated ones and the project's index.md.
            floor = write_floor(work / "floor", pages + 1, MKDOCS_YML)
        floor_wall, floor_peak, floor_cpu, _ = _cold(floor, args.settle)
        print(f"MkDocs floor, {pages + 1} one-paragraph pages, same theme, features and "
              f"plugins: {floor_wall:.1f} s wall, {floor_cpu:.1f} s CPU, peak RSS "
              f"{floor_peak:.0f} MB")
        print(f"full build / floor: {wall / floor_wall:.2f}x wall, {cpu / floor_cpu:.2f}x CPU "
              f"(CPU of mkdocs and the children it waits for, not the diagram workers)")
        pairs.append((wall, floor_wall, cpu, floor_cpu))
    first_site = site_digests(project / "site")
    ratios = sorted(full / floor_wall for full, floor_wall, _, _ in pairs)
    wall = statistics.median(full for full, _, _, _ in pairs)
    floor_wall = statistics.median(floor_wall for _, floor_wall, _, _ in pairs)
    ratio = statistics.median(ratios)
    rounds = (f"; rounds: {', '.join(f'{r:.2f}' for r in ratios)}" if len(pairs) > 1 else "")
    targets["floor"].judge(f"{ratio:.2f} x (median {wall:.1f} s / {floor_wall:.1f} s{rounds})",
                           ratio <= 2)
    peaks = [peak]

    if not args.full_only:
        peaks.append(same_input_again(project, first_site, targets))
        peaks.append(touched_rebuild(project, models))
        synthetic_serve(project, models, args.saves, targets)
        flagship(work, args.saves, targets)
    worst = max(peaks)
    targets["memory"].judge(f"{worst:.0f} MB (the largest of {len(peaks)} builds)",
                            worst < 1024)
    plain_build(work, project, models, wall, layout)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    report(list(targets.values()))
    if not args.keep:
        print(f"(work folder {work} left for inspection; delete it when done)")


def _cold(project: Path, settle_seconds: float) -> tuple[float, float, float, str]:
    """:func:`timed` ``mkdocs build`` of ``project`` from a cold start: no site, no diagram
    cache, the file system left alone ``settle_seconds`` first."""
    cold_start(project, settle_seconds=settle_seconds)
    return timed([str(BIN / "mkdocs"), "build"], project)


def same_input_again(project: Path, first_site: dict[str, str],
                     targets: dict[str, Target]) -> float:
    """Build the unchanged project again (warm cache) and compare it with the first build, file
    by file; the peak RSS of that build."""
    wall, peak, cpu, _ = timed([str(BIN / "mkdocs"), "build"], project)
    again = site_digests(project / "site")
    different = sorted(path for path in first_site.keys() | again.keys()
                       if first_site.get(path) != again.get(path))
    print(f"second build of the same input (warm cache): {wall:.1f} s wall, {cpu:.1f} s CPU; "
          f"{len(again)} files, {len(different)} different from the first build"
          + (f": {', '.join(different[:5])}" if different else ""))
    targets["identical"].judge(
        f"{len(again) - len(different)} of {len(again)} files the same", not different)
    return peak


def touched_rebuild(project: Path, models: Path) -> float:
    """A second `mkdocs build` after touching one context's file; its peak RSS."""
    context_file = _edited_context(models)
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
    return re_peak


def _edited_context(models: Path) -> Path:
    contexts = sorted((models / "synthetic").glob("ctx_*.py"))
    return contexts[len(contexts) // 2]


def synthetic_serve(project: Path, models: Path, saves: int,
                    targets: dict[str, Target]) -> None:
    """The edit loop on the synthetic model: each save changes the description of the
    context file the rebuild above touched."""
    context_file = _edited_context(models)
    original = context_file.read_text()
    anchor = "Touched synthetic bounded context"
    assert anchor in original

    def edit(save: int) -> None:
        context_file.write_text(original.replace(anchor, f"{anchor}, edit {save + 1}", 1))

    edit_loop("1000-table model", project, edit, saves, 1.5, targets, "synthetic")


def flagship(work: Path, saves: int, targets: dict[str, Target]) -> None:
    """archdocs' own site: a full build and its weight; the weight target on the content of
    issue 21's day (:func:`filed_weights`), today's content beside a copy built without what
    lightened it (:func:`unlightened`); then the edit loop."""
    project, edit = flagship_project(work)
    wall, _, cpu, _ = timed([str(BIN / "mkdocs"), "build"], project)
    weight = weigh(project / "site")
    print(f"flagship: full build {wall:.1f} s wall, {cpu:.1f} s CPU; site {weight.line()}")
    filed = filed_weights(work)
    if isinstance(filed, str):
        print(f"flagship as filed: not measured: {filed}")
    else:
        then, now = filed
        print(f"flagship content of {FILED} (issue 21 filed), built then: {then.line()}")
        print(f"  the same content built now: {now.line()}")
        share = now.total / then.total
        targets["weight"].judge(
            f"{now.total / 1e6:.2f} MB / {then.total / 1e6:.2f} MB = {share:.0%}", share <= 0.5)
    before = unlightened(project, work / "flagship-before")
    timed([str(BIN / "mkdocs"), "build"], before)
    heavy = weigh(before / "site")
    print(f"flagship, today's content built without what lightened it (navigation.sections, "
          f"no minify hooks, source maps and every search stemmer): {heavy.line()}; today's "
          f"site is {weight.total / heavy.total:.0%} of it")
    edit_loop("flagship", project, edit, saves, 1.0, targets, "flagship")


def filed_weights(work: Path) -> tuple[Weight, Weight] | str:
    """The flagship site of the day issue 21 was filed, and the same content built by this
    checkout (its archdocs, site settings, hooks and reference generators): their weights, or
    why they could not be built (no git history: a shallow clone, an archive)."""
    then, now = work / "filed", work / "filed-now"
    for folder in (then, now):
        shutil.rmtree(folder, ignore_errors=True)
    then.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", FILED, "src", *FILED_CONTENT],
                             capture_output=True)
    if archive.returncode != 0:
        return f"`git archive {FILED}` failed: {archive.stderr.decode(errors='replace').strip()}"
    subprocess.run(["tar", "-x", "-C", str(then)], input=archive.stdout, check=True)
    shutil.copytree(then, now, ignore=shutil.ignore_patterns("src"))
    for setting in SITE_SETTINGS:
        if (REPO / setting).is_dir():
            shutil.rmtree(now / setting)
            shutil.copytree(REPO / setting, now / setting,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO / setting, now / setting)
    timed([str(BIN / "mkdocs"), "build"], then, source=then / "src")
    timed([str(BIN / "mkdocs"), "build"], now)
    return weigh(then / "site"), weigh(now / "site")


def unlightened(project: Path, copy: Path) -> Path:
    """A copy of the flagship project built without what made the site lighter."""
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "cache", ".cache"))
    for name, anchor, replacement in UNLIGHTENED:
        path = copy / name
        text = path.read_text()
        assert anchor in text, f"{name} no longer has {anchor!r}: update UNLIGHTENED"
        path.write_text(text.replace(anchor, replacement, 1))
    return copy


def edit_loop(name: str, project: Path, edit: Callable[[int], None], saves: int,
              dirty_target: float, targets: dict[str, Target], key: str) -> None:
    """`mkdocs serve --dirty` and plain `mkdocs serve`, ``saves`` saves each: the medians."""
    medians = {}
    for dirty in (True, False):
        rebuilds: list[Rebuild] = serve_rebuilds(project, edit, dirty=dirty, saves=saves)
        medians[dirty] = statistics.median(r.wall for r in rebuilds)
        command = "mkdocs serve --dirty" if dirty else "mkdocs serve"
        print(f"{name}: `{command}` save -> rebuilt: median {medians[dirty]:.2f} s wall, "
              f"{statistics.median(r.cpu for r in rebuilds):.2f} s CPU (each: "
              + ", ".join(f"{r.wall:.2f}/{r.cpu:.2f}" for r in rebuilds) + ")")
        print(f"  last: archdocs: {rebuilds[-1].summary}")
    ratio = medians[False] / medians[True]
    targets[f"{key} dirty"].judge(f"{medians[True]:.2f} s (median of {saves} saves)",
                                  medians[True] <= dirty_target)
    targets[f"{key} plain"].judge(f"{ratio:.2f} x ({medians[False]:.2f} s)", ratio <= 1.5)


def plain_build(work: Path, project: Path, models: Path, wall: float, layout: float) -> None:
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


def report(targets: list[Target]) -> None:
    """The verdict table, then one line: what issue 21's "Done when" reads."""
    print("\nissue 21 targets, this run:\n")
    print("| target | measured | verdict |\n|---|---|---|")
    for target in targets:
        verdict = "not measured" if target.met is None else "met" if target.met else "NOT MET"
        print(f"| {target.name} | {target.figure} | {verdict} |")
    missed = [t.name for t in targets if t.met is False]
    unmeasured = [t.name for t in targets if t.met is None]
    print()
    if not missed and not unmeasured:
        print("all issue 21 targets met in this run")
    else:
        print(f"issue 21 targets: {len(missed)} not met, {len(unmeasured)} not measured")


if __name__ == "__main__":
    main()
