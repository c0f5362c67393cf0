"""``--format json``: the plan as deterministic JSON."""

from __future__ import annotations

import json
from typing import Any

from archdocs.migrate.hazards import HAZARDS
from archdocs.migrate.plan.steps import Plan, Step


def step_as_dict(number: int, step: Step) -> dict[str, Any]:
    return {
        "number": number,
        "phase": step.phase.value,
        "title": step.title,
        "table": step.table,
        "checkpoint": step.is_checkpoint,
        "sql": [statement.sql for statement in step.statements],
        "explained_lint": [{"rule": rule, "reason": reason}
                           for statement in step.statements for rule, reason in statement.explains],
        "transaction": step.atomic and len(step.statements) > 1,
        "lock": step.lock,
        "rewrites": step.rewrites,
        "scans": step.scans,
        "blocks_writes": step.blocks_writes,
        "compatible_with_previous_app": step.compatible_with_previous,
        "compatibility": step.compatibility,
        "rollback": step.rollback_text,
        "rollback_statements": list(step.rollback),
        "hazards": [{"id": h, "title": HAZARDS[h].title} for h in step.hazards],
        "severity": step.severity.value,
        "point_of_no_return": step.point_of_no_return,
        "notes": list(step.notes),
    }


def plan_as_dict(plan: Plan) -> dict[str, Any]:
    steps = [step_as_dict(number, step) for number, step in enumerate(plan.steps, 1)]
    point = plan.point_of_no_return
    return {
        "datastore": plan.datastore,
        "dialect": plan.dialect.value,
        "base": plan.base_label,
        "head": plan.head_label,
        "changes": [{"kind": c.kind.value, "table": c.table, "name": c.name,
                     "description": c.describe()} for c in plan.changes],
        "probable_renames": [{"table": r.table, "old": r.old_name, "new": r.new_name,
                              "is_table": r.is_table, "hint": r.hint}
                             for r in plan.probable_renames],
        "point_of_no_return": plan.steps.index(point) + 1 if point is not None else None,
        "worst_severity": plan.worst_severity.value,
        "steps": steps,
    }


def render_json(plans: list[Plan]) -> str:
    return json.dumps({"plans": [plan_as_dict(p) for p in plans]}, indent=2,
                      ensure_ascii=False) + "\n"
