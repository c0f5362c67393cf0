"""Serialise a loaded model to a plain dictionary and JSON.

The format is documented in ``docs/reference/export-format.md``. Everything is sorted and
carries no timestamps or absolute paths, so two exports of the same model are identical.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy import Sequence as SqlSequence
from sqlalchemy.sql.schema import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    UniqueConstraint,
)

from archdocs.export import physical_json
from archdocs.load.loader import Model
from archdocs.load.locate import Locator
from archdocs.model.context_map import ContextRelationship
from archdocs.model.datastore import Datastore
from archdocs.model.element import Element, Suppression
from archdocs.model.flow import Flow
from archdocs.model.governance import Classified, classifications_in
from archdocs.model.migration import ArchitectureMigration
from archdocs.model.notes import notes_of_column, notes_of_table
from archdocs.model.patterns import (
    CQRS,
    DatabasePerService,
    EventSourcing,
    Inbox,
    Pattern,
    SharedDatabase,
    TransactionalOutbox,
)
from archdocs.model.physical import PublishAfterCommit
from archdocs.model.scenario import Scenario
from archdocs.model.sql import dialect_named, type_text
from archdocs.model.system import System

SCHEMA_VERSION = 1


def export_json(model: Model) -> str:
    """The model as pretty, sorted JSON text ending in a newline."""
    return json.dumps(model_to_dict(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def model_to_dict(model: Model) -> dict[str, Any]:
    return {
        "archdocs_export": SCHEMA_VERSION,
        "systems": sorted(
            (_system(model, system) for system in model.systems), key=lambda s: s["name"]
        ),
    }


def _ref(ref: Element | str | None) -> str | None:
    if ref is None:
        return None
    return ref if isinstance(ref, str) else ref.name


def _base(model: Model, element: Element) -> dict[str, Any]:
    location = model.display_path(element.declared_at)
    return {
        "name": element.name,
        "id": element.id,
        "description": element.description,
        "tags": sorted(element.tags),
        "file": location.file,
        "line": location.line,
        "suppressions": _suppressions(element.suppressions),
    }


def _by_name(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: (item["name"], item.get("id", "")))


def _system(model: Model, system: System) -> dict[str, Any]:
    data = _base(model, system)
    data["contexts"] = _by_name([
        _base(model, c) | {"domain": c.domain, "team": c.team} for c in system.contexts
    ])
    data["services"] = _by_name([
        _base(model, s) | {"context": _ref(s.context), "technology": s.technology}
        for s in system.services
    ])
    data["externals"] = _by_name([_base(model, e) for e in system.externals])
    data["actors"] = _by_name([_base(model, a) for a in system.actors])
    locator = Locator()
    data["datastores"] = _by_name([_datastore(model, d, locator) for d in system.datastores])
    data["flows"] = _by_name([_flow(model, f) for f in system.flows])
    data["patterns"] = _by_name([_pattern(model, p) for p in system.patterns])
    data["migrations"] = _by_name([_migration(model, m) for m in system.migrations])
    data["scenarios"] = _by_name([_scenario(model, s) for s in system.scenarios])
    data["relationships"] = sorted(
        (_relationship(model, r) for r in system.relationships),
        key=lambda r: (r["upstream"], r["downstream"]))
    return data


def _relationship(model: Model, r: ContextRelationship) -> dict[str, Any]:
    location = model.display_path(r.declared_at)
    return {
        # The pair, whichever way round: what ``archdocs diff`` matches a relationship by.
        "name": " \u2194 ".join(sorted((r.upstream.name, r.downstream.name))),
        "upstream": r.upstream.name, "downstream": r.downstream.name, "kind": r.kind.value,
        "symmetric": r.symmetric, "notation": r.notation,
        "upstream_roles": [role.value for role in r.upstream_roles],
        "downstream_roles": [role.value for role in r.downstream_roles],
        "description": r.description, "file": location.file, "line": location.line,
    }


def _plain(value: Any) -> Any:
    """Dataclasses, enums and sequences as JSON-ready values."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {
            name: _plain(getattr(value, name))
            for name in value.__dataclass_fields__
            if name != "declared_at"
        }
    return value


