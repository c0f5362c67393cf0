"""How a rendered diagram sits on a page: an ``<object>`` showing the SVG file, whose boxes
link to their pages, with the icons served once for the whole site.

An ``<img>`` cannot follow links nor load the icon files; an ``<object>`` can, and scales to
the column like an image. Every URL here is relative (to the page, or inside the SVG to the
SVG file), so the site works under any ``site_url``, prefix or folder.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from archdocs.model.system import System
from archdocs.pages.page import Asset, Page, relative_link
from archdocs.render.publish import IconFiles, publish_svg
from archdocs.render.spec import Diagram, LinkTarget

if TYPE_CHECKING:
    from archdocs.website.build import SiteBuilder


def page_url(path: str, *, directory_urls: bool = True) -> str:
    """The docs-root relative URL a Markdown page is served at (``a/b.md`` -> ``a/b/`` or
    ``a/b.html``; ``a/index.md`` -> ``a/`` or ``a/index.html``)."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


SCRIPT_NAME = "archdocs-diagrams.js"
"""The pan, zoom and full-screen script, beside the SVG files."""

SCRIPT = """\
// archdocs: zoom, pan and full screen for the diagrams of a page. No library, no network:
// the SVG in each <object> gets its viewBox changed; dragging pans once zoomed in.
(function () {
  if (window.archdocsDiagrams) { return; }
  window.archdocsDiagrams = true;
  var style = document.createElement("style");
  style.textContent = ".archdocs-diagram:fullscreen{background:#fff;display:flex;" +
    "flex-direction:column}.archdocs-diagram:fullscreen object{flex:1;width:100%;" +
    "max-width:none!important}.archdocs-diagram-tools button{margin-right:.3em;" +
    "min-width:2em;cursor:pointer}";
  document.head.appendChild(style);
  function setup(box) {
    var object = box.querySelector("object"), base = null, view = null, drag = null;
    function svg() { var d = object.contentDocument; return d && d.documentElement; }
    function apply() { svg().setAttribute("viewBox", view.join(" ")); }
    function zoom(factor) {
      if (!base) { return; }
      var w = view[2] * factor, h = view[3] * factor;
      if (w > base[2]) { view = base.slice(); } else {
        view = [view[0] + (view[2] - w) / 2, view[1] + (view[3] - h) / 2, w, h];
      }
      apply();
    }
    function ready() {
      var root = svg();
      if (!root || base || !root.getAttribute("viewBox")) { return; }
      base = root.getAttribute("viewBox").trim().split(/[\\s,]+/).map(Number);
      view = base.slice();
      root.addEventListener("mousedown", function (e) {
        if (view[2] < base[2]) { drag = [e.clientX, e.clientY]; e.preventDefault(); }
      });
      root.addEventListener("mousemove", function (e) {
        if (!drag) { return; }
        var scale = view[2] / root.getBoundingClientRect().width;
        view[0] -= (e.clientX - drag[0]) * scale; view[1] -= (e.clientY - drag[1]) * scale;
        drag = [e.clientX, e.clientY]; apply();
      });
      root.addEventListener("mouseup", function () { drag = null; });
      root.addEventListener("mouseleave", function () { drag = null; });
    }
    object.addEventListener("load", ready);
    ready();
    // Four corners drawn as SVG: a full-screen glyph (U+26F6) is missing from most system
    // fonts (the site uses no web font) and showed as an empty box.
    function corners() {
      var ns = "http://www.w3.org/2000/svg";
      var icon = document.createElementNS(ns, "svg"), path = document.createElementNS(ns, "path");
      icon.setAttribute("viewBox", "0 0 16 16"); icon.setAttribute("width", "0.9em");
      icon.setAttribute("height", "0.9em"); icon.setAttribute("aria-hidden", "true");
      path.setAttribute("d", "M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4");
      path.setAttribute("fill", "none"); path.setAttribute("stroke", "currentColor");
      path.setAttribute("stroke-width", "2");
      icon.appendChild(path);
      return icon;
    }
    var tools = document.createElement("div");
    tools.className = "archdocs-diagram-tools";
    [["+", "Zoom in", function () { zoom(0.7); }],
     ["\\u2212", "Zoom out", function () { zoom(1 / 0.7); }],
     ["1:1", "Whole diagram", function () { if (base) { view = base.slice(); apply(); } }],
     [null, "Full screen", function () {
       if (document.fullscreenElement) { document.exitFullscreen(); }
       else if (box.requestFullscreen) { box.requestFullscreen(); } }]
    ].forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button"; button.title = item[1];
      if (item[0] === null) { button.appendChild(corners()); }
      else { button.textContent = item[0]; }
      button.setAttribute("aria-label", item[1]);
      button.addEventListener("click", item[2]);
      tools.appendChild(button);
    });
    box.insertBefore(tools, object);
  }
  function all() { document.querySelectorAll(".archdocs-diagram").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); }
  else { all(); }
})();
"""


# Characters Markdown (or a template engine) could read in text that sits in raw HTML, written
# as character references: the browser shows them as they are, nothing else reads them.
_MARKUP = str.maketrans({c: f"&#{ord(c)};" for c in "[]()*_`\\{}|~"})


def _inert(text: str) -> str:
    """``text`` for an attribute or the fallback content of raw HTML in a page."""
    return html.escape(text, quote=True).translate(_MARKUP)


