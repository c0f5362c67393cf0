"""An undecided datastore loads, reviews and renders like a decided one."""

from archdocs.cli import main
from archdocs.load import load_models
from archdocs.review.engine import review


def test_undecided_datastore_loads_and_reviews_without_technology_findings(shop):
    model = load_models(shop)
    store = model.systems[0].datastores[0]
    assert not store.decided
    rules = {f.rule for f in review(model).findings}
    # Its requirements are what the advice will satisfy: no "requirement not met" for them.
    assert "TEC001" not in rules and "PRF007" not in rules


def test_undecided_datastore_renders_its_pages(shop, tmp_path, capsys):
    out = tmp_path / "docs"
    assert main(["generate", str(out), str(shop), "-q"]) == 0
    page = (out / "architecture" / "datastores" / "orders-db.md").read_text(encoding="utf-8")
    assert "Undecided" in page
    assert "(../advice/orders-db.md)" in page
    decisions = (out / "architecture" / "technology-decisions.md").read_text(encoding="utf-8")
    assert "acid (to meet: see the advice)" in decisions
    advice = (out / "architecture" / "advice" / "orders-db.md").read_text(encoding="utf-8")
    assert "Recommended: a relational store, PostgreSQL (Amazon RDS / Aurora PostgreSQL)." in advice
    er = (out / "architecture" / "performance" / "scalability" / "orders-db.md")
    assert "Undecided" in er.read_text(encoding="utf-8")


def test_the_advice_index_is_linked_from_technology_decisions(shop, tmp_path):
    out = tmp_path / "docs"
    assert main(["generate", str(out), str(shop), "-q"]) == 0
    decisions = (out / "architecture" / "technology-decisions.md").read_text(encoding="utf-8")
    assert "[Advice](advice/index.md)" in decisions
    index = (out / "architecture" / "advice" / "index.md").read_text(encoding="utf-8")
    assert "| [orders-db](orders-db.md) | Undecided | PostgreSQL | relational | undecided |" in index
