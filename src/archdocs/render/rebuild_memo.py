"""What a spec builder made during the current site build and the previous one, by its complete
input: a ``mkdocs serve`` rebuild loads the model anew, so nothing can be reused by object
identity, but most of what a builder is asked for is asked again with equal input."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

Value = TypeVar("Value")


class RebuildMemo(Generic[Value]):
    """Values by their complete input (a hashable key compared by value), kept while a site
    build runs (:meth:`reusing`) and for the build after it. Values no build asked for are
    dropped after the next one, so the memory held is about one build's values."""

    def __init__(self) -> None:
        self.active = 0
        """How many :meth:`reusing` blocks are open (builds nest in tests)."""
        self._previous: dict[Hashable, Value] = {}
        self._current: dict[Hashable, Value] = {}

    @contextmanager
    def reusing(self) -> Iterator[None]:
        """Inside, :meth:`get` keeps what it makes; the outermost block starts a new build."""
        if not self.active:
            self._previous, self._current = self._current, {}
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1

    def forget(self) -> None:
        """Keep nothing: the next build makes every value again."""
        self._previous, self._current = {}, {}

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """``make()``, or what it gave for an equal ``key`` during this build or the previous
        one. Outside :meth:`reusing`, always ``make()``."""
        if not self.active:
            return make()
        if key in self._current:
            return self._current[key]
        value = self._current[key] = (self._previous.pop(key) if key in self._previous
                                      else make())
        return value


__all__ = ["RebuildMemo"]