def diagram_html(page_path: str, asset_path: str, diagram: Diagram, *,
                 directory_urls: bool = True) -> str:
    """The HTML that shows ``diagram`` (stored at ``asset_path``) on ``page_path``.

    MkDocs leaves raw HTML alone, while Zensical rewrites every relative ``href`` and ``src``
    in it as if it were a Markdown link (relative to the page's file, not its URL). So the raw
    block holds no ``href`` nor ``src``: the ``<object>``'s ``data`` (relative to the served
    URL, which neither rewrites), a loader that finds the script beside the SVG from that URL,
    and the full-size link is a Markdown link, which both rewrite alike."""
    served_at = page_url(page_path, directory_urls=directory_urls)
    src = html.escape(relative_link(served_at, asset_path), quote=True)
    title = _inert(diagram.title)
    return (
        f'\n<div class="archdocs-diagram">\n'
        f'<object type="image/svg+xml" data="{src}" aria-label="{title}" '
        f'style="display:block;max-width:100%;height:auto">{title}</object>\n'
        f"{SCRIPT_LOADER}\n</div>\n\n"
        f"[Open the diagram full size]({relative_link(page_path, asset_path)})\n\n"
    )


# Loads SCRIPT_NAME once per page, from the folder of the <object>'s SVG (its resolved URL).
SCRIPT_LOADER = (
    '<script class="archdocs-diagram-loader">'
    "(function(o){if(window.archdocsDiagramsLoader)return;window.archdocsDiagramsLoader=1;"
    "var s=document.createElement('script');s.src=new URL('" + SCRIPT_NAME + "',o.data).href;"
    "document.head.appendChild(s)})(document.currentScript.previousElementSibling)</script>"
)


class _Targets:
    """Pages of the things diagrams show, by :class:`LinkTarget`."""

    def __init__(self, builder: SiteBuilder, pages: Mapping[str, Page]) -> None:
        self.builder = builder
        self.pages = pages
        self.systems = {system.name: system for system in builder.model.systems}
        self._elements: dict[str, dict[tuple[str, str], object]] = {}

    def page(self, target: LinkTarget) -> str | None:
        if target.kind == "page":
            # A page its provider names itself: a generated one, or a record MkDocs renders
            # from the user's docs folder (so not among the generated pages).
            return target.page or None
        system = self.systems.get(target.system)
        if system is None:
            return None
        paths = self.builder.paths
        path: str | None
        if target.kind == "table":
            datastore = system.find_datastore(target.datastore)
            table = datastore.table(target.name) if datastore is not None else None
            if datastore is None or table is None:
                return None
            path = paths.table(system, datastore, table)
        elif target.kind == "flows":
            path = paths.flows_index(system)
        elif target.kind == "flow":
            flow = system.find_flow(target.name)
            path = paths.flow(system, flow) if flow is not None else None
        else:
            element = self._by_kind(system).get((target.kind, target.name))
            path = paths.element(system, element) if element is not None else None  # type: ignore[arg-type]
        return path if path is not None and path in self.pages else None

    def _by_kind(self, system: System) -> dict[tuple[str, str], object]:
        found = self._elements.get(system.name)
        if found is None:
            found = {}
            for element in system.nodes():
                found.setdefault((element.KIND, element.name), element)
            self._elements[system.name] = found
        return found


class Publisher:
    """The SVG files of a build's diagrams with their boxes linked to their pages, and the icon
    files they point at (each icon once for the whole site): :meth:`add` each diagram as it
    comes (the order does not change the files), then take the :meth:`assets`."""

    def __init__(self, builder: SiteBuilder, pages: Mapping[str, Page]) -> None:
        self._builder = builder
        self._targets = _Targets(builder, pages)
        self._icons = IconFiles(folder="icons")
        self._svgs: list[Asset] = []

    def add(self, diagram: Diagram) -> None:
        """Publish ``diagram``, which has an SVG."""
        assert diagram.svg is not None
        builder = self._builder
        directory_urls = builder.site_options.directory_urls
        path = builder.diagram_path(diagram.key)
        queued = builder._queue.get(diagram.key)
        links: dict[str, str] = {}
        titles: dict[str, str] = {}
        for name, target in (queued.spec.links if queued is not None else ()):
            page = self._targets.page(target)
            if page is not None:
                url = relative_link(path, page_url(page, directory_urls=directory_urls))
                # A user's own file name may hold spaces or brackets: percent-encode it.
                if target.kind == "page":
                    url = quote(url, safe="/#.-_~")
                links[name] = url + (f"#{quote(target.anchor)}" if target.anchor else "")
                # The tooltip names the thing as the reader knows it, not by its Graphviz id.
                titles[name] = target.name
        svg = publish_svg(diagram.svg, links, self._icons, titles,
                          remember=not builder.site_options.once)
        self._svgs.append(Asset(path, _encoded(svg)))

    def assets(self) -> list[Asset]:
        """The SVG files added, then the icon files and the script, in the folder of the SVGs
        (the folder of the last by path, should they differ)."""
        assets = list(self._svgs)
        if not assets:
            return assets
        folder = max(asset.path for asset in assets).rpartition("/")[0]
        for name, data in sorted(self._icons.files.items()):
            assets.append(Asset(f"{folder}/{self._icons.folder}/{name}", data))
        assets.append(Asset(f"{folder}/{SCRIPT_NAME}", SCRIPT.encode("utf-8")))
        return assets


def _encoded(svg: str) -> bytes:
    """``svg`` as UTF-8, the same bytes object while that very string lives: a rebuild gets
    the published SVGs of the last one back (:func:`~archdocs.render.publish.publish_svg`),
    and the plugin then knows them unchanged without hashing them."""
    known = _ENCODED.get(id(svg))
    if known is not None and known[0] is svg:
        return known[1]
    data = svg.encode("utf-8")
    if len(_ENCODED) >= _ENCODED_LIMIT:
        _ENCODED.clear()
    _ENCODED[id(svg)] = (svg, data)
    return data


_ENCODED: dict[int, tuple[str, bytes]] = {}
_ENCODED_LIMIT = 8192
