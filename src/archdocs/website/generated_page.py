"""Generated pages converted by one Python-Markdown instance per build, reset between pages.

MkDocs builds a new ``markdown.Markdown`` for every page it renders: every extension of the
site is set up again (superfences and highlight build their fences and formatters, ``toc`` its
slugifier...), about a third of a millisecond a page. On the 1000-table benchmark model, whose
generated pages are mostly a title and one placeholder (archdocs writes their HTML itself,
:mod:`archdocs.website.markdown_subset`), that set-up was two fifths of Python-Markdown's time.
Python-Markdown documents an instance as reusable: ``Markdown.reset()`` between documents
clears its state and every registered extension's. Material's blog plugin renders its excerpts
that way.

:class:`GeneratedPage` is the ``Page`` the plugin gives MkDocs for each generated page (MkDocs
1.6 takes a plugin's ``File.page``); its :meth:`GeneratedPage.render` does what
``Page.render`` does, with the build's :class:`MarkdownReuse` instance instead of a new one.
Only where every extension of the site is one whose state ``reset()`` clears (the extensions
:func:`archdocs.website.markdown_subset.extensions_allow` knows, and archdocs' own
``PlainBlocks``), and only on the MkDocs minor release whose ``Page.render`` this follows:
elsewhere MkDocs' own ``Page`` renders them. Decision record: docs/adr, "Render generated
pages with one Markdown instance per build".
"""

from __future__ import annotations

import logging
from typing import Any

import mkdocs
from markdown import Markdown  # type: ignore[import-untyped]
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

# The tree and pre-processors MkDocs' Page.render registers on each page's instance: they
# collect the page's anchors, make its links relative and take its title. MkDocs names them
# private; they are registered here as Page.render registers them (under their own names,
# which replaces the last page's).
_PROCESSORS = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor",
               "_RelativePathTreeprocessor", "_ExtractTitleTreeprocessor")
_CHECKED_RELEASE = "1.6."
"""The MkDocs minor release whose ``Page.render`` :meth:`GeneratedPage.render` follows."""


def available() -> bool:
    """Whether this MkDocs is the release :class:`GeneratedPage` was written against, with the
    processors it registers: on any other, MkDocs' own ``Page`` renders generated pages."""
    return mkdocs.__version__.startswith(_CHECKED_RELEASE) and \
        all(hasattr(mkdocs_pages, name) for name in _PROCESSORS)


class MarkdownReuse:
    """One ``markdown.Markdown`` of a build's extensions, reset before each page it converts.
    A new build (a new ``MkDocsConfig``, its extensions possibly changed) gets a new one."""

    def __init__(self) -> None:
        self._config: MkDocsConfig | None = None
        self._markdown: Markdown | None = None

    def markdown(self, config: MkDocsConfig) -> Markdown:
        if self._markdown is None or self._config is not config:
            self._config = config
            self._markdown = Markdown(extensions=config.markdown_extensions,
                                      extension_configs=config.mdx_configs or {})
        else:
            self._markdown.reset()
        return self._markdown

    def forget(self) -> None:
        """Let go of the instance (the build ended: the next one may have other extensions)."""
        self._config = self._markdown = None


class GeneratedPage(Page):
    """A generated page, rendered with the build's reused Markdown instance."""

    def __init__(self, file: File, config: MkDocsConfig, reuse: MarkdownReuse) -> None:
        super().__init__(None, file, config)
        self._reuse = reuse

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._reuse.markdown(config)
        raw_html: Any = mkdocs_pages._RawHTMLPreprocessor()
        anchors: Any = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        links: Any = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
        title: Any = mkdocs_pages._ExtractTitleTreeprocessor()
        for processor in (raw_html, anchors, links, title):
            processor._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = title.title
        self.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = links.links_to_anchors


def nav_paths(nav: Any) -> set[str]:
    """Every page path an explicit ``nav`` of mkdocs.yml names: MkDocs gives such a page the
    title the nav sets, which it can only do for a page it makes itself."""
    found: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item.lstrip("/"))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
