"""PRF009: a frequent pattern that crosses contexts synchronously to join data a read model
could hold locally."""

from collections.abc import Iterator

from archdocs.perf.describe import rate
from archdocs.perf.locality import FREQUENT_PER_SECOND, remote_joins
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "PRF009", "remote-join", Severity.WARNING, family="access patterns",
    why="A service that fetches another context's data synchronously, many times a second, to "
        "combine it with its own pays a network round trip per request, depends on the other "
        "context being up, and puts its peak load on the other team's database. Data that is "
        f"read this often (from {FREQUENT_PER_SECOND:g}/s) belongs next to the code that joins "
        "it.",
    fix="Keep a read model (a projection) of the fields you need in your own context, fed by "
        "the owner's events or CDC, and declare it with a CQRS pattern; the synchronous call "
        "goes away.",
)
def remote_join(ctx: ReviewContext) -> Iterator[Hit]:
    for join in remote_joins(ctx.sys):
        pattern = join.pattern
        local = ", ".join(repr(d.name) for d in join.local_stores)
        table = f" ({pattern.table})" if pattern.table else ""
        yield Hit(
            join.datastore,
            f"{join.issuer.name!r} ({join.issuer_context.name}) reads {join.datastore.name!r}"
            f"{table} of {join.owner_context.name} synchronously at "
            f"{rate(pattern.per_second)} (access pattern {pattern.name!r}, flow "
            f"{join.flow.name!r}) and joins it with its own {local}: a read model in "
            f"{join.issuer_context.name} would serve it locally",
            target=pattern.table,
            location=pattern.declared_at,
            hint=f"project the fields {join.issuer.name} needs into {local} (or a read-model "
                 f"store in {join.issuer_context.name}) with an async-event or CDC flow from "
                 f"{join.owner_context.name}, and declare CQRS",
        )


DOC = RuleDoc(
    checks="""
A read pattern declared on a datastore of one context, with `per_second` of at
least 10 and `issued_by=` naming a service (or a flow) of **another** context, when that
service reaches the datastore, or a service of its context, over a synchronous flow
(`sync-request` or `query`) **and** also reads a datastore of its own context — the remote
data is joined with local data on every request. The frequency is quoted.
""",
    example="""
metadata = MetaData()
Table("customers", metadata,
      Column("id", Integer, primary_key=True),
      Column("name", String(100)))

system = System("Shop")
customers = system.context("Customers")
sales = system.context("Sales")
customer_api = customers.service("customer-api")
customers_db = customers.datastore("customers-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[AccessPattern("customer by id", table="customers", equals=["id"],
                                   per_second=400, issued_by="order-api")])
order_api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(customer_api, customers_db, Mechanism.QUERY)
system.flow(order_api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(order_api, customer_api, Mechanism.SYNC_REQUEST, name="get customer")
""",
    fixed="""
metadata = MetaData()
Table("customers", metadata,
      Column("id", Integer, primary_key=True),
      Column("name", String(100)))

system = System("Shop")
customers = system.context("Customers")
sales = system.context("Sales")
customer_api = customers.service("customer-api")
customers_db = customers.datastore("customers-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[AccessPattern("customer by id", table="customers", equals=["id"],
                                   per_second=20, issued_by="customer-api")])
order_api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
system.flow(customer_api, customers_db, Mechanism.QUERY)
system.flow(order_api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
# The order service keeps the customer fields it needs, fed by the Customers context's events.
system.flow(customer_api, order_api, Mechanism.ASYNC_EVENT, events=["CustomerChanged"])
""",
    suppress="""
customers_db = customers.datastore("customers-db", tech.PostgreSQL("16"), schema=metadata,
    access_patterns=[...],
    suppress=[suppress("PRF009", "credit limits must be read live, never from a copy",
                       target="customers")])
""",
    notes="""
Declare the projection as a CQRS pattern so the site shows it and [PAT001](PAT001.md) checks
it is fed: `system.pattern(CQRS("customer read model", write_store=customers_db,
read_models=[orders_db]))`.
""",
)
