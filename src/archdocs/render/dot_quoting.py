"""The ``graphviz`` package's own quoting, memoised, for the DOT archdocs writes through
``diagrams``.

An architecture diagram's DOT is written by the ``graphviz`` package (``diagrams`` drives it):
every node id, attribute name and value goes through :func:`graphviz.quoting.quote`, and every
attribute list through :func:`graphviz.quoting.attr_list`, each time, though a site's 400
architecture diagrams repeat the same few thousand identifiers and attribute lists (a service
is drawn with the same label on every flow diagram it takes part in). Memoised here, the
quoting is still the package's: a value not seen before is quoted by it, and a value seen
before gets the very string the package made for it then. Nothing is quoted by hand.

The memoised functions are installed on a graph object as the instance attributes the package
reads its quoting from (``_quote``, ``_quote_edge``, ``_attr_list``: class attributes of its
``Quote`` mixin, not documented API; see ``docs/adr/20261206-memoise-the-graphviz-packages-quoting.md``). A
package version without them simply quotes as before.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graphviz import quoting

_SIZE = 1 << 15
"""Entries kept per memo: more than the distinct identifiers and attribute lists of the
1000-table benchmark model's architecture diagrams."""


@lru_cache(maxsize=_SIZE, typed=True)
def _quote(identifier: str) -> str:
    # typed: a ``nohtml`` string and a plain one with the same text are quoted differently.
    quoted: str = quoting.quote(identifier)
    return quoted


@lru_cache(maxsize=_SIZE, typed=True)
def _quote_edge(identifier: str) -> str:
    quoted: str = quoting.quote_edge(identifier)
    return quoted


@lru_cache(maxsize=_SIZE)
def _attr_list_of(label: str | None, items: tuple[Any, ...]) -> str:
    # ``items`` holds the label's type, then (name, value, type of value): a value's type
    # decides its quoting (``nohtml``); ``attr_list`` sorts a plain dict's items itself.
    made: str = quoting.attr_list(label, kwargs={name: value for name, value, _ in items[1:]})
    return made


def _attr_list(label: str | None = None, kwargs: Any = None, attributes: Any = None) -> str:
    if attributes is not None or (kwargs is not None and type(kwargs) is not dict):
        made: str = quoting.attr_list(label, kwargs=kwargs, attributes=attributes)
        return made
    items = (type(label), *((name, value, type(value)) for name, value in kwargs.items())) \
        if kwargs else (type(label),)
    try:
        return _attr_list_of(label, items)
    except TypeError:  # an unhashable value: quoted as the package does, unmemoised
        made = quoting.attr_list(label, kwargs=kwargs)
        return made


def memoise_quoting(graph: Any) -> Any:
    """``graph`` (a ``graphviz.Graph`` or ``Digraph``) quoting through the memoised package
    functions from now on; returned for convenience."""
    if all(hasattr(graph, name) for name in ("_quote", "_quote_edge", "_attr_list")):
        graph._quote = _quote
        graph._quote_edge = _quote_edge
        graph._attr_list = _attr_list
    return graph
