"""The search index of a `mkdocs serve --dirty` rebuild, made whole again.

MkDocs renders only the modified pages of a dirty rebuild, and the search plugin indexes the
pages it sees rendered: MkDocs' own plugin then loses every other page, and Material's keeps
the previous index but replaces the entries of one changed page only (it assumes a save
changes one page), so an edit of the model, which changes several pages, duplicates entries.
The plugin remembers each page's entries and, before the search plugin writes its index, puts
back those of the pages that were not rendered, in the order of a full build.
No MkDocs import here (only the plugin imports it): the search plugin is read duck-typed.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

Entry = dict[str, Any]


def _page_of(entry: Entry) -> str:
    """The page URL an entry belongs to (sections are ``page/#anchor``)."""
    return str(entry.get("location", "")).partition("#")[0]


def _entries_of(plugin: Any) -> tuple[Any, str] | None:
    """The search index object of a search plugin and the name of its entry list: Material's
    (``entries``) or MkDocs' own (``_entries``); None for anything else."""
    index = getattr(plugin, "search_index", None)
    for name in ("entries", "_entries"):
        if isinstance(getattr(index, name, None), list):
            return index, name
    return None


def restore_unrendered(plugins: Iterable[Any], remembered: MutableMapping[str, list[Entry]],
                       page_urls: list[str], rendered_urls: set[str]) -> None:
    """Give the search plugin among ``plugins`` the entries of all ``page_urls`` (in that
    order, a full build's): this rebuild's for the pages it rendered (``rendered_urls``), the
    remembered ones for the others; then remember them for the next rebuild."""
    for plugin in plugins:
        found = _entries_of(plugin)
        if found is None:
            continue
        index, name = found
        rendered: dict[str, list[Entry]] = {}
        for entry in getattr(index, name):
            rendered.setdefault(_page_of(entry), []).append(entry)
        merged: list[Entry] = []
        for url in page_urls:
            entries = rendered.get(url, []) if url in rendered_urls else remembered.get(url, [])
            remembered[url] = entries
            merged.extend(entries)
        for url in set(remembered) - set(page_urls):
            del remembered[url]
        setattr(index, name, merged)
        if hasattr(plugin, "search_index_prev"):
            # Material's own merge of the previous index would add its entries once more.
            plugin.search_index_prev = None
        return
