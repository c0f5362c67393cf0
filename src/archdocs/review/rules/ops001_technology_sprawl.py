"""OPS001: more technologies than the workloads need."""

from collections.abc import Iterator

from archdocs.perf.operations import (
    SPRAWL_TECHNOLOGIES_PER_CONTEXT,
    context_sprawl,
    same_kind_technologies,
)
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "OPS001", "technology-sprawl", Severity.INFO, family="operations",
    why="Every datastore technology brings its own backups, upgrades, monitoring, failover "
        "drills and on-call knowledge. Two technologies of the same kind (PostgreSQL and "
        "MySQL, Redis and Memcached) double that work for no capability gained, and a context "
        f"running more than {SPRAWL_TECHNOLOGIES_PER_CONTEXT} technologies asks one team to be "
        "expert in all of them.",
    fix="Consolidate on one technology per kind unless a requirement forces the second "
        "(declare it, and suppress this finding with that reason).",
)
def technology_sprawl(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for kind, names in same_kind_technologies(system.datastores).items():
        yield Hit(
            system,
            f"{system.name} runs {len(names)} {kind.value} technologies "
            f"({', '.join(names)}): each needs its own operations",
            target=kind.value,
        )
    for context in system.contexts:
        sprawl = context_sprawl(context)
        if sprawl:
            yield Hit(
                context,
                f"context {context.name} runs {len(sprawl)} datastore technologies "
                f"({', '.join(sprawl)})",
            )


DOC = RuleDoc(
    checks="""
Per system: two or more technologies of the same kind (relational, key-value,
document, search, time-series, event log …). Per context: more than three distinct datastore
technologies. Both are **info**: sometimes the second technology is the right call — say why
and suppress the finding with that reason.
""",
    example="""
system = System("Shop")
sales = system.context("Sales")
billing = system.context("Billing")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
billing_db = billing.datastore("billing-db", tech.MySQL("8"))
""",
    fixed="""
system = System("Shop")
sales = system.context("Sales")
billing = system.context("Billing")
orders_db = sales.datastore("orders-db", tech.PostgreSQL("16"))
billing_db = billing.datastore("billing-db", tech.PostgreSQL("16"))
""",
    suppress="""
system = System("Shop", suppressions=[
    suppress("OPS001", "billing is a bought product that only supports MySQL",
             target="relational")])
""",
)
