"""RES003: the declared backups and replication cannot meet the recovery point objective."""

from collections.abc import Iterator
from datetime import timedelta

from archdocs.model.datastore import Datastore
from archdocs.model.scaling import ReplicationMode
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import failover, period
from archdocs.review.rule import Hit, RuleDoc, rule

_SCHEDULES = {"hourly": timedelta(hours=1), "daily": timedelta(days=1),
              "nightly": timedelta(days=1), "weekly": timedelta(days=7),
              "monthly": timedelta(days=30)}
ARCHIVE_INTERVAL = timedelta(minutes=5)
"""What continuous archiving (WAL, binlog, log backups) can lose at most, as assumed here."""


def achievable_rpo(datastore: Datastore) -> tuple[timedelta | None, str]:
    """The smallest data loss the declared protection allows, and what provides it."""
    replication = datastore.scaling.replication
    if replication is not None and replication.mode is ReplicationMode.SYNC:
        return timedelta(0), "synchronous replication"
    backup = datastore.backup
    if backup is not None and backup.point_in_time:
        return ARCHIVE_INTERVAL, "point-in-time recovery"
    if backup is not None:
        words = backup.schedule.lower().split()
        interval = next((_SCHEDULES[w] for w in words if w in _SCHEDULES), None) \
            or period(backup.schedule)
        if interval is not None:
            return interval, f"{backup.schedule} backups"
    if failover(datastore) is not None:
        return None, "asynchronous failover"
    return None, "nothing"


@rule(
    "RES003", "recovery-objective-not-met", Severity.WARNING, family="resilience",
    why="A recovery point objective (RPO) is the data the business accepts to lose, a recovery "
        "time objective (RTO) the downtime. Daily backups lose up to a day of writes; "
        "point-in-time recovery loses minutes (archived WAL or binlog, assumed 5 minutes "
        "here); only synchronous replication loses nothing. Without failover, recovery is a "
        "restore, which the review assumes takes at least an hour, so a shorter RTO needs a "
        "standby.",
    fix="Declare the backup or replication that meets it (point_in_time=True, a synchronous "
        "replica, high_availability), or relax the objective the business really needs.",
)
def recovery_objective_not_met(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        recovery = datastore.recovery
        if recovery is None:
            continue
        rpo = recovery.rpo_period
        if rpo is not None:
            best, by = achievable_rpo(datastore)
            if best is None and by == "nothing":
                yield Hit(datastore, f"{datastore.name} needs RPO {recovery.rpo} but declares "
                          "no backup and no replication")
            elif best is not None and best > rpo:
                yield Hit(datastore, f"{datastore.name} needs RPO {recovery.rpo} but {by} "
                          f"can lose up to {_text(best)}")
        rto = recovery.rto_period
        if rto is not None and rto < timedelta(hours=1) and failover(datastore) is None:
            yield Hit(datastore, f"{datastore.name} needs RTO {recovery.rto} but has no "
                      "failover: a restore from backup takes longer")


DOC = RuleDoc(
    checks="""
For a datastore declaring `recovery=Recovery(rpo=..., rto=...)`:

- the RPO is shorter than what its protection can lose: synchronous replication loses
  nothing, point-in-time recovery (`Backup(point_in_time=True)`) about 5 minutes, scheduled
  backups their interval (`hourly`, `daily`, `weekly`, or a period); no backup and no
  replication cannot meet any RPO;
- the RTO is under an hour and the datastore has no failover.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     recovery=Recovery(rpo="15m", rto="5m"),
                     backup=Backup(schedule="daily", retention="30 days"))
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     recovery=Recovery(rpo="15m", rto="5m"),
                     backup=Backup(schedule="daily", retention="30 days", point_in_time=True))
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""sales.datastore(..., suppress=[suppress("RES003", "the reason")])""",
)


def _text(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
