"""The renderer: failures are reported per diagram, the cache avoids re-rendering, output is
byte-identical across processes, and nothing is written to the current directory or printed
to the terminal."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from render_example import busy_landscape, hostile, shop, svg_texts

import archdocs.render.renderer as renderer_module
from archdocs.render import (
    DiagramRenderer,
    DiagramSpec,
    context_spec,
    er_specs,
    flow_spec,
    landscape_spec,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def all_specs(system):
    specs = [landscape_spec(system)]
    specs += [context_spec(system, c) for c in system.contexts]
    specs += [flow_spec(system, f) for f in system.flows]
    for datastore in system.datastores:
        specs += er_specs(system, datastore)
    return specs


def test_a_broken_diagram_is_reported_by_name_and_the_others_still_render():
    good = landscape_spec(shop())
    broken = DiagramSpec(key="broken", title="A broken one", dot="digraph { a -> ; }")
    results = DiagramRenderer().render([broken, good])
    assert list(results) == ["broken", "landscape"]
    failed = results["broken"]
    assert failed.svg is None and not failed.ok
    assert "'broken'" in failed.error and "A broken one" in failed.error
    assert "syntax error in line 1" in failed.error  # Graphviz' own words
    assert results["landscape"].ok and results["landscape"].svg


def test_second_render_comes_from_the_cache_and_only_changed_diagrams_rerender(tmp_path):
    specs = all_specs(shop())
    first = DiagramRenderer(cache_dir=tmp_path / "cache")
    one = first.render(specs)
    assert first.rendered == len(specs) and first.cache_hits == 0
    assert first.layout_seconds > 0

    second = DiagramRenderer(cache_dir=tmp_path / "cache")
    two = second.render(specs)
    assert second.rendered == 0 and second.cache_hits == len(specs)
    assert {k: d.svg for k, d in one.items()} == {k: d.svg for k, d in two.items()}

    changed = shop()
    changed.contexts[0].service("refund-api")
    third = DiagramRenderer(cache_dir=tmp_path / "cache")
    three = third.render(all_specs(changed))
    # The landscape and the Orders context diagram changed; flows and ER did not.
    assert third.rendered == 2
    assert "refund-api" in svg_texts(three["landscape"].svg)


def test_mermaid_output_passes_mermaid_source_through():
    specs = all_specs(shop())
    results = DiagramRenderer(output="mermaid").render(specs)
    for spec in specs:
        diagram = results[spec.key]
        assert diagram.svg is None and diagram.error is None
        assert diagram.mermaid == spec.mermaid
    assert results["landscape"].mermaid.startswith("flowchart LR\n")
    assert results["er-orders-db"].mermaid.startswith("erDiagram\n")


def test_mermaid_mode_still_renders_specs_without_mermaid_source():
    spec = DiagramSpec(key="plain", title="Plain", dot="digraph { a -> b; }")
    diagram = DiagramRenderer(output="mermaid").render([spec])["plain"]
    assert diagram.svg and diagram.mermaid is None


def test_progress_counts_every_diagram(tmp_path):
    specs = all_specs(shop())
    seen: list[tuple[int, int]] = []
    DiagramRenderer(cache_dir=tmp_path).render(specs, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(n, len(specs)) for n in range(1, len(specs) + 1)]


def test_each_diagram_is_handed_over_as_it_is_settled_the_cached_ones_first(
        tmp_path, monkeypatch):
    specs = all_specs(shop())
    cached, fresh = specs[:3], specs[3:]
    DiagramRenderer(cache_dir=tmp_path).render(cached)
    monkeypatch.setattr(renderer_module, "_POOL_MIN_DOT_BYTES", 0)
    monkeypatch.setattr(renderer_module, "_POOL_MIN_SPECS", 2)
    renderer = DiagramRenderer(jobs=2, cache_dir=tmp_path)
    renderer.start()
    for spec in specs:
        renderer.submit(spec)
    handed: list[str] = []
    result = renderer.finish(each=lambda diagram: handed.append(diagram.key))
    assert sorted(handed) == sorted(spec.key for spec in specs)  # each once
    assert set(handed[:3]) == {spec.key for spec in cached}
    assert all(result[key].svg for key in handed) and len(fresh) > 2


def test_worker_pool_gives_the_same_diagrams_as_serial(monkeypatch):
    specs = all_specs(hostile()) + [
        DiagramSpec(key="broken", title="Broken", dot="digraph { -> }")
    ]
    serial = DiagramRenderer(jobs=1).render(specs)
    monkeypatch.setattr(renderer_module, "_POOL_MIN_DOT_BYTES", 0)
    monkeypatch.setattr(renderer_module, "_POOL_MIN_SPECS", 2)
    pooled_renderer = DiagramRenderer(jobs=2)
    pooled = pooled_renderer.render(specs)
    assert pooled == serial
    assert pooled["broken"].error and "syntax error" in pooled["broken"].error
    assert pooled_renderer.rendered == len(specs) - 1


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_workers_fill_the_cache_as_a_serial_render_does(tmp_path, monkeypatch):
    specs = all_specs(hostile()) + [
        DiagramSpec(key="broken", title="Broken", dot="digraph { -> }")
    ]
    DiagramRenderer(jobs=1, cache_dir=tmp_path / "serial").render(specs)
    monkeypatch.setattr(renderer_module, "_POOL_MIN_DOT_BYTES", 0)
    monkeypatch.setattr(renderer_module, "_POOL_MIN_SPECS", 2)
    pooled = DiagramRenderer(jobs=2, cache_dir=tmp_path / "pooled")
    pooled.render(specs)
    assert pooled.rendered == len(specs) - 1
    written = _files(tmp_path / "pooled")
    assert written == _files(tmp_path / "serial")
    assert len(written) == len(specs) - 1  # every diagram but the broken one, no temporary
    again = DiagramRenderer(jobs=2, cache_dir=tmp_path / "pooled")
    again.render(specs)
    assert again.cache_hits == len(specs) - 1


def test_nothing_is_written_to_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    DiagramRenderer().render(all_specs(hostile()))
    assert list(tmp_path.iterdir()) == []


# The same script runs in two fresh interpreters with different hash seeds.
_SCRIPT = """
import hashlib, json, sys
sys.path.insert(0, {here!r})
from render_example import busy_landscape, hostile, shop, svg_texts
from test_render_renderer import all_specs
from archdocs.render import DiagramRenderer
specs = all_specs(shop()) + all_specs(hostile())
out = {{}}
for key, d in DiagramRenderer(jobs=1).render(specs).items():
    out[key] = hashlib.sha256(((d.svg or "") + "|" + (d.mermaid or "") + "|" + (d.error or "")).encode()).hexdigest()
