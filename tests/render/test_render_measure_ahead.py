"""Legibility measured ahead in the diagram workers gives the answers, and keeps the layouts,
that measuring in the build's own process gives, also when the workers stop half-way."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

import archdocs.render.measure as measure_module
from archdocs.render import DiagramRenderer
from archdocs.render.measure import Measurements
from archdocs.render.renderer import MEASUREMENT_SUFFIX, cache_digest
from archdocs.render.spec import DiagramSpec

# Big enough together for the renderer to start its workers (4 sources, 200 KB of DOT).
_PADDING = ("/* " + "x" * 10_000 + " */\n") * 6  # Graphviz reads comments up to 16 KB


def _grid(n: int, label: str) -> str:
    """``n`` ranks of ``n`` boxes: wide in either direction, so the more boxes, the smaller
    the labels once the picture is fitted to the page column."""
    nodes = "\n".join(f'    n{r}_{c} [label="{label} {r} {c}", shape=box, fontsize=14];'
                      for r in range(n) for c in range(n))
    edges = "\n".join(f"    n{r}_{c} -> n{r + 1}_{c};" for r in range(n - 1) for c in range(n))
    return f"digraph {{\n{_PADDING}{nodes}\n{edges}\n}}\n"


DOTS = [_grid(n, label) for n, label in
        [(2, "short"), (10, "a rather long label to read"), (3, "mid"),
         (12, "another rather long label"), (2, "two")]]


def _alone(monkeypatch: pytest.MonkeyPatch) -> tuple[list[bool], dict[str, str]]:
    monkeypatch.setattr(measure_module, "_MEASURED", {})
    measurements = Measurements()
    answers = [measurements.legible(dot, 9.0) for dot in DOTS], measurements.layouts
    monkeypatch.setattr(measure_module, "_MEASURED", {})  # the process memo forgets them
    return answers


def test_measured_ahead_in_the_workers_as_in_the_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected, layouts = _alone(monkeypatch)
    assert True in expected and False in expected  # both answers occur

    renderer = DiagramRenderer(jobs=2)
    measurements = Measurements()
    measurements.workers = renderer
    answers: dict[int, bool] = {}
    try:
        measurements.ahead([((n,), dot, lambda ok, n=n: answers.__setitem__(n, ok))
                            for n, dot in enumerate(DOTS)], 9.0)
        assert renderer.has_workers()
        got = [measurements.legible(dot, 9.0) for dot in reversed(DOTS)][::-1]
    finally:
        renderer.close()
    assert got == expected
    assert [answers[n] for n in range(len(DOTS))] == expected  # every `then` was called
    assert measurements.layouts == layouts
    assert measurements.laid_out == len(DOTS)


def test_workers_stopping_half_way_leave_the_rest_measured_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected, layouts = _alone(monkeypatch)

    renderer = DiagramRenderer(jobs=2)
    measurements = Measurements()
    measurements.workers = renderer
    try:
        measurements.ahead([((n,), dot, lambda ok: None) for n, dot in enumerate(DOTS)], 9.0)
        first = measurements.legible(DOTS[0], 9.0)
        renderer.close()  # what is not done yet is cancelled; nothing more can be sent
        rest = [measurements.legible(dot, 9.0) for dot in DOTS[1:]]
    finally:
        renderer.close()
    assert [first, *rest] == expected
    assert measurements.layouts == layouts


def test_measured_ahead_in_the_workers_into_the_cache_as_in_the_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measure_module, "_MEASURED", {})
    alone = Measurements(tmp_path / "alone")
    expected = [alone.legible(dot, 9.0) for dot in DOTS]
    monkeypatch.setattr(measure_module, "_MEASURED", {})

    renderer = DiagramRenderer(jobs=2)
    ahead = Measurements(tmp_path / "ahead")
    ahead.workers = renderer
    try:
        ahead.ahead([((n,), dot, lambda ok: None) for n, dot in enumerate(DOTS)], 9.0)
        assert renderer.has_workers()
        got = [ahead.legible(dot, 9.0) for dot in DOTS]
    finally:
        renderer.close()
    assert got == expected

    def cached(folder: Path) -> dict[str, str]:
        return {path.name: path.read_text() for path in folder.rglob("*") if path.is_file()}

    assert cached(tmp_path / "ahead") == cached(tmp_path / "alone")
    assert len(cached(tmp_path / "alone")) == len(DOTS)
    # A later build (a new process: an empty memo) measures nothing again.
    monkeypatch.setattr(measure_module, "_MEASURED", {})
    later = Measurements(tmp_path / "ahead")
    assert [later.legible(dot, 9.0) for dot in DOTS] == expected
    assert later.laid_out == 0


def test_a_measurement_its_worker_wrote_before_answering_is_taken_with_its_answer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A worker writes its measurement into the cache before its answer reaches the build. The
    # build must take the answer, which calls `then` (the parts an illegible diagram is cut
    # into are measured ahead from there), not read the file: the parts would then be laid
    # out in the build's own process.
    monkeypatch.setattr(measure_module, "_MEASURED", {})
    renderer = DiagramRenderer(jobs=2)
    measurements = Measurements(tmp_path)
    measurements.workers = renderer
    answers: dict[int, bool] = {}
    slowest = 3  # the biggest grid
    try:
        measurements.ahead([((n,), dot, lambda ok, n=n: answers.__setitem__(n, ok))
                            for n, dot in enumerate(DOTS)], 9.0)
        assert renderer.has_workers()
        digest = cache_digest("label-px", DOTS[slowest])
        written = tmp_path / digest[:2] / f"{digest}{MEASUREMENT_SUFFIX}"
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(repr(100.0))  # legible: not what the worker will answer
        legible = measurements.legible(DOTS[slowest], 9.0)
    finally:
        renderer.close()
    assert legible is False
    assert answers.get(slowest) is False  # its `then` was called, with the worker's answer


class _HeldPool:
    """A stand-in for the worker pool: records what is sent, finishes nothing by itself."""

    def __init__(self) -> None:
        self.sent: list[tuple[object, ...]] = []

    def submit(self, function: object, *args: object) -> Future[object]:
        self.sent.append((function, *args))
        return Future()

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_layouts_wait_behind_a_measurement_the_pages_need() -> None:
    # A page waits for its ER measurements; the layouts nobody waits for before the build
    # ends must not be queued in front of them: one batch at a time meanwhile.
    renderer = DiagramRenderer(jobs=2)
    pool = _HeldPool()
    renderer._pool = pool  # type: ignore[assignment]
    try:
        measuring = renderer.measure(DOTS[0], 9.0)
        assert measuring is not None
        for n in range(40):
            renderer.submit(DiagramSpec(key=f"d{n}", title="d", dot=f"digraph {{ n{n} }}"))
        assert len(pool.sent) == 2  # the measurement and one batch of layouts

        for future in list(renderer._sent):
            future.set_result([])
        renderer.pump()
        assert len(pool.sent) == 3  # the next batch once that one is done

        measuring.set_result((10.0, None, True))
        renderer.pump()
        laid_out = [key for _, batch, *_ in pool.sent[1:] for key, _ in batch]  # type: ignore[attr-defined]
        assert sorted(laid_out) == sorted(f"d{n}" for n in range(40))  # the rest at once
    finally:
        renderer._pool = None
