"""Compare two loaded models (and their ADRs and review findings) into an
:class:`~archdocs.diff.changes.ArchitectureDiff`.

The comparison works on :func:`archdocs.export.model_to_dict`, the model's deterministic
plain-data form, so it sees exactly what the export documents and nothing that depends on
object identity or file positions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from archdocs.adr.links import decision_log
from archdocs.adr.record import DecisionLog
from archdocs.diff.changes import (
    ADDED,
    CHANGED,
    REMOVED,
    RENAMED,
    ArchitectureDiff,
    DecisionChange,
    ElementChange,
    FieldChange,
    SchemaItemChange,
    TableChange,
)
from archdocs.diff.contracts import unversioned_breaking_changes
from archdocs.diff.schema_plan import (
    planned_table_hazards,
    schema_plans,
    summarise_schema_plans,
)
from archdocs.export import model_to_dict
from archdocs.load.loader import Model
from archdocs.review.engine import Report, review
from archdocs.review.finding import Finding

# Element lists in the export, and the kind each holds.
KINDS = (
    ("contexts", "context"),
    ("services", "service"),
    ("datastores", "datastore"),
    ("externals", "external"),
    ("actors", "actor"),
    ("flows", "flow"),
    ("patterns", "pattern"),
    ("migrations", "migration"),
    ("scenarios", "scenario"),
    ("relationships", "relationship"),
)

# Fields that move when a file is edited but mean nothing architecturally.
_POSITIONAL = {"file", "line", "id"}
# Datastore fields compared elsewhere (tables) or derived from another field (technology).
_DATASTORE_SEPARATE = {"tables"}


def compare(base: Model, head: Model, *, base_label: str, head_label: str,
            base_report: Report | None = None, head_report: Report | None = None) -> ArchitectureDiff:
    """The semantic difference from ``base`` to ``head``."""
    base_data, head_data = model_to_dict(base), model_to_dict(head)
    diff = ArchitectureDiff(base=base_label, head=head_label)
    base_systems = {s["name"]: s for s in base_data["systems"]}
    head_systems = {s["name"]: s for s in head_data["systems"]}
    for name in sorted(base_systems.keys() | head_systems.keys()):
        before, after = base_systems.get(name), head_systems.get(name)
        if before is None or after is None:
            diff.elements.append(ElementChange("system", name, name,
                                               ADDED if before is None else REMOVED))
        for key, kind in KINDS:
            diff.elements.extend(_compare_elements(
                kind, name, (before or {}).get(key, []), (after or {}).get(key, [])))
    diff.tables = compare_tables(base_data, head_data)
    base_report = base_report or review(base)
    head_report = head_report or review(head)
    diff.introduced, diff.resolved = compare_findings(base_report.findings, head_report.findings)
    diff.introduced.extend(unversioned_breaking_changes(base, head))
    diff.decisions = compare_decisions(decision_log(base), decision_log(head))
    try:
        plans = schema_plans(base, head)
        diff.schema_plans = summarise_schema_plans(base, head, plans)
        if plans is not None:
            diff.tables = _with_planned_hazards(diff.tables, plans)
    except Exception as error:  # the diff must still reach the reviewer; say what failed
        diff.schema_plan_error = f"{type(error).__name__}: {error}"
    diff.uncovered_hazards, diff.covered_hazards = hazard_coverage(diff, head)
    return diff


def _with_planned_hazards(tables: list[TableChange], plans: list[Any]) -> list[TableChange]:
    """Tables of a datastore the planner planned carry the plan's hazards (one catalogue,
    dialect- and version-aware) instead of the coarse notes."""
    planned = planned_table_hazards(plans)
    stores = {plan.datastore for plan in plans}
    result = []
    for table in tables:
        if table.datastore in stores:
            hazards, unsafe = planned.get((table.datastore, table.table), ([], []))
            table = dataclasses.replace(
                table, hazard=None,
                items=tuple(dataclasses.replace(i, hazard=_item_hazard(i.name, hazards))
                            for i in table.items),
                planned_hazards=tuple(hazards), unplanned_hazards=tuple(unsafe))
        result.append(table)
    return result


def _item_hazard(name: str, hazards: list[str]) -> str | None:
    """The planned hazards whose step names this column, index or constraint."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")
    found = [h for h in hazards if pattern.search(h.split(": ", 1)[-1])]
    return "; ".join(found) or None


