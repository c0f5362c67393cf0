"""INT003: a service or datastore that belongs to no bounded context."""

from collections.abc import Iterator

from archdocs.model.datastore import Datastore
from archdocs.model.system import Service
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "INT003", "outside-any-context", Severity.WARNING, family="integrity",
    why="The bounded context is the unit of ownership: it names the team that answers for a "
        "datastore's data and the services allowed to write it. A service or datastore outside "
        "every context has no owner, so the ownership rules cannot check it and nobody is "
        "accountable for its schema, backups or migrations.",
    fix="Declare it through its context: context.service(...) or context.datastore(...) "
        "instead of system.service(...) / system.datastore(...).",
)
def outside_any_context(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    members: list[Service | Datastore] = [*system.services, *system.datastores]
    for element in members:
        context = element.context
        if context is None:
            yield Hit(element, f"{element.KIND} {element.name} belongs to no bounded context, "
                               "so no team owns it")
        elif not any(context is c for c in system.contexts):
            yield Hit(element, f"{element.KIND} {element.name} belongs to context "
                               f"{context.name}, which is not part of system {system.name}")


DOC = RuleDoc(
    checks="""
- services and datastores declared with `system.service(...)` / `system.datastore(...)`
  instead of through a bounded context;
- elements whose context is not part of the system under review.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
system.datastore("reporting-db", tech.PostgreSQL("16"))
""",
    fixed="""
system = System("Shop")
analytics = system.context("Analytics", team="Data platform")
analytics.datastore("reporting-db", tech.PostgreSQL("16"), role=Role.ANALYTICS)
""",
    suppress="""
system.datastore("reporting-db", tech.PostgreSQL("16"),
                 suppress=[suppress("INT003", "owned by the vendor, no team of ours")])
""",
)
