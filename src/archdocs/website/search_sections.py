"""The search entries of a generated page, as Material's search plugin makes them, without
``html.parser``.

Material's search plugin cuts every page's HTML into sections at its headings with Python's
``html.parser`` and keeps each section's text, the tags ``p``, ``code``, ``pre``, ``li``,
``ol``, ``ul``, ``sub``, ``sup``, and nothing inside ``object``, ``script`` or ``style``: on a
big model that parse was about a fifth of the build's CPU time. Generated pages are archdocs'
own HTML (Python-Markdown's output and archdocs' HTML blocks), so a page reads here as a
sequence of well-formed tags and text runs found by one regular expression, and the sections
come out as Material's plugin makes them, entry for entry (``tests/website/
test_search_sections.py`` and ``test_site_search_index.py`` compare the two).

Anything this reading is not sure to read as ``html.parser`` does gives ``None``, and the page
is left to Material: a ``<`` that starts no plain tag, comments and declarations, unquoted or
unusual attributes, raw-text elements with markup in them (``<script>`` holding ``<``,
``title`` holding ``&``), and the two things that change what Material skips
(``data-search-exclude``, a ``linenodiv`` class). No MkDocs import: the plugin hands the page
over duck-typed.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import Any

Entry = dict[str, Any]

# One token per match: a text run, a start tag (name, attributes, "/" of a self-closing tag),
# an end tag, or a "<" this reading does not handle. Attributes must have the form
# Python-Markdown and archdocs write (name="value", name='value' or a bare name), on which
# every html.parser version agrees; text runs hold no "<", so the tokens tile the page.
_TOKEN = re.compile(
    r"([^<]+)"
    r"|<([a-zA-Z][a-zA-Z0-9-]*)((?:[ \t\n\r\f]+[^\s\"'<>/=]+(?:=\"[^\"]*\"|='[^']*')?)*)"
    r"[ \t\n\r\f]*(/?)>"
    r"|</([a-zA-Z][a-zA-Z0-9-]*)[ \t\n\r\f]*>"
    r"|(<)"
)
_ATTRIBUTE = re.compile(r"[ \t\n\r\f]+([^\s\"'<>/=]+)(?:=\"([^\"]*)\"|='([^']*)')?")

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_SKIPPED = frozenset({"object", "script", "style"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
# Elements whose content some html.parser version reads as raw text (CDATA or RCDATA): read
# alike by all of them when their content holds no "<", and for the indexed ones no "&".
_RAW = frozenset({"script", "style", "title", "textarea", "xmp", "iframe", "noembed",
                  "noframes", "noscript", "plaintext"})
_SPECIAL = _HEADINGS | _KEPT | _SKIPPED | _VOID | _RAW | {"a"}
"""Tags that do more than open and close an element of the stack."""


@dataclass(slots=True)
class _Section:
    tag: str
    """The heading's tag; ``hx`` for the text before the first heading."""
    depth: float
    id: str | None = None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Unsure(Exception):
    """The page holds something this reading may not read as html.parser does."""


def _attributes(raw: str) -> dict[str, str | None]:
    """Attributes as html.parser gives them: names in lower case, values unquoted and
    unescaped, ``None`` for a bare name, the last of a repeated name."""
    found: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(raw):
        name, double, single = match.groups()
        value = double if double is not None else single
        found[name.lower()] = unescape(value) if value else value
    return found


def _sections_of(html: str) -> list[_Section] | None:
    """The page cut into Material's search sections; ``None`` when unsure."""
    lowered = html.lower()
    if "data-search-exclude" in lowered or "linenodiv" in lowered:
        return None
    try:
        return _read(html)
    except _Unsure:
        return None


def _read(html: str) -> list[_Section]:
    stack: list[str] = []
    """The open elements (Material closes an element only at its own end tag)."""
    permalinks: list[int] = []
    """Positions in ``stack`` of headings' permanent links (``<a class="headerlink">``)."""
    skipping = 0
    """How many elements of ``stack`` hide their content from the index."""
    raw_text = ""
    """The raw-text element just opened, whose content must be text up to its end tag."""
    raw_indexed = False
    sections: list[_Section] = []
    current = _Section("hx", 0)
    started = False
    """Whether ``current`` is in ``sections`` (Material makes it at the first content)."""
    for data, name, raw, selfclosing, end, _other in _TOKEN.findall(html):
        if data:
            if skipping:
                continue
            if "&" in data:
                if raw_indexed:
                    raise _Unsure
                data = unescape(data)
            if "pre" not in stack:
                data = " " if data.isspace() else data.replace("\n", " ")
            if not started:
                sections.append(current)
                started = True
            if current.tag in stack:
                if not permalinks:
                    current.title.append(_escape(data))
            elif data.isspace():
                text = current.text
                if not text or not text[-1].isspace() or "pre" in stack:
                    text.append(data)
            else:
                current.text.append(_escape(data))
        elif name:
            if raw_text:
                raise _Unsure
            if not name.islower():
                name = name.lower()
            if raw and "&" in raw and _attributes(raw).get("class") == "linenodiv":
                raise _Unsure
            if name not in _SPECIAL:  # most tags: only opened
                stack.append(name)
                if not started:
                    sections.append(current)
                    started = True
                if selfclosing:
                    current, skipping = _close(name, stack, permalinks, skipping, sections,
                                               current)
                continue
            if name in _RAW:
                # html.parser versions differ on <script/>, and on what these may hold.
                if selfclosing:
                    raise _Unsure
                raw_text, raw_indexed = name, name not in _SKIPPED
            if name in _VOID:
                continue
            stack.append(name)
            if name in _SKIPPED:
                skipping += 1
            if name in _HEADINGS:
                attributes = _attributes(raw)
                if "id" in attributes:
                    depth = len(stack)
                    if name != "h1" and not sections:
                        sections.append(_Section("hx", depth))
                    current = _Section(name, depth, attributes["id"] if sections else None)
                    sections.append(current)
                    started = True
            elif name == "a" and raw and ("headerlink" in raw or "&" in raw) and \
                    _attributes(raw).get("class") == "headerlink":
                permalinks.append(len(stack) - 1)
            if not started:
                sections.append(current)
                started = True
            if name in _KEPT and not skipping:
                (current.title if current.tag in stack else current.text).append(f"<{name}>")
            if selfclosing:
                # html.parser reports <x/> as a start tag and then an end tag.
                current, skipping = _close(name, stack, permalinks, skipping, sections, current)
        elif end:
            if raw_text:
                if end != raw_text:
                    raise _Unsure
                raw_text, raw_indexed = "", False
            if not end.islower():
                end = end.lower()
            if stack and stack[-1] == end:
                if end in _SPECIAL or permalinks or current.depth > len(stack):
                    current, skipping = _close(end, stack, permalinks, skipping, sections,
                                               current)
                else:  # most tags: only closed
                    stack.pop()
        else:
            raise _Unsure
    if raw_text:
        raise _Unsure
    return sections


