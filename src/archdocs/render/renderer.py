"""Rendering many diagrams at once: content-hash cache, a process pool, progress, no raising."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Literal

from archdocs.fsutil import write_atomic
from archdocs.render.layout import publishable, render_batch, render_svg
from archdocs.render.spec import Diagram, DiagramSpec

log = logging.getLogger("archdocs.render")

# Bump when the layout or the SVG post-processing changes, so cached SVGs from older code
# are not reused.
_RENDER_FORMAT = "7"
# Below this much DOT source a worker pool costs more to start than it saves.
_POOL_MIN_DOT_BYTES = 200_000
_POOL_MIN_SPECS = 4


MEASUREMENT_SUFFIX = ".label-px"
"""Cached files holding a diagram's legibility (:mod:`archdocs.render.measure`), pruned with
the SVGs."""


def cache_digest(*parts: str) -> str:
    """The content hash a cached file is named by: ``parts`` with the archdocs version and the
    render format, so files from older code are not reused."""
    digest = hashlib.sha256()
    for part in (_archdocs_version(), _RENDER_FORMAT, *parts):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


CACHE_MAX_BYTES = 200 * 1024 * 1024
"""Default bound of the diagram cache: past it, the least recently used SVGs are removed after
a build. The flagship's diagrams take about 5 MB."""


def safe_cache_dir(root: Path, relative: Path) -> Path | None:
    """``root / relative`` when no folder between ``root`` and it is a symbolic link (or
    something other than a folder), else ``None`` with a warning: a cache is never written
    through a link that leads out of the project."""
    folder = root
    for part in relative.parts:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            log.warning("archdocs: not caching diagrams: %s is %s; remove it or set cache_dir",
                        folder, "a symbolic link" if folder.is_symlink() else "not a folder")
            return None
    return folder


def _archdocs_version() -> str:
    from archdocs import __version__

    return __version__


