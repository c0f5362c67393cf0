"""SEC004: a service holds a login on another context's datastore."""

from collections.abc import Iterator

from archdocs.model.datastore import Role
from archdocs.model.patterns import SharedDatabase
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.governance import services_named
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "SEC004", "login-for-another-context", Severity.WARNING, family="security",
    why="A credential for another context's datastore lets a service bypass that context's "
        "API whether or not a flow is declared today: the boundary is then a convention, not "
        "a control. Database per service means the database refuses other services' logins.",
    fix="Remove the login and go through the owning context's API or events; if the store is "
        "shared on purpose, declare SharedDatabase(\"…\", datastore=...).",
)
def login_for_another_context(ctx: ReviewContext) -> Iterator[Hit]:
    shared = [ctx.find_datastore(p.datastore) for p in ctx.sys.patterns
              if isinstance(p, SharedDatabase)]
    for datastore in ctx.sys.datastores:
        if datastore.context is None or datastore.role is Role.BROKER \
                or any(datastore is d for d in shared):
            continue
        for login in datastore.logins:
            for service in services_named(ctx, login.user_names):
                if service.context is None or service.context is datastore.context:
                    continue
                yield Hit(datastore, f"{service.name} ({service.context.name}) holds login "
                          f"{login.name!r} on {datastore.name} of context "
                          f"{datastore.context.name}", location=login.declared_at)


DOC = RuleDoc(
    checks="""
- a login on a datastore used by a service of another bounded context, unless the datastore
  is a broker or declared shared (`SharedDatabase`).
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
billing = system.context("Billing")
orders_api = sales.service("order-api")
invoice_api = billing.service("invoice-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                     logins=[login("orders_app", [Privilege.READ, Privilege.WRITE],
                                   used_by=[orders_api]),
                             login("billing_ro", [Privilege.READ], used_by=[invoice_api])])
system.flow(orders_api, db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
billing = system.context("Billing")
orders_api = sales.service("order-api")
invoice_api = billing.service("invoice-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"),
                     logins=[login("orders_app", [Privilege.READ, Privilege.WRITE],
                                   used_by=[orders_api])])
system.flow(orders_api, db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(invoice_api, orders_api, Mechanism.SYNC_REQUEST, access=Access.READ)
""",
    suppress="""sales.datastore(..., suppress=[suppress("SEC004", "the reason")])""",
)