def _escape(data: str) -> str:
    """``html.escape(data, quote=False)``, as Material's plugin writes the text."""
    if "&" in data:
        data = data.replace("&", "&amp;")
    if "<" in data:
        data = data.replace("<", "&lt;")
    if ">" in data:
        data = data.replace(">", "&gt;")
    return data


def _close(name: str, stack: list[str], permalinks: list[int], skipping: int,
           sections: list[_Section], current: _Section) -> tuple[_Section, int]:
    """Close the open element on top of ``stack``, named ``name``, as Material does."""
    if current.depth > len(stack):
        # A heading nested in an element that closes now: its section ends, and the text
        # after it belongs to the last section that is not nested deeper.
        for section in reversed(sections):
            if section.depth <= len(stack):
                current.depth = float("inf")
                current = section
                break
    stack.pop()
    if permalinks and permalinks[-1] == len(stack):
        permalinks.pop()
    if name in _SKIPPED:
        return current, skipping - 1
    if name in _KEPT and not skipping:
        data = current.title if current.tag in stack else current.text
        try:
            start = data.index(f"<{name}>")
        except ValueError:
            raise _Unsure from None  # Material itself fails here
        for index in range(start + 1, len(data)):
            if not data[index].isspace():
                data.append(f"</{name}>")
                break
        else:
            del data[start:]  # an element without text leaves nothing
    return current, skipping


def entries_of(html: str, *, url: str, title: str, meta: Mapping[str, Any],
               toc: Iterable[Any]) -> list[Entry] | None:
    """The search entries Material's search plugin makes of a page: ``html`` its content,
    ``toc`` its table of contents (items with ``id``, ``url`` and ``children``), ``title`` and
    ``meta`` its title and front matter; ``None`` when unsure."""
    sections = _sections_of(html)
    if sections is None:
        return None
    anchors: dict[str, str] = {}
    _anchors(toc, anchors)
    tags = meta.get("tags")
    search = meta.get("search") or {}
    entries = []
    for section in sections:
        location = url
        if section.id in anchors:
            location += anchors[section.id]
        elif section.id:
            location += "#" + section.id
        if not section.title:
            section.title = [str(meta.get("title", title))]
        entry: Entry = {"location": location, "title": "".join(section.title).strip(),
                        "text": "".join(section.text).strip()}
        if isinstance(tags, list):
            entry["tags"] = [str(tag) for tag in tags
                             if tag and isinstance(tag, (str, int, float, bool))]
        if "boost" in search:
            entry["boost"] = search["boost"]
        entries.append(entry)
    return entries


def _anchors(items: Iterable[Any], found: dict[str, str]) -> None:
    """Each id of the table of contents and its item's URL (the first, depth first, as
    Material's look-up finds it)."""
    for item in items:
        found.setdefault(item.id, item.url)
        _anchors(item.children, found)


def material_entries(plugins: Iterable[Any]) -> list[Entry] | None:
    """The entry list of the search index of Material's search plugin among ``plugins``, when
    that plugin is enabled and reads pages as this module does: its own class (not a
    subclass), Material 9, no Chinese segmentation (``jieba`` installed). ``None`` otherwise:
    the search plugin then reads every page itself."""
    for plugin in plugins:
        kind = type(plugin)
        if (kind.__module__, kind.__name__) != ("material.plugins.search.plugin", "SearchPlugin"):
            continue
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        if getattr(plugin.config, "enabled", False) is not True or not isinstance(entries, list):
            return None
        if _material_major() != "9" or importlib.util.find_spec("jieba") is not None:
            return None
        return entries
    return None


@functools.cache
def _material_major() -> str:
    try:
        return importlib.metadata.version("mkdocs-material").partition(".")[0]
    except importlib.metadata.PackageNotFoundError:
        return ""