def _datastore(model: Model, d: Datastore, locator: Locator) -> dict[str, Any]:
    tech = d.technology
    return _base(model, d) | {
        "context": _ref(d.context),
        "technology": {
            "id": tech.id,
            "name": tech.name,
            "version": tech.version,
            "kind": tech.kind.value,
            "capabilities": sorted(c.value for c in tech.capabilities),
        },
        "role": d.role.value,
        "requirements": sorted(r.value for r in d.requirements),
        "scaling": _plain(d.scaling),
        "hosting": d.hosting.value,
        "backup": _plain(d.backup),
        "high_availability": d.high_availability,
        "retention": d.retention,
        "server": _server(d),
        "region": d.region,
        "recovery": _plain(d.recovery),
        "logins": [{"name": lg.name, "privileges": [p.value for p in lg.privileges],
                    "used_by": sorted(lg.user_names)} for lg in d.logins],
        "classification": [_classified(c) for c in d.classification],
        "budget": _plain(d.effective_budget),
        "access_patterns": sorted(
            (_plain(p) for p in d.all_access_patterns()),
            key=lambda p: (p["table"] or "", p["name"]),
        ),
        "tables": [_table(model, locator, d, t) for t in d.tables],
    } | physical_json.datastore_fields(d)


def _suppressions(suppressions: Sequence[Suppression]) -> list[dict[str, Any]]:
    return sorted(
        ({"rule": s.rule, "reason": s.reason, "target": s.target, "owner": s.owner,
          "review_by": s.review_by.isoformat() if s.review_by else None}
         for s in suppressions),
        key=lambda s: (s["rule"], s["target"] or ""),
    )


def _table(model: Model, locator: Locator, d: Datastore, table: Table) -> dict[str, Any]:
    notes = notes_of_table(table.info)
    volume = d.volume_of(table)
    location = model.display_path(locator.table(d, table))
    return {
        "file": location.file,
        "line": location.line,
        "suppressions": _suppressions(notes.suppressions),
        "name": table.name,
        "schema": table.schema,
        "fullname": table.fullname,
        "comment": table.comment,
        "columns": [_column(c, d.technology.sql_dialect) for c in table.columns],
        "primary_key": [c.name for c in table.primary_key.columns],
        "foreign_keys": sorted(
            (
                {
                    "name": fk.name,
                    "columns": [c.name for c in fk.columns],
                    "references": _fk_target_table(fk),
                    "referred_columns": [e.target_fullname.rsplit(".", 1)[-1] for e in fk.elements],
                    "ondelete": fk.ondelete,
                }
                for fk in table.constraints
                if isinstance(fk, ForeignKeyConstraint)
            ),
            key=lambda fk: (fk["columns"], fk["references"]),
        ),
        "unique_constraints": sorted(
            (
                {"name": u.name, "columns": [c.name for c in u.columns]}
                for u in table.constraints
                if isinstance(u, UniqueConstraint) and not isinstance(u, PrimaryKeyConstraint)
            ),
            key=lambda u: u["columns"],
        ),
        "check_constraints": sorted(
            (
                {"name": c.name, "sqltext": str(c.sqltext)}
                for c in table.constraints
                if isinstance(c, CheckConstraint)
            ),
            key=lambda c: (c["name"] or "", c["sqltext"]),
        ),
        "indexes": sorted(
            (_index(i) for i in table.indexes), key=lambda i: (i["name"] or "", i["columns"])
        ),
        "volume": _plain(volume),
        "fact": _plain(notes.fact),
        "dimension": _plain(notes.dimension),
        "renamed_from": notes.renamed_from,
    }


def _fk_target_table(fk: ForeignKeyConstraint) -> str:
    target = fk.elements[0].target_fullname
    return target.rsplit(".", 1)[0]


def _index(index: Index) -> dict[str, Any]:
    return {
        "name": index.name,
        "columns": [getattr(e, "name", str(e)) for e in index.expressions],
        "unique": bool(index.unique),
    }


def _column(column: Column[Any], dialect: str | None) -> dict[str, Any]:
    notes = notes_of_column(column.info)
    return {
        "name": column.name,
        "type": _type_name(column, dialect),
        "nullable": bool(column.nullable),
        "primary_key": bool(column.primary_key),
        "default": _default(column),
        "server_default": _server_default(column),
        "comment": column.comment,
        "foreign_keys": sorted(fk.target_fullname for fk in column.foreign_keys),
        "renamed_from": notes.renamed_from,
        "denormalized_reason": notes.denormalized_reason,
        "suppressions": _suppressions(notes.suppressions),
        "classification": [_classified(c) for c in classifications_in(column.info)],
    }


