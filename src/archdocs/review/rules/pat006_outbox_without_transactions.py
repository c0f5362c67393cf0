"""PAT006: a transactional outbox in a datastore without multi-record transactions."""

from collections.abc import Iterator

from archdocs.model.patterns import TransactionalOutbox
from archdocs.model.technology import Capability
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "PAT006", "outbox-without-transactions", Severity.ERROR, family="patterns",
    why="The outbox guarantees that an event is published if and only if the business change "
        "committed, because both rows are written in one transaction. On a technology without "
        "multi-record transactions the two writes can half-succeed, which is exactly the "
        "dual-write problem the outbox is meant to remove.",
    fix="Put the outbox in the datastore the business change is written to, on a technology "
        "with multi-record ACID transactions, or use change data capture on the business "
        "table itself instead of an outbox.",
)
def outbox_without_transactions(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for pattern in system.patterns:
        if not isinstance(pattern, TransactionalOutbox):
            continue
        datastore = ctx.find_datastore(pattern.datastore)
        if datastore is None or datastore.has(Capability.ACID_TRANSACTIONS):
            continue
        yield Hit(
            pattern,
            f"outbox {pattern.name}: {datastore.name} runs on {datastore.technology.label}, "
            "which has no multi-record transactions, so the event and the business change "
            "cannot commit together",
        )
