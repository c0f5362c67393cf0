"""ADR003: superseding links between decision records agree with each other."""

from collections.abc import Iterator

from archdocs.adr.record import DecisionLog, DecisionRecord, Format, as_element
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, rule


@rule(
    "ADR003", "adr-supersede-chain", Severity.ERROR, family="decision records",
    why="A reader who lands on an old decision must be able to follow it to the one in force, "
        "and the new decision must say what it replaces. A link to a missing record, a "
        "superseded record nobody replaced, an old record still marked accepted, or a loop "
        "breaks that trail.",
    fix="Run 'archdocs adr supersede OLD NEW': it updates both records. Otherwise correct the "
        "id in 'supersedes' / 'superseded_by', or the status of the old record.",
    per_system=False,
)
def adr_supersede_chain(ctx: ReviewContext) -> Iterator[Hit]:
    log = ctx.model.decisions
    for record in log:
        yield from _check_record(log, record)
    yield from _cycles(log)


def _check_record(log: DecisionLog, record: DecisionRecord) -> Iterator[Hit]:
    for reference in record.supersedes:
        old = log.resolve(reference)
        if old is None:
            yield Hit(as_element(record, "supersedes"),
                      f"supersedes {reference!r}, which is not a record in this folder")
        elif old is not record and old.status != "superseded":
            yield Hit(as_element(old, "status"),
                      f"{record.id} supersedes this record, but its status is "
                      f"{old.status or 'missing'}, not superseded",
                      hint=f"run 'archdocs adr supersede {old.id} {record.id}'")
    successors = []
    for reference in record.superseded_by:
        new = log.resolve(reference)
        if new is None:
            yield Hit(as_element(record, "superseded_by"),
                      f"superseded by {reference!r}, which is not a record in this folder")
            continue
        successors.append(new)
        names_back = any(log.resolve(ref) is record for ref in new.supersedes)
        if new.format == Format.FRONT_MATTER and not names_back:
            yield Hit(as_element(new, "supersedes"),
                      f"{record.id} says this record supersedes it, but 'supersedes' does "
                      f"not name {record.id}",
                      hint=f"run 'archdocs adr supersede {record.id} {new.id}'")
    if record.status == "superseded" and not successors and not log.successors(record):
        yield Hit(as_element(record, "status"),
                  "status is superseded, but no record supersedes it",
                  hint="name the successor in 'superseded_by' or run "
                  "'archdocs adr supersede OLD NEW'")


def _cycles(log: DecisionLog) -> Iterator[Hit]:
    reported: set[str] = set()
    for start in log:
        path = [start]
        current = start
        while True:
            following = [n for n in (log.resolve(ref) for ref in current.supersedes)
                         if n is not None]
            if not following:
                break
            current = following[0]
            if current is start:
                ids = " → ".join(r.id for r in (*path, start))
                key = min(r.id for r in path)
                if key not in reported:
                    reported.add(key)
                    yield Hit(as_element(start, "supersedes"),
                              f"records supersede each other in a loop: {ids}")
                break
            if current in path:
                break
            path.append(current)
