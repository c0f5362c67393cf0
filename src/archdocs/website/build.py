"""The site builder: loads and reviews a model, runs every page provider, renders the
diagrams they ask for (cached, in worker processes that lay them out while the pages are still
being generated), and returns pages and assets.

The MkDocs plugin serves its result from memory and ``archdocs generate`` writes it to disk;
neither holds logic of its own.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import re
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from archdocs.errors import ArchdocsError, UsageError, how_to_report
from archdocs.load.loader import Model, load_models
from archdocs.pages import markdown as md
from archdocs.pages.datastore_reuse import GeneratedMemo
from archdocs.pages.page import PROVIDERS, Asset, Page
from archdocs.pages.paths import SitePaths
from archdocs.review.engine import Report, review
from archdocs.website import collector
from archdocs.website.diagram_embed import Publisher, diagram_html
from archdocs.website.html_tables import tables_as_html
from archdocs.website.work_ahead import MISSING, Send, WorkAhead

if TYPE_CHECKING:
    from archdocs.render import Diagram, DiagramRenderer, DiagramSpec
    from archdocs.render.measure import Measurements
    from archdocs.website.review_ahead import PendingReview

DiagramFormat = Literal["svg", "mermaid"]
DIAGRAM_FORMATS: tuple[str, ...] = ("svg", "mermaid")
CORE_PROVIDER = "archdocs.pages.core"

# Where a provider's ctx.diagram() call sits in a page until the batch is rendered. An HTML
# comment, so a page that somehow escapes substitution still shows nothing broken.
_PLACEHOLDER = "<!-- archdocs-diagram:{key} -->"
_PLACEHOLDER_RE = re.compile(r"<!-- archdocs-diagram:([A-Za-z0-9_.-]+) -->")


def _placeholder(key: str) -> str:
    """What a page holds where diagram ``key`` goes (replaced as the page is finished)."""
    return "\n" + _PLACEHOLDER.format(key=key) + "\n"


# An http(s) URL with {path}, and nothing that would end a Markdown link or an HTML attribute.
_SOURCE_URL = re.compile(r"https?://[^\s()<>\"'`]*\{path\}[^\s()<>\"'`]*")
_PROGRESS_THRESHOLD = 50
"""Batches with at least this many diagrams report progress."""
DRAFT_MIN_TABLES = 200
"""The fewest tables for which a build forks a child to draft their pages (``draft_ahead``):
forking a build's process and ending the child took 5–17 ms (a model of 100–280 MB), besides
the pages the parent then copies as it writes to them, and the child saves the build about
0.7 ms per table page (``benchmarks/drafts_bench.py``)."""


@dataclass(frozen=True)
class SiteOptions:
    """What to build and how. The plugin's options and ``generate``'s flags map onto these."""

    models: Path = Path("models")
    prefix: str = "architecture"
    diagrams: DiagramFormat = "svg"
    cache_dir: Path | None = None
    """Rendered-diagram cache; default ``.cache/archdocs/`` in ``project_root`` (never through
    a symbolic link). Empty path or ``None`` with ``use_cache=False`` disables it."""
    project_root: Path | None = None
    """The project's folder (the plugin gives mkdocs.yml's); default: the folder holding the
    models directory, as given (a symbolically linked models folder is not followed)."""
    use_cache: bool = True
    drift_url_env: str | None = None
    """Name of the environment variable holding a database URL for drift pages (drift provider)."""
    source_url: str | None = None
    """Where a model file can be read online, with ``{path}`` (relative to the repository root:
    :func:`archdocs.load.loader.display_root`) and ``{line}`` to fill in, e.g.
    ``https://github.com/acme/arch/blob/main/{path}#L{line}``: "declared in" and "declared at"
    references then link there."""
    jobs: int = 2
    rule_pages: str | None = None
    """A folder of the docs (``rules``) that already has a page per review rule
    (``rules/SCH003.md``) and ``index.md``: findings link there instead of to generated
    copies, so a site that documents archdocs' rules itself has each rule once."""
    hazard_pages: str | None = None
    """Likewise for the migration hazards (``hazards/MH001.md``)."""
    directory_urls: bool = True
    """Whether the site generator serves ``a/b.md`` at ``a/b/`` (MkDocs' ``use_directory_urls``,
    its default) or at ``a/b.html``: links inside diagrams are URLs, not Markdown links."""
    html_tables: bool = True
    """Write the tables of table pages as HTML blocks with final URLs (fast in MkDocs).
    ``archdocs generate`` turns it off: its Markdown must read the same in any generator, and
    Zensical rewrites relative links inside raw HTML as if they were Markdown links."""
    once: bool = False
    """The only build in its process (``mkdocs build``, ``archdocs generate``): nothing is kept
    for a later one (``mkdocs serve`` rebuilds reuse the SVGs published before)."""
    draft_ahead: bool = False
    """Fork a child process that drafts the table pages while the other pages are generated
    (:meth:`SiteBuilder.drafted`), on a second processor core, unless every diagram is to be
    laid out (:meth:`lays_out_every_diagram`: the diagram workers use that core): for a build
    that runs once in its process (``mkdocs build``, ``archdocs generate``). The pages are the
    same either way."""

    def __post_init__(self) -> None:
        if self.diagrams not in DIAGRAM_FORMATS:
            raise UsageError(
                f"unknown diagram format {self.diagrams!r}",
                hint="use 'svg' (self-contained, works offline) or 'mermaid'",
            )
        prefix = self.prefix.strip("/")
        if not prefix or ".." in prefix.split("/") or not re.fullmatch(r"[A-Za-z0-9_./-]+", prefix):
            raise UsageError(
                f"prefix {self.prefix!r} is not a usable folder name for the generated pages",
                hint="use letters, digits, '-', '_' and '/', for example 'architecture'",
            )
        object.__setattr__(self, "prefix", prefix)
        for name in ("rule_pages", "hazard_pages"):
            folder = getattr(self, name)
            if folder is None:
                continue
            folder = folder.strip("/")
            if not folder or ".." in folder.split("/") or not re.fullmatch(
                    r"[A-Za-z0-9_./-]+", folder):
                raise UsageError(
                    f"{name} {getattr(self, name)!r} is not a folder of the docs",
                    hint="give the folder below docs/ that holds the pages, for example "
                         "'rules' for docs/rules/SCH003.md")
            object.__setattr__(self, name, folder)
        if self.source_url is not None and not _SOURCE_URL.fullmatch(self.source_url):
            raise UsageError(
                f"source_url {self.source_url!r} is not a usable link template",
                hint="give an http(s) URL containing {path} (and optionally {line}), e.g. "
                     "https://github.com/acme/arch/blob/main/{path}#L{line}",
            )

    def site_paths(self, model: Model) -> SitePaths:
        return SitePaths.for_model(model, prefix=self.prefix, rule_pages=self.rule_pages,
                                   hazard_pages=self.hazard_pages)

    def as_mapping(self, model: Model | None = None) -> dict[str, Any]:
        cache = self.resolved_cache_dir(model)
        return {
            "models": str(model.root if model else self.models),
            "prefix": self.prefix,
            "diagrams": self.diagrams,
            "cache_dir": str(cache) if cache is not None else None,
            "drift_url_env": self.drift_url_env,
            "source_url": self.source_url,
            "rule_pages": self.rule_pages,
            "hazard_pages": self.hazard_pages,
        }

    def resolved_cache_dir(self, model: Model | None = None) -> Path | None:
        location = self._cache_location()
        if location is None or self.cache_dir is not None:
            return location
        from archdocs.render.renderer import safe_cache_dir

        return safe_cache_dir(self._project_root(), DEFAULT_CACHE)

    def _cache_location(self) -> Path | None:
        """Where the diagram cache is (``None``: no cache), before :meth:`resolved_cache_dir`
        refuses a default location reached through a symbolic link."""
        if not self.use_cache:
            return None
        return Path(self.cache_dir) if self.cache_dir is not None \
            else self._project_root() / DEFAULT_CACHE

    def _project_root(self) -> Path:
        return Path(self.project_root) if self.project_root is not None \
            else Path(os.path.abspath(self.models)).parent

    def lays_out_every_diagram(self) -> bool:
        """Whether a build will lay out every diagram in Graphviz: SVG output with no diagram
        cache, or an empty one."""
        from archdocs.render.renderer import cache_is_empty

        return self.diagrams == "svg" and cache_is_empty(self._cache_location())

    def _start_workers_if_cold(self) -> None:
        """Diagram workers started before the model loads when the cache is empty (the
        renderer's :func:`~archdocs.render.renderer.start_workers_early`)."""
        if self.diagrams != "svg" or self.jobs < 2:
            return
        from archdocs.render.renderer import start_workers_early

        start_workers_early(self._cache_location())


