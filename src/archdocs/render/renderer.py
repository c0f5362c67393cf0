"""Rendering many diagrams at once: content-hash cache, a process pool, progress, no raising."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import (
    BrokenExecutor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from pathlib import Path
from typing import Literal

from archdocs.fsutil import write_atomic
from archdocs.render.layout import (
    drawn_publishable,
    measure,
    publishable,
    render_batch,
    render_svg,
)
from archdocs.render.spec import Diagram, DiagramSpec

log = logging.getLogger("archdocs.render")

# Bump when the layout or the SVG post-processing changes, so cached SVGs from older code
# are not reused.
_RENDER_FORMAT = "7"
# Below this much DOT source a worker pool costs more to start than it saves.
_POOL_MIN_DOT_BYTES = 200_000
_POOL_MIN_SPECS = 4
# Once the pool runs, waiting diagrams are sent as soon as there are this many (or this much
# DOT): small batches keep the workers busy while pages are still being generated, and each
# batch costs one round trip to a worker.
_STREAM_BATCH_SPECS = 8
_STREAM_BATCH_DOT_BYTES = 64_000

_Outcome = tuple[str, str | None, str | None, float]
"""What a layout gives per diagram: ``(key, svg, error, layout seconds)``."""
_StoredOutcome = tuple[str, str | None, str | None, float, str | None]
"""What a worker returns per diagram: an :data:`_Outcome` and why its SVG could not be
written into the cache (``None``: written, or nothing to write)."""


_READ: dict[Path, tuple[int, str]] = {}
"""SVGs read from the cache in this process, with their size: on the 1000-table benchmark
model a `mkdocs serve` rebuild read 45 MB of SVG files again."""
_READ_LIMIT = 8192

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

    :meth:`render` lays out a list of specs. A caller that produces specs over time (the site
    builder, while it generates pages) opens a session instead, so the layout overlaps its own
    work::

        with DiagramRenderer(cache_dir=cache) as renderer:
            for spec in specs_as_they_come():
                renderer.submit(spec)
            diagrams = renderer.finish()

    After :meth:`render` or :meth:`finish`: ``layout_seconds`` (time inside Graphviz, summed
    over workers), ``rendered`` (diagrams drawn rather than read from the cache: laid out,
    or finished from a layout made to measure them), ``cache_hits`` and ``drawn`` (diagrams
    archdocs drew itself, :attr:`DiagramSpec.svg`: neither laid out nor cached).
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
        self.drawn = 0
        self.errors = 0
        self._pool: ProcessPoolExecutor | None = None
        self._writer: ThreadPoolExecutor | None = None
        """Writes the SVGs this process puts into the cache (:meth:`_store`), started with the
        first of them."""
        self._writes: list[Future[str | None]] = []
        self.start()

    def cache_key(self, spec: DiagramSpec) -> str:
        """The content hash a rendered SVG is cached under."""
        return _svg_digest(spec.key, spec.dot)

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
        self.start(laid_out)
        try:
            for spec in specs:
                self.submit(spec)
            return self.finish(progress)
        finally:
            self.close()

    # -- a session: diagrams are laid out while the caller is still producing them ------------

    def start(self, laid_out: Mapping[str, str] | None = None) -> None:
        """Begin a session (``with renderer:`` does it): :meth:`submit` each diagram as soon as
        it is known, then :meth:`finish`. Resets the figures of the previous session.
        ``laid_out`` is as in :meth:`render`; it may still grow while the session runs."""
        self.close()
        self._laid_out = laid_out
        self.layout_seconds, self.rendered, self.cache_hits, self.errors = 0.0, 0, 0, 0
        self.drawn = 0
        self._forget_session()
        # An empty cache holds none of this session's diagrams (their keys differ): nothing
        # to hash and look for there.
        self._cold = self.cache_dir is not None and cache_is_empty(self.cache_dir)

    def _forget_session(self) -> None:
        self._submitted: dict[str, DiagramSpec] = {}
        self._settled: list[Diagram] = []  # at submission: cache hits, Mermaid passed through
        self._waiting: list[DiagramSpec] = []  # to lay out, not yet sent to a worker
        self._waiting_dot_bytes = 0
        self._sent: dict[Future[list[_StoredOutcome]], list[DiagramSpec]] = {}
        self._measuring: list[Future[tuple[float, str | None, bool]]] = []
        self._pool_tried = False

    def submit(self, spec: DiagramSpec) -> None:
        """Add a diagram to the session. One found in the cache (or passed through as Mermaid)
        is settled at once; the others go to the worker pool as soon as there is enough work
        to pay for one (``_POOL_MIN_SPECS``, ``_POOL_MIN_DOT_BYTES``), in small batches."""
        kept = self._submitted.setdefault(spec.key, spec)
        if kept is not spec:
            if kept != spec:
                log.warning("two different diagrams share the key %r; the first one is kept",
                            spec.key)
            return
        if self.output == "mermaid" and spec.mermaid is not None:
            self._settled.append(Diagram(spec.key, spec.title, svg=None, mermaid=spec.mermaid))
            return
        if spec.svg is not None:
            # Drawn by archdocs already (in microseconds): nothing to lay out or cache, and
            # not "rendered" (a warm build renders nothing, and prunes the cache only then).
            self.drawn += 1
            self._settled.append(Diagram(spec.key, spec.title,
                                         svg=drawn_publishable(spec.key, spec.svg),
                                         mermaid=spec.mermaid))
            return
        cached = self._cached(spec)
        if cached is not None:
            self.cache_hits += 1
            self._settled.append(Diagram(spec.key, spec.title, svg=cached, mermaid=spec.mermaid))
            return
        raw = self._laid_out.get(spec.dot) if self._laid_out else None
        if raw is not None:
            measured = publishable(spec.key, raw)
            self.rendered += 1
            self._store(spec, measured)
            self._settled.append(Diagram(spec.key, spec.title, svg=measured, mermaid=spec.mermaid))
            return
        self._waiting.append(spec)
        self._waiting_dot_bytes += len(spec.dot)
        if self._pool is None and not self._pool_tried and self._worth_a_pool():
            self._start_pool()
        self.pump()

    def pump(self) -> None:
        """Send waiting diagrams to the workers in small batches, once there are enough of
        them; while measurements are under way (:meth:`measure`), one batch at a time, so that
        the measurements the pages wait for are not queued behind every layout sent before.
        Whoever makes a measurement calls it as answers come in
        (:meth:`archdocs.render.measure.Measurements.collect`)."""
        if self._pool is None or not (len(self._waiting) >= _STREAM_BATCH_SPECS
                                      or self._waiting_dot_bytes >= _STREAM_BATCH_DOT_BYTES):
            return
        batches = [self._waiting[start:start + _STREAM_BATCH_SPECS]
                   for start in range(0, len(self._waiting), _STREAM_BATCH_SPECS)]
        self._measuring = [future for future in self._measuring if not future.done()]
        if self._measuring:
            if any(not future.done() for future in self._sent):
                return
            batches = batches[:1]
        self._send(batches)

    def has_workers(self, count: int = 0, dot_bytes: int = 0) -> bool:
        """Whether worker processes run for this session, starting them first when ``count``
        diagrams of ``dot_bytes`` of DOT in all are worth it (the thresholds diagrams use).
        None run with one job, without process support, or once the pool stopped."""
        if self._pool is None and not self._pool_tried and self.jobs >= 2 \
                and count >= _POOL_MIN_SPECS and dot_bytes >= _POOL_MIN_DOT_BYTES:
            self._start_pool()
        return self._pool is not None

    def measure(self, dot: str, min_label_px: float, cache_path: Path | None = None
                ) -> Future[tuple[float, str | None, bool]] | None:
        """Lay ``dot`` out in a worker process to measure its legibility
        (:func:`~archdocs.render.layout.measure`), behind the work sent already; ``None``
        when no workers run (:meth:`has_workers`): the caller measures it itself. With
        ``cache_path``, the worker writes the measurement there (``repr`` of the float) unless
        the layout failed with an exception, which the future raises."""
        if self._pool is None:
            return None
        try:
            future = self._pool.submit(_measure_into_cache, dot, min_label_px, cache_path)
            self._measuring.append(future)
            return future
        except (BrokenExecutor, OSError, ValueError, RuntimeError) as exc:
            log.debug("the diagram worker pool stopped: %s", exc)
            self.close()
            return None

    def finish(self, progress: Callable[[int, int], None] | None = None,
               each: Callable[[Diagram], None] | None = None) -> dict[str, Diagram]:
        """Wait for every submitted diagram and end the session; the result maps each key to
        its :class:`Diagram`, in submission order, as :meth:`render`'s does. ``progress`` counts
        the diagrams settled before the call first; ``each`` is given every diagram as it is
        settled (those settled before the call first, then the others as they come: the
        caller's work on them fills the wait for the rest)."""
        try:
            total = len(self._submitted)
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
                if each is not None:
                    each(diagram)

            # The last diagrams go to the workers before the caller's work on the settled ones,
            # which would leave them idle meanwhile.
            self._send_rest()
            for diagram in self._settled:
                finished(diagram)
            for spec, svg, error, seconds, stored in self._layout_rest():
                self.layout_seconds += seconds
                if error is not None:
                    finished(Diagram(spec.key, spec.title, svg=None, mermaid=spec.mermaid,
                                     error=f"diagram {spec.key!r} ({spec.title}) failed: {error}"))
                    continue
                self.rendered += 1
                if not stored:
                    self._store(spec, svg)
                finished(Diagram(spec.key, spec.title, svg=svg, mermaid=spec.mermaid))
            if self.rendered:
                self._written()
                self.prune()
            return {key: results[key] for key in self._submitted}
        finally:
            self.close()
            self._forget_session()

    def close(self) -> None:
        """Stop the worker pool: work not started is dropped, running layouts end first, so
        no worker process outlives the session (also when the caller failed)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self._written()

    def __enter__(self) -> DiagramRenderer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

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

    def _worth_a_pool(self) -> bool:
        return (self.jobs >= 2 and len(self._waiting) >= _POOL_MIN_SPECS
                and self._waiting_dot_bytes >= _POOL_MIN_DOT_BYTES)

    def _start_pool(self) -> None:
        self._pool_tried = True
        try:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=_pool_context())
        except (OSError, ValueError) as exc:  # no process support (sandbox): stay serial
            log.debug("no worker pool (%s); rendering serially", exc)

    def _send(self, batches: list[list[DiagramSpec]]) -> None:
        """Hand the waiting diagrams, grouped as ``batches``, to the pool. Those it refuses
        (a worker died, processes cannot start) stay waiting for :meth:`_layout_rest`."""
        assert self._pool is not None
        sent: set[str] = set()
        try:
            for batch in batches:
                # The worker writes the SVGs into the cache itself: the system calls of
                # hundreds of files are not made on the build's thread.
                future = self._pool.submit(_render_batch_into_cache,
                                           [(s.key, s.dot) for s in batch], self.cache_dir)
                self._sent[future] = batch
                sent.update(spec.key for spec in batch)
        except (BrokenExecutor, OSError, ValueError) as exc:
            log.debug("the diagram worker pool stopped: %s", exc)
            self.close()
        self._waiting = [spec for spec in self._waiting if spec.key not in sent]
        self._waiting_dot_bytes = sum(len(spec.dot) for spec in self._waiting)

    def _send_rest(self) -> None:
        """The diagrams still waiting sent to the pool, started for them if they are worth it."""
        if self._pool is None and not self._pool_tried and self._worth_a_pool():
            self._start_pool()
        if self._pool is not None and self._waiting:
            self._send(_batches(self._waiting, self.jobs))

    def _layout_rest(self) -> Iterator[tuple[DiagramSpec, str | None, str | None, float, bool]]:
        """Yield ``(spec, svg, error, seconds, stored)`` for every diagram still to lay out:
        the pool's results as they arrive (their SVGs written into the cache by the worker
        already: ``stored``), then the rest in this process or one by one."""
        self._send_rest()
        left: list[DiagramSpec] = []
        pool_worked = False
        for future in as_completed(self._sent):
            try:
                outcomes = future.result()
            except Exception as exc:  # a worker died (out of memory, crash in Graphviz)
                log.debug("a diagram worker failed: %s", exc)
                left += self._sent[future]
                continue
            pool_worked = True
            by_key = {spec.key: spec for spec in self._sent[future]}
            for key, svg, error, seconds, cache_error in outcomes:
                if cache_error is not None:  # a read-only cache must not fail the build
                    log.warning("%s", cache_error)
                yield by_key[key], svg, error, seconds, True
        for spec in left + self._waiting:
            if pool_worked:
                # Left behind by a worker that died: retried one by one in a process of its
                # own, so a Graphviz crash costs only the diagram that causes it.
                yield (spec, *_render_isolated(spec), False)
            else:
                # Worker processes do not work here at all, or the batch is too small to pay
                # for them: render in this process.
                yield (spec, *render_svg(spec.key, spec.dot), False)

    # -- cache ---------------------------------------------------------------------------------

    def _cache_path(self, spec: DiagramSpec) -> Path | None:
        if self.cache_dir is None:
            return None
        return _svg_cache_path(self.cache_dir, spec.key, spec.dot)

    def _cached(self, spec: DiagramSpec) -> str | None:
        if self._cold:
            return None
        path = self._cache_path(spec)
        if path is None:
            return None
        try:
            size = path.stat().st_size if path.is_file() else None
            if size is None:
                return None
            # A file is named by its content's hash: the text read in an earlier build of this
            # process (a `mkdocs serve` rebuild) is still what it holds.
            known = _READ.get(path)
            if known is not None and known[0] == size:
                svg = known[1]
            else:
                svg = path.read_text(encoding="utf-8")
                if len(_READ) >= _READ_LIMIT:
                    _READ.clear()
                _READ[path] = (size, svg)
            os.utime(path)  # recently used: pruned last
        except (OSError, UnicodeDecodeError):
            return None
        return svg

    def _store(self, spec: DiagramSpec, svg: str | None) -> None:
        """``svg`` written into the cache, on a thread of its own: creating a file, which the
        file system may be slow to do right after others were deleted (performance guide,
        seventeenth round), is not done on the build's thread. :meth:`close` waits for it."""
        path = self._cache_path(spec)
        if path is None or svg is None:
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1,
                                              thread_name_prefix="archdocs-diagram-cache")
        self._writes.append(self._writer.submit(_store_svg, path, svg))

    def _written(self) -> None:
        """Wait until every SVG :meth:`_store` was given is in the cache; warn of those that
        could not be written (a read-only cache must not fail the build)."""
        writer, self._writer = self._writer, None
        if writer is None:
            return
        writer.shutdown(wait=True)
        writes, self._writes = self._writes, []
        for problem in dict.fromkeys(write.result() for write in writes):
            if problem is not None:
                log.warning("%s", problem)


