"""SEC003: a service can write a datastore it only reads."""

from collections.abc import Iterator

from archdocs.model.system import Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import services_named
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SEC003", "write-privilege-for-reader", Severity.WARNING, family="security",
    why="A service whose flows only read a datastore but whose login can write, change the "
        "schema or administer it holds privileges it never needs: a bug or an injection can "
        "then corrupt data the service was only meant to look at.",
    fix="Give it a read-only login (Privilege.READ), or declare the writing flow if it does "
        "write.",
)
def write_privilege_for_reader(ctx: ReviewContext) -> Iterator[Hit]:
    flows = ctx.sys.flows
    for datastore in ctx.sys.datastores:
        for login in datastore.logins:
            if not login.can_write:
                continue
            for service in services_named(ctx, login.user_names):
                used = [f for f in flows if _between(ctx, f, service, datastore)]
                if used and not any(f.effective_access.writes for f in used):
                    granted = ", ".join(p.value for p in login.privileges)
                    yield Hit(datastore, f"{service.name} only reads {datastore.name} but its "
                              f"login {login.name!r} grants {granted}",
                              location=login.declared_at)


DOC = RuleDoc(
    checks="""
- a service whose login on a datastore grants write, DDL or admin, while every flow from
  that service to that datastore only reads. A service with no flow to the datastore is not
  judged here.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
reports = sales.service("report-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     logins=[login("reports", [Privilege.READ, Privilege.WRITE],
                                   used_by=[reports])])
system.flow(reports, db, Mechanism.QUERY, access=Access.READ)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
reports = sales.service("report-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), high_availability="Patroni",
                     logins=[login("reports", [Privilege.READ], used_by=[reports])])
system.flow(reports, db, Mechanism.QUERY, access=Access.READ)
""",
    suppress="""sales.datastore(..., suppress=[suppress("SEC003", "the reason")])""",
)


def _between(ctx: ReviewContext, flow: object, service: Service, datastore: object) -> bool:
    from archdocs.model.flow import Flow

    assert isinstance(flow, Flow)
    return ctx.resolve(flow.source) is service and ctx.resolve(flow.target) is datastore