DEFAULT_CACHE = Path(".cache") / "archdocs"
"""The diagram cache below the project root, where tools keep caches (Material's social cards
use ``.cache/plugin``): one folder to ignore in git."""


@dataclass
class BuildStats:
    """Figures for the build summary."""

    pages: int = 0
    assets: int = 0
    diagrams: int = 0
    rendered: int = 0
    cache_hits: int = 0
    drawn: int = 0
    """Diagrams archdocs drew without Graphviz (tables' neighbours), never cached."""
    failed: int = 0
    reused_pages: int = 0
    """Table pages taken from the previous build in this process (nothing they read changed)."""
    reused_datastores: int = 0
    drafted_pages: int = 0
    """Table pages a forked child drafted while the other pages were generated."""
    preloaded: bool = False
    """The model came loaded already (under `mkdocs serve`, as the save was noticed)."""
    reviewed_ahead: bool = False
    """The review came from the helper that reviewed the model as the save was noticed."""
    regenerated: bool = False
    """The pages were generated again: the review differed from the last build's."""
    load_seconds: float = 0.0
    review_seconds: float = 0.0
    pages_seconds: float = 0.0
    render_seconds: float = 0.0
    layout_seconds: float = 0.0
    total_seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"archdocs: {self.pages} pages, {self.diagrams} diagrams "
            f"({self.rendered} rendered, {self.cache_hits} from cache"
            + (f", {self.drawn} drawn without Graphviz" if self.drawn else "")
            + (f", {self.failed} FAILED" if self.failed else "")
            + f") in {self.total_seconds:.1f} s "
            f"(load {self.load_seconds:.1f} s, review {self.review_seconds:.1f} s, "
            f"pages {self.pages_seconds:.1f} s, diagrams {self.render_seconds:.1f} s, "
            f"of which Graphviz layout {self.layout_seconds:.1f} s)"
            + (f"; {self.reused_pages} table pages of {self.reused_datastores} unchanged "
               "datastores reused" if self.reused_pages else "")
            + (f"; {self.drafted_pages} table pages drafted ahead" if self.drafted_pages else "")
            + ("; the model loaded as the save was noticed" if self.preloaded else "")
            + ("; reviewed as the save was noticed" if self.reviewed_ahead else "")
            + ("; the findings changed: pages generated again" if self.regenerated else "")
        )