spec_hash = hashlib.sha256("".join(s.dot + (s.mermaid or "") for s in specs).encode()).hexdigest()
print(json.dumps({{"diagrams": out, "specs": spec_hash}}))
"""


def _run_with_seed(seed: str, cwd: Path) -> tuple[dict, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(here=str(HERE))],
        capture_output=True, text=True, env=env, cwd=cwd, check=True, timeout=300,
    )
    return json.loads(result.stdout), result.stderr


def test_output_is_byte_identical_across_processes_and_hash_seeds(tmp_path):
    first, stderr_first = _run_with_seed("1", tmp_path)
    second, _ = _run_with_seed("4242", tmp_path)
    assert first == second
    assert len(first["diagrams"]) > 20
    # The bundled fontconfig's "reset-dirs" complaint never reaches the terminal.
    assert "reset-dirs" not in stderr_first and "Fontconfig" not in stderr_first
    assert list(tmp_path.iterdir()) == []


def test_cache_key_does_not_depend_on_the_install_location():
    spec = landscape_spec(shop())
    assert str(REPO) not in spec.dot and "site-packages" not in spec.dot
    assert hashlib.sha256(spec.dot.encode()).hexdigest()  # plain text, hashable as is


def test_a_layout_graphviz_botches_is_retried_rather_than_published_with_lost_edges():
    # Without newrank, Graphviz 14 fails on this clustered graph ("trouble in init_rank",
    # "lost edge") yet still prints an SVG; that picture must not be published as is.
    spec = landscape_spec(busy_landscape())
    plain = DiagramSpec(spec.key, spec.title, spec.dot.replace("newrank=true ", ""))
    assert plain.dot != spec.dot
    diagram = DiagramRenderer().render([plain])[spec.key]
    assert diagram.error is None, diagram.error
    texts = svg_texts(diagram.svg)
    assert all(f"svc-{c:02d}-{n}" in texts for c in range(10) for n in range(5))
    edges = diagram.svg.count('class="edge"')
    assert edges == len(spec.dot.split(" -> ")) - 1  # every flow edge was drawn


def _cached_svgs(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*.svg"))


def test_the_cache_is_bounded_and_keeps_the_recently_used_diagrams(tmp_path):
    cache = tmp_path / "cache"
    specs = all_specs(shop())
    DiagramRenderer(cache_dir=cache).render(specs)
    sizes = {path: path.stat().st_size for path in _cached_svgs(cache)}
    assert len(sizes) == len(specs) > 2
    # Age every entry, then use one diagram again: it is the one a tight bound keeps.
    for number, path in enumerate(sizes):
        os.utime(path, (1_000_000 + number, 1_000_000 + number))
    again = DiagramRenderer(cache_dir=cache)
    again.render([specs[0]])
    assert again.cache_hits == 1
    [kept] = [p for p in sizes if p.stat().st_mtime > 2_000_000]
    pruned = DiagramRenderer(cache_dir=cache, cache_max_bytes=sizes[kept]).prune()
    assert pruned == len(sizes) - 1
    assert _cached_svgs(cache) == [kept]
    # A render that adds diagrams prunes after itself.
    bounded = DiagramRenderer(cache_dir=cache, cache_max_bytes=50_000)
    bounded.render(specs)
    assert bounded.rendered == len(specs) - 1
    assert sum(p.stat().st_size for p in _cached_svgs(cache)) <= 50_000 < sum(sizes.values())


def test_a_cache_that_cannot_be_written_warns_and_the_diagrams_still_render(tmp_path, caplog):
    specs = all_specs(shop())
    cache = tmp_path / "cache"
    blocked = DiagramRenderer(cache_dir=cache).cache_key(specs[0])[:2]
    cache.mkdir()
    (cache / blocked).write_text("a file where the cache wants a folder")
    with caplog.at_level("WARNING", logger="archdocs.render"):
        results = DiagramRenderer(cache_dir=cache).render(specs)
    assert all(diagram.ok for diagram in results.values())
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings and all(f"cannot write the diagram cache {cache / blocked}" in message
                            for message in warnings)
    # Every other diagram was written before the renderer returned.
    again = DiagramRenderer(cache_dir=cache)
    again.render(specs)
    assert again.cache_hits == sum(1 for spec in specs
                                   if again.cache_key(spec)[:2] != blocked)
