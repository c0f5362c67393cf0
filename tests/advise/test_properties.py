"""Properties of the advice over any combination of requirements, role and constraints."""

from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs import tech
from archdocs.advise.engine import advise
from archdocs.advise.render import as_json, as_markdown
from archdocs.model import BudgetClass, Cloud, Constraints, Requirement, Role, System
from archdocs.model.technology import CATALOGUE


@settings(max_examples=60, deadline=None)
@given(
    requirements=st.lists(st.sampled_from(list(Requirement)), unique=True, max_size=5),
    role=st.sampled_from(list(Role)),
    cloud=st.none() | st.sampled_from(list(Cloud)),
    budget=st.sampled_from(list(BudgetClass)),
    managed=st.booleans(),
    run=st.lists(st.sampled_from(sorted(CATALOGUE)), unique=True, max_size=2),
)
def test_advice_is_total_deterministic_and_every_score_is_its_reasons(
        requirements, role, cloud, budget, managed, run):
    def build():
        system = System("S")
        store = system.context("C").datastore(
            "store", tech.Undecided(), role=role, requirements=requirements,
            constraints=Constraints(cloud=cloud, budget_class=budget, prefer_managed=managed,
                                    already_run=run))
        return advise(system, store)

    first, second = build(), build()
    assert as_markdown(first) == as_markdown(second)
    assert as_json([first]) == as_json([second])
    assert first.ranked
    for option in first.ranked + first.rejected:
        assert option.score == sum(r.points for r in option.reasons)
    # A ranked option meets every need unless nothing does (then each says what it misses).
    assert first.complete == all(not o.rejected for o in first.ranked)
    if not first.complete:
        assert "No catalogued option meets every need" in as_markdown(first)
    else:
        scores = [o.score for o in first.ranked]
        assert scores == sorted(scores, reverse=True)
