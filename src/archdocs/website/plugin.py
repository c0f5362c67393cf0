"""The ``archdocs`` MkDocs plugin: a thin adapter that serves the site builder's pages from
memory. Everything it shows is built by :func:`archdocs.website.build.build_site`, which
``archdocs generate`` also uses.

    plugins:
      - search
      - archdocs:
          models: models          # relative to mkdocs.yml
          prefix: architecture    # URL folder of the generated pages
          diagrams: svg           # or mermaid (needs Material's Mermaid fence)

Under a plain ``mkdocs serve``, a rebuild after a save that touched only the models folder is
a dirty build: the plugin marks the generated pages whose content did not change as
unmodified, so MkDocs renders only the changed ones, and makes the result equal a clean build
(search entries, navigation titles, the files of removed pages, every page rendered again when
the navigation changed). Any other change is a clean rebuild, as the user asked. The decision
and the MkDocs internals it relies on: docs/adr, "Serve a save in the models folder as a dirty
rebuild".

In a one-shot ``mkdocs build``, a child forked once MkDocs has every file does the plugin's
work on the generated pages ahead, on the core MkDocs leaves idle (website/work_ahead.py), and
one forked once MkDocs has converted every page renders the last generated pages while MkDocs
renders the others (website/render_ahead.py).
Generated pages are converted with one Markdown instance per build (website/generated_page.py),
and under ``mkdocs serve`` the model is loaded as soon as a save is noticed
(website/model_preload.py), while a helper process reviews it on the other core
(website/review_ahead.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Literal, cast

import jinja2
import jinja2.bccache
import mkdocs.commands.serve
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.meta import get_data as get_markdown

from archdocs.errors import ArchdocsError
from archdocs.load.loader import Model
from archdocs.pages.page import Asset
from archdocs.pages.stylesheet import stylesheet_path
from archdocs.review.engine import Report
from archdocs.website import collector
from archdocs.website.build import SiteOptions, SiteResult, build_site, error_site, require_error
from archdocs.website.generated_page import GeneratedPage, MarkdownReuse, nav_paths
from archdocs.website.generated_page import available as markdown_reuse_available
from archdocs.website.html_passthrough import Hidden, PlainBlocks, hide
from archdocs.website.markdown_subset import extensions_allow, toc_lists_every_heading
from archdocs.website.model_preload import ModelPreload, models_snapshot
from archdocs.website.model_rebuilds import (
    ContentDigests,
    Snapshot,
    input_snapshot,
    nav_signature,
    remove_outputs,
)
from archdocs.website.model_watch import watch_models
from archdocs.website.render_ahead import MIN_PAGES as RENDER_AHEAD_MIN_PAGES
from archdocs.website.render_ahead import RenderAhead
from archdocs.website.review_ahead import PendingReview, ReviewAhead
from archdocs.website.search_entries import Entry, restore_unrendered
from archdocs.website.search_sections import entries_of, material_entries, material_index
from archdocs.website.site_writes import SiteWrites
from archdocs.website.theme_listing import ThemeListing
from archdocs.website.work_ahead import MISSING, Send, WorkAhead

log = logging.getLogger("mkdocs.plugins.archdocs")

class ArchdocsConfig(base.Config):  # type: ignore[no-untyped-call]
    models = c.Type(str, default="models")
    """The models directory, relative to ``mkdocs.yml``."""
    prefix = c.Type(str, default="architecture")
    diagrams = c.Choice(("svg", "mermaid"), default="svg")
    cache_dir = c.Optional(c.Type(str))
    """Rendered-diagram cache (default ``.cache/archdocs`` beside ``mkdocs.yml``)."""
    drift_url_env = c.Optional(c.Type(str))
    """Environment variable with a read-only database URL for the drift pages."""
    source_url = c.Optional(c.Type(str))
    """Link template for model files: ``https://github.com/acme/arch/blob/main/{path}#L{line}``."""
    rule_pages = c.Optional(c.Type(str))
    """A docs folder that already has a page per review rule (``rules/SCH003.md``): link there
    instead of generating copies."""
    hazard_pages = c.Optional(c.Type(str))
    """Likewise for the migration hazards (``hazards/MH001.md``)."""
    nav_title = c.Type(str, default="Architecture")
    """Title of the section added to an explicit ``nav`` that does not mention the pages."""


