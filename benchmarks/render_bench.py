"""Diagram rendering against the floors in MEASURED.md, measured in the same run.

* MusicBrainz ER (512 tables in 9 schemas, 889 foreign keys), loaded into a throw-away
  PostgreSQL database and reflected (or, with ``--synthetic`` or without a server, a synthetic
  schema of the same size):
  - floor: pygraphviz laying out eralchemy's DOT of the whole schema, in process;
  - floor: eralchemy ``render_er(metadata, None, "graph_svg")``, the library's own path;
  - archdocs, whole schema as one diagram: ``er_specs`` (walk) + ``DiagramRenderer`` (layout
    and self-contained SVG);
  - archdocs, the way the site does it: split into parts of at most 60 tables, with 1 and
    2 worker processes, then again from the cache;
  - a focused diagram (the table and its neighbours) for every table.
* A 100-node architecture diagram (10 contexts, 5 services and 5 datastores each, 150 flows):
  - floor: pygraphviz laying out the same DOT;
  - archdocs: ``landscape_spec`` + render.

Every figure is the minimum of ``--runs`` runs (default 3). Run it with:

    .venv/bin/python benchmarks/render_bench.py [--synthetic] [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, create_engine

from archdocs import Access, Mechanism, System, tech
from archdocs.render import DiagramRenderer, er_focus_spec, er_specs, landscape_spec
from archdocs.render.layout import icons_root

REPO = Path(__file__).resolve().parents[1]

FLOORS = {
    "pygraphviz_mb": 0.72,
    "eralchemy_mb": 2.6,
    "diagrams_100": 0.07,
}


def timed(runs: int, action: Callable[[], Any]) -> tuple[float, float, Any]:
    """(minimum, median, last result) of ``runs`` calls, in wall-clock seconds."""
    times, result = [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        times.append(time.perf_counter() - started)
        CPU_SECONDS[id(action)] = min(CPU_SECONDS.get(id(action), 1e9),
                                      time.process_time() - cpu)
    return min(times), statistics.median(times), result


# CPU seconds of this process per timed action (minimum over runs). On a machine shared with
# other work, wall time grows with the load; CPU time much less so. Worker processes are not
# counted, so the CPU figure of a jobs=2 run only covers the coordinating process.
CPU_SECONDS: dict[int, float] = {}


def timed_pair(runs: int, floor: Callable[[], Any],
               ours: Callable[[], Any]) -> tuple[tuple[float, float], tuple[float, float, Any]]:
    """Floor and archdocs timed alternately, so load from other processes on this shared
    machine hits both alike: ``((floor min, median), (ours min, median, last result))``."""
    floor_times, our_times, result = [], [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        floor()
        floor_times.append(time.perf_counter() - started)
        CPU_SECONDS[id(floor)] = min(CPU_SECONDS.get(id(floor), 1e9), time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        result = ours()
        our_times.append(time.perf_counter() - started)
        CPU_SECONDS[id(ours)] = min(CPU_SECONDS.get(id(ours), 1e9), time.process_time() - cpu)
    return ((min(floor_times), statistics.median(floor_times)),
            (min(our_times), statistics.median(our_times), result))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- inputs -------------------------------------------------------------------------------------


def musicbrainz_metadata() -> MetaData | None:
    """MusicBrainz reflected from a throw-away PostgreSQL database, or None without a server."""
    spec = importlib.util.spec_from_file_location("corpus", REPO / "tests/live/corpus.py")
    if spec is None or spec.loader is None:
        return None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = corpus
    spec.loader.exec_module(corpus)
    reason = corpus.server_available("postgresql")
    if reason:
        print(f"MusicBrainz not loaded ({reason}); using a synthetic schema")
        return None
    name = corpus.unique_name("renderbench")
    url = corpus.create_database("postgresql", name)
    try:
        started = time.perf_counter()
        corpus.load(corpus.MUSICBRAINZ, name)
        print(f"loaded MusicBrainz into {name} in {time.perf_counter() - started:.1f} s")
        engine = create_engine(url)
        metadata = MetaData()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Did not recognize type 'cube'"
            for schema in corpus.MUSICBRAINZ.schemas:
                metadata.reflect(engine, schema=schema)
        engine.dispose()
        return metadata
    finally:
        corpus.drop_database("postgresql", name)


def synthetic_metadata(tables: int = 512, schemas: int = 9) -> MetaData:
    """512 tables in 9 schemas with about 1.7 foreign keys per table, like MusicBrainz."""
    metadata = MetaData()
    names = []
    for index in range(tables):
        schema = "main" if index < tables * 0.75 else f"s{index % (schemas - 1)}"
        columns = [Column("id", Integer, primary_key=True), Column("name", String(100)),
                   Column("comment", String(255))]
        # A tree of references (each table points at an older one) plus a few hubs, as in
        # real schemas where many tables reference "editor" or "artist".
        targets = {names[index // 2]} if names else set()
        if index % 3 == 0 and names:
            targets.add(names[(index // 16) * 8])
        if index % 5 == 0 and names:
            targets.add(names[0])
        for target in sorted(targets):
            columns.append(Column(f"{target.replace('.', '_')}_id", Integer,
                                  ForeignKey(f"{target}.id")))
        table = Table(f"t{index:03d}", metadata, *columns, schema=schema)
        names.append(table.fullname)
    return metadata


def architecture_system(contexts: int = 10, per_context: int = 5, flows: int = 150) -> System:
    system = System("Benchmark")
    services, stores = [], []
    technologies = [tech.PostgreSQL("16"), tech.Redis("7"), tech.Kafka("3"),
                    tech.Elasticsearch("8"), tech.MongoDB("7")]
    for c in range(contexts):
        context = system.context(f"context {c:02d}")
        for n in range(per_context):
            services.append(context.service(f"svc-{c:02d}-{n}", technology="Python"))
            stores.append(context.datastore(f"db-{c:02d}-{n}", technologies[n]))
    for f in range(flows):
        source = services[f % len(services)]
        if f % 3 == 0:
            system.flow(source, services[(f * 7 + 3) % len(services)], Mechanism.SYNC_REQUEST,
                        name=f"call {f}")
        else:
            system.flow(source, stores[(f * 11) % len(stores)], Mechanism.QUERY,
                        access=Access.READ_WRITE, name=f"query {f}", events=[f"Event{f}"])
    return system


# -- floors ---------------------------------------------------------------------------------------


def pygraphviz_floor(dot: str) -> None:
    import pygraphviz

    graph = pygraphviz.AGraph(string=dot)
    graph.graph_attr["imagepath"] = str(icons_root())
    graph.layout(prog="dot")
    graph.draw(format="svg")


def eralchemy_floor(metadata: MetaData) -> None:
    from eralchemy import render_er

    render_er(metadata, None, mode="graph_svg")


# -- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", action="store_true", help="skip loading MusicBrainz")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = max(1, args.runs)

    metadata = None if args.synthetic else musicbrainz_metadata()
    label = "MusicBrainz"
    if metadata is None:
        metadata, label = synthetic_metadata(), "synthetic MusicBrainz-sized"
    fk_count = sum(len(t.foreign_keys) for t in metadata.tables.values())
    system = System("Bench")
    datastore = system.context("All").datastore("musicbrainz", tech.PostgreSQL("15"),
                                                schema=metadata)
    print(f"{label}: {len(metadata.tables)} tables, {fk_count} foreign keys\n")

    def row(what: str, best: float, median: float, action: Any = None, note: str = "") -> None:
        cpu = CPU_SECONDS.get(id(action)) if action is not None else None
        cpu_text = f"cpu {cpu:6.3f} s" if cpu is not None else " " * 12
        print(f"  {what:<58} {best:7.3f} s (median {median:7.3f})  {cpu_text}  {note}",
              flush=True)

    print(f"  {'what':<58} {'wall, min':>9} {'(median)':>17}  {'cpu, min':>12}")

    # Whole schema as one diagram.
    def walk_whole() -> Any:
        return er_specs(system, datastore, max_tables=10**6)

    walk_best, walk_median, whole = timed(runs, walk_whole)
    whole_spec = whole[0]
    renderer = DiagramRenderer(jobs=1)

    def floor_whole() -> None:
        pygraphviz_floor(whole_spec.dot)

    def render_whole() -> Any:
        return renderer.render([whole_spec])

    (floor_best, floor_median), (render_best, render_median, _) = timed_pair(
        runs, floor_whole, render_whole)
    row("floor: pygraphviz layout of the whole ER, in process", floor_best, floor_median,
        floor_whole, f"(MEASURED.md: {FLOORS['pygraphviz_mb']} s)")
    row("archdocs: render whole ER (layout + self-contained SVG)", render_best, render_median,
        render_whole, f"×{render_best / floor_best:.2f} pygraphviz (wall), "
        f"×{CPU_SECONDS[id(render_whole)] / CPU_SECONDS[id(floor_whole)]:.2f} (cpu)")

    def floor_eralchemy() -> None:
        eralchemy_floor(metadata)

    def walk_and_render() -> None:
        DiagramRenderer(jobs=1).render(er_specs(system, datastore, max_tables=10**6))

    (eralchemy_best, eralchemy_median), (total_best, total_median, _) = timed_pair(
        runs, floor_eralchemy, walk_and_render)
    row("floor: eralchemy render_er → SVG", eralchemy_best, eralchemy_median, floor_eralchemy,
        f"(MEASURED.md: {FLOORS['eralchemy_mb']} s)")
    row("archdocs: er_specs walk, whole schema", walk_best, walk_median, walk_whole)
    row("archdocs: whole ER, walk + render", total_best, total_median, walk_and_render,
        f"×{total_best / eralchemy_best:.2f} eralchemy render_er (wall), "
        f"×{CPU_SECONDS[id(walk_and_render)] / CPU_SECONDS[id(floor_eralchemy)]:.2f} (cpu)")

    # The site's way: parts of at most 60 tables.
    def walk_split() -> Any:
        return er_specs(system, datastore)

    split_best, split_median, parts = timed(runs, walk_split)
    sizes = sorted(len(p.dot) for p in parts)
    row(f"archdocs: er_specs walk + split into {len(parts)} parts", split_best, split_median,
        walk_split, f"(DOT {sizes[0] // 1024}–{sizes[-1] // 1024} KB)")
    for jobs in (1, 2):
        renderer = DiagramRenderer(jobs=jobs)

        def render_parts(renderer: DiagramRenderer = renderer) -> Any:
            return renderer.render(parts)

        best, median, _ = timed(runs, render_parts)
        row(f"archdocs: render {len(parts)} parts, jobs={jobs}", best, median, render_parts,
            f"Graphviz layout {renderer.layout_seconds:.3f} s (summed over workers)")
    with tempfile.TemporaryDirectory() as cache:
        DiagramRenderer(cache_dir=Path(cache)).render(parts)
        cached = DiagramRenderer(cache_dir=Path(cache))

        def render_cached() -> Any:
            return cached.render(parts)

        best, median, _ = timed(runs, render_cached)
        row(f"archdocs: render {len(parts)} parts again, all from cache", best, median,
            render_cached, f"{cached.cache_hits} hits")

    # A focused diagram for every table, as the site draws for big datastores.
    def focus_specs() -> Any:
        return [er_focus_spec(system, datastore, table) for table in datastore.tables]

    best, median, focus = timed(runs, focus_specs)
    row(f"archdocs: er_focus_spec for all {len(focus)} tables", best, median, focus_specs)
    renderer = DiagramRenderer(jobs=2)

    def render_focus() -> Any:
        return renderer.render(focus)

    best, median, _ = timed(runs, render_focus)
    row(f"archdocs: render the {len(focus)} focused diagrams, jobs=2", best, median, None,
        f"Graphviz layout {renderer.layout_seconds:.3f} s (summed over workers)")

    # 100-node architecture diagram.
    arch = architecture_system()

    def build_landscape() -> Any:
        return landscape_spec(arch)

    spec_best, spec_median, landscape = timed(runs, build_landscape)
    row("archdocs: landscape_spec, 100 nodes / 10 clusters / 150 flows", spec_best,
        spec_median, build_landscape)
    renderer = DiagramRenderer(jobs=1)

    def floor_landscape() -> None:
        pygraphviz_floor(landscape.dot)

    def render_landscape() -> Any:
        return renderer.render([landscape])

    (floor_best, floor_median), (best, median, result) = timed_pair(
        runs, floor_landscape, render_landscape)
    row("floor: pygraphviz layout of the same DOT", floor_best, floor_median, floor_landscape,
        f"(MEASURED.md, diagrams + dot binary: {FLOORS['diagrams_100']} s)")
    svg = result["landscape"].svg or ""
    row("archdocs: render the 100-node landscape", best, median, render_landscape,
        f"×{best / floor_best:.2f} pygraphviz; SVG {len(svg) // 1024} KB")
    row("archdocs: 100-node landscape, spec + render", spec_best + best, spec_median + median)

    print(f"\npeak RSS of this process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
