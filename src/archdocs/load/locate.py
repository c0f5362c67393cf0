"""Where tables and columns were declared, for findings that point at a table or column."""

from __future__ import annotations

import ast
import inspect
import linecache
import os
import re
from functools import lru_cache
from types import ModuleType
from weakref import WeakKeyDictionary

from sqlalchemy import Column, Table

from archdocs.model.datastore import Datastore
from archdocs.model.location import SourceLocation
from archdocs.model.notes import notes_of_table


class Locator:
    """Finds table and column declarations, caching the source it reads."""

    def __init__(self) -> None:
        self._classes: dict[int, dict[str, type]] = {}
        self._mtimes: dict[str, float] = {}

    def table(self, datastore: Datastore, table: Table) -> SourceLocation:
        cls = self._class_of(datastore, table)
        if cls is not None:
            found = _class_location(cls)
            if found is not None:
                return found
        declared = notes_of_table(table.info).declared_at
        if declared is not None:
            # Notes are written inside the Table(...) call: point at the call's first line.
            return _core_table_location(declared.file, table.name, before=declared.line,
                                        mtime=self._mtime(declared.file)) or declared
        # A Core Table(...) carries no location; look for it in the file declaring the datastore.
        file = datastore.declared_at.file
        found = _core_table_location(file, table.name, mtime=self._mtime(file))
        return found or datastore.declared_at

    def _mtime(self, file: str) -> float:
        # A locator serves one review, during which no file changes: one stat per file, not
        # one per table or column located.
        known = self._mtimes.get(file)
        if known is None:
            known = self._mtimes[file] = _mtime(file)
        return known

    def column(self, datastore: Datastore, table: Table, column: Column[object]) -> SourceLocation:
        cls = self._class_of(datastore, table)
        if cls is not None:
            found = _attribute_location(cls, column.key, column.name)
            if found is not None:
                return found
        table_location = self.table(datastore, table)
        if cls is None:
            found = _core_column_location(table_location, column.name)
            if found is not None:
                return found
        return table_location

    def _class_of(self, datastore: Datastore, table: Table) -> type | None:
        classes = self._classes.get(id(datastore))
        if classes is None:
            classes = self._classes[id(datastore)] = datastore.mapped_classes()
        return classes.get(table.fullname)


# The loader drops model modules from ``sys.modules`` after importing them (so several versions
# of a model can be loaded in one process), which leaves ``inspect`` unable to find a class's
# file. The loader records the file of every class it imported here first.
_CLASS_FILES: WeakKeyDictionary[type, str] = WeakKeyDictionary()


def remember_class_files(module: ModuleType) -> None:
    """Record the source file of every class defined in ``module`` (called by the loader
    before it forgets the module)."""
    file = getattr(module, "__file__", None)
    if not file:
        return
    for value in list(vars(module).values()):
        if isinstance(value, type) and value.__module__ == module.__name__:
            _CLASS_FILES[value] = file


_CLASS_SOURCES: WeakKeyDictionary[type, tuple[str, int, tuple[str, ...]] | None] = \
    WeakKeyDictionary()
"""Each class's file, first line and source lines, for as long as the class lives. Not an
``lru_cache``: that held the classes themselves, and through their methods' globals every
model module they came from, so ``mkdocs serve`` kept the models of earlier builds alive."""


def _class_source(cls: type) -> tuple[str, int, tuple[str, ...]] | None:
    if cls in _CLASS_SOURCES:
        return _CLASS_SOURCES[cls]
    source = _CLASS_SOURCES[cls] = _read_class_source(cls)
    return source


def _read_class_source(cls: type) -> tuple[str, int, tuple[str, ...]] | None:
    file = _CLASS_FILES.get(cls)
    if file is None:
        try:
            file = inspect.getsourcefile(cls)
        except TypeError:
            return None
    if not file:
        return None
    span = _class_spans(file, _mtime(file)).get(cls.__qualname__)
    if span is None:
        return None
    start, end = span
    lines = linecache.getlines(file)
    return file, start, tuple(lines[start - 1:end])


def _mtime(file: str) -> float:
    try:
        return os.stat(file).st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=256)
def _class_spans(file: str, mtime: float) -> dict[str, tuple[int, int]]:
    """Every class in ``file`` by qualified name, with its first and last line.

    One parse per file: ``inspect.getsourcelines`` parses the whole module again for every
    class, which made locating findings quadratic on an imported 512-table model.
    ``mtime`` is part of the cache key so an edited file (``mkdocs serve``) is parsed anew.
    """
    try:
        tree = ast.parse("".join(linecache.getlines(file)))
    except (SyntaxError, ValueError):
        return {}
    spans: dict[str, tuple[int, int]] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                name = f"{prefix}{node.name}"
                start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                spans.setdefault(name, (start, node.end_lineno or node.lineno))
                visit(node.body, f"{name}.")

    visit(tree.body, "")
    return spans


def _class_location(cls: type) -> SourceLocation | None:
    source = _class_source(cls)
    return SourceLocation(source[0], source[1]) if source else None


def _attribute_location(cls: type, *names: str) -> SourceLocation | None:
    for klass in cls.__mro__:
        source = _class_source(klass) if klass.__module__ != "builtins" else None
        if source is None:
            continue
        file, start, lines = source
        for name in names:
            pattern = re.compile(rf"^\s+{re.escape(name)}\s*[:=]")
            for offset, text in enumerate(lines):
                if pattern.match(text):
                    return SourceLocation(file, start + offset)
    return None


_CORE_TABLE_CALL = re.compile(r"""\bTable\(\s*["']([^"']+)["']""")


def _core_table_location(
    file: str, table_name: str, *, before: int | None = None, mtime: float | None = None
) -> SourceLocation | None:
    """The line of ``Table("table_name", ...`` in ``file``, if it is written there; with
    ``before``, the last such line at or above that line (within 60 lines). ``mtime`` is the
    file's, when the caller knows it."""
    lines = _core_table_lines(file, _mtime(file) if mtime is None else mtime).get(table_name, ())
    if before is not None:
        candidates = [n for n in lines if before - 60 < n <= before]
        return SourceLocation(file, candidates[-1]) if candidates else None
    return SourceLocation(file, lines[0]) if lines else None


@lru_cache(maxsize=256)
def _core_table_lines(file: str, mtime: float) -> dict[str, tuple[int, ...]]:
    """Line numbers of every ``Table("name", ...`` call in ``file``, by table name: one scan
    per file instead of one per table (a 1000-table model asks 1000 times)."""
    found: dict[str, list[int]] = {}
    for number, text in enumerate(linecache.getlines(file), start=1):
        for match in _CORE_TABLE_CALL.finditer(text):
            found.setdefault(match.group(1), []).append(number)
    return {name: tuple(numbers) for name, numbers in found.items()}


def _core_column_location(table: SourceLocation, column_name: str) -> SourceLocation | None:
    """The line of ``Column("column_name", ...`` in the ``Table(...)`` call starting at
    ``table`` (the first such line before the call's parentheses close)."""
    lines = linecache.getlines(table.file)
    if not 0 < table.line <= len(lines):
        return None
    pattern = re.compile(rf"""\bColumn\(\s*["']{re.escape(column_name)}["']""")
    depth = 0
    for number in range(table.line, len(lines) + 1):
        text = lines[number - 1]
        if pattern.search(text):
            return SourceLocation(table.file, number)
        depth += text.count("(") - text.count(")")
        if depth <= 0:
            return None
    return None
