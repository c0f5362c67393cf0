"""SEC001: a service connects to a datastore with an administrator login."""

from collections.abc import Iterator

from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import services_named
from archdocs.review.rule import Hit, RuleDoc, rule


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


DOC = RuleDoc(
    checks="""
- every login declared on a datastore (`logins=[login(...)]`) with `Privilege.ADMIN` that a
  service uses (`used_by=`).
""",
    example="""
system = System("Shop")
sql = Server("sql-data", region="eu-west")
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=Server(f"{name.lower()}-sql", replicas=1),
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login("sa", [Privilege.ADMIN], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sql = Server("sql-data", region="eu-west")
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=Server(f"{name.lower()}-sql", replicas=1),
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login(f"{name.lower()}_app", [Privilege.WRITE], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""context.datastore(..., suppress=[suppress("SEC001", "the reason")])""",
)