def _svg_digest(key: str, dot: str) -> str:
    return cache_digest("svg", key, dot)


def _svg_cache_path(cache_dir: Path, key: str, dot: str) -> Path:
    digest = _svg_digest(key, dot)
    return cache_dir / digest[:2] / f"{digest}.svg"


def _store_svg(path: Path, svg: str) -> str | None:
    """Write ``svg`` into the cache at ``path``; what went wrong, if anything."""
    try:
        write_atomic(path, svg)
    except OSError as exc:
        return f"cannot write the diagram cache {path.parent}: {exc}"
    return None


def _render_batch_into_cache(jobs: list[tuple[str, str]],
                             cache_dir: Path | None) -> list[_StoredOutcome]:
    """:func:`~archdocs.render.layout.render_batch` in a worker, each SVG made also written
    into ``cache_dir`` (``None``: no cache) as :meth:`DiagramRenderer._store` writes it."""
    outcomes: list[_StoredOutcome] = []
    for (key, dot), (_, svg, error, seconds) in zip(jobs, render_batch(jobs), strict=True):
        problem = None
        if cache_dir is not None and svg is not None:
            problem = _store_svg(_svg_cache_path(cache_dir, key, dot), svg)
        outcomes.append((key, svg, error, seconds, problem))
    return outcomes