@dataclass
class SiteResult:
    """Everything a build produced: pages and assets, sorted by path."""

    pages: list[Page]
    assets: list[Asset]
    stats: BuildStats
    failed_diagrams: list[Diagram] = field(default_factory=list)
    nav: list[Page] = field(default_factory=list)
    """The pages meant for the navigation, in the order the providers gave them."""
    model: Model | None = None
    report: Report | None = None
    paths: SitePaths | None = None
    """Where each element's page is (``None`` for the error site)."""
    html_blocks: dict[str, list[str]] = field(default_factory=dict)
    """The HTML blocks of each page that has some (:mod:`archdocs.website.html_tables`)."""

    def files(self) -> dict[str, bytes]:
        """Every generated file by docs-root-relative path."""
        out = {page.path: page.content.encode("utf-8") for page in self.pages}
        out.update({asset.path: asset.content for asset in self.assets})
        return dict(sorted(out.items()))


Published = Callable[[list[Asset], list[str]], None]
"""Told a build's diagram files (:class:`~archdocs.website.diagram_embed.Publisher`) and
its pages' paths (:func:`build_site`)."""

_FinishKey = tuple[str, str, bool, bool, str]
"""What finishing a page reads: its path and title, whether its tables become HTML, the
site's URL style, and its text with the diagrams in place."""


class _Finished:
    """The pages the last build in this process finished, by :data:`_FinishKey` (only the
    last build's: memory stays one site's worth)."""

    last: dict[_FinishKey, tuple[str, list[str] | None]] = {}


_finished = _Finished()
_generated = GeneratedMemo()
"""The last build's table pages and ER specs per datastore fingerprint
(:mod:`archdocs.pages.datastore_reuse`)."""


@dataclass
class _Queued:
    spec: DiagramSpec
    pages: set[str] = field(default_factory=set)


