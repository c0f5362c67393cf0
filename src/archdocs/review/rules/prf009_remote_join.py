"""PRF009: a frequent pattern that crosses contexts synchronously to join data a read model
could hold locally."""

from collections.abc import Iterator

from archdocs.perf.describe import rate
from archdocs.perf.locality import FREQUENT_PER_SECOND, remote_joins
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "PRF009", "remote-join", Severity.WARNING, family="access patterns",
    why="A service that fetches another context's data synchronously, many times a second, to "
        "combine it with its own pays a network round trip per request, depends on the other "
        "context being up, and puts its peak load on the other team's database. Data that is "
        f"read this often (from {FREQUENT_PER_SECOND:g}/s) belongs next to the code that joins "
        "it.",
    fix="Keep a read model (a projection) of the fields you need in your own context, fed by "
        "the owner's events or CDC, and declare it with a CQRS pattern; the synchronous call "
        "goes away.",
)
def remote_join(ctx: ReviewContext) -> Iterator[Hit]:
    for join in remote_joins(ctx.sys):
        pattern = join.pattern
        local = ", ".join(repr(d.name) for d in join.local_stores)
        table = f" ({pattern.table})" if pattern.table else ""
        yield Hit(
            join.datastore,
            f"{join.issuer.name!r} ({join.issuer_context.name}) reads {join.datastore.name!r}"
            f"{table} of {join.owner_context.name} synchronously at "
            f"{rate(pattern.per_second)} (access pattern {pattern.name!r}, flow "
            f"{join.flow.name!r}) and joins it with its own {local}: a read model in "
            f"{join.issuer_context.name} would serve it locally",
            target=pattern.table,
            location=pattern.declared_at,
            hint=f"project the fields {join.issuer.name} needs into {local} (or a read-model "
                 f"store in {join.issuer_context.name}) with an async-event or CDC flow from "
                 f"{join.owner_context.name}, and declare CQRS",
        )