def _measure_into_cache(dot: str, min_label_px: float,
                        cache_path: Path | None) -> tuple[float, str | None, bool]:
    """:func:`~archdocs.render.layout.measure` in a worker, the measurement also written to
    ``cache_path`` as :class:`archdocs.render.measure.Measurements` writes it."""
    outcome = measure(dot, min_label_px)
    if cache_path is not None:
        store_measurement(cache_path, outcome[0])
    return outcome


def store_measurement(path: Path, smallest: float) -> None:
    """Write a diagram's smallest label (:mod:`archdocs.render.measure`) into the cache."""
    try:
        # repr() reads back as the same float, so a warm build cuts exactly the same parts.
        write_atomic(path, repr(smallest))
    except OSError as exc:  # the renderer warns about a read-only cache
        log.debug("cannot write the measurement %s: %s", path, exc)


def _batches(specs: list[DiagramSpec], jobs: int) -> list[list[DiagramSpec]]:
    """Small groups of diagrams, biggest first, so workers finish at about the same time and
    pickling overhead stays low."""
    ordered = sorted(specs, key=lambda spec: (-len(spec.dot), spec.key))
    target = max(1, len(ordered) // (jobs * 8))
    return [ordered[start:start + target] for start in range(0, len(ordered), target)]


def _render_isolated(spec: DiagramSpec) -> tuple[str | None, str | None, float]:
    """Render one diagram in its own process so a crash inside Graphviz is contained."""
    started = time.perf_counter()
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=_pool_context()) as executor:
            return executor.submit(render_svg, spec.key, spec.dot).result()
    except Exception as exc:
        return None, f"Graphviz crashed ({type(exc).__name__}: {exc})", \
            time.perf_counter() - started