class SiteBuilder:
    """Implements :class:`archdocs.pages.page.SiteContext` for the providers it runs."""

    def __init__(
        self,
        model: Model,
        report: Report | None,
        options: SiteOptions,
        *,
        log: logging.Logger | None = None,
        providers: Iterable[str] | None = None,
        pending: PendingReview | None = None,
        published: Published | None = None,
    ) -> None:
        self.model = model
        self.report = report
        """The model's review: given, or made by :meth:`build` once the diagram workers have
        work (``None`` until then; the providers' pages always see it)."""
        self._pending = pending
        """The model's own review, still to come, when ``report`` is the last build's."""
        self._published = published
        """Told the diagram files and the pages' paths as soon as the diagrams are published
        (:func:`build_site`)."""
        self._reviewing = 0.0
        """Seconds :meth:`build` spent reviewing (not generating pages)."""
        self.site_options = options
        self.options: Mapping[str, Any] = options.as_mapping(model)
        self.paths = options.site_paths(model)
        self.log = log or logging.getLogger("archdocs.website")
        self.providers = list(providers) if providers is not None else provider_modules()
        self._queue: dict[str, _Queued] = {}
        self._keys: dict[tuple[str, str, str | None, str | None], str] = {}
        self._assets: dict[str, str] = {}
        self._renderer: DiagramRenderer | None = None
        """Set while :meth:`build` runs: a diagram is laid out as soon as it is queued."""
        self._measurements: Measurements | None = None
        """Set while :meth:`build` generates pages: ER parts measured ahead, taken in as
        diagrams are queued."""
        self._html_blocks: dict[str, list[str]] = {}
        self._finishing: dict[_FinishKey, tuple[str, list[str] | None]] = {}
        self.generated_memo = _generated
        self._drafts = WorkAhead()
        """The child drafting pages ahead while :meth:`build` runs (``draft_ahead``)."""

    # -- SiteContext ---------------------------------------------------------------------------

    def diagram(self, page_path: str, spec: DiagramSpec) -> str:
        """A placeholder that becomes the diagram's Markdown once the batch is rendered."""
        identity = (spec.key, spec.dot, spec.mermaid, spec.svg)
        key = self._keys.get(identity)
        if key is None:
            key = self._keys[identity] = self._free_key(spec)
            self._queue[key] = _Queued(replace(spec, key=key))
            self._assets[self.diagram_path(key)] = key
            if self._renderer is not None:
                self._renderer.submit(self._queue[key].spec)
                if self._measurements is not None:
                    self._measurements.collect()  # what the workers measured ahead, acted upon
        self._queue[key].pages.add(page_path)
        return _placeholder(key)

    def drafted(self, key: Hashable) -> Any:
        """What the drafting child sent under ``key`` (a provider's ``drafts``), or ``None``
        when it has not (yet): the provider then makes it itself. Never waits."""
        if not self._drafts.running:
            return None
        value = self._drafts.take(key)
        return None if value is MISSING else value

    def _free_key(self, spec: DiagramSpec) -> str:
        """``spec.key``, or when another diagram has it (two systems' landscapes, elements
        whose names share a slug) that key with a hash of the diagram appended: deterministic,
        and every diagram keeps its own SVG."""
        if spec.key not in self._queue and self.diagram_path(spec.key) not in self._assets:
            return spec.key  # the usual case: no hash of the (often large) source needed
        drawn = "" if spec.svg is None else f"\0{spec.svg}"  # keys of the others unchanged
        digest = hashlib.sha256(f"{spec.dot}\0{spec.mermaid}{drawn}".encode()).hexdigest()
        for length in (8, 16, 64):
            key = f"{spec.key}-{digest[:length]}"
            if key not in self._queue and self.diagram_path(key) not in self._assets:
                return key
        raise ValueError(f"no free diagram key for {spec.key!r}")  # 2**256 diagrams later

    def diagram_path(self, key: str) -> str:
        return self.paths.diagram_asset(key)

    # -- building ------------------------------------------------------------------------------

    def build(self, stats: BuildStats | None = None) -> SiteResult:
        from archdocs.render.architecture import reusing_views
        from archdocs.render.er_focus import reusing_drawings
        from archdocs.render.measure import Measurements, measuring
        from archdocs.render.spec import mermaid_sources

        stats = stats or BuildStats()
        started = time.perf_counter()
        pages: dict[str, Page] = {}
        assets: dict[str, Asset] = {}
        # Diagrams laid out to measure them (ER legibility) are not laid out again by the
        # renderer, and their measurements are cached with the diagrams.
        measurements = Measurements(self._cache_dir)
        # With every diagram to lay out, the workers keep the second core busy already: a
        # child drafting the table pages there gained nothing (performance guide, thirteenth
        # round).
        drafting = self.site_options.draft_ahead and \
            not self.site_options.lays_out_every_diagram() and \
            sum(len(datastore.tables) for system in self.model.systems
                for datastore in system.datastores) >= DRAFT_MIN_TABLES
        if self.report is None and drafting:
            self.report = self._review(stats)  # the drafting child's pages show the findings
        with self._diagram_session(measurements.layouts) as renderer, \
                _memoized_projections(), measuring(measurements), reusing_drawings(), \
                reusing_views(), mermaid_sources(self.site_options.diagrams == "mermaid"):
            self.generated_memo.start()
            if drafting:
                # Before the renderer's threads start: a process running threads is not forked.
                self._drafts.start(self._draft)
            measurements.workers = renderer  # parts measured ahead, while pages are generated
            self._measurements = measurements
            if self.report is None:
                # The workers measure the ER diagrams while the model is reviewed.
                self._measure_ahead()
                self.report = self._review(stats)
            try:
                for module_name in self.providers:
                    module = importlib.import_module(module_name)
                    for item in module.pages(self):
                        target = pages if isinstance(item, Page) else assets
                        if item.path in pages or item.path in assets:
                            raise ValueError(
                                f"{module_name} generates {item.path!r}, which exists already")
                        target[item.path] = item
                        self._drafts.receive()
                        if self._pending is not None and self._pending.ready():
                            self._take_review(stats)
                if self._pending is not None:
                    self._take_review(stats)
            finally:
                self._drafts.stop()
            stats.pages_seconds = time.perf_counter() - started - self._reviewing
            self.generated_memo.done()
            stats.reused_pages = self.generated_memo.reused_pages
            stats.reused_datastores = self.generated_memo.reused_datastores
            stats.drafted_pages = self.generated_memo.drafted_pages
            self._measurements = measurements.workers = None
            # Each diagram is published as it comes, and each page finished once the diagrams
            # it shows are: the work fills the wait for the workers' last layouts.
            publisher = Publisher(self, pages)
            finisher = _Finisher(self, pages)

            def settled(diagram: Diagram) -> None:
                if diagram.svg is not None and not self._as_mermaid(diagram):
                    publisher.add(diagram)
                finisher.settled(diagram)

            diagrams = self._collect(renderer, stats, settled)
        failed = [d for d in diagrams.values() if d.error]
        for diagram in sorted(failed, key=lambda d: d.key):
            where = ", ".join(sorted(self._queue[diagram.key].pages))
            self.log.warning(
                "diagram %r (%s) was not rendered: %s; shown as a warning on %s",
                diagram.key, diagram.title, diagram.error, where,
            )
        published = publisher.assets()
        for asset in published:
            assets[asset.path] = asset
        if self._published is not None:
            self._published(published, sorted(pages))
        final_pages = finisher.pages(diagrams)
        _finished.last = self._finishing
        by_path = {page.path: page for page in final_pages}
        nav = [by_path[path] for path, page in pages.items() if page.nav]
        stats.pages = len(final_pages)
        stats.assets = len(assets)
        stats.failed = len(failed)
        return SiteResult(
            pages=sorted(final_pages, key=lambda p: p.path),
            assets=sorted(assets.values(), key=lambda a: a.path),
            stats=stats,
            failed_diagrams=sorted(failed, key=lambda d: d.key),
            nav=nav,
            model=self.model,
            report=self.report,
            paths=self.paths,
            html_blocks=self._html_blocks,
        )

    def _measure_ahead(self) -> None:
        """Each provider's ``measure_ahead``, if it has one (archdocs.pages.page)."""
        for module_name in self.providers:
            measure = getattr(importlib.import_module(module_name), "measure_ahead", None)
            if measure is not None:
                measure(self)

    def _review(self, stats: BuildStats) -> Report:
        """The model's review, made here; the diagram workers are kept fed meanwhile."""
        mark = time.perf_counter()
        measurements = self._measurements
        report = review(self.model, pace=measurements.collect if measurements else None)
        stats.review_seconds = time.perf_counter() - mark
        self._reviewing += stats.review_seconds
        return report

    def _take_review(self, stats: BuildStats) -> None:
        """The model's review, from the helper (or made here when the helper's is not of this
        model): kept when it is the one the pages are generated with, else
        :class:`_ReviewChanged` (the build generates the pages again with it)."""
        assert self._pending is not None
        pending, self._pending = self._pending, None
        report = pending.result()
        if report is None:
            report = self._review(stats)
        else:
            stats.reviewed_ahead = True
        if report != self.report:
            raise _ReviewChanged(report)
        self.report = report

    def _draft(self, send: Send) -> None:  # pragma: no cover - runs in the forked child
        """The drafting child's work: every provider's ``drafts``, with a site context that
        queues no diagram (the child's diagrams would be lost with it)."""
        self._renderer = None
        drafting = _Drafting(self)
        for module_name in self.providers:
            drafts = getattr(importlib.import_module(module_name), "drafts", None)
            if drafts is not None:
                drafts(drafting, send)

    def _finish(self, page: Page, diagrams: Mapping[str, Diagram]) -> Page:
        """The page as served: diagrams in place, tables as HTML, template delimiters broken,
        its title in front matter. Taken from the last build in this process when that one
        finished the same text (a `mkdocs serve` rebuild changes few pages)."""
        content = self._substitute(page.path, page.content, diagrams)
        as_html = self.site_options.html_tables and page.path in self._table_pages
        key = (page.path, page.title, as_html, self.site_options.directory_urls, content)
        done = _finished.last.get(key)
        if done is None:
            # Page text that is not escaped inline (code blocks of SQL, Mermaid, ADR bodies)
            # still gets its template delimiters broken: no model text runs in mkdocs-macros.
            final = _with_title(page, md.inert_templates(self._as_html(page.path, content)))
            done = (final, self._html_blocks.get(page.path) if as_html else None)
        elif done[1] is not None:
            self._html_blocks[page.path] = list(done[1])
        self._finishing[key] = done
        return Page(page.path, md.plain_title(page.title), done[0], page.nav)

    def _as_html(self, page_path: str, content: str) -> str:
        """The tables of a table page as HTML blocks that Python-Markdown passes through
        (:mod:`archdocs.website.html_tables`): on a big model those pages are most of the
        site, and their Markdown tables were half of MkDocs' build time."""
        if not self.site_options.html_tables or page_path not in self._table_pages:
            return content
        blocks = self._html_blocks[page_path] = []
        return tables_as_html(page_path, content, directory_urls=self.site_options.directory_urls,
                              written=blocks)

    @cached_property
    def _table_pages(self) -> frozenset[str]:
        return frozenset(self.paths.table(system, datastore, table)
                         for system in self.model.systems
                         for datastore in system.datastores for table in datastore.tables)

    @property
    def _cache_dir(self) -> Path | None:
        return Path(self.options["cache_dir"]) if self.options["cache_dir"] else None

    @contextmanager
    def _diagram_session(self, laid_out: Mapping[str, str]) -> Iterator[DiagramRenderer]:
        """A renderer that takes each diagram as the providers queue it (finishing those in
        ``laid_out`` from their measuring layout); whatever happens, its worker processes are
        gone when the block ends."""
        from archdocs.render import DiagramRenderer

        renderer = DiagramRenderer(
            output=self.site_options.diagrams,
            cache_dir=self._cache_dir,
            jobs=self.site_options.jobs,
        )
        renderer.start(laid_out)
        try:
            for _, queued in sorted(self._queue.items()):  # queued before this build
                renderer.submit(queued.spec)
            self._renderer = renderer
            yield renderer
        finally:
            self._renderer = None
            renderer.close()

    def _collect(self, renderer: DiagramRenderer, stats: BuildStats,
                 each: Callable[[Diagram], None]) -> dict[str, Diagram]:
        """Every queued diagram, by key in sorted order, once the renderer has them all;
        ``each`` is given each diagram as it comes."""
        stats.diagrams = len(self._queue)
        started = time.perf_counter()
        progress = _progress_logger(self.log, len(self._queue)) \
            if len(self._queue) >= _PROGRESS_THRESHOLD else None
        rendered = renderer.finish(progress=progress, each=each)
        stats.render_seconds = time.perf_counter() - started
        stats.layout_seconds = renderer.layout_seconds
        stats.rendered = renderer.rendered
        stats.cache_hits = renderer.cache_hits
        stats.drawn = renderer.drawn
        return {key: rendered[key] for key in sorted(self._queue)}

    def _substitute(self, page_path: str, content: str, diagrams: Mapping[str, Diagram]) -> str:
        def replace(match: re.Match[str]) -> str:
            key = match.group(1)
            diagram = diagrams.get(key)
            if diagram is None:
                return _broken(key, key, "the diagram was never rendered")
            return self._show(page_path, diagram)

        return _PLACEHOLDER_RE.sub(replace, content)

    def _as_mermaid(self, diagram: Diagram) -> bool:
        """Mermaid when asked for and the diagram supports it; SVG otherwise."""
        return self.site_options.diagrams == "mermaid" and bool(diagram.mermaid)

    def _show(self, page_path: str, diagram: Diagram) -> str:
        if diagram.error:
            return _broken(diagram.key, diagram.title, diagram.error)
        if self._as_mermaid(diagram):
            assert diagram.mermaid is not None
            return f"```mermaid\n{diagram.mermaid.strip()}\n```\n"
        if diagram.svg is not None:
            return diagram_html(page_path, self.diagram_path(diagram.key), diagram,
                                directory_urls=self.site_options.directory_urls)
        return _broken(diagram.key, diagram.title, "the renderer returned no picture")


