"""The physical vocabulary in the JSON export: structures of a datastore, the delivery
contract and event contracts of a flow. Deterministic and JSON-ready."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import timedelta
from enum import Enum
from typing import Any

from archdocs.model.datastore import Datastore
from archdocs.model.element import Element
from archdocs.model.flow import Flow
from archdocs.model.physical import (
    ConsumerGroup,
    Delivery,
    EventContract,
    Retention,
    Structure,
)

_SKIP = {"declared_at", "description", "name", "schema", "events", "consumer_groups",
         "retention", "consumers"}


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Element):
        return value.name
    if isinstance(value, Retention):
        return retention(value)
    if isinstance(value, EventContract):
        return contract(value)
    if isinstance(value, Mapping):
        return {str(k): _value(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple | set | frozenset):
        return [_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _value(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "declared_at"}
    return value


def retention(value: Retention | None) -> dict[str, Any] | None:
    if value is None:
        return None
    period = value.period
    return {"seconds": period.total_seconds() if period is not None else None,
            "bytes": value.bytes, "text": str(value)}


def contract(value: EventContract) -> dict[str, Any]:
    return {"name": value.name, "version": value.version, "key": value.key,
            "description": value.description, "schema": value.json_schema}


def structure(value: Structure) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": value.KIND, "name": value.name,
                            "description": value.description}
    for item in dataclasses.fields(value):
        if item.name in _SKIP or item.name == "_":
            continue
        data[item.name] = _value(getattr(value, item.name))
    if hasattr(value, "retention"):
        kept = value.retention
        data["retention"] = retention(kept) if isinstance(kept, Retention) else _value(kept)
    if hasattr(value, "events"):
        data["events"] = [e if isinstance(e, str) else e.name for e in value.events]
    if hasattr(value, "consumer_groups"):
        data["consumer_groups"] = [
            {"name": g.name, "consumer": _value(g.consumer)}
            for g in value.consumer_groups if isinstance(g, ConsumerGroup)]
    if hasattr(value, "consumers"):
        data["consumers"] = [_value(c) for c in value.consumers]
    if hasattr(value, "json_schema"):
        data["schema"] = value.json_schema
    return data


def datastore_fields(datastore: Datastore) -> dict[str, Any]:
    """``structures``, ``nodes``, ``memory`` and ``eviction`` of a datastore."""
    return {
        "structures": [structure(s) for s in datastore.structures],
        "nodes": datastore.nodes,
        "memory": datastore.memory,
        "eviction": datastore.eviction.value if datastore.eviction else None,
    }


def delivery(value: Delivery | None) -> dict[str, Any] | None:
    if value is None:
        return None
    dead = value.dead_letter_path
    return {
        "guarantee": value.guarantee.value, "channel": value.channel,
        "ordering_key": value.ordering_key, "idempotency_key": value.idempotency_key,
        "consumer_group": value.consumer_group,
        "retry": _value(value.retry) if value.retry else None,
        "dead_letter": None if dead is None else {
            "channel": dead.channel, "via": _value(dead.via), "discard": dead.discard,
            "reason": dead.reason},
    }


def flow_fields(flow: Flow) -> dict[str, Any]:
    """``delivery``, ``contracts``, ``derives`` and ``derived_columns`` of a flow."""
    return {
        "delivery": delivery(flow.delivery),
        "contracts": sorted((contract(c) for c in flow.contracts), key=lambda c: c["name"]),
        "derives": {k: list(v) for k, v in sorted(flow.derives.items())},
        "derived_columns": {k: dict(sorted(v.items()))
                            for k, v in sorted(flow.derived_columns.items())},
    }