def cache_is_empty(cache_dir: Path | None) -> bool:
    """Whether a build with the diagram cache ``cache_dir`` (``None``: none) finds no diagram
    there, and so lays out every one (an unreadable folder counts as empty)."""
    try:
        return cache_dir is None or not cache_dir.is_dir() or not any(cache_dir.iterdir())
    except OSError:
        return True


def start_workers_early(cache_dir: Path | None) -> None:
    """When ``cache_dir`` (the diagram cache; ``None``: none) holds nothing, start the process
    the workers are forked from now: a build with a cold cache lays every diagram out, and
    that process (a Python importing Graphviz, about 0.6 s) would otherwise start when the
    first diagrams are queued, holding up page generation. Call it before loading the model,
    so its start overlaps the loading. A warm cache starts nothing (most of its builds need
    no worker); nor does a platform without the forkserver."""
    try:
        if not cache_is_empty(cache_dir):
            return
        if _pool_context().get_start_method() != "forkserver":
            return
        from multiprocessing import forkserver

        forkserver.ensure_running()  # the one already running is kept (mkdocs serve)
    except (AttributeError, OSError, ValueError) as exc:  # the pool starts it later, or not
        log.debug("diagram workers not started early: %s", exc)


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start from a clean, single-threaded server (mkdocs serve runs
    # threads, and forking a threaded process can deadlock); the server preloads the layout
    # module once, so later pools start fast.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archdocs.render.layout", "pygraphviz"])
        return context
    return multiprocessing.get_context("spawn")