class _Finisher:
    """The pages of a build finished (:meth:`SiteBuilder._finish`) as the diagrams they show
    are settled: a page showing none with the first diagram, the others with the last of
    theirs. The same pages as finishing them all once every diagram is known."""

    def __init__(self, builder: SiteBuilder, pages: Mapping[str, Page]) -> None:
        self._builder = builder
        self._pages = pages
        self._diagrams: dict[str, Diagram] = {}
        self._finished: dict[str, Page] = {}
        self._unsettled: dict[str, int] = {}
        """Page path -> how many of its diagrams are not settled yet."""
        self._showing: dict[str, list[str]] = {}
        """Diagram key -> the pages that show it."""
        self._without: list[str] = []
        """The pages that show no diagram, until the first diagram is settled."""
        for path, page in pages.items():
            keys = set(_PLACEHOLDER_RE.findall(page.content))
            if not keys:
                self._without.append(path)
                continue
            self._unsettled[path] = len(keys)
            for key in keys:
                self._showing.setdefault(key, []).append(path)

    def settled(self, diagram: Diagram) -> None:
        self._diagrams[diagram.key] = diagram
        without, self._without = self._without, []
        for path in without:
            self._finish(path)
        for path in self._showing.pop(diagram.key, ()):
            self._unsettled[path] -= 1
            if not self._unsettled[path]:
                self._finish(path)

    def pages(self, diagrams: Mapping[str, Diagram]) -> list[Page]:
        """Every page finished, in the order given: those still waiting (a placeholder of a
        diagram never settled) with ``diagrams``."""
        return [self._finished.get(path) or self._builder._finish(page, diagrams)
                for path, page in self._pages.items()]

    def _finish(self, path: str) -> None:
        self._finished[path] = self._builder._finish(self._pages[path], self._diagrams)


