"""Which ``diagrams`` node class draws each kind of element."""

from __future__ import annotations

import importlib
import logging
from functools import cache

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.system import Actor, BoundedContext, ExternalSystem, Service

log = logging.getLogger("archdocs.render")

FALLBACK_DATASTORE_ICON = "diagrams.generic.database.SQL"
SERVICE_ICON = "diagrams.onprem.compute.Server"
EXTERNAL_ICON = "diagrams.onprem.network.Internet"
ACTOR_ICON = "diagrams.onprem.client.Users"

# A service's free-text technology ("Python / FastAPI") picks a language icon when it names one.
_LANGUAGE_ICONS = (
    ("typescript", "diagrams.programming.language.Typescript"),
    ("javascript", "diagrams.programming.language.Javascript"),
    ("node", "diagrams.programming.language.Nodejs"),
    ("python", "diagrams.programming.language.Python"),
    ("kotlin", "diagrams.programming.language.Kotlin"),
    ("java", "diagrams.programming.language.Java"),
    ("golang", "diagrams.programming.language.Go"),
    ("go ", "diagrams.programming.language.Go"),
    ("rust", "diagrams.programming.language.Rust"),
    ("ruby", "diagrams.programming.language.Ruby"),
    ("php", "diagrams.programming.language.Php"),
    ("c#", "diagrams.programming.language.Csharp"),
    (".net", "diagrams.programming.language.Csharp"),
    ("elixir", "diagrams.programming.language.Elixir"),
    ("scala", "diagrams.programming.language.Scala"),
)


def icon_path(element: Element) -> str | None:
    """Dotted path of the ``diagrams`` class for ``element``; ``None`` draws a plain box."""
    if isinstance(element, Datastore):
        return element.technology.icon or FALLBACK_DATASTORE_ICON
    if isinstance(element, Service):
        technology = f"{element.technology or ''} ".lower()
        for word, path in _LANGUAGE_ICONS:
            if word in technology:
                return path
        return SERVICE_ICON
    if isinstance(element, ExternalSystem):
        return EXTERNAL_ICON
    if isinstance(element, Actor):
        return ACTOR_ICON
    if isinstance(element, BoundedContext):
        return None
    return None


@cache
def node_class(dotted: str | None) -> type:
    """The ``diagrams`` node class at ``dotted``; the generic database icon when it does not
    exist (a catalogue entry naming a class a newer ``diagrams`` renamed)."""
    from diagrams import Node

    if dotted is None:
        plain: type = Node
        return plain
    module_name, _, class_name = dotted.rpartition(".")
    try:
        found = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError, ValueError):
        log.warning("no diagrams icon %s; drawing %s instead", dotted, FALLBACK_DATASTORE_ICON)
        return node_class(FALLBACK_DATASTORE_ICON)
    if not (isinstance(found, type) and issubclass(found, Node)):
        return node_class(FALLBACK_DATASTORE_ICON)
    node_type: type = found
    return node_type


def icon_file(cls: type) -> str | None:
    """The icon of a ``diagrams`` node class, relative to the icon library (``aws/database/
    rds.png``); None for the plain ``Node``. diagrams keeps it in two class attributes
    (``_icon_dir``, ``_icon``) and has no public accessor: this is the one place that reads
    them (docs/adr, "ER DOT written here, diagrams' private API confined")."""
    name = getattr(cls, "_icon", None)
    return f"{cls._icon_dir}/{name}" if name else None  # type: ignore[attr-defined]
