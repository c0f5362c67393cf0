"""The seam between the architecture diff and the migration planner (``archdocs.migrate``).

Each datastore whose schema changed gets a one-line summary of its phased plan and its worst
hazard. Without the planner (an installation that lacks it) this returns ``None`` and the
diff shows the schema changes alone, with its own coarse hazard notes.
"""

from __future__ import annotations

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
    """``(datastore, table)`` → (hazards, those with no safe path), each as ``MH005 title:
    step (severity)``, from the plan's steps and its probable renames (MH022): the diff says
    what the plan says, for the same dialect and server version."""
    from archdocs.migrate.hazards import HAZARDS

    found: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for plan in plans:
        for step in plan.steps:
            if not step.table:
                continue
            hazards, unsafe = found.setdefault((plan.datastore, step.table), ([], []))
            for hazard_id in step.hazards:
                hazard = HAZARDS.get(hazard_id)
                title = hazard.title if hazard is not None else hazard_id
                text = f"{hazard_id} {title}: {step.title} ({step.severity})"
                if text not in hazards:
                    hazards.append(text)
                    if str(step.severity) == "error":
                        unsafe.append(text)
        for rename in plan.probable_renames:
            hazards, _ = found.setdefault((plan.datastore, rename.table), ([], []))
            text = f"MH022 {HAZARDS['MH022'].title}: {rename.describe()}: {rename.hint}"
            if text not in hazards:
                hazards.append(text)
    return found


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