class _Drafting:
    """The site context of the child that drafts pages (:meth:`SiteBuilder._draft`): a diagram
    gets the placeholder the builder gives its key when no other diagram has it, and is not
    queued; the rest is the builder's. The builder queues the drafted diagrams again when it
    takes the pages, and generates them itself when a placeholder differs."""

    def __init__(self, builder: SiteBuilder) -> None:
        self._builder = builder

    def diagram(self, page_path: str, spec: DiagramSpec) -> str:
        return _placeholder(spec.key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder, name)


@contextmanager
def _memoized_projections() -> Iterator[None]:
    """Each datastore's scalability projection computed once per build, however many pages
    show it (see :func:`archdocs.perf.scalability.memoized_projections`)."""
    from archdocs.perf.scalability import memoized_projections

    with memoized_projections():
        yield


def _with_title(page: Page, content: str) -> str:
    """The page with its title in front matter (unless the provider wrote front matter), so the
    browser tab and nav never show a title MkDocs derived from user text in the heading."""
    if content.startswith("---\n"):
        return content
    return md.front_matter(page.title) + content


def _broken(key: str, title: str, error: str) -> str:
    """A visible warning in place of a diagram that could not be drawn."""
    lines = " ".join(str(error).split())
    return (
        f'!!! warning "Diagram not rendered: {md.escape(title)}"\n\n'
        f"    The diagram {md.code(key)} could not be drawn: {md.escape(lines)}\n"
        "    Run `mkdocs build` or `archdocs generate` to see the cause in the build log.\n"
    )


