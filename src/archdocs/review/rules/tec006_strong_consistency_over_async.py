"""TEC006: a flow promises strong consistency over an asynchronous mechanism."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore, Requirement
from archdocs.model.flow import ConsistencyLevel, Mechanism
from archdocs.model.scaling import ReplicationMode
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "TEC006", "strong-consistency-over-async", Severity.ERROR, family="technology",
    why="Strong consistency means a reader always sees the latest committed write. Events, "
        "CDC, batch jobs and asynchronous replication deliver the write after the source has "
        "already committed and answered, so the target is always some time behind. Promising "
        "strong consistency there hides a real staleness window from the people who design "
        "against it (read-your-writes bugs, overselling stock, double payments).",
    fix="Either state the truth, consistency=eventual(\"5s\") with the staleness budget the "
        "consumer can tolerate, or use a synchronous mechanism (a sync request or query to the "
        "owner, or synchronous replication) where strong consistency is really needed. A store "
        "that requires strong consistency reads from its primary: "
        "Replication(..., readable=False), or mode=ReplicationMode.SYNC.",
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
    yield from _strong_requirement_on_async_replicas(ctx)


DOC = RuleDoc(
    checks="""
Flows declared with `consistency=strong()` whose mechanism cannot provide it:

- asynchronous mechanisms: `async-event`, `cdc`, `batch`;
- any flow through a broker (`via=`);
- `replication` from a datastore whose replication mode is asynchronous;
- a datastore that requires `strong-consistency` but lets reads go to asynchronous (or
  semi-synchronous) replicas (`Replication(readable=True)`, the default). This one is
  information only: tolerant reads may be sent to replicas on purpose while the reads that
  need the latest write go to the primary; suppress it with the reason saying which is which.
""",
    example="""
system = System("Shop")
catalog = system.context("Catalog")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
system.flow(db, index, Mechanism.CDC, consistency=strong())
""",
    fixed="""
system = System("Shop")
catalog = system.context("Catalog")
db = catalog.datastore("catalog-db", tech.PostgreSQL("16"))
index = catalog.datastore("product-search", tech.Elasticsearch("8"), role=Role.SEARCH_INDEX)
system.flow(db, index, Mechanism.CDC, consistency=eventual("5s"))
""",
    suppress="""
system.flow(db, index, Mechanism.CDC, consistency=strong(),
            suppress=[suppress("TEC006", "readers wait for the LSN (read-your-writes token)")])
""",
)


def _strong_requirement_on_async_replicas(ctx: ReviewContext) -> Iterator[Hit]:
    """A store that must be strongly consistent but lets reads go to replicas that lag."""
    for datastore in ctx.sys.datastores:
        replication = datastore.scaling.replication
        if Requirement.STRONG_CONSISTENCY not in datastore.requirements or replication is None:
            continue
        if replication.mode is ReplicationMode.SYNC or not replication.readable:
            continue
        # Information, not an error: tolerant reads may go to replicas on purpose, while the
        # reads that need the latest write go to the primary. The model cannot tell which.
        yield Hit(
            datastore,
            f"{datastore.name} requires strong-consistency, but lets reads go to "
            f"{replication.replicas} {replication.mode.value} replica"
            f"{'s' if replication.replicas != 1 else ''} that lag behind the primary: a read "
            "there can miss the latest committed write",
            severity=Severity.INFO,
        )
