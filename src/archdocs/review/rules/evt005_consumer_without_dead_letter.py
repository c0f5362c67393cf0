"""EVT005: a consumer with no dead-letter path."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule
from archdocs.review.rules._messaging import consumed_flows


@rule(
    "EVT005", "consumer-without-dead-letter", Severity.WARNING, family="messaging",
    why="A message the consumer cannot process (a bug, a schema it does not know, data it "
        "rejects) is retried for ever and blocks its partition behind it, or is dropped "
        "silently when the retries run out. A dead-letter topic or queue keeps it aside, "
        "visible and replayable, while the rest flows on.",
    fix="Declare the dead-letter path on the delivery: Delivery(..., retry=Retry(5), "
        "dead_letter='orders.events.dlq') and the topic on the broker; or, when dropping "
        "poison messages is a decision, DeadLetter(discard=True, reason='...').",
)
def consumer_without_dead_letter(ctx: ReviewContext) -> Iterator[Hit]:
    for flow, consumer in consumed_flows(ctx):
        delivery = flow.delivery
        if delivery is None or delivery.dead_letter is not None:
            continue
        yield Hit(flow, f"{flow.name}: {consumer.name} consumes with no dead-letter path: a "
                        "message it cannot process blocks or disappears",
                  location=delivery.declared_at)
