"""TEC006: a flow promises strong consistency over an asynchronous mechanism."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.flow import ConsistencyLevel, Mechanism
from archdocs.model.scaling import ReplicationMode
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "TEC006", "strong-consistency-over-async", Severity.ERROR, family="technology",
    why="Strong consistency means a reader always sees the latest committed write. Events, "
        "CDC, batch jobs and asynchronous replication deliver the write after the source has "
        "already committed and answered, so the target is always some time behind. Promising "
        "strong consistency there hides a real staleness window from the people who design "
        "against it (read-your-writes bugs, overselling stock, double payments).",
    fix="Either state the truth, consistency=eventual(\"5s\") with the staleness budget the "
        "consumer can tolerate, or use a synchronous mechanism (a sync request or query to the "
        "owner, or synchronous replication) where strong consistency is really needed.",
)
def strong_consistency_over_async(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for flow in system.flows:
        if flow.consistency.level is not ConsistencyLevel.STRONG:
            continue
        source, target = ctx.resolve(flow.source), ctx.resolve(flow.target)
        if flow.mechanism.is_asynchronous:
            why = f"{flow.mechanism.value} delivers after the source has committed"
        elif flow.via is not None:
            broker = ctx.resolve(flow.via)
            why = f"it passes through the broker {broker.name if broker else flow.via}"
        elif (flow.mechanism is Mechanism.REPLICATION and isinstance(source, Datastore)
              and source.scaling.replication is not None
              and source.scaling.replication.mode is ReplicationMode.ASYNC):
            why = f"{source.name} replicates asynchronously"
        else:
            continue
        yield Hit(
            flow,
            f"flow {flow.name} promises strong consistency, but {why}: "
            f"{getattr(target, 'name', flow.target)} is always some delay behind",
        )
