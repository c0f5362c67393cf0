"""SEC002: one login is used by several services."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.system import Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import services_named
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SEC002", "login-shared-by-services", Severity.WARNING, family="security",
    why="A login shared by several services cannot be rotated, revoked or audited for one of "
        "them: the database log says who connected, and it is always the same name. A login "
        "name declared on several datastores of one server is one credential too.",
    fix="One login per service (and per datastore), each with its own secret.",
)
def login_shared_by_services(ctx: ReviewContext) -> Iterator[Hit]:
    # A credential is a login name on a server; without a server, on a datastore.
    users: dict[tuple[int, str], tuple[Datastore, list[Service]]] = {}
    for datastore in ctx.sys.datastores:
        scope = id(datastore.server) if datastore.server is not None else id(datastore)
        for login in datastore.logins:
            first, found = users.setdefault((scope, login.name), (datastore, []))
            for service in services_named(ctx, login.user_names):
                if not any(service is s for s in found):
                    found.append(service)
    for (_, name), (datastore, services) in users.items():
        if len(services) < 2:
            continue
        where = f"server {datastore.server.name}" if datastore.server else datastore.name
        login = next(x for x in datastore.logins if x.name == name)
        yield Hit(datastore, f"login {name!r} on {where} is shared by {len(services)} services: "
                  f"{', '.join(s.name for s in services)}", location=login.declared_at)


DOC = RuleDoc(
    checks="""
- one login name used by two or more services: on one datastore, or on several datastores
  of one server (the same credential).
""",
    example="""
system = System("Shop")
sql = Server("sql-data", region="eu-west", replicas=1)
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=sql,
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login("app", [Privilege.WRITE], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sql = Server("sql-data", region="eu-west", replicas=1)
for name in ("Catalog", "Ordering"):
    context = system.context(name)
    api = context.service(f"{name.lower()}-api")
    db = context.datastore(f"{name.lower()}-db", tech.SQLServer("2022"), server=sql,
                           backup=Backup(schedule="daily", retention="7 days"),
                           logins=[login(f"{name.lower()}_app", [Privilege.WRITE], used_by=[api])])
    system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    suppress="""context.datastore(..., suppress=[suppress("SEC002", "the reason")])""",
)
