"""The review context resolves names exactly like System.resolve, from an index."""

from __future__ import annotations

from archdocs import Mechanism, System, tech
from archdocs.load.loader import Model
from archdocs.review.engine import ReviewContext


def test_indexed_resolution_matches_the_system(tmp_path):
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("orders")               # a service and a datastore share a name
    db = sales.datastore("orders", tech.PostgreSQL("16"))
    flow = system.flow(api, db, Mechanism.QUERY)
    stranger = System("Other").context("X").service("x")
    ctx = ReviewContext(Model(tmp_path, [system]), system)
    for ref in ("orders", "datastore:orders", "Sales", "context:Sales", flow.name, "nothing",
                api, db, sales, flow, stranger, None):
        assert ctx.resolve(ref) is system.resolve(ref), ref
    assert ctx.find_datastore("orders") is db is system.find_datastore("orders")
    assert ctx.find_flow(flow.name) is flow
    assert ctx.ends(flow) == (api, db, None)