def _server(d: Datastore) -> dict[str, Any] | None:
    server = d.server
    if server is None:
        return None
    return {"name": server.name, "hosting": server.hosting, "region": server.region,
            "zones": list(server.zones), "replicas": server.replicas,
            "high_availability": server.high_availability}


def _classified(c: Classified) -> dict[str, Any]:
    return {"kind": c.kind.value, "protection": [p.value for p in c.protection],
            "retention": c.retention, "erasure": c.erasure, "regions": list(c.regions),
            "fields": list(c.fields)}


def _type_name(column: Column[Any], dialect: str | None) -> str:
    """The column's type as the datastore's SQL dialect spells it (``UUID`` on PostgreSQL,
    not the generic ``CHAR(32)``), or its generic form for non-SQL stores."""
    return type_text(column.type, dialect_named(dialect) if dialect else None)


def _default(column: Column[Any]) -> str | None:
    default = column.default
    if default is None:
        return None
    if isinstance(default, SqlSequence):  # a HiLo or plain sequence hands out the values
        return f"<sequence: {default.name}>"
    arg = getattr(default, "arg", None)
    if callable(arg):
        return f"<python: {getattr(arg, '__name__', 'callable')}>"
    return repr(arg)


def _server_default(column: Column[Any]) -> str | None:
    default = column.server_default
    if default is None:
        return None
    arg = getattr(default, "arg", None)
    return str(getattr(arg, "text", arg)) if arg is not None else str(default)


def _flow(model: Model, f: Flow) -> dict[str, Any]:
    return _base(model, f) | {
        "source": _ref(f.source),
        "target": _ref(f.target),
        "via": _ref(f.via),
        "mechanism": f.mechanism.value,
        "access": f.effective_access.value,
        "carries": sorted(f.carries),
        "events": sorted(e if isinstance(e, str) else e.name for e in f.events),
        "consistency": {
            "level": f.consistency.level.value,
            "staleness_seconds": (
                f.consistency.staleness.total_seconds() if f.consistency.staleness else None
            ),
        },
        "per_second": f.per_second,
        "classification": [_classified(c) for c in f.classification],
        "reliability": _plain(f.reliability),
    } | physical_json.flow_fields(f)


def _pattern(model: Model, p: Pattern) -> dict[str, Any]:
    data = _base(model, p) | {"type": p.pattern_type}
    if isinstance(p, DatabasePerService):
        data["scope"] = _ref(p.scope)
    elif isinstance(p, SharedDatabase):
        data |= {"datastore": _ref(p.datastore), "scope": _ref(p.scope)}
    elif isinstance(p, CQRS):
        data |= {
            "write_store": _ref(p.write_store),
            "read_models": sorted(_ref(r) or "" for r in p.read_models),
            "projections": sorted(_ref(f) or "" for f in p.projections),
        }
    elif isinstance(p, EventSourcing):
        data |= {
            "event_store": _ref(p.event_store),
            "projections": sorted(_ref(d) or "" for d in p.projections),
        }
    elif isinstance(p, TransactionalOutbox):
        data |= {"datastore": _ref(p.datastore), "table": p.table, "relay": _ref(p.relay)}
    elif isinstance(p, Inbox):
        data |= {"datastore": _ref(p.datastore), "table": p.table, "key": p.key}
    elif isinstance(p, PublishAfterCommit):
        data |= {"flows": sorted(_ref(f) or "" for f in p.flows), "recovery": p.recovery}
    return data


def _scenario(model: Model, scenario: Scenario) -> dict[str, Any]:
    return _base(model, scenario) | {
        "steps": [{"flow": _ref(s.flow), "note": s.note} for s in scenario.steps],
    }


def _migration(model: Model, m: ArchitectureMigration) -> dict[str, Any]:
    return _base(model, m) | {
        "from_state": m.from_state,
        "to_state": m.to_state,
        "status": m.status.value,
        "current_phase": (m.phases[m.current_phase_index].name
                          if m.current_phase_index is not None else None),
        "cutover_criteria": list(m.cutover_criteria),
        "risks": list(m.risks),
        "affects": sorted(_ref(a) or "" for a in m.affects),
        "phases": [
            {
                "name": phase.name,
                "sync": phase.sync.value,
                "description": phase.description,
                "elements": [_ref(e) for e in phase.elements],
                "rollback": phase.rollback,
                "cutover": phase.cutover,
                "point_of_no_return": phase.point_of_no_return,
            }
            for phase in m.phases
        ],
    }


