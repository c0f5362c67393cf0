"""Rendered SVGs made ready for a site: boxes that link to their pages, icons served once.

The renderer's SVGs are self-contained (each embeds its icons once, as ``data:`` URIs). On a
site the same few icons appear in dozens of diagrams, so :func:`publish_svg` moves each icon
into a file of its own, named by its content hash, that every diagram points at; and it wraps
each box (Graphviz node or cluster) and each edge whose page is known in an SVG ``<a>`` that opens that page
in the whole window (``target="_top"``: the diagram is shown in an ``<object>``).

Links are relative to the SVG file, so they work under any ``site_url`` and any prefix.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

_DATA_IMAGE = re.compile(r'xlink:href="data:image/(png|svg\+xml|jpeg);base64,([A-Za-z0-9+/=]*)"')
# A box or an arrow of a Graphviz SVG: this head, then its body up to the first "</g>\n"
# (found with str.find: a regex scanning every body for it was half of publishing 40 MB of
# SVG on the 1000-table benchmark model).
_GROUP_START = '<g id="'
_GROUP_HEAD = re.compile(
    r'<g id="(?P<id>[^"]*)" class="(?P<cls>node|cluster|edge)">\n<title>(?P<title>[^<]*)</title>')
_GROUP_END = "</g>\n"
_EXTENSION = {"png": "png", "svg+xml": "svg", "jpeg": "jpg"}


@dataclass
class IconFiles:
    """Icon files collected while publishing diagrams: file name -> bytes."""

    folder: str = "icons"
    """Folder of the icon files, relative to the folder of the SVGs."""
    files: dict[str, bytes] = field(default_factory=dict)
    _hrefs: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    """Each embedded icon's reference, decoded and hashed once: the same few icons appear in
    hundreds of diagrams."""

    def href(self, kind: str, encoded: str) -> str:
        known = self._hrefs.get((kind, encoded))
        if known is not None:
            return known
        data = base64.b64decode(encoded)
        name = f"{hashlib.sha256(data).hexdigest()[:16]}.{_EXTENSION[kind]}"
        self.files.setdefault(name, data)
        href = self._hrefs[(kind, encoded)] = f"{self.folder}/{name}"
        return href


def publish_svg(svg: str, links: Mapping[str, str], icons: IconFiles | None = None,
                titles: Mapping[str, str] | None = None, *, remember: bool = True) -> str:
    """``svg`` with each node, cluster or edge named in ``links`` (Graphviz name -> URL
    relative to the SVG file) wrapped in a link, and, when ``icons`` is given, its embedded
    icons replaced by references to files collected in ``icons``. ``titles`` gives a link the
    tooltip a reader sees (the name of what it opens) instead of its Graphviz name: both the
    group's ``<title>`` (which browsers show) and the link's ``xlink:title``. Groups without a
    link lose their ``<title>``: it holds Graphviz' internal name. The result is remembered
    for a later build in this process, unless ``remember`` is false (a build that is the only
    one: hashing what the call was given costs more than the call saves)."""
    key = _published_key(svg, links, icons, titles) if remember else None
    known = _PUBLISHED.get(key) if key is not None else None
    if known is not None:
        published, used = known
        if icons is not None:
            for name, data in used:
                icons.files.setdefault(name, data)
        return published
    names: list[str] = []
    if icons is not None:
        def icon_href(match: re.Match[str]) -> str:
            href = icons.href(match.group(1), match.group(2))
            names.append(href.rpartition("/")[2])
            return f'xlink:href="{href}"'

        svg = _DATA_IMAGE.sub(icon_href, svg)

    def wrap(head: re.Match[str], body: str) -> str:
        name = html.unescape(head.group("title"))
        url = links.get(name)
        if url is None:
            # Browsers show a group's <title> on hover: Graphviz' name of a box or an arrow
            # is an internal id (``h1_b0``, ``n3->n7``), so a group without a page has none.
            return (f'<g id="{head.group("id")}" class="{head.group("cls")}">'
                    f'{body}</g>\n')
        tooltip = (html.escape((titles or {})[name], quote=True) if name in (titles or {})
                   else head.group("title"))
        return (
            f'<g id="{head.group("id")}" class="{head.group("cls")} linked">\n'
            f"<title>{tooltip}</title>\n"
            f'<a xlink:href="{html.escape(url, quote=True)}" target="_top" '
            f'xlink:title="{tooltip}">{body}</a>\n</g>\n'
        )

    published = _each_group(svg, wrap)
    if key is None:
        return published
    if len(_PUBLISHED) >= _PUBLISHED_LIMIT:
        _PUBLISHED.clear()
    used = tuple((name, icons.files[name]) for name in dict.fromkeys(names)) if icons else ()
    _PUBLISHED[key] = (published, used)
    return published


def _each_group(svg: str, replace: Callable[[re.Match[str], str], str]) -> str:
    r"""``svg`` with each box or arrow group replaced by ``replace(head, body)``: the groups a
    regex substitution of the head, then the shortest body up to ``</g>\n``, would replace,
    scanning the same way (from each group's end on; a head with no end after it is none)."""
    out: list[str] = []
    copied = 0
    start = svg.find(_GROUP_START)
    while start >= 0:
        head = _GROUP_HEAD.match(svg, start)
        end = svg.find(_GROUP_END, head.end()) if head is not None else -1
        if head is None or end < 0:
            start = svg.find(_GROUP_START, start + 1)
            continue
        out.append(svg[copied:start])
        out.append(replace(head, svg[head.end():end]))
        copied = end + len(_GROUP_END)
        start = svg.find(_GROUP_START, copied)
    if not out:
        return svg
    out.append(svg[copied:])
    return "".join(out)


_PUBLISHED: dict[bytes, tuple[str, tuple[tuple[str, bytes], ...]]] = {}
"""Published SVGs by a digest of what :func:`publish_svg` was given, with the icon files each
uses: a ``mkdocs serve`` rebuild publishes again only the diagrams a save changed (on the
1000-table benchmark model, linking 1570 SVGs again cost about 0.3 s of every rebuild)."""
_PUBLISHED_LIMIT = 8192


def _published_key(svg: str, links: Mapping[str, str], icons: IconFiles | None,
                   titles: Mapping[str, str] | None) -> bytes:
    digest = hashlib.sha256(_svg_digest(svg))
    rest = (sorted(links.items()), sorted((titles or {}).items()),
            icons.folder if icons is not None else None)
    digest.update(b"\0" + repr(rest).encode("utf-8"))
    return digest.digest()


def _svg_digest(svg: str) -> bytes:
    """The SHA-256 of ``svg``, kept while that very string lives: the renderer hands a
    ``mkdocs serve`` rebuild the SVG strings it read from its cache before (45 MB to hash again
    on the 1000-table benchmark model)."""
    known = _SVG_DIGESTS.get(id(svg))
    if known is not None and known[0] is svg:
        return known[1]
    digest = hashlib.sha256(svg.encode("utf-8")).digest()
    if len(_SVG_DIGESTS) >= _PUBLISHED_LIMIT:
        _SVG_DIGESTS.clear()
    _SVG_DIGESTS[id(svg)] = (svg, digest)
    return digest


_SVG_DIGESTS: dict[int, tuple[str, bytes]] = {}