# -- elements -----------------------------------------------------------------------------------

def _compare_elements(
    kind: str, system: str, before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[ElementChange]:
    old = {e["name"]: e for e in before}
    new = {e["name"]: e for e in after}
    changes: list[ElementChange] = []
    for name in sorted(old.keys() & new.keys()):
        fields = _element_fields(kind, old[name], new[name])
        if fields:
            changes.append(ElementChange(kind, system, name, CHANGED, tuple(fields)))
    removed = [old[n] for n in sorted(old.keys() - new.keys())]
    added = [new[n] for n in sorted(new.keys() - old.keys())]
    if kind == "flow":
        # A flow declared without a name is called "a → b (mechanism)": changing its mechanism
        # changes its name. Pair such flows by their ends when that is unambiguous.
        for gone in list(removed):
            ends = (gone["source"], gone["target"])
            same_ends_added = [f for f in added if (f["source"], f["target"]) == ends]
            same_ends_removed = [f for f in removed if (f["source"], f["target"]) == ends]
            if len(same_ends_added) == 1 and len(same_ends_removed) == 1:
                came = same_ends_added[0]
                fields = [f for f in _element_fields(kind, gone, came) if f.field != "name"]
                changes.append(ElementChange(kind, system, came["name"], CHANGED, tuple(fields),
                                             previous_name=gone["name"]))
                removed.remove(gone)
                added.remove(came)
    changes.extend(ElementChange(kind, system, e["name"], REMOVED, summary=_summary(kind, e))
                   for e in removed)
    changes.extend(ElementChange(kind, system, e["name"], ADDED, summary=_summary(kind, e))
                   for e in added)
    return sorted(changes, key=lambda c: (c.kind, c.name, c.change))


def _summary(kind: str, data: dict[str, Any]) -> str:
    if kind == "datastore":
        tech = data["technology"]
        version = f" {tech['version']}" if tech.get("version") else ""
        owner = f", context {data['context']}" if data.get("context") else ""
        return f"{tech['name']}{version}, {data['role']}{owner}, {len(data['tables'])} tables"
    if kind == "flow":
        via = f" via {data['via']}" if data.get("via") else ""
        return f"{data['source']} → {data['target']}{via}, {data['mechanism']}, {data['access']}"
    if kind == "service":
        return f"context {data['context']}" if data.get("context") else ""
    if kind == "pattern":
        return str(data.get("type", ""))
    if kind == "migration":
        return f"{data['status']}, {len(data['phases'])} phases"
    if kind == "relationship":
        return f"{data['upstream']} {data['notation']} {data['downstream']}"
    if kind == "context":
        return ", ".join(x for x in (data.get("domain"), data.get("team") and
                                     f"team {data['team']}") if x)
    return ""


def _element_fields(kind: str, before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    skip = _POSITIONAL | (_DATASTORE_SEPARATE if kind == "datastore" else set())
    if kind == "datastore" and before["technology"] != after["technology"]:
        fields = [FieldChange("technology", _tech(before["technology"]),
                              _tech(after["technology"]))]
        # Capabilities and the default budget follow from the technology: not separate news.
        skip = skip | {"technology", "budget"}
    else:
        fields = []
    keys = sorted((before.keys() | after.keys()) - skip)
    for key in keys:
        fields.extend(diff_values(key, before.get(key), after.get(key)))
    return fields


def _tech(data: dict[str, Any]) -> str:
    return f"{data['name']} {data['version']}".strip() if data.get("version") else data["name"]


def diff_values(path: str, before: Any, after: Any) -> list[FieldChange]:
    """Field changes between two plain values; mappings are compared key by key, so a
    change deep in ``scaling`` is named ``scaling.replication.replicas``."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[FieldChange] = []
        for key in sorted(before.keys() | after.keys()):
            found.extend(diff_values(f"{path}.{key}", before.get(key), after.get(key)))
        return found
    return [FieldChange(path, before, after)]


# -- tables ------------------------------------------------------------------------------------

def _tables_by_datastore(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    return {
        (system["name"], datastore["name"]): {t["fullname"]: t for t in datastore["tables"]}
        for system in data["systems"]
        for datastore in system["datastores"]
    }


def compare_tables(base: dict[str, Any], head: dict[str, Any]) -> list[TableChange]:
    """Table changes per datastore, with tables that left one datastore for another in the same
    system reported as moves."""
    before, after = _tables_by_datastore(base), _tables_by_datastore(head)
    changes: list[TableChange] = []
    removed: dict[tuple[str, str], list[str]] = {}
    added: dict[tuple[str, str], list[str]] = {}
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, {}), after.get(key, {})
        for table in sorted(old.keys() & new.keys()):
            items = compare_table(old[table], new[table])
            if items:
                changes.append(TableChange(key[0], key[1], table, CHANGED, tuple(items)))
        removed[key] = sorted(old.keys() - new.keys())
        added[key] = sorted(new.keys() - old.keys())

    # Moves: a table gone from one datastore and new in exactly one other of the same system.
    for (system, source), tables in sorted(removed.items()):
        for table in list(tables):
            targets = [k for k, names in added.items()
                       if k[0] == system and k[1] != source and table in names]
            if len(targets) != 1:
                continue
            target = targets[0]
            items = compare_table(before[(system, source)][table], after[target][table])
            changes.append(TableChange(system, target[1], table, "moved", tuple(items),
                                       moved_from=source,
                                       hazard="data must be copied to the new datastore and "
                                              "readers switched before the old copy is dropped"))
            tables.remove(table)
            added[target].remove(table)

    # A table marked renamed_from a table that disappeared from the same datastore.
    for key, names in added.items():
        for table in list(names):
            old_name = after[key][table].get("renamed_from")
            if old_name and old_name in removed.get(key, []):
                items = compare_table(before[key][old_name], after[key][table])
                changes.append(TableChange(key[0], key[1], table, RENAMED, tuple(items),
                                           moved_from=None,
                                           hazard="renaming a table breaks the running "
                                                  "application version unless it reads both"))
                names.remove(table)
                removed[key].remove(old_name)
    for key, names in removed.items():
        changes.extend(TableChange(key[0], key[1], t, REMOVED, hazard="drops the table and its "
                                   "data") for t in names)
    for key, names in added.items():
        changes.extend(TableChange(key[0], key[1], t, ADDED,
                                   items=tuple(_added_table_items(after[key][t])))
                       for t in names)
    return sorted(changes, key=lambda c: (c.system, c.datastore, c.table, c.change))


def _added_table_items(table: dict[str, Any]) -> list[SchemaItemChange]:
    return [SchemaItemChange("column", c["name"], ADDED, detail=column_definition(c))
            for c in table["columns"]]


def column_definition(column: dict[str, Any]) -> str:
    """``VARCHAR(40) NOT NULL DEFAULT 'x'`` for a column of the export."""
    parts = [column["type"]]
    if not column["nullable"]:
        parts.append("NOT NULL")
    if column.get("server_default") is not None:
        parts.append(f"DEFAULT {column['server_default']}")
    elif column.get("default") is not None:
        parts.append(f"(application default {column['default']})")
    if column.get("primary_key"):
        parts.append("PRIMARY KEY")
    if column.get("foreign_keys"):
        parts.append("→ " + ", ".join(column["foreign_keys"]))
    return " ".join(parts)


def compare_table(before: dict[str, Any], after: dict[str, Any]) -> list[SchemaItemChange]:
    """Column, key, index and constraint changes of one table."""
    items: list[SchemaItemChange] = []
    items.extend(_compare_columns(before, after))
    if before["primary_key"] != after["primary_key"]:
        items.append(SchemaItemChange(
            "primary-key", "primary key", CHANGED,
            (FieldChange("columns", before["primary_key"], after["primary_key"]),),
            hazard="changing a primary key rebuilds the table and every index and foreign key "
                   "that uses it"))
    items.extend(_compare_keyed(
        "foreign-key", before["foreign_keys"], after["foreign_keys"],
        key=lambda fk: f"({', '.join(fk['columns'])}) → {fk['references']}",
        hazard_added="validating a new foreign key scans the table and blocks writes unless it "
                     "is added NOT VALID and validated separately"))
    items.extend(_compare_keyed(
        "unique", before["unique_constraints"], after["unique_constraints"],
        key=lambda u: f"({', '.join(u['columns'])})",
        hazard_added="fails on existing duplicates, and builds an index under lock unless the "
                     "index is built concurrently first"))
    items.extend(_compare_keyed(
        "check", before["check_constraints"], after["check_constraints"],
        key=lambda c: c["name"] or c["sqltext"],
        hazard_added="checking existing rows scans the table under lock unless added NOT VALID"))
    items.extend(_compare_keyed(
        "index", before["indexes"], after["indexes"],
        key=lambda i: i["name"] or f"({', '.join(i['columns'])})",
        hazard_added="building an index blocks writes unless it is built concurrently"))
    for field_name in ("comment", "volume", "fact", "dimension", "schema"):
        if before.get(field_name) != after.get(field_name):
            items.append(SchemaItemChange("table", field_name, CHANGED,
                                          tuple(diff_values(field_name, before.get(field_name),
                                                            after.get(field_name)))))
    return items


def _compare_columns(before: dict[str, Any], after: dict[str, Any]) -> list[SchemaItemChange]:
    old = {c["name"]: c for c in before["columns"]}
    new = {c["name"]: c for c in after["columns"]}
    items: list[SchemaItemChange] = []
    renamed_old = set()
    for name in new:
        if name in old:
            continue
        previous = new[name].get("renamed_from")
        if previous and previous in old and previous not in new:
            renamed_old.add(previous)
            fields = [f for f in _column_fields(old[previous], new[name]) if f.field != "name"]
            items.append(SchemaItemChange(
                "column", name, RENAMED, tuple(fields), detail=column_definition(new[name]),
                previous_name=previous,
                hazard="the running application version still uses the old name: expand "
                       "(add and sync), switch, then contract"))
    for name in sorted(new.keys() - old.keys()):
        if any(i.name == name and i.change == RENAMED for i in items):
            continue
        column = new[name]
        hazard = None
        if not column["nullable"] and column.get("server_default") is None:
            hazard = ("NOT NULL without a server default: fails on a table that has rows; "
                      "add it nullable, backfill, then set NOT NULL")
        items.append(SchemaItemChange("column", name, ADDED, detail=column_definition(column),
                                      hazard=hazard))
    for name in sorted(old.keys() - new.keys() - renamed_old):
        items.append(SchemaItemChange("column", name, REMOVED,
                                      detail=column_definition(old[name]),
                                      hazard="drops the column and its data; the running "
                                             "application version may still read it"))
    for name in sorted(old.keys() & new.keys()):
        fields = _column_fields(old[name], new[name])
        if not fields:
            continue
        hazard = None
        changed = {f.field for f in fields}
        if "type" in changed:
            hazard = "a type change can rewrite the table under an exclusive lock"
        elif "nullable" in changed and not new[name]["nullable"]:
            hazard = ("SET NOT NULL scans the table under lock and fails if NULLs exist; "
                      "backfill and validate a CHECK first")
        items.append(SchemaItemChange("column", name, CHANGED, tuple(fields),
                                      detail=column_definition(new[name]), hazard=hazard))
    return items


def _column_fields(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    fields = []
    for key in ("type", "nullable", "default", "server_default", "primary_key", "comment",
                "foreign_keys"):
        if before.get(key) != after.get(key):
            fields.append(FieldChange(key, before.get(key), after.get(key)))
    return fields


def _compare_keyed(item: str, before: list[dict[str, Any]], after: list[dict[str, Any]], *,
                   key: Any, hazard_added: str) -> list[SchemaItemChange]:
    old = {key(x): x for x in before}
    new = {key(x): x for x in after}
    items = []
    for name in sorted(new.keys() - old.keys()):
        items.append(SchemaItemChange(item, name, ADDED, detail=_describe(item, new[name]),
                                      hazard=hazard_added))
    for name in sorted(old.keys() - new.keys()):
        items.append(SchemaItemChange(item, name, REMOVED, detail=_describe(item, old[name])))
    for name in sorted(old.keys() & new.keys()):
        fields = diff_values(item, old[name], new[name])
        if fields:
            items.append(SchemaItemChange(item, name, CHANGED, tuple(
                FieldChange(f.field.split(".", 1)[-1], f.before, f.after) for f in fields)))
    return items


def _describe(item: str, data: dict[str, Any]) -> str:
    if item == "index":
        return ("UNIQUE " if data.get("unique") else "") + f"({', '.join(data['columns'])})"
    if item == "foreign-key":
        on_delete = f" ON DELETE {data['ondelete']}" if data.get("ondelete") else ""
        return (f"({', '.join(data['columns'])}) → {data['references']}"
                f"({', '.join(data['referred_columns'])}){on_delete}")
    if item == "check":
        return str(data["sqltext"])
    return f"({', '.join(data.get('columns', []))})"


# -- findings and decisions --------------------------------------------------------------------

def _finding_key(finding: Finding) -> tuple[str, str, str, str]:
    # Not the file or line: editing above a declaration must not make its findings "new".
    return (finding.rule, finding.element, finding.target or "", finding.message)


def compare_findings(
    before: Iterable[Finding], after: Iterable[Finding]
) -> tuple[list[Finding], list[Finding]]:
    """``(introduced, resolved)`` review findings.

    A finding of the same rule on the same element and target whose wording changed (a count
    in its message, say) is the same finding, neither introduced nor resolved.
    """
    old = {_finding_key(f): f for f in before}
    new = {_finding_key(f): f for f in after}
    introduced_keys = sorted(new.keys() - old.keys())
    resolved_keys = sorted(old.keys() - new.keys())
    for key in list(introduced_keys):
        same_place = [k for k in resolved_keys if k[:3] == key[:3]]
        if same_place:
            resolved_keys.remove(same_place[0])
            introduced_keys.remove(key)
    order = lambda f: (-f.severity.rank, f.rule, f.element, f.target or "", f.message)  # noqa: E731
    return (sorted((new[k] for k in introduced_keys), key=order),
            sorted((old[k] for k in resolved_keys), key=order))


def compare_decisions(before: DecisionLog, after: DecisionLog) -> list[DecisionChange]:
    """ADRs added, removed, or whose status changed."""
    old = {r.id: r for r in before}
    new = {r.id: r for r in after}
    changes = []
    for record_id in sorted(new.keys() - old.keys()):
        r = new[record_id]
        changes.append(DecisionChange(r.id, r.title, ADDED, None, r.status, r.relates_to))
    for record_id in sorted(old.keys() - new.keys()):
        r = old[record_id]
        changes.append(DecisionChange(r.id, r.title, REMOVED, r.status, None, r.relates_to))
    for record_id in sorted(old.keys() & new.keys()):
        a, b = old[record_id], new[record_id]
        if a.status != b.status:
            changes.append(DecisionChange(b.id, b.title, CHANGED, a.status, b.status,
                                          b.relates_to))
    return changes


# -- which hazards a plan covers ---------------------------------------------------------------

_ACTIVE_MIGRATION = {"proposed", "in-progress"}


def hazard_coverage(
    diff: ArchitectureDiff, head: Model
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]:
    """``(uncovered, covered)`` schema hazards. A hazard is covered by an architecture migration
    added or changed in this diff (still proposed or in progress) that affects its datastore,
    or by an ADR added or changed in this diff that relates to the datastore or the table;
    ``covered`` names what covers it."""
    touched = {(c.system, c.name) for c in diff.elements
               if c.kind == "migration" and c.change != REMOVED}
    migrations: dict[tuple[str, str], list[str]] = {}
    for system in head.systems:
        for migration in system.migrations:
            # A migration declared long ago for something else does not plan this change.
            if migration.status.value not in _ACTIVE_MIGRATION \
                    or (system.name, migration.name) not in touched:
                continue
            refs = [*migration.affects, *(e for p in migration.phases for e in p.elements)]
            for ref in refs:
                element = system.resolve(ref)
                name = element.name if element is not None else str(ref)
                migrations.setdefault((system.name, name), []).append(
                    f"migration {migration.name}")
    uncovered, covered = [], []
    for table in diff.tables:
        names = {table.datastore, f"datastore:{table.datastore}",
                 f"{table.datastore}.{table.table}", f"{table.system}/{table.datastore}"}
        covering = sorted(set(migrations.get((table.system, table.datastore), [])) | {
            f"ADR {change.id}" for change in diff.decisions
            if change.change != REMOVED and names & set(change.relates_to)})
        for hazard in table.hazards:
            if covering:
                covered.append((table.system, table.datastore, f"{table.table}: {hazard}",
                                ", ".join(covering)))
            elif table.planned_hazards and hazard not in table.unplanned_hazards:
                # the schema plan takes a safe path for it (archdocs plan shows the steps)
                covered.append((table.system, table.datastore, f"{table.table}: {hazard}",
                                "the schema plan (archdocs plan)"))
            else:
                uncovered.append((table.system, table.datastore, f"{table.table}: {hazard}"))
    return sorted(set(uncovered)), sorted(set(covered))
