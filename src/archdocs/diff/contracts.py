"""EVT006 in ``archdocs diff``: an event contract changed incompatibly without a new version.

A change is breaking for consumers when a payload field they may read disappears or changes
type, format or allowed values, when a field becomes required (old producers do not send it),
or when the message key changes (per-key ordering moves to other partitions). Each such
change needs a higher ``version`` (and, usually, a new topic or a dual publish while consumers
move).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from archdocs.load.loader import Model
from archdocs.model.context_map import exposed_to
from archdocs.model.physical import EventContract
from archdocs.model.physical.messaging import event_contracts
from archdocs.model.system import System
from archdocs.review.finding import Finding, Severity


def contracts_of(system: System) -> dict[str, EventContract]:
    """Every event contract of ``system`` by event name (topics first, then flows)."""
    return event_contracts(system.datastores, system.flows)


def breaking_changes(before: EventContract, after: EventContract) -> list[str]:
    """What in ``after`` breaks a consumer written against ``before``, in words."""
    problems: list[str] = []
    if (before.key or None) != (after.key or None):
        problems.append(f"key {before.key!r} → {after.key!r}")
    problems.extend(_schema_changes("", _inlined(before.json_schema),
                                    _inlined(after.json_schema)))
    return problems


def _inlined(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """``schema`` with its local ``#/$defs/…`` references (pydantic's nested models) replaced
    by the definitions, so a change inside a nested model is compared like an inline one. A
    reference back into a definition being inlined (a recursive model) is left as it is."""
    definitions = schema.get("$defs")
    if not isinstance(definitions, Mapping) or not definitions:
        return schema

    def walk(node: Any, inside: frozenset[str]) -> Any:
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.removeprefix("#/$defs/")
                if name in definitions and name not in inside:
                    return walk(definitions[name], inside | {name})
            return {k: walk(v, inside) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(item, inside) for item in node]
        return node

    result: Mapping[str, Any] = walk(schema, frozenset())
    return result


def _schema_changes(path: str, before: Mapping[str, Any], after: Mapping[str, Any],
                    ) -> Iterator[str]:
    if not before or not after:
        return
    where = path or "payload"
    for word in ("type", "format"):
        if before.get(word) != after.get(word) and before.get(word) is not None:
            yield f"{where} {word} {before.get(word)!r} → {after.get(word)!r}"
    if "enum" in before:
        gone = [v for v in before["enum"] if v not in after.get("enum", before["enum"])]
        if gone:
            yield f"{where} no longer allows {', '.join(repr(v) for v in gone)}"
    old_props = before.get("properties") or {}
    new_props = after.get("properties") or {}
    for name in sorted(old_props):
        field = f"{path}.{name}" if path else name
        if name not in new_props:
            yield f"field {field} removed"
        else:
            yield from _schema_changes(field, old_props[name], new_props[name])
    newly_required = sorted(set(after.get("required") or ()) - set(before.get("required") or ()))
    for name in newly_required:
        yield f"field {f'{path}.{name}' if path else name} now required"
    if isinstance(before.get("items"), Mapping) and isinstance(after.get("items"), Mapping):
        yield from _schema_changes(f"{where}[]", before["items"], after["items"])


def unversioned_breaking_changes(base: Model, head: Model) -> list[Finding]:
    """EVT006 findings: contracts of ``head`` that break ``base``'s without a higher version."""
    findings: list[Finding] = []
    base_systems = {s.name: s for s in base.systems}
    for system in head.systems:
        old_system = base_systems.get(system.name)
        if old_system is None:
            continue
        old = contracts_of(old_system)
        for name, contract in sorted(contracts_of(system).items()):
            previous = old.get(name)
            if previous is None or contract.version > previous.version:
                continue
            problems = breaking_changes(previous, contract)
            if not problems:
                continue
            location = head.display_path(contract.declared_at)
            exposed = "".join(
                f"; {r.downstream.name} takes it from {r.upstream.name} "
                f"{'as a conformist' if r.conformist else 'without an anti-corruption layer'}"
                f" ({r.title})" for r in exposed_to(system, name))
            findings.append(Finding(
                file=location.file, line=location.line, rule="EVT006",
                severity=Severity.ERROR, element=f"event:{name}",
                message=(f"event {name} changed incompatibly ({'; '.join(problems)}) but keeps "
                         f"version {contract.version}: consumers written for version "
                         f"{previous.version} break{exposed}"),
                hint=("raise the version (EventContract(..., version="
                      f"{previous.version + 1})) and publish both versions while consumers "
                      "move, or make the change compatible (add optional fields only)"),
            ))
    return findings
