"""SEC001: a service connects to a datastore with an administrator login."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import services_named
from archdocs.review.rule import Hit, rule


@rule(
    "SEC001", "admin-login-used-by-service", Severity.ERROR, family="security",
    why="An application that logs in as the administrator (sa, root, postgres, dbOwner) can "
        "read and drop every database on the server, change permissions and disable "
        "auditing. One SQL injection or leaked connection string then compromises all of it. "
        "Least privilege (OWASP ASVS V1.4 / V14, CIS benchmarks for SQL Server, MySQL and "
        "PostgreSQL) gives each service a role that can do only what it does.",
    fix="Create a role per service with only the privileges it needs "
        "(login(\"orders_app\", [Privilege.READ, Privilege.WRITE], used_by=[\"order-api\"])); "
        "keep the administrator for migrations run by people or the deployment pipeline.",
)
def admin_login_used_by_service(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in ctx.sys.datastores:
        for login in datastore.logins:
            if not login.admin:
                continue
            services = services_named(ctx, login.user_names)
            if not services:
                continue
            names = ", ".join(s.name for s in services)
            yield Hit(datastore, f"{names} connect{'s' if len(services) == 1 else ''} to "
                      f"{datastore.name} as {login.name!r}, which has admin privileges",
                      location=login.declared_at)
