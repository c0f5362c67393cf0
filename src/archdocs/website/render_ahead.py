"""The last generated pages of a one-shot build put into the theme's templates by a forked
child while MkDocs renders the others; and the search entries of every generated page made by
that child.

Once MkDocs has converted every page (``on_env``), it renders them one after another into the
theme's templates and writes them: a third of a big site's build, on one core. By then the
diagram workers are done, and the other core only has the work-ahead child's hiding of HTML
blocks left (website/work_ahead.py). A child forked at the end of ``on_env`` has every page
converted, the navigation and the template environment. It makes the search entries of every
generated page (the build leaves them to it), then renders the last :data:`SHARE` of them as
MkDocs would (the template context, every plugin's ``on_page_context``, the page's template)
and sends each page's HTML, from the last page back. MkDocs still takes those pages in its
loop, in their place, but renders each with a template that takes the child's HTML (given as
the page's ``template`` meta); then the plugins' ``on_post_page`` and the file's writing run as
for any page. A page the child has not sent when MkDocs reaches it (not yet: the two have met; or never:
it stopped, failed, or its rendering logged a message, which the build should say once) is
rendered there by the page's own template, and the child's copy is dropped. In ``on_post_build``,
:meth:`RenderAhead.finish` puts every page's search entries where the search plugin would have
put them. The site is byte-identical whether the child runs, stops early or fails.

It runs only where nothing else could tell the difference: a one-shot ``mkdocs build`` (not
``mkdocs serve``, which renders few pages), where ``os.fork`` exists and no other thread runs,
when the site's plugins are archdocs and Material's search plugin only (another plugin's
``on_page_context`` could keep state that a child's copy would lose). Decision record:
docs/adr, "Render the last generated pages in a forked child".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Final

import jinja2
import markupsafe

from archdocs.website.search_entries import Entry
from archdocs.website.work_ahead import MISSING, Send, WorkAhead

SHARE: Final = 0.75
"""The share of the generated pages the child may render, from the last one back, after making
every generated page's search entries. MkDocs renders a page itself when the child has not sent
it yet: the two meet where their speeds have them meet (performance guide, sixteenth round)."""

MIN_PAGES: Final = 200
"""Fewer generated pages than this: a child would save less than it costs to start."""

_GLOBAL: Final = "archdocs_rendered_ahead"
_SOURCE: Final = "{{ archdocs_rendered_ahead() }}"

RenderPage = Callable[[Any], str]
"""A page put into its template as MkDocs does, up to ``on_post_page``: its HTML."""

PageEntries = Callable[[Any, str], list[Entry]]
"""The search entries of a page made of the HTML the search plugin would have read."""


class RenderAhead:
    """:meth:`start` the child at the end of ``on_env``; :meth:`place` each generated page as
    the search plugin would index it; :meth:`finish` in ``on_post_build`` before the search
    plugin writes its index."""

    waits = False
    """Whether MkDocs waits for a page the child has not sent yet instead of rendering it (the
    tests: every page the child renders is taken)."""

    def __init__(self) -> None:
        self._child = WorkAhead()
        self.active = False
        """Whether a child works for this build: the build then leaves every generated page's
        search entries to :meth:`finish` (and :meth:`place`\\ s the page)."""
        self._templates: dict[int, tuple[Any, object]] = {}
        """The pages MkDocs renders with the template that takes the child's HTML (by
        ``id``), with their own ``template`` meta."""
        self._places: list[tuple[Any, int, str]] = []
        """Each page indexed so far: the page, where its entries go in the index, its HTML."""
        self.rendered = 0
        """How many pages of the last build the child rendered."""
        self.generated = 0
        """How many generated pages the last build had."""

    def start(self, pages: Sequence[Any], env: jinja2.Environment, render: RenderPage,
              entries: PageEntries) -> bool:
        """Fork the child for the generated ``pages`` (in MkDocs' order), unless they are too
        few or it cannot be forked; ``render`` and ``entries`` do a page's work in the child."""
        self.stop()
        self.rendered, self.generated = 0, len(pages)
        count = round(len(pages) * SHARE)
        if len(pages) < MIN_PAGES or count == 0:
            return False
        ahead: list[Any] = [file.page for file in pages[-count:]]
        self.active = True  # the child's copy of the build defers the entries too
        if not self._child.start(lambda send: _child_work(pages, ahead, render, entries, send)):
            self.active = False
            return False

        @jinja2.pass_context
        def rendered_ahead(context: jinja2.runtime.Context) -> markupsafe.Markup:
            page = context["page"]
            key = ("html", page.file.src_uri)
            html = self._child.wait_for(key) if self.waits else self._child.take(key)
            if html is MISSING:  # rendered here, in the context MkDocs made for the page
                self._restore_template(page)
                template = env.get_template(page.meta.get("template", "main.html"))
                html = template.render(context.get_all())
            else:
                self.rendered += 1
            return markupsafe.Markup(html)

        # Given to MkDocs as the page's `template` meta: Jinja's get_template returns a
        # template object as it is, so the environment (its loader, its cache of the theme's
        # compiled templates) stays as MkDocs made it.
        template = env.from_string(_SOURCE, globals={_GLOBAL: rendered_ahead})
        for page in ahead:
            self._templates[id(page)] = (page, page.meta.get("template", MISSING))
            page.meta["template"] = template
        return True

    def place(self, page: Any, position: int) -> None:
        """``page``, generated, reaches the search plugin's turn with the index ``position``
        entries long: its entries go there (its HTML now is what the plugin would read)."""
        self._places.append((page, position, page.content))
        self._child.receive()  # a child whose results fill the pipe waits until they are read

    def finish(self, entries: PageEntries, index: list[Entry]) -> None:
        """Put every placed page's entries into ``index``: the child's, or made here."""
        if not self.active:
            return
        try:
            found = []
            for page, position, html in self._places:
                made = self._child.wait_for(("entries", page.file.src_uri))
                found.append((position, entries(page, html) if made is MISSING else made))
            for position, made in reversed(found):
                index[position:position] = made
        finally:
            self.stop()

    def stop(self) -> None:
        """End the child; the pages get their own templates back."""
        self._child.stop()
        for page, _ in list(self._templates.values()):
            self._restore_template(page)
        self.active = False
        self._places = []

    def _restore_template(self, page: Any) -> None:
        kept = self._templates.pop(id(page), None)
        if kept is None:
            return
        if kept[1] is MISSING:
            page.meta.pop("template", None)
        else:
            page.meta["template"] = kept[1]


class _Noticed(logging.Handler):
    """Notices a message logged in the child."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def _child_work(pages: Sequence[Any], ahead: list[Any], render: RenderPage,
                entries: PageEntries, send: Send) -> None:  # pragma: no cover - in the child
    for file in pages:
        page: Any = file.page
        if "search" not in page.meta:  # the search plugin indexes the others itself
            send(("entries", file.src_uri), entries(page, page.content))
    # The child says nothing (work_ahead.py): a page whose rendering logs a message is left,
    # with those after it, for the build to render, which says it once.
    noticed = _Noticed()
    logging.disable(logging.NOTSET)
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.propagate = True
    logging.getLogger().addHandler(noticed)
    for page in reversed(ahead):  # from the last: MkDocs comes from the other end
        html = render(page)
        if noticed.seen:
            return
        send(("html", page.file.src_uri), html)


__all__ = ["MIN_PAGES", "SHARE", "RenderAhead"]
