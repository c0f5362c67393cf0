"""The seam between the architecture diff and the migration planner (``archdocs.migrate``).

Each datastore whose schema changed gets a one-line summary of its phased plan and its worst
hazard. Without the planner (an installation that lacks it) this returns ``None`` and the
diff shows the schema changes alone, with its own coarse hazard notes.
"""

from __future__ import annotations

import re
from typing import Any

from archdocs.diff.changes import SchemaPlanSummary
from archdocs.load.loader import Model
from archdocs.model.severity import Severity


def schema_plans(base: Model, head: Model) -> list[Any] | None:
    """The planner's plans (``archdocs plan``) for every datastore whose schema differs, or
    ``None`` without a planner."""
    try:
        from archdocs.migrate.models import plan_models
    except ImportError:
        return None
    return plan_models(base, head, base_label="base", head_label="head")


def planned_table_hazards(plans: list[Any]) -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """``(datastore, table)`` → (hazards, those with no safe path), one entry per hazard per
    object (column, index, constraint), each as ``MH012 title: fk_x, handled by 2 steps: step (phase); step (phase) (severity)``
    naming the plan's steps that handle it (the NOT VALID add and the VALIDATE of a foreign
    key are one entry), plus the plan's probable renames (MH022): the diff says what the plan
    says, for the same dialect and server version."""
    from archdocs.migrate.hazards import HAZARDS

    found: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for plan in plans:
        names = _change_names(plan)
        groups: dict[tuple[str, str, str], list[Any]] = {}
        for step in plan.steps:
            if not step.table:
                continue
            found.setdefault((plan.datastore, step.table), ([], []))
            subject = _subject(step.title, names.get(step.table, ()))
            for hazard_id in step.hazards:
                groups.setdefault((step.table, hazard_id, subject or step.title), []).append(step)
        for (table, hazard_id, subject), steps in groups.items():
            hazard = HAZARDS.get(hazard_id)
            title = hazard.title if hazard is not None else hazard_id
            worst = Severity.worst(s.severity for s in steps)
            if len(steps) == 1:
                text = f"{hazard_id} {title}: {steps[0].title} ({worst})"
            else:
                handled = "; ".join(f"{s.title} ({s.phase})" for s in steps)
                text = (f"{hazard_id} {title}: {subject}, handled by {len(steps)} steps: "
                        f"{handled} ({worst})")
            hazards, unsafe = found[(plan.datastore, table)]
            hazards.append(text)
            if worst is Severity.ERROR:
                unsafe.append(text)
        for rename in plan.probable_renames:
            hazards, _ = found.setdefault((plan.datastore, rename.table), ([], []))
            text = f"MH022 {HAZARDS['MH022'].title}: {rename.describe()}: {rename.hint}"
            if text not in hazards:
                hazards.append(text)
    return found


def _change_names(plan: Any) -> dict[str, tuple[str, ...]]:
    """Per table, the names its changes are about (columns, indexes, constraints, enum
    values, and the table itself for a table-level change)."""
    names: dict[str, list[str]] = {}
    for change in plan.changes:
        found = names.setdefault(change.table, [])
        for name in (change.name, change.column) if change.name else (change.table,):
            if name and name not in found:
                found.append(name)
    return {table: tuple(found) for table, found in names.items()}


def _subject(title: str, names: tuple[str, ...]) -> str | None:
    """The change name a step's title is about: the earliest (then longest) whole-word match,
    or ``None`` when the title names none (the step is then its own entry)."""
    best: tuple[int, int, str] | None = None
    for name in names:
        match = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", title)
        if match and (best is None or (match.start(), -len(name)) < best[:2]):
            best = (match.start(), -len(name), name)
    return best[2] if best else None


def summarise_schema_plans(base: Model, head: Model,
                           plans: list[Any] | None = None) -> list[SchemaPlanSummary] | None:
    """One summary per datastore whose schema differs, or ``None`` without a planner."""
    if plans is None:
        plans = schema_plans(base, head)
    if plans is None:
        return None
    from archdocs.migrate.hazards import HAZARDS

    systems = {d.name: s.name for s in head.systems for d in s.datastores}
    summaries = []
    for plan in plans:
        steps = [s for s in plan.steps if not s.is_checkpoint]
        worst = None
        worst_rank = -1
        for step in plan.steps:
            rank = Severity(step.severity).rank
            if step.hazards and rank > worst_rank:
                worst, worst_rank = step, rank
        hazard_id = worst.hazards[0] if worst is not None else None
        hazard = HAZARDS.get(hazard_id) if hazard_id else None
        phases = [str(phase) for phase, _ in plan.by_phase()]
        text = (f"{len(steps)} SQL step{'s' if len(steps) != 1 else ''} in {len(phases)} "
                f"phase{'s' if len(phases) != 1 else ''} ({', '.join(phases)})")
        if plan.point_of_no_return is not None:
            text += f"; point of no return: {plan.point_of_no_return.title}"
        if hazard is not None:
            text += f"; worst hazard {hazard.id} {hazard.title} ({worst.severity})"  # type: ignore[union-attr]
        summaries.append(SchemaPlanSummary(
            system=systems.get(plan.datastore, ""),
            datastore=plan.datastore,
            phases=len(phases),
            steps=len(steps),
            worst_hazard=f"{hazard.id} {hazard.title}" if hazard is not None else None,
            worst_severity=str(worst.severity) if worst is not None else None,
            summary=text,
        ))
    return sorted(summaries, key=lambda s: (s.system, s.datastore))
