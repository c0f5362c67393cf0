"""DM008: a dimension table with a foreign key to a fact table."""

from collections.abc import Iterator

from archdocs.perf.modeling import facts_and_dimensions, referred_table
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "DM008", "dimension-references-fact", Severity.WARNING, family="data modeling",
    why="In a star schema facts point at dimensions, never the other way round. A dimension "
        "that references a fact ties a descriptive row to one event, so the dimension grows "
        "with the facts and joins fan out and double-count.",
    fix="Reverse the reference (put the dimension's key on the fact), or, if the table "
        "really describes single events, model it as a fact or a degenerate dimension column.",
)
def dimension_references_fact(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        facts, dimensions = facts_and_dimensions(datastore)
        fact_ids = {id(f) for f in facts}
        for dimension in dimensions:
            for fk in sorted(dimension.foreign_key_constraints, key=lambda c: tuple(c.column_keys)):
                target = referred_table(fk)
                if target is not None and id(target) in fact_ids:
                    columns = ", ".join(c.name for c in fk.columns)
                    yield Hit(
                        datastore,
                        f"dimension {dimension.fullname} references fact table "
                        f"{target.fullname} (through {columns})",
                        target=dimension.fullname,
                        location=ctx.table_location(datastore, dimension),
                    )
