"""How ADRs and model elements point at each other.

``relates_to`` names an element the way model files do: by name (``orders-db``), by id
(``datastore:orders-db``), or a table as ``datastore.table`` (``orders-db.orders``).
With several systems, ``System/name`` picks one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table

from archdocs.adr.location import adr_directory, load_log
from archdocs.adr.record import DecisionLog
from archdocs.load.loader import Model
from archdocs.model.element import Element
from archdocs.model.system import System


@dataclass(frozen=True)
class ElementTarget:
    """What a ``relates_to`` entry resolved to."""

    system: System
    element: Element
    table: Table | None = None


def decision_log(model: Model, directory: str | Path | None = None) -> DecisionLog:
    """The ADRs of the project ``model`` belongs to (see :mod:`archdocs.adr.location`):
    :attr:`Model.decisions`, or the records in ``directory`` when one is given."""
    if directory is None:
        return model.decisions
    return load_log(adr_directory(model.project_root, directory))


def resolve_reference(model: Model, reference: str) -> ElementTarget | None:
    """The element (or table) ``reference`` names in ``model``, or ``None``."""
    systems = model.systems
    text = reference.strip()
    if "/" in text:
        system_name, _, rest = text.partition("/")
        chosen = [s for s in systems if s.name == system_name]
        if chosen:
            systems, text = chosen, rest
    for system in systems:
        element = system.resolve(text)
        if element is not None:
            return ElementTarget(system, element)
    for system in systems:
        found = system.find_table(text)
        if found is not None:
            return ElementTarget(system, found[0], found[1])
    return None
