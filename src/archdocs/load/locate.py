"""Where tables and columns were declared, for findings that point at a table or column."""

from __future__ import annotations

import inspect
import re
from functools import lru_cache

from sqlalchemy import Column, Table

from archdocs.model.datastore import Datastore
from archdocs.model.location import SourceLocation
from archdocs.model.notes import notes_of_table


class Locator:
    """Finds table and column declarations, caching the source it reads."""

    def __init__(self) -> None:
        self._classes: dict[int, dict[str, type]] = {}

    def table(self, datastore: Datastore, table: Table) -> SourceLocation:
        cls = self._class_of(datastore, table)
        if cls is not None:
            found = _class_location(cls)
            if found is not None:
                return found
        declared = notes_of_table(table.info).declared_at
        return declared or datastore.declared_at

    def column(self, datastore: Datastore, table: Table, column: Column[object]) -> SourceLocation:
        cls = self._class_of(datastore, table)
        if cls is not None:
            found = _attribute_location(cls, column.key, column.name)
            if found is not None:
                return found
        return self.table(datastore, table)

    def _class_of(self, datastore: Datastore, table: Table) -> type | None:
        classes = self._classes.get(id(datastore))
        if classes is None:
            classes = self._classes[id(datastore)] = datastore.mapped_classes()
        return classes.get(table.fullname)


@lru_cache(maxsize=4096)
def _class_source(cls: type) -> tuple[str, int, tuple[str, ...]] | None:
    try:
        file = inspect.getsourcefile(cls)
        lines, start = inspect.getsourcelines(cls)
    except (OSError, TypeError):
        return None
    if file is None:
        return None
    return file, start, tuple(lines)


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
