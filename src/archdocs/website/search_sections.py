"""The search entries of a generated page, as Material's search plugin makes them, without
``html.parser``.

Material's search plugin cuts every page's HTML into sections at its headings with Python's
``html.parser`` and keeps each section's text, the tags ``p``, ``code``, ``pre``, ``li``,
``ol``, ``ul``, ``sub``, ``sup``, and nothing inside ``object``, ``script`` or ``style``: on a
big model that parse was about a fifth of the build's CPU time. Generated pages are archdocs'
own HTML (Python-Markdown's output and archdocs' HTML blocks), so a page reads here as a
sequence of well-formed tags and text runs (split at every ``<``), and the sections
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
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import Any

Entry = dict[str, Any]

_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
# Attributes of the form Python-Markdown and archdocs write (name="value", name='value' or a
# bare name), on which every html.parser version agrees.
_ATTRIBUTES = r"((?:[ \t\n\r\f]+[^\s\"'<>/=]+(?:=\"[^\"]*\"|='[^']*')?)*)"
# What lies between a "<" and the next ">" when it is a tag: a start tag (name, attributes,
# "/" of a self-closing tag) or an end tag. _read splits a page at every "<" and reads each
# piece up to its first ">" as one (a regular expression match for every token of the page
# cost more than reading the tokens); text holds no "<", so when every piece reads as a
# tag, the tags and the text between them are the page's tokens.
_TAG = re.compile(rf"({_NAME}){_ATTRIBUTES}[ \t\n\r\f]*(/?)|/({_NAME})[ \t\n\r\f]*")
# The tokens one by one, for the pages where that does not hold: a text run, a start tag, an
# end tag, or a "<" this reading does not handle.
_TOKEN = re.compile(rf"([^<]+)|<({_NAME}){_ATTRIBUTES}[ \t\n\r\f]*(/?)>"
                    rf"|</({_NAME})[ \t\n\r\f]*>|(<)")
_Tag = tuple[int, str, str, str, str]
"""A tag as ``_TAG`` reads it: what it does to plain text (``_OPEN`` …), and the name in
lower case, attributes and ``/`` of a start tag, or the name of an end tag as written."""
_TAGS: dict[str, _Tag] = {}
"""The tags read so far (most of a page's are ``td``, ``/td``, ``code`` and a few more)."""
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
_SPECIAL = _HEADINGS | _KEPT | _SKIPPED | _VOID | _RAW | {"a", "hx"}
"""Tags that do more than open and close an element of the stack (``hx``: the tag of the
section before the first heading, whose text is its title while an ``<hx>`` is open)."""
_MARKED = {name: (f"<{name}>", f"</{name}>") for name in _KEPT - {"pre"}}
"""The kept tags that leave plain text plain (``_read``'s ``plain``), and how they show."""
_UNPLAIN = _HEADINGS | _SKIPPED | {"pre", "hx"}
"""The elements that can keep text from being plain while open: their end tags are read in
full."""


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


class _Misread(Exception):
    """Splitting the page at every "<" does not give its tokens: an attribute value holds a
    "<" or ">", or a "<" starts no tag."""


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
        try:
            return _read(html)
        except _Misread:
            return _read(_split_at_tags(html))
    except (_Unsure, _Misread):
        return None


def _split_at_tags(html: str) -> str:
    """``html`` read the same by ``_read`` and split at its tags only: each "<" or ">" in an
    attribute value written as an entity (the values are read unescaped)."""
    def tag(match: re.Match[str]) -> str:
        if match.group(6):
            raise _Unsure
        raw = match.group(3)
        if not raw or ("<" not in raw and ">" not in raw):
            return match.group(0)
        raw = raw.replace("<", "&lt;").replace(">", "&gt;")
        return f"<{match.group(2)}{raw}{match.group(4)}>"

    return _TOKEN.sub(tag, html)


# What a tag does where text is plain (``_read``'s ``plain``), worked out once for each tag:
_OPEN = 0  # opens an element that leaves it plain
_OPEN_KEPT = 1  # the same, and marks the text (code, paragraphs, list items)
_NOTHING = 2  # a void element's tag
_CLOSE = 3  # the end tag of an element that leaves text plain, closed when open last
_CLOSE_KEPT = 4  # the same, and marks the text
_OTHER = 5  # anything else: headings, permanent links, skipped, preformatted, raw text


def _tag(body: str) -> _Tag:
    """What lies between a "<" and the next ">", read as a tag."""
    match = _TAG.fullmatch(body)
    if match is None:
        raise _Misread
    name, raw, selfclosing, end = match.groups(default="")
    # End tags keep their case: the end of a raw-text element must match it exactly.
    name = name.lower()
    if name:
        if "&" in raw or (selfclosing and name not in _VOID):
            action = _OTHER
        elif name in _MARKED:
            action = _OPEN_KEPT
        elif name in _VOID:
            action = _NOTHING
        elif name not in _SPECIAL or (name == "a" and "headerlink" not in raw):
            action = _OPEN
        else:
            action = _OTHER
    elif end in _MARKED:
        action = _CLOSE_KEPT
    elif end.islower() and end not in _UNPLAIN and end not in _RAW:
        action = _CLOSE
    else:
        action = _OTHER
    tag = (action, name, raw, selfclosing, end)
    if len(_TAGS) < 10_000:
        _TAGS[body] = tag
    return tag


def _read(html: str) -> list[_Section]:
    pieces = html.split("<")
    """Each a tag (up to the first ">") and the text after it; the first only text."""
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
    text = current.text
    started = False
    """Whether ``current`` is in ``sections`` (Material makes it at the first content)."""
    if pieces[0]:  # text before the first tag
        data = unescape(pieces[0]) if "&" in pieces[0] else pieces[0]
        text.append(" " if data.isspace() else _escape(data.replace("\n", " ")))
        sections.append(current)
        started = True
    plain = False
    """Whether text goes to ``current.text`` as it comes (white space collapsed): ``current``
    started, its heading closed, nothing skipped, no preformatted text or raw-text element
    open. Only the tags read in full (not by the two branches for most tags) change it."""
    for piece in itertools.islice(pieces, 1, None):
        body, closed, data = piece.partition(">")
        tag = _TAGS.get(body)
        if tag is None or not closed:
            if not closed:
                raise _Misread
            tag = _tag(body)
        action, name, raw, selfclosing, end = tag
        if plain and action < _CLOSE:  # most start tags
            if action == _OPEN:
                stack.append(name)
            elif action == _OPEN_KEPT:
                stack.append(name)
                text.append(_MARKED[name][0])
        elif plain and action < _OTHER and stack and stack[-1] == end and \
                current.depth <= len(stack):  # most end tags
            stack.pop()
            if action == _CLOSE_KEPT:  # as _close does
                opening, closing = _MARKED[end]
                try:
                    start = text.index(opening)
                except ValueError:
                    raise _Unsure from None  # Material itself fails here
                for index in range(start + 1, len(text)):
                    if not text[index].isspace():
                        text.append(closing)
                        break
                else:
                    del text[start:]
        elif name:
            if raw_text:
                raise _Unsure
            if raw and "&" in raw and _attributes(raw).get("class") == "linenodiv":
                raise _Unsure
            if name in _RAW:
                # html.parser versions differ on <script/>, and on what these may hold.
                if selfclosing:
                    raise _Unsure
                raw_text, raw_indexed = name, name not in _SKIPPED
            if name not in _VOID:
                stack.append(name)
                if name in _SKIPPED:
                    skipping += 1
                if name in _HEADINGS:
                    attributes = _attributes(raw)
                    if "id" in attributes:
                        depth = len(stack)
                        if name != "h1" and not sections:
                            sections.append(_Section("hx", depth))
                        current = _Section(name, depth,
                                           attributes["id"] if sections else None)
                        sections.append(current)
                        started = True
                elif name == "a" and raw and ("headerlink" in raw or "&" in raw) and \
                        _attributes(raw).get("class") == "headerlink":
                    permalinks.append(len(stack) - 1)
                if not started:
                    sections.append(current)
                    started = True
                if name in _KEPT and not skipping:
                    (current.title if current.tag in stack else current.text).append(
                        f"<{name}>")
                if selfclosing:
                    # html.parser reports <x/> as a start tag and then an end tag.
                    current, skipping = _close(name, stack, permalinks, skipping,
                                               sections, current)
            text = current.text
            plain = started and not skipping and not permalinks and not raw_text and \
                "pre" not in stack and current.tag not in stack
        else:
            if raw_text:
                if end != raw_text:
                    raise _Unsure
                raw_text, raw_indexed = "", False
            if not end.islower():
                end = end.lower()
            if stack and stack[-1] == end:
                current, skipping = _close(end, stack, permalinks, skipping, sections, current)
                text = current.text
                plain = started and not skipping and not permalinks and not raw_text and \
                    "pre" not in stack and current.tag not in stack
        if not data:
            continue
        if plain:  # most text
            if "&" in data:
                # The entities archdocs writes for the underscores and quotes of its text,
                # replaced as html.unescape would (no entity's name has any of "_'\"").
                data = data.replace("&#95;", "_").replace("&#x27;", "'").replace("&quot;", '"')
                if "&" in data:
                    data = _escape(unescape(data))
            if ">" in data:
                data = data.replace(">", "&gt;")
            if not data.isspace():
                text.append(data.replace("\n", " "))
            elif not text or not text[-1].isspace():
                text.append(" ")
            continue
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
            plain = not permalinks and not raw_text and "pre" not in stack and \
                current.tag not in stack
        if current.tag in stack:
            if not permalinks:
                current.title.append(_escape(data))
        elif data.isspace():
            if not text or not text[-1].isspace() or "pre" in stack:
                text.append(data)
        else:
            text.append(_escape(data))
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


def material_index(plugins: Iterable[Any]) -> Any:
    """The search index object of Material's search plugin among ``plugins`` (its
    ``add_entry_from_context`` and ``entries``), when :func:`material_entries` would give its
    entries; ``None`` otherwise."""
    for plugin in plugins:
        if _is_material_search(plugin):
            return plugin.search_index if material_entries([plugin]) is not None else None
    return None


def _is_material_search(plugin: Any) -> bool:
    kind = type(plugin)
    return (kind.__module__, kind.__name__) == ("material.plugins.search.plugin", "SearchPlugin")


def material_entries(plugins: Iterable[Any]) -> list[Entry] | None:
    """The entry list of the search index of Material's search plugin among ``plugins``, when
    that plugin is enabled and reads pages as this module does: its own class (not a
    subclass), Material 9, no Chinese segmentation (``jieba`` installed). ``None`` otherwise:
    the search plugin then reads every page itself."""
    for plugin in plugins:
        if not _is_material_search(plugin):
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
