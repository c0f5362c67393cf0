"""archdocs advise: markdown and JSON, byte-identical runs, --datastore, --adr accepted by check."""

import json

from archdocs.adr.location import load_log
from archdocs.cli import main


def test_advise_recommends_postgresql_with_reasons_and_is_deterministic(shop, capsys):
    assert main(["advise", str(shop)]) == 0
    first = capsys.readouterr().out
    assert main(["advise", str(shop)]) == 0
    assert capsys.readouterr().out == first
    assert "Recommended: a relational store, PostgreSQL (Amazon RDS / Aurora PostgreSQL)." in first
    assert "+3 already run in production" in first
    assert "| DynamoDB | key-value | no acid-transactions (requirement acid)" in first
    assert "PostgreSQL full-text search serves 5 searches/s" in first
    assert "shard key customer\\_id" in first


def test_advise_json_names_the_recommendation(shop, capsys):
    assert main(["advise", str(shop), "--format", "json", "--datastore", "orders-db"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["recommended"] for d in data] == ["postgresql"]
    assert data[0]["decided"] is None


def test_unknown_datastore_is_a_usage_error(shop, capsys):
    assert main(["advise", str(shop), "--datastore", "nope"]) == 2
    assert "known datastores: orders-db" in capsys.readouterr().err


def test_adr_records_are_proposed_madr_that_check_accepts(shop, tmp_path, capsys):
    adr_dir = tmp_path / "adr"
    assert main(["advise", str(shop), "--adr", "--adr-dir", str(adr_dir)]) == 0
    [record] = load_log(adr_dir).records
    assert record.status == "proposed"
    assert "orders-db" in record.relates_to
    text = next(adr_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "## Considered Options" in text and "## Pros and Cons of the Options" in text
    # check reads the project's ADR folder: put the record there and review.
    docs_adr = shop.parent / "docs" / "adr"
    docs_adr.mkdir(parents=True)
    (docs_adr / next(adr_dir.glob("*.md")).name).write_text(text, encoding="utf-8")
    capsys.readouterr()
    main(["check", str(shop), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    rules = {f["rule"] for f in (findings["findings"] if isinstance(findings, dict) else findings)}
    assert not {r for r in rules if r.startswith("ADR")}


def test_the_guide_cites_the_source_of_every_catalogue_entry(repo_root):
    from archdocs.advise.catalogue import PROFILES
    from archdocs.model.technology import CATALOGUE

    guide = (repo_root / "docs" / "guide" / "advice.md").read_text(encoding="utf-8")
    for technology_id, profile in PROFILES.items():
        row = f"| {CATALOGUE[technology_id].name} | {CATALOGUE[technology_id].kind.value} |"
        assert row in guide and profile.source in guide, technology_id


def test_context_filter_advises_on_the_stores_of_that_context(shop, capsys):
    assert main(["advise", str(shop), "--context", "Sales", "--format", "json"]) == 0
    assert [a["datastore"] for a in json.loads(capsys.readouterr().out)] == ["orders-db"]
    assert main(["advise", str(shop), "--context", "Nope"]) == 2
    assert "known contexts: Sales" in capsys.readouterr().err


def test_conflicting_needs_say_no_option_meets_them_all(write_model, capsys):
    root = write_model({"m.py": '''
from archdocs import tech
from archdocs.model import Requirement, System
s = System("S")
s.context("C").datastore("odd", tech.Undecided(), requirements=[
    Requirement.JOINS, Requirement.TIME_SERIES_RETENTION, Requirement.APPEND_ONLY])
'''})
    assert main(["advise", str(root)]) == 0
    out = capsys.readouterr().out
    assert "No catalogued option meets every need" in out
    assert "misses: no retention-downsampling (requirement time-series-retention)" in out


def test_a_converted_database_without_technology_is_undecided_and_advised(tmp_path, capsys):
    source = tmp_path / "workspace.dsl"
    source.write_text('''workspace "Shop" {
    model {
        shop = softwareSystem "Shop" {
            api = container "API" "" "Go"
            db = container "Orders DB" "" "" "Database"
        }
        api -> db "Reads from"
    }
}
''', encoding="utf-8")
    out = tmp_path / "models" / "shop.py"
    assert main(["convert", str(source), "--out", str(out)]) == 0
    code = out.read_text(encoding="utf-8")
    assert "tech.Undecided()" in code
    assert "run 'archdocs advise' for a recommendation" in code
    capsys.readouterr()
    assert main(["advise", str(out), "--format", "json"]) == 0
    [advice] = json.loads(capsys.readouterr().out)
    assert (advice["datastore"], advice["decided"]) == ("Orders DB", None)
