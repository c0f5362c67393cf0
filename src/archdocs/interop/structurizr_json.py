"""Read a Structurizr JSON workspace (the format the Structurizr tools store and exchange).

Relationships that Structurizr derived from others (``linkedRelationshipId``: the implied
relationships it adds between parents) are left out, since the relationships they stand for
are read. Deployment nodes and views are reported as not mapped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archdocs.errors import ArchdocsError
from archdocs.interop.ir import C4Element, C4Model, C4Relationship, Level
from archdocs.model.location import SourceLocation

_DEFAULT_TAGS = {"Element", "Person", "Software System", "Container", "Component", "Relationship"}


def read_structurizr_json(path: Path) -> C4Model:
    """The model a Structurizr JSON workspace describes."""
    where = SourceLocation(str(path), 1)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise ArchdocsError(f"not valid JSON: {error.msg}",
                            location=SourceLocation(str(path), error.lineno),
                            hint="a Structurizr JSON workspace is what the Structurizr CLI "
                                 "'export -format json' writes") from None
    if not isinstance(data, dict) or not isinstance(data.get("model"), dict):
        raise ArchdocsError("this JSON has no 'model' object, so it is not a Structurizr "
                            "workspace", location=where)
    model = C4Model(name=str(data.get("name", "")), description=str(data.get("description", "")),
                    source_format="Structurizr JSON")
    body: dict[str, Any] = data["model"]
    relationships: list[dict[str, Any]] = []

    def element(item: dict[str, Any], level: Level, parent: str | None) -> C4Element:
        if "id" not in item or "name" not in item:
            raise ArchdocsError(f"a {level} without an id or a name", location=where)
        key = str(item["id"])
        tags = [t.strip() for t in str(item.get("tags", "")).split(",") if t.strip()]
        group = item.get("group")
        if group:
            parent = _group(model, parent, str(group))
        found = model.add(C4Element(
            key=key, level=level, name=str(item["name"]),
            description=str(item.get("description", "") or ""),
            technology=str(item.get("technology", "") or ""),
            tags=[t for t in tags if t not in _DEFAULT_TAGS],
            properties={str(k): str(v) for k, v in (item.get("properties") or {}).items()},
            parent=parent, external=item.get("location") == "External"))
        relationships.extend(item.get("relationships") or [])
        return found

    for person in body.get("people") or []:
        element(person, "person", None)
    for system in body.get("softwareSystems") or []:
        system_element = element(system, "system", None)
        for container in system.get("containers") or []:
            container_element = element(container, "container", system_element.key)
            for component in container.get("components") or []:
                element(component, "component", container_element.key)
    if body.get("deploymentNodes"):
        model.skipped.append(f"deployment nodes ({len(body['deploymentNodes'])})")
    if data.get("views"):
        model.skipped.append("views (archdocs draws its own; `archdocs export` writes views "
                             "for Structurizr)")
    for item in sorted(relationships, key=lambda r: _id_order(str(r.get("id", "")))):
        if item.get("linkedRelationshipId"):
            continue
        source, target = str(item.get("sourceId")), str(item.get("destinationId"))
        if source not in model.elements or target not in model.elements:
            continue  # deployment-level relationships
        model.relationships.append(C4Relationship(
            source=source, target=target, description=str(item.get("description", "") or ""),
            technology=str(item.get("technology", "") or ""),
            tags=[t.strip() for t in str(item.get("tags", "")).split(",")
                  if t.strip() and t.strip() not in _DEFAULT_TAGS],
            properties={str(k): str(v) for k, v in (item.get("properties") or {}).items()}))
    return model


def _group(model: C4Model, parent: str | None, path: str) -> str:
    """The key of the (nested, ``/``-separated) group ``path`` under ``parent``."""
    for name in path.split("/"):
        key = f"group:{parent or ''}/{name}"
        if key not in model.elements:
            model.add(C4Element(key=key, level="group", name=name, parent=parent))
        parent = key
    assert parent is not None
    return parent


def _id_order(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (1 << 62, value)
