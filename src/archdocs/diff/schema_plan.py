"""The seam between the architecture diff and the migration planner (``archdocs.migrate``).

Each datastore whose schema changed gets a one-line summary of its phased plan and its worst
hazard. Without the planner (an installation that lacks it) this returns ``None`` and the
diff shows the schema changes alone, with its own coarse hazard notes.
"""

from __future__ import annotations

from archdocs.diff.changes import SchemaPlanSummary
from archdocs.load.loader import Model
from archdocs.model.severity import Severity


def summarise_schema_plans(base: Model, head: Model) -> list[SchemaPlanSummary] | None:
    """One summary per datastore whose schema differs, or ``None`` without a planner."""
    try:
        from archdocs.migrate.hazards import HAZARDS
        from archdocs.migrate.models import plan_models
    except ImportError:
        return None
    systems = {d.name: s.name for s in head.systems for d in s.datastores}
    summaries = []
    for plan in plan_models(base, head, base_label="base", head_label="head"):
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
