"""A model with mistakes in it gets findings, never a crash: every rule copes with dangling
references, unknown names, duplicate and hostile names."""

from __future__ import annotations

from pathlib import Path

from archdocs.load import load_models
from archdocs.review.engine import review

BROKEN = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from archdocs import (CQRS, DatabasePerService, EventSourcing, Mechanism, Role, Scaling, Sharding,
                      SharedDatabase, System, TransactionalOutbox, Volume, table_notes, tech)

metadata = MetaData()
Table("orders", metadata,
      Column("id", Integer, primary_key=True),
      Column("buyer_id", Integer, ForeignKey("buyers.id")),          # no such table
      Column("product_id", Integer, ForeignKey("catalog.products.id")),
      Column("buyer_email", String(320)),
      info=table_notes(volume=Volume(rows_per_day=5_000_000)))
Table("<script>alert('x')</script>", metadata, Column("n", String(10)))

system = System("Broken \\"shop\\"")
ctx = system.context("../../etc")
api = ctx.service("api")
ctx.service("api")                                                  # duplicate
db = ctx.datastore("db", tech.PostgreSQL("16"), schema=metadata,
                   scaling=Scaling(sharding=[Sharding(key="tenant", shards=4,
                                                      reference_tables=["nope"])]))
system.datastore("orphan", tech.Redis("7"))
system.flow("ghost", db, Mechanism.QUERY)
system.flow(api, "nowhere", Mechanism.ASYNC_EVENT, via="no-broker")
system.flow(api, ctx, Mechanism.SYNC_REQUEST)
system.pattern(DatabasePerService("dbps", scope="no-context"))
system.pattern(SharedDatabase("shared", datastore="missing"))
system.pattern(CQRS("cqrs", write_store="missing", read_models=["also-missing"],
                    projections=["no-flow"]))
system.pattern(EventSourcing("es", event_store="missing", projections=["x"]))
system.pattern(TransactionalOutbox("outbox", datastore="missing", table="outbox",
                                   relay="no-flow"))
system.migration("m", from_state="a", to_state="b", affects=["missing", api])
'''


def test_every_rule_reports_instead_of_crashing(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "broken.py").write_text(BROKEN, encoding="utf-8")
    report = review(load_models(models))
    assert report.crashed == [], "rules must report a broken model, not crash on it"
    rules = {f.rule for f in report.findings}
    assert {"INT001", "INT002", "INT003", "INT004", "INT006", "SCL001"} <= rules
    messages = " ".join(f.message for f in report.findings if f.rule == "INT002")
    for name in ("ghost", "nowhere", "no-broker", "no-context", "missing", "no-flow"):
        assert f"'{name}'" in messages