class DiagramRenderer:
    """Renders :class:`DiagramSpec` objects to :class:`Diagram` objects.

    ``output="svg"`` lays every diagram out with Graphviz (in process, through pygraphviz);
    ``output="mermaid"`` passes Mermaid source through and lays out only diagrams that have
    none. ``cache_dir`` keeps rendered SVGs by a hash of their DOT source, the output mode and
    the archdocs version (``None``: no disk cache); after each render the least recently used
    SVGs are removed while the cache holds more than ``cache_max_bytes``. ``jobs`` worker processes share the work
    when the batch is large enough to pay for them.

    After :meth:`render`: ``layout_seconds`` (time inside Graphviz, summed over workers),
    ``rendered`` (diagrams drawn rather than read from the cache: laid out, or finished from a
    layout made to measure them) and ``cache_hits``.
    """

    def __init__(
        self,
        output: Literal["svg", "mermaid"] = "svg",
        cache_dir: Path | None = None,
        jobs: int = 2,
        cache_max_bytes: int = CACHE_MAX_BYTES,
    ) -> None:
        if output not in ("svg", "mermaid"):
            raise ValueError(f"diagram output must be 'svg' or 'mermaid', not {output!r}")
        self.output = output
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.jobs = max(1, int(jobs))
        self.cache_max_bytes = cache_max_bytes
        self.layout_seconds = 0.0
        self.rendered = 0
        self.cache_hits = 0
        self.errors = 0

    def cache_key(self, spec: DiagramSpec) -> str:
        """The content hash a rendered SVG is cached under."""
        return cache_digest("svg", spec.key, spec.dot)

    def render(
        self,
        specs: Sequence[DiagramSpec],
        progress: Callable[[int, int], None] | None = None,
        laid_out: Mapping[str, str] | None = None,
    ) -> dict[str, Diagram]:
        """Render ``specs``; the result maps each key to its :class:`Diagram`, in spec order.

        Never raises for a diagram that fails: that diagram gets ``error`` (naming it and the
        cause) and ``svg=None``. ``progress(done, total)`` is called as diagrams complete.
        ``laid_out`` maps DOT sources to the raw SVG :func:`~archdocs.render.layout.layout`
        made of them already (to measure them, :mod:`archdocs.render.measure`): a diagram
        not in the cache whose source is there is finished from it, not laid out again.
        """
        self.layout_seconds, self.rendered, self.cache_hits, self.errors = 0.0, 0, 0, 0
        unique: dict[str, DiagramSpec] = {}
        for spec in specs:
            kept = unique.setdefault(spec.key, spec)
            if kept is not spec and kept != spec:
                log.warning("two different diagrams share the key %r; the first one is kept",
                            spec.key)
        total = len(unique)
        done = 0
        results: dict[str, Diagram] = {}

        def finished(diagram: Diagram) -> None:
            nonlocal done
            results[diagram.key] = diagram
            if diagram.error:
                self.errors += 1
                log.debug("%s", diagram.error)  # the caller reports it (the site does)
            done += 1
            if progress is not None:
                progress(done, total)

        to_layout: list[DiagramSpec] = []
        for spec in unique.values():
            if self.output == "mermaid" and spec.mermaid is not None:
                finished(Diagram(spec.key, spec.title, svg=None, mermaid=spec.mermaid))
                continue
            cached = self._cached(spec)
            if cached is not None:
                self.cache_hits += 1
                finished(Diagram(spec.key, spec.title, svg=cached, mermaid=spec.mermaid))
                continue
            raw = laid_out.get(spec.dot) if laid_out else None
            if raw is not None:
                measured = publishable(spec.key, raw)
                self.rendered += 1
                self._store(spec, measured)
                finished(Diagram(spec.key, spec.title, svg=measured, mermaid=spec.mermaid))
                continue
            to_layout.append(spec)

        for spec, svg, error, seconds in self._layout_all(to_layout):
            self.layout_seconds += seconds
            if error is not None:
                finished(Diagram(spec.key, spec.title, svg=None, mermaid=spec.mermaid,
                                 error=f"diagram {spec.key!r} ({spec.title}) failed: {error}"))
                continue
            self.rendered += 1
            self._store(spec, svg)
            finished(Diagram(spec.key, spec.title, svg=svg, mermaid=spec.mermaid))
        if self.rendered:
            self.prune()
        return {key: results[key] for key in unique}

    def prune(self) -> int:
        """Remove the least recently used SVGs and measurements (by modification time: a cache
        hit touches its file) while the cache holds more than ``cache_max_bytes``; returns how
        many."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return 0
        entries = []
        for path in [*self.cache_dir.glob("*/*.svg"),
                     *self.cache_dir.glob(f"*/*{MEASUREMENT_SUFFIX}")]:
            try:
                stat = path.lstat()
            except OSError:
                continue
            entries.append((stat.st_mtime, path.name, stat.st_size, path))
        total = sum(size for _, _, size, _ in entries)
        removed = 0
        for _, _, size, path in sorted(entries):
            if total <= self.cache_max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed

    # -- layout --------------------------------------------------------------------------------

    def _layout_all(
        self, specs: list[DiagramSpec]
    ) -> Iterator[tuple[DiagramSpec, str | None, str | None, float]]:
        """Yield ``(spec, svg, error, seconds)``, in parallel when worth it."""
        dot_bytes = sum(len(spec.dot) for spec in specs)
        if self.jobs < 2 or len(specs) < _POOL_MIN_SPECS or dot_bytes < _POOL_MIN_DOT_BYTES:
            for spec in specs:
                yield (spec, *render_svg(spec.key, spec.dot))
            return
        by_key = {spec.key: spec for spec in specs}
        try:
            executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=_pool_context())
        except (OSError, ValueError) as exc:  # no process support (sandbox): stay serial
            log.debug("no worker pool (%s); rendering serially", exc)
            for spec in specs:
                yield (spec, *render_svg(spec.key, spec.dot))
            return
        pool_worked = False
        with executor:
            futures = [executor.submit(render_batch, batch)
                       for batch in _batches(specs, self.jobs)]
            for future in as_completed(futures):
                try:
                    outcomes = future.result()
                except Exception as exc:  # a worker died (out of memory, crash in Graphviz)
                    log.debug("a diagram worker failed: %s", exc)
                    continue
                pool_worked = True
                for key, svg, error, seconds in outcomes:
                    yield by_key.pop(key), svg, error, seconds
        for spec in list(by_key.values()):
            if pool_worked:
                # Left behind by a worker that died: retried one by one in a process of its
                # own, so a Graphviz crash costs only the diagram that causes it.
                yield (spec, *_render_isolated(spec))
            else:
                # Worker processes do not work here at all: render in this process.
                yield (spec, *render_svg(spec.key, spec.dot))

    # -- cache ---------------------------------------------------------------------------------

    def _cache_path(self, spec: DiagramSpec) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = self.cache_key(spec)
        return self.cache_dir / digest[:2] / f"{digest}.svg"

    def _cached(self, spec: DiagramSpec) -> str | None:
        path = self._cache_path(spec)
        if path is None or not path.is_file():
            return None
        try:
            svg = path.read_text(encoding="utf-8")
            os.utime(path)  # recently used: pruned last
        except (OSError, UnicodeDecodeError):
            return None
        return svg

    def _store(self, spec: DiagramSpec, svg: str | None) -> None:
        path = self._cache_path(spec)
        if path is None or svg is None:
            return
        try:
            write_atomic(path, svg)
        except OSError as exc:  # a read-only cache must not fail the build
            log.warning("cannot write the diagram cache %s: %s", path.parent, exc)


def _batches(specs: list[DiagramSpec], jobs: int) -> list[list[tuple[str, str]]]:
    """Small groups of diagrams, biggest first, so workers finish at about the same time and
    pickling overhead stays low."""
    ordered = sorted(specs, key=lambda spec: (-len(spec.dot), spec.key))
    target = max(1, len(ordered) // (jobs * 8))
    batches: list[list[tuple[str, str]]] = []
    for start in range(0, len(ordered), target):
        batches.append([(spec.key, spec.dot) for spec in ordered[start:start + target]])
    return batches


def _render_isolated(spec: DiagramSpec) -> tuple[str | None, str | None, float]:
    """Render one diagram in its own process so a crash inside Graphviz is contained."""
    started = time.perf_counter()
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=_pool_context()) as executor:
            return executor.submit(render_svg, spec.key, spec.dot).result()
    except Exception as exc:
        return None, f"Graphviz crashed ({type(exc).__name__}: {exc})", \
            time.perf_counter() - started


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean, single-threaded server (mkdocs serve runs
    # threads, and forking a threaded process can deadlock); the server preloads the layout
    # module once, so later pools start fast.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archdocs.render.layout", "pygraphviz"])
        return context
    return multiprocessing.get_context("spawn")
