"""TEC007: a decided datastore whose requirements a far simpler option meets as well."""

from collections.abc import Iterator

from archdocs.advise.engine import FAR_SIMPLER_GAP, rank
from archdocs.review.engine import ReviewContext
from archdocs.review.finding import Severity
from archdocs.review.rule import Hit, RuleDoc, rule


@rule(
    "TEC007", "far-simpler-option", Severity.WARNING, family="technology",
    why="Operational simplicity is a requirement too: every technology a team runs needs "
        "backups, upgrades, monitoring and people who know its failure modes. When a simpler "
        "option (a store already run, a managed service, the general-purpose default of the "
        "role) meets every declared requirement and need of the access patterns, the heavier "
        f"choice costs without paying back. The rule fires when the advice scores another "
        f"option at least {FAR_SIMPLER_GAP} points higher; requirements the product cannot meet "
        "at all are TEC001's.",
    fix="Read the advice (`archdocs advise --datastore NAME`, or the datastore's Advice page): "
        "it lists each option's score line by line and the trigger (a rate, a size, a date) at "
        "which the heavier option becomes worth it. Switch, declare the requirement that makes "
        "the choice necessary, or suppress with the reason.",
)
def far_simpler_option(ctx: ReviewContext) -> Iterator[Hit]:
    system = ctx.sys
    for datastore in system.datastores:
        if not datastore.decided:
            continue
        ranking = rank(system, datastore)
        chosen = next((o for o in ranking.ranked + ranking.rejected
                       if o.technology == datastore.technology.id), None)
        top = ranking.recommended
        if chosen is None or chosen.rejected or top.technology == chosen.technology:
            continue
        if top.score - chosen.score < FAR_SIMPLER_GAP:
            continue
        yield Hit(
            datastore,
            f"{datastore.name} runs {datastore.technology.label}, but {top.name} meets every "
            f"requirement and scores {top.score} against {chosen.score}; see the advice: "
            f"archdocs advise --datastore {datastore.name}",
            hint="the advice page lists both scores line by line: "
                 + "; ".join(f"{r.points:+d} {r.text}" for r in chosen.reasons),
        )


DOC = RuleDoc(
    checks="""
Decided datastores whose technology meets every declared requirement, when `archdocs advise`
scores another option at least 6 points higher for the same requirements, access patterns,
projections and constraints (a store already run, a managed service, the general-purpose
default of the role). Requirements a technology cannot meet at all are [TEC001](TEC001.md)'s.
The message names the better option; the [advice](../guide/advice.md) explains both scores
line by line.
""",
    example="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.Cassandra("4.1"),
                                  requirements=[Requirement.DURABILITY])
""",
    fixed="""
system = System("Shop")
system.context("Sales").datastore("orders", tech.PostgreSQL("16"),
                                  requirements=[Requirement.DURABILITY])
""",
    suppress="""
sales.datastore("orders", tech.Cassandra("4.1"), requirements=[Requirement.DURABILITY],
                suppress=[suppress("TEC007", "multi-region writes planned for next year")])
""",
)
