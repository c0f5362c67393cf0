"""SEC003: a service can write a datastore it only reads."""

from collections.abc import Iterator

from archdocs.model.system import Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import services_named
from archdocs.review.rule import Hit, rule


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


def _between(ctx: ReviewContext, flow: object, service: Service, datastore: object) -> bool:
    from archdocs.model.flow import Flow

    assert isinstance(flow, Flow)
    return ctx.resolve(flow.source) is service and ctx.resolve(flow.target) is datastore