class ArchdocsPlugin(BasePlugin[ArchdocsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        """The user's ``mkdocs serve --dirty``."""
        self.dirty_build = False
        """This build is dirty: ``--dirty``, or a plain serve's rebuild after a model save."""
        self.site_complete = True
        """The site folder holds the whole output of the last build (it did not fail)."""
        self.inputs: list[Path] = []
        self.inputs_seen: Snapshot = frozenset()
        self.outputs: dict[str, str] = {}
        """Generated file -> the file MkDocs writes for it, relative to the site folder."""
        self.nav_seen: tuple[tuple[str, str], ...] = ()
        self.titles: dict[str, str] = {}
        """The title of each page (by URL) as its last rendering gave it."""
        self.footers: dict[str, str] = {}
        """The footer each rendered page of the user's docs got (ADRs: related elements)."""
        self.options: SiteOptions | None = None
        self.result: SiteResult | None = None
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.digests = ContentDigests()
        self.files: Files | None = None
        self.rendered_urls: set[str] = set()
        self.search_entries: dict[str, list[Entry]] = {}
        self.material_entries: list[Entry] | None = None
        """Material's search index, when the plugin writes the entries of generated pages."""
        self.indexed: tuple[Any, list[Entry] | None] | None = None
        """The page being rendered, whose entries the plugin made, and those entries."""
        self.search_index: Any = None
        """Material's search index (:func:`material_index`), when the plugin writes entries."""
        self.templates = _CompiledTemplates()
        self.idle_collection = collector.IdleCollection()
        """Under `mkdocs serve`, the full pass of the collector that finds the models rebuilds
        replaced, run while the server is idle (collector.py)."""
        self.hidden: dict[str, Hidden] = {}
        """Pages being converted whose HTML blocks are hidden from Python-Markdown."""
        self.convert_markdown = False
        """Whether the site's Markdown extensions let generated pages' own Markdown be written
        as HTML (website/markdown_subset.py); decided once per build, in on_config."""
        self.placeholders = PlainBlocks()
        """Added to the site's Markdown extensions when they are converted: a generated page's
        placeholder paragraphs and plain headings made without Python-Markdown's inline
        patterns."""
        self.markdown_reuse = MarkdownReuse()
        """The one Markdown instance per build that generated pages are converted with."""
        self.reuse_markdown = False
        """Whether generated pages are converted with :attr:`markdown_reuse`, as the site's
        extensions and MkDocs' release allow (website/generated_page.py); decided in
        on_config."""
        self.hide_headings = False
        """Whether plain headings of generated pages join the runs of converted blocks (the
        site's toc lists every heading); decided in on_config."""
        self.preload = ModelPreload()
        """Under `mkdocs serve`, the model loaded as a save is noticed (model_preload.py)."""
        self.review_ahead = ReviewAhead()
        """Under `mkdocs serve`, the model reviewed in a helper process as a save is noticed
        (review_ahead.py)."""
        self.last_report: Report | None = None
        """The review of the last build under `mkdocs serve` (``None`` after a failed one)."""
        self.watcher: Any = None
        """The inotify observer of the models folder under `mkdocs serve` (Linux)."""
        self.theme_listing = ThemeListing()
        self.site_writes = SiteWrites()
        """The diagram files, written into the site folder while MkDocs reads the pages."""
        self.written_early = False
        """Whether this one-shot build's diagram files are being written since they were
        published (:meth:`_write_early`)."""
        self.ahead = WorkAhead()
        self.render_ahead = RenderAhead()
        """A one-shot build's child that renders the last generated pages (render_ahead.py)."""
        self.entries_elsewhere = False
        """Whether this build's render-ahead child makes the search entries (the work-ahead
        child then does not)."""
        self.site_nav: Any = None
        """MkDocs' navigation of a one-shot build, for the render-ahead child."""
        """The page work a forked child does ahead in a one-shot build (work_ahead.py)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        # The command ends the process (collector.py: 1.5 s on the 1000-table benchmark model).
        collector.skip_last_collection()
        self.dirty = self.dirty_build = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The folder of mkdocs.yml as given: a symbolic link is not followed out of the project.
        base_dir = Path(os.path.abspath(config.config_file_path or "mkdocs.yml")).parent
        cache = self.config.cache_dir
        try:
            self.options = SiteOptions(
                models=(base_dir / self.config.models),
                prefix=self.config.prefix,
                diagrams=cast(Literal["svg", "mermaid"], self.config.diagrams),
                cache_dir=(base_dir / cache) if cache else None,
                project_root=base_dir,
                drift_url_env=self.config.drift_url_env,
                source_url=self.config.source_url,
                rule_pages=self.config.rule_pages,
                hazard_pages=self.config.hazard_pages,
                directory_urls=bool(config.use_directory_urls),
                # A one-shot build drafts its table pages on the second core; a served
                # rebuild takes them from the build before.
                draft_ahead=not self.serving,
                once=not self.serving,
            )
        except ArchdocsError as error:
            raise PluginError(f"archdocs: {error}") from error
        if self.serving:
            # Installed themes listed once, not before every rebuild (theme_listing).
            self.theme_listing.apply_to(config.theme)
        # What MkDocs reads besides the models (the theme's own files are not edited while
        # serving; a custom_dir of overrides is).
        custom_dir = config.theme.custom_dir
        self.inputs = [Path(config.docs_dir), Path(config.config_file_path or "mkdocs.yml"),
                       *(Path(path) for path in config.watch),
                       *([Path(custom_dir)] if custom_dir else [])]
        self.convert_markdown = extensions_allow(config.markdown_extensions, config.mdx_configs)
        self.hide_headings = toc_lists_every_heading(config.mdx_configs)
        self.reuse_markdown = self.convert_markdown and markdown_reuse_available()
        if self.convert_markdown and self.placeholders not in config.markdown_extensions:
            config.markdown_extensions.append(self.placeholders)
        # Wide generated tables wrap to the column (archdocs.pages.stylesheet).
        stylesheet = stylesheet_path(self.config.prefix)
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
        if self.config.diagrams == "mermaid" and "mermaid" not in str(
            config.mdx_configs.get("pymdownx.superfences", {})
        ):
            log.warning(
                "archdocs: diagrams: mermaid needs Material's Mermaid fence in mkdocs.yml "
                "(markdown_extensions: pymdownx.superfences: custom_fences: mermaid); "
                "without it the diagrams show as code"
            )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # A build that ended without its events: its writing ends before MkDocs cleans the
        # site folder.
        self._wait_for_site_writes()
        if self.serving and self.dirty:
            _dirty_warning_not_counted()
        if self.serving and not self.dirty and self.options is not None:
            # Compared before the next rebuild of a plain serve (see _rebuild).
            self.inputs_seen = input_snapshot(self.inputs, self.options.models)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.options is not None
        # Noticed as it is written, not at MkDocs' next poll (archdocs.website.model_watch).
        models = self.options.models
        self.review_ahead.start()

        def noticed() -> None:
            self.review_ahead.request(models)
            self.preload.start(models)

        self.watcher = watch_models(server, models, self.inputs, noticed=noticed)
        # Not under `--dirty` (every rebuild is dirty) nor `--clean` (builds as `mkdocs build`).
        if self.serving and not self.dirty:
            clean_rebuild = server.builder

            def rebuild() -> None:
                self._rebuild(clean_rebuild)

            # The LiveReloadServer calls its builder on every change it sees.
            server.builder = rebuild
        return server

    def on_shutdown(self) -> None:
        self.ahead.stop()
        self.review_ahead.stop()
        self.idle_collection.stop()
        collector.release()
        if self.watcher is not None:
            self.watcher.stop()

    def _rebuild(self, clean_rebuild: Callable[[], None]) -> None:
        """A plain `mkdocs serve` rebuild: dirty when only the models changed since the last
        build, which succeeded; clean otherwise."""
        assert self.options is not None
        if not self.site_complete:
            reason = "the last build failed"
        elif input_snapshot(self.inputs, self.options.models) != self.inputs_seen:
            reason = "files outside the models folder changed"
        else:
            reason = ""
        self.site_complete = False
        if reason:
            log.info("archdocs: %s: clean rebuild", reason)
            clean_rebuild()
        else:
            self._dirty(clean_rebuild)
        self.site_complete = True

    def _dirty(self, clean_rebuild: Callable[[], None]) -> None:
        """Run MkDocs' serve builder, which reloads mkdocs.yml with the command line's options,
        with its ``build`` called as ``dirty``: it looks that function up in its module on every
        call (mkdocs/commands/serve.py, MkDocs 1.6)."""

        def dirty_build(config: MkDocsConfig, *, serve_url: str | None = None,
                        dirty: bool = False) -> None:
            self.dirty_build = True
            mkdocs_build(config, serve_url=serve_url, dirty=True)

        # The user asked for a plain serve: MkDocs' warning that a dirty build may leave
        # stale navigation is not for them (the plugin makes this one exact).
        builds = logging.getLogger("mkdocs.commands.build")
        builds.addFilter(_not_the_dirty_warning)
        serve_module: Any = mkdocs.commands.serve  # `build` is imported there, not exported
        serve_module.build = dirty_build
        try:
            clean_rebuild()
        finally:
            serve_module.build = mkdocs_build
            builds.removeFilter(_not_the_dirty_warning)
            self.dirty_build = False

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.options is not None
        if self.serving:
            self.idle_collection.before_build()
            out_of_sight = True
        else:
            # A one-shot build again in this process (a script, a test run) gives the last
            # build's objects back and keeps its own in sight: the last model becomes garbage
            # only while this build runs, and kept out of sight it would never be freed.
            out_of_sight = not collector.release()
        with collector.paused():
            self.result = self._build(config)
            if out_of_sight:
                # The model and the pages live until the next build (MkDocs renders them, a
                # rebuild reuses them): the collector's passes are kept off them.
                collector.keep()
        self.previous, self.current = self.current, {}
        written, self.outputs = self.outputs, {}
        for page in self.result.pages:
            self._add(files, config, page.path, page.content,
                      InclusionLevel.INCLUDED if page.nav else InclusionLevel.NOT_IN_NAV)
        writes: list[tuple[Path, bytes]] = []
        for asset in self.result.assets:
            # The diagram SVGs, nearly all the assets, are written beside the build. Plugins
            # read some files' sources before on_env: Material's privacy plugin its CSS and
            # JavaScript files, its optimize plugin the PNGs; MkDocs writes those.
            self._add(files, config, asset.path, asset.content, InclusionLevel.INCLUDED,
                      writes if _written_beside(asset.path) else None)
        self.digests.build_done()
        if config.nav is not None:
            self._extend_nav(config)
        if self.reuse_markdown:
            self._generated_pages(files, config)
        previous_nav, self.nav_seen = self.nav_seen, nav_signature(self.result.nav)
        if self.dirty_build and written:  # not the first build, whose site folder is empty
            self._exact_dirty_build(files, config, written, previous_nav != self.nav_seen)
        if not self.written_early:
            # Only now: the dirty build's removals above may delete a folder being written into.
            self.site_writes.start(writes)
        if not self.serving:
            # A one-shot build: the plugin's page work done ahead on the idle core.
            self.entries_elsewhere = self._renders_ahead(config) and \
                len(self.result.pages) >= RENDER_AHEAD_MIN_PAGES
            self.ahead.start(lambda send: self._work_ahead(files, config, send))
        return files

    def _renders_ahead(self, config: MkDocsConfig) -> bool:
        """Whether a child may render pages of this build (render_ahead.py): a one-shot build
        whose plugins are this one and Material's search plugin only."""
        plugins = list(config.plugins.values())
        index = material_index(plugins)
        return not self.serving and hasattr(os, "fork") and index is not None and \
            all(plugin is self or getattr(plugin, "search_index", None) is index
                for plugin in plugins)

    def _generated_pages(self, files: Files, config: MkDocsConfig) -> None:
        """MkDocs' page of each generated page, made now as a :class:`GeneratedPage`, which
        converts it with the build's one Markdown instance; not for pages the site's ``nav``
        names (MkDocs gives those the nav's title when it makes their page)."""
        assert self.result is not None
        named = nav_paths(config.nav) if config.nav is not None else set()
        for page in self.result.pages:
            file = files.get_file_from_path(page.path)
            if file is not None and file.generated_by and file.page is None and \
                    page.path not in named:
                GeneratedPage(file, config, self.markdown_reuse)

    def _exact_dirty_build(self, files: Files, config: MkDocsConfig, written: dict[str, str],
                           nav_changed: bool) -> None:
        """What a dirty build would get wrong after a model edit, made right: the files of
        generated pages and assets that are gone are deleted; when the navigation changed,
        every page (each carries it) is rendered again; when pages came or went, the user's
        pages are (a link to them resolves differently), and so is a user's ADR page whose
        footer of related elements changed."""
        assert self.result is not None
        removed = sorted(set(written) - set(self.outputs))
        remove_outputs(Path(config.site_dir), [written[path] for path in removed])
        pages = files.documentation_pages()
        if nav_changed:
            rendered = pages
        else:
            users = [file for file in pages if file.src_uri not in self.current]
            if set(self.current) != set(self.previous):
                rendered = users
            else:
                footers = self._footers(config, [file.src_uri for file in users])
                rendered = [file for file in users if footers.get(file.src_uri, "")
                            != self.footers.get(file.src_uri, "")]
        for file in rendered:
            file.is_modified = _modified  # type: ignore[method-assign]
        changed = sum(self.previous.get(page.path) != self.current[page.path]
                      for page in self.result.pages)
        log.info(
            "archdocs: dirty rebuild%s: %d of %d generated pages changed%s%s",
            "" if self.dirty else " (only the models changed)", changed, len(self.result.pages),
            f", {len(removed)} generated files removed" if removed else "",
            "; the navigation changed, so every page is rendered again" if nav_changed else
            f"; {len(rendered)} of your pages rendered again" if rendered else "")

    def _footer(self, config: MkDocsConfig, docs_path: str) -> str:
        return self._footers(config, [docs_path]).get(docs_path, "")

    def _footers(self, config: MkDocsConfig, docs_paths: list[str]) -> dict[str, str]:
        """The footers of those of the user's pages that are decision records."""
        if self.result is None or self.result.model is None or self.result.paths is None:
            return {}
        from archdocs.adr.pages import record_page_footers

        return record_page_footers(self.result.model, self.result.paths,
                                   Path(config.docs_dir), docs_paths)

    def _build(self, config: MkDocsConfig) -> SiteResult:
        assert self.options is not None
        try:
            model, pending = self._model_and_review() if self.serving else (None, None)
            result = build_site(self.options, log=log, model=model, pending=pending,
                                published=None if self.serving
                                else partial(self._write_early, config))
        # A model error must not stop `mkdocs serve`: a syntax error, an exception or a
        # sys.exit() in a model file, or a builder failure alike.
        except (Exception, SystemExit) as error:
            problem = require_error(error)
            if not self.serving:
                raise PluginError(f"archdocs: {problem}") from error
            _not_counted_by_strict_mode()
            log.error("archdocs: %s", problem)
            log.error("archdocs: the overview page shows the error until the next good save")
            self.last_report = None
            return error_site(self.options, problem)
        finally:
            self.preload.build_done()  # the next save's model may be loaded as it is noticed
        log.info(result.stats.summary())
        if self.serving:
            self.last_report = result.report
        return result

    def _write_early(self, config: MkDocsConfig, assets: list[Asset], pages: list[str]) -> None:
        """A one-shot build's diagram files written into the site folder as soon as they are
        published, while the build's thread finishes the pages, then the files MkDocs will
        write the pages into created empty, in the order MkDocs writes them: creating a file
        costs far more than writing into one where the file system is slow to find room for
        it (website/site_writes.py)."""
        self.site_writes.start(
            [(Path(os.path.normpath(os.path.join(config.site_dir, asset.path))), asset.content)
             for asset in assets if _written_beside(asset.path)],
            [Path(File(path, None, config.site_dir, config.use_directory_urls).abs_dest_path)
             for path in pages])
        self.written_early = True

    def _model_and_review(self) -> tuple[Model | None, PendingReview | None]:
        """Under `mkdocs serve`: the model loaded as the save was noticed (or ``None``: the
        build loads it), and the review the helper makes of it meanwhile (or ``None``: the
        build reviews first)."""
        assert self.options is not None
        models = self.options.models
        model = self.preload.take(models)
        if self.last_report is None:
            return model, None
        snapshot = self.preload.taken_snapshot if model is not None else models_snapshot(models)
        return model, self.review_ahead.pending(models, snapshot, self.last_report)

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.site_nav = None if self.serving else nav
        if self.serving and self.dirty_build:
            # A dirty rebuild does not read the pages it does not render, and the navigation
            # of the pages it renders would call them "None": read them (cheap, the Markdown
            # is not converted) and give them the title their last rendering gave them (read
            # from the Markdown, "# `code`" keeps its backticks).
            for page in nav.pages:
                if page.markdown is None and not page.file.is_modified():
                    page.read_source(config)
                    if page.url in self.titles:
                        page.title = self.titles[page.url]
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: MkDocsConfig,
                         files: Files) -> str:
        # An ADR that MkDocs renders from the user's docs/adr gets links to the elements it
        # relates to (the user's file is not changed).
        # A generated page is never one of the user's records: no footer to look for.
        footer = "" if page.file.generated_by else self._footer(config, page.file.src_uri)
        if self.serving:
            self.footers[page.file.src_uri] = footer
        markdown += footer
        ahead: Any = MISSING
        if self.ahead.running and page.file.generated_by:
            ahead = self.ahead.take(("markdown", page.file.src_uri))
        # The child's, when made of this very Markdown (work_ahead.py), which it did not send.
        hidden = replace(ahead[1], original=markdown) \
            if ahead is not MISSING and ahead[0] == _digest(markdown) \
            else self._hidden(markdown, page.file, files)
        self.placeholders.start(hidden)
        if hidden is None:
            return markdown
        self.hidden[page.file.src_uri] = hidden
        return hidden.markdown

    def _hidden(self, markdown: str, file: File, files: Files) -> Hidden | None:
        """``markdown``, of page ``file``, with its HTML blocks hidden (None: nothing to
        hide)."""
        if not file.generated_by:
            return None
        blocks = self.result.html_blocks.get(file.src_uri) if self.result else None
        # The rest of a generated page written as HTML too where it is archdocs' plain
        # Markdown (website/markdown_subset.py), unless an extension could read it otherwise.
        href = link_resolver(file, files) \
            if self.convert_markdown and file.src_uri in self.outputs else None
        if not (blocks or href):
            return None
        return hide(markdown, blocks or [], href, headings=self.hide_headings)

    def _work_ahead(self, files: Files, config: MkDocsConfig, send: Send) -> None:
        """What a forked child does ahead for the generated pages (work_ahead.py), in the
        order MkDocs takes them: first each page's Markdown with its blocks hidden (as
        on_page_markdown makes it), then each page converted as MkDocs will and its search
        entries (as on_page_context makes them), with what they were made of."""
        generated = [file for file in files.documentation_pages()
                     if file.generated_by and file.src_uri in self.current]
        read: dict[str, tuple[str, dict[str, Any]]] = {}
        hidden: dict[str, Hidden | None] = {}
        for file in generated:
            markdown, meta = read[file.src_uri] = get_markdown(file.content_string)
            hidden[file.src_uri] = found = self._hidden(markdown, file, files)
            if found is not None:
                send(("markdown", file.src_uri), (_digest(markdown), replace(found, original="")))
        if material_entries(config.plugins.values()) is None or self.entries_elsewhere:
            return
        for file in generated:
            page = GeneratedPage(file, config, self.markdown_reuse) if self.reuse_markdown \
                else Page(None, file, config)
            page.markdown, page.meta = read[file.src_uri]
            if "search" in page.meta:
                continue
            found = hidden[file.src_uri]
            if found is not None:
                page.markdown = found.markdown
            self.placeholders.start(found)
            page.render(config, files)
            html = str(page.content)
            content = found.restore(html, self.placeholders.written) if found else html
            if content is not None:  # None: the build converts the page as it came
                entries = entries_of(content, url=page.url, title=page.title, meta=page.meta,
                                     toc=page.toc)
                send(("entries", file.src_uri),
                     (_digest(content), page.title, _toc_signature(page.toc), entries))

    @event_priority(100)  # other plugins get the page as Python-Markdown would have made it
    def on_page_content(self, html: str, /, *, page: Any, config: MkDocsConfig,
                        files: Files) -> str:
        hidden = self.hidden.pop(page.file.src_uri, None)
        written, ids = self.placeholders.written, self.placeholders.ids
        self.placeholders.start(None)
        if hidden is None:
            return html
        restored = hidden.restore(html, written)
        if restored is not None:
            if hidden.headings and page.present_anchor_ids is not None:
                # MkDocs checks links to a page's anchors against the ids it saw.
                page.present_anchor_ids.update(ids)
            return restored
        # An extension or plugin changed a placeholder: convert the page as it came.
        page.markdown = hidden.original
        page.render(config, files)
        return str(page.content)

    @event_priority(100)  # before other plugins look at the files
    def _site_written(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        # MkDocs copies the static files after this event, and finds the diagrams in place.
        try:
            self.site_writes.written()
        except OSError as error:
            raise PluginError(f"archdocs: {require_error(error)}") from error
        return env

    def _env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.files = files
        self.rendered_urls = set()
        self.search_index = material_index(config.plugins.values())
        self.material_entries = \
            self.search_index.entries if self.search_index is not None else None
        if self.serving and env.bytecode_cache is None:
            # MkDocs makes a new template environment for every rebuild, which compiles the
            # theme's templates again (an eighth of a dirty rebuild): keep the compiled code.
            env.bytecode_cache = self.templates
        return env

    @event_priority(-100)  # the last: the child renders with the environment as plugins left it
    def _render_pages_ahead(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.entries_elsewhere and self.site_nav is not None:
            nav = self.site_nav
            pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
            generated = [file for file in pages
                         if file.generated_by and file.src_uri in self.current]

            def render(page: Any) -> str:  # pragma: no cover - in the child
                return _rendered(page, config, pages, nav, env)

            self.render_ahead.start(generated, env, render, self._page_entries)
        return env

    on_env = CombinedEvent(_site_written, _env, _render_pages_ahead)

    @event_priority(1)  # just before the search plugin (priority 0) reads the page
    def _page_context(self, context: Any, /, *, page: Any, config: MkDocsConfig,
                      nav: Any) -> Any:
        self.rendered_urls.add(page.url)
        self.titles[page.url] = page.title
        # Material's search plugin reads each page's HTML with html.parser, about a fifth of
        # MkDocs' part of a big site's build. The entries of a generated page are made from
        # its known-shape HTML instead (website/search_sections.py, None when unsure), and the
        # search plugin skips the page for its documented `search: exclude` front matter,
        # which is there only while the plugin looks.
        if self.material_entries is not None and page.file.src_uri in self.current and \
                "search" not in page.meta:
            if self.render_ahead.active:  # its child makes the entries: they come at the end
                self.render_ahead.place(page, len(self.material_entries))
                page.meta["search"] = {"exclude": True}
                self.indexed = (page, None)
                return context
            entries = self._entries_ahead(page)
            if entries is MISSING:
                entries = entries_of(page.content, url=page.url, title=page.title,
                                     meta=page.meta, toc=page.toc)
            if entries is not None:
                page.meta["search"] = {"exclude": True}
                self.indexed = (page, entries)
        return context

    @event_priority(-1)  # just after the search plugin
    def _page_indexed(self, context: Any, /, *, page: Any, config: MkDocsConfig,
                      nav: Any) -> Any:
        if self.indexed is not None and self.indexed[0] is page and \
                self.material_entries is not None:
            del page.meta["search"]
            # At the place the search plugin would have put them: the index keeps page order.
            if self.indexed[1] is not None:
                self.material_entries.extend(self.indexed[1])
        self.indexed = None
        return context

    on_page_context = CombinedEvent(_page_context, _page_indexed)

    def _page_entries(self, page: Any, html: str) -> list[Entry]:
        """The search entries of generated ``page`` made of ``html``, the HTML the search
        plugin would have read: from its known shape, or by the search plugin's own reading."""
        entries = entries_of(html, url=page.url, title=page.title, meta=page.meta, toc=page.toc)
        if entries is not None:
            return entries
        index = self.search_index
        assert index is not None  # render-ahead runs beside Material's search plugin only
        content, page.content = page.content, html
        before = len(index.entries)
        try:
            index.add_entry_from_context(page)
        finally:
            page.content = content
        made: list[Entry] = index.entries[before:]
        del index.entries[before:]
        return made

    def _entries_ahead(self, page: Any) -> Any:
        """The child's search entries of ``page`` when it made them of the same HTML, title
        and table of contents; :data:`MISSING` otherwise."""
        if not self.ahead.running:
            return MISSING
        ahead = self.ahead.take(("entries", page.file.src_uri))
        if ahead is MISSING:
            return MISSING
        digest, title, toc, entries = ahead
        if title != page.title or toc != _toc_signature(page.toc) or \
                digest != _digest(page.content):
            return MISSING
        return entries

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.ahead.stop()
        if self.render_ahead.active:  # it runs beside Material's search plugin only
            assert self.material_entries is not None
            self.render_ahead.finish(self._page_entries, self.material_entries)
            log.info("archdocs: %d of %d generated pages rendered by a forked child",
                     self.render_ahead.rendered, self.render_ahead.generated)
        self.site_nav = None
        self.markdown_reuse.forget()
        self._wait_for_site_writes()
        if not self.serving or self.files is None:
            return
        self.idle_collection.after_build()
        # A dirty rebuild renders only the changed pages: the search index keeps the others'
        # (remembered after every build: a plain serve's next rebuild may be dirty).
        pages = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        restore_unrendered(config.plugins.values(), self.search_entries,
                           [file.page.url if file.page else file.url for file in pages],
                           self.rendered_urls)
        self._forget_build()

    def on_build_error(self, *, error: Exception) -> None:
        self.ahead.stop()
        self.render_ahead.stop()
        self.site_nav = None
        self.markdown_reuse.forget()
        if self.serving:
            self._forget_build()
        try:
            self._wait_for_site_writes()
        except PluginError as failure:  # the build failed already: say it, not instead
            log.error("%s", failure)

    def _forget_build(self) -> None:
        """Under `mkdocs serve`, let go of what only the build that ended needed: its model
        (every table SQLAlchemy built for it) and MkDocs' files and pages. The idle pass of the
        collector then frees them, instead of walking them as live objects until the next build
        replaces them: on the 1000-table benchmark model the pass walks 150,000 objects instead
        of 350,000, and no model is kept while the server waits for a save. A rebuild loads the
        model anew and reuses pages and diagrams by value (pages/datastore_reuse.py), not these
        objects."""
        self.result = None
        self.files = None

    def _wait_for_site_writes(self) -> None:
        self.written_early = False
        try:
            self.site_writes.wait()
        except OSError as error:
            raise PluginError(f"archdocs: {require_error(error)}") from error
        finally:
            # Those MkDocs did not write (the build failed before): no empty page is left.
            self.site_writes.remove_unwritten()

    def _add(self, files: Files, config: MkDocsConfig, path: str, content: str | bytes,
             inclusion: InclusionLevel, writes: list[tuple[Path, bytes]] | None = None
             ) -> None:
        """Give MkDocs the generated file ``path``. With ``writes``, the plugin writes
        ``content`` into the site folder itself (website/site_writes.py): the file is added
        to ``writes``, or left out when a dirty build has it already, and MkDocs gets it as a
        file whose source is its destination, which it does not copy."""
        existing = files.get_file_from_path(path)
        if existing is not None and not existing.generated_by:
            message = (
                f"archdocs: docs/{path} exists, but archdocs generates that page; rename your "
                f"file or set another 'prefix' for the archdocs plugin"
            )
            if not self.serving:
                raise PluginError(message)
            log.warning(message)
            return
        if existing is not None:
            files.remove(existing)
        if writes is None:
            generated = File.generated(config, path, content=content, inclusion=inclusion)
        else:
            destination = os.path.normpath(os.path.join(config.site_dir, path))
            generated = File.generated(config, path, abs_src_path=destination,
                                       inclusion=inclusion)
        self.outputs[path] = generated.dest_uri
        self.current[path] = self.digests.digest(content)
        if self.dirty_build and self.previous.get(path) == self.current[path]:
            # `mkdocs serve --dirty`: MkDocs re-renders only modified files, and a generated
            # file always counts as modified; one whose content did not change since the last
            # build need not be rendered again (its output is still in the site folder).
            generated.is_modified = _unmodified  # type: ignore[method-assign]
        elif writes is not None:
            writes.append((Path(generated.abs_dest_path),
                           content.encode() if isinstance(content, str) else content))
        files.append(generated)

    def _extend_nav(self, config: MkDocsConfig) -> None:
        """An explicit ``nav`` that never mentions the generated pages gets a section listing
        the index pages, so the architecture is reachable."""
        assert self.result is not None and self.options is not None and config.nav is not None
        prefix = self.options.prefix + "/"
        if prefix in repr(config.nav):
            return
        entries = [{page.title: page.path} for page in self.result.nav]
        config.nav.append({self.config.nav_title: entries})


def _written_beside(path: str) -> bool:
    """Whether the plugin writes the generated file ``path`` into the site folder itself (the
    diagrams, nearly all the files), or MkDocs does."""
    return path.endswith(".svg")


def _rendered(page: Any, config: MkDocsConfig, pages: Sequence[File], nav: Any,
              env: Any) -> str:  # pragma: no cover - in the render-ahead child
    """``page`` put into its template as MkDocs' build does, up to the plugins'
    ``on_post_page`` (``mkdocs.commands.build._build_page``, whose first half this is: the
    function also writes the file, which the build does for the child's pages)."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, pages, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return str(template.render(context))
    finally:
        page.active = False
        config._current_page = None


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory across `mkdocs serve` rebuilds. Jinja checks
    each entry against the template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True


def _ignore(record: logging.LogRecord) -> bool:
    return False


def _not_counted_by_strict_mode() -> None:
    """Under ``mkdocs serve`` with ``strict: true``, MkDocs counts every warning and error of
    a rebuild and aborts it; the server then holds every request until the error is fixed. A
    rebuild that shows a model error on the overview page must go through instead: its
    messages (the error itself, links from the user's pages to generated pages that are
    missing now) are still printed, but not counted. MkDocs makes a fresh counter for each
    build, so the next good save is strict again; ``mkdocs build --strict`` never gets here."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            handler.addFilter(_ignore)


_DIRTY_WARNING = "A 'dirty' build is being performed"


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(_DIRTY_WARNING)


def _dirty_warning_not_counted() -> None:
    """``mkdocs serve --dirty`` warns on every rebuild that a dirty build may leave stale
    navigation; a site with ``strict: true`` then aborts every rebuild, so ``--dirty`` could
    not be used at all. The user asked for it: the warning is still printed, not counted.
    (archdocs marks a generated page unmodified only when its content is unchanged.)"""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            handler.addFilter(_not_the_dirty_warning)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _toc_signature(toc: Any) -> list[tuple[str, str, int]]:
    """What of a table of contents the search entries read: each item's id, URL and level."""
    signature: list[tuple[str, str, int]] = []

    def walk(items: Any) -> None:
        for item in items:
            signature.append((item.id, item.url, item.level))
            walk(item.children)

    walk(toc)
    return signature


def link_resolver(page: File, files: Files) -> Callable[[str], str | None]:
    """A link target of ``page`` → the URL MkDocs writes for it (``Page.path_to_url``): a
    relative path to a file of the site, or the target as is when it is external or an
    anchor; ``None`` where MkDocs would warn (no such file, or an excluded one)."""
    directory = posixpath.dirname(page.src_uri)
    # A page links to the same few pages many times (a table page to its datastore in every
    # row): each target is resolved once. `src_uris` is `get_file_from_path` without its
    # PurePath round trip, which a normalised POSIX path does not need.
    by_uri = files.src_uris
    resolved: dict[str, str | None] = {}

    def href(target: str) -> str | None:
        if target in resolved:
            return resolved[target]
        path, _, anchor = target.partition("#")
        if not path or target.startswith(("https://", "http://")):
            url: str | None = target
        elif path.startswith("/"):
            url = None  # MkDocs leaves an absolute link as it is, or warns
        else:
            uri = posixpath.normpath(posixpath.join(directory, path).lstrip("/"))
            file = by_uri.get(uri)
            if file is None or file.inclusion.value <= InclusionLevel.DRAFT.value:  # excluded
                url = None
            else:
                url = file.url_relative_to(page)
                if anchor:
                    url = f"{url}#{anchor}"
        resolved[target] = url
        return url

    return href
