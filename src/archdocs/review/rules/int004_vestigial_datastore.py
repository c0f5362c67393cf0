"""INT004: a datastore that no flow reads or writes."""

from collections.abc import Iterator

from archdocs.review.dataflow import vestigial_datastores
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "INT004", "vestigial-datastore", Severity.WARNING, family="integrity",
    why="A datastore that no flow reads or writes is either left over from an earlier design "
        "(and still costs money, backups and patching) or its flows were never modelled, in "
        "which case the data-flow pages and the ownership checks are blind to it. Datastores "
        "that a proposed or in-progress migration affects are exempt: they may not be wired "
        "up yet, or no longer.",
    fix="Declare the flows that read and write it (system.flow(service, datastore, "
        "Mechanism.QUERY, access=...)), or delete the datastore from the model once it is "
        "decommissioned.",
)
def vestigial_datastore(ctx: ReviewContext) -> Iterator[Hit]:
    for datastore in vestigial_datastores(ctx):
        tables = len(datastore.tables)
        holding = f" holding {tables} table{'s' if tables != 1 else ''}" if tables else ""
        yield Hit(
            datastore,
            f"{datastore.role.value} {datastore.name} ({datastore.technology.label}){holding} "
            "is read and written by no flow",
        )


DOC = RuleDoc(
    checks="""
- every datastore that appears in no flow as source, target or broker (`via`).
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
sales.datastore("old-cache", tech.Memcached("1.6"), role=Role.CACHE)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
cache = sales.datastore("old-cache", tech.Memcached("1.6"), role=Role.CACHE)
system.flow(api, orders_db, Mechanism.QUERY, access=Access.READ_WRITE)
system.flow(api, cache, Mechanism.CACHE_FILL, access=Access.READ_WRITE)
""",
    suppress="""
sales.datastore("old-cache", tech.Memcached("1.6"), role=Role.CACHE,
                suppress=[suppress("INT004", "decommissioned in Q3, kept until the contract ends")])
""",
)