def _progress_logger(log: logging.Logger, total: int) -> Callable[[int, int], None]:
    """Logs every tenth of the batch, once the batch has taken more than two seconds (a batch
    served from the cache finishes before and stays quiet)."""
    step = max(1, total // 10)
    started = time.perf_counter()
    reported: set[int] = set()

    def progress(done: int, total_: int) -> None:
        if time.perf_counter() - started < 2.0:
            return
        bucket = done // step
        if bucket not in reported or (done == total_ and reported):
            reported.add(bucket)
            log.info("archdocs: diagrams %d/%d", done, total_)

    return progress


def provider_modules() -> list[str]:
    """The provider modules to run: the core pages first, then every registered provider."""
    ordered = [CORE_PROVIDER] + [p for p in PROVIDERS if p != CORE_PROVIDER]
    return list(dict.fromkeys(ordered))


def build_site(
    options: SiteOptions,
    *,
    log: logging.Logger | None = None,
    providers: Iterable[str] | None = None,
    model: Model | None = None,
    pending: PendingReview | None = None,
    published: Published | None = None,
) -> SiteResult:
    """Load the model at ``options.models`` (unless ``model`` is that model, loaded already),
    review it and build every page and diagram.

    With ``pending`` (under `mkdocs serve`, the review a helper process makes as the save is
    noticed, archdocs.website.review_ahead), the pages are generated with the last build's
    review while the helper works, and generated again when its review differs.

    ``published`` is called with the diagram files and the paths of the pages, sorted, as
    soon as the diagrams are published, while the pages are still being finished: the plugin
    has the files written meanwhile.

    Raises :class:`~archdocs.errors.ArchdocsError` (with file and line) when the model cannot be
    loaded.
    """
    log = log or logging.getLogger("archdocs.website")
    stats = BuildStats(preloaded=model is not None)
    started = time.perf_counter()
    options._start_workers_if_cold()
    # Projections made once for the review and the pages, and for pages generated again.
    with collector.paused(), _memoized_projections():
        if model is None:
            model = load_models(options.models)
        stats.load_seconds = time.perf_counter() - started
        # Without a review pending, the builder reviews once the diagram workers have work.
        report = pending.last if pending is not None else None
        try:
            result = SiteBuilder(model, report, options, log=log, providers=providers,
                                 pending=pending, published=published).build(stats)
        except _ReviewChanged as changed:
            stats.regenerated = True
            result = SiteBuilder(model, changed.report, options, log=log,
                                 providers=providers, published=published).build(stats)
    stats.total_seconds = time.perf_counter() - started
    return result


class _ReviewChanged(Exception):
    """The model's review differs from the one its pages were being generated with."""

    def __init__(self, report: Report) -> None:
        super().__init__("the review changed")
        self.report = report


def error_site(options: SiteOptions, error: ArchdocsError) -> SiteResult:
    """A one-page site saying the model could not be loaded, used by ``mkdocs serve`` so the
    server keeps running until the next good save."""
    path = f"{SitePaths(prefix=options.prefix).prefix}/index.md"
    content = (
        "# Architecture\n\n"
        '!!! failure "The model could not be loaded"\n\n'
        f"{_indented_code(md.inert_templates(str(error)))}\n\n"
        "    Fix the model file and save it: this page rebuilds on its own.\n"
    )
    page = Page(path, "Architecture", md.front_matter("Architecture") + content, nav=True)
    return SiteResult(pages=[page], assets=[], nav=[page],
                      stats=BuildStats(pages=1))


def _indented_code(text: str) -> str:
    """Text shown verbatim inside an admonition (indented code block, HTML-escaped by Markdown)."""
    return "\n".join("        " + line for line in text.splitlines())


def require_error(error: BaseException) -> ArchdocsError:
    """``error`` as an :class:`ArchdocsError` (wrapping anything else as an internal error)."""
    if isinstance(error, ArchdocsError):
        return error
    return ArchdocsError(
        f"internal error while building the site: {type(error).__name__}: {error}",
        hint=f"this is a bug in archdocs: {how_to_report()}, with the traceback "
        "(archdocs --debug generate, or mkdocs build --verbose)")


__all__ = [
    "DIAGRAM_FORMATS", "BuildStats", "SiteBuilder", "SiteOptions", "SiteResult", "build_site",
    "error_site", "provider_modules", "require_error",
]
