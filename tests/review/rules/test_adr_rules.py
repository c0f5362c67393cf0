"""ADR001–ADR006: each rule fires on a badly kept decision record and stays quiet on a good one."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdocs.load import load_models
from archdocs.review.engine import review

MODEL = '''
from sqlalchemy import MetaData, Table, Column, Integer
from archdocs import System, tech

metadata = MetaData()
Table("orders", metadata, Column("id", Integer, primary_key=True))

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata)
'''

GOOD = """---
status: accepted
date: 2024-05-01
deciders: [Ada]
relates_to: [orders-db, orders-db.orders, order-api]
supersedes: []
---

# Keep orders in PostgreSQL
"""


@pytest.fixture
def project(write_model, tmp_path: Path) -> Path:
    write_model({"shop.py": MODEL})
    (tmp_path / "docs" / "adr").mkdir(parents=True)
    return tmp_path


def write(project: Path, name: str, text: str) -> None:
    (project / "docs" / "adr" / name).write_text(text, encoding="utf-8")


def findings(project: Path, rule: str) -> list:
    return review(load_models(project / "models"), only=[rule]).findings


def test_adr001_reports_invalid_yaml_with_file_and_line(project):
    write(project, "20240501-broken.md", "---\nstatus: accepted\ndate: [2024\n---\n# T\n")
    [finding] = findings(project, "ADR001")
    assert finding.file == "docs/adr/20240501-broken.md"
    assert "not valid YAML" in finding.message
    assert finding.line >= 2
    assert finding.element == "adr:20240501-broken"


def test_adr001_reports_missing_date_and_wrongly_typed_lists(project):
    write(project, "20240501-x.md", "---\nstatus: accepted\nrelates_to: {a: 1}\n---\n# X\n")
    messages = sorted(f.message for f in findings(project, "ADR001"))
    assert messages == ["'relates_to' must be a list of names", "front matter has no 'date'"]
    wrong_list = next(f for f in findings(project, "ADR001") if "relates_to" in f.message)
    assert wrong_list.line == 3


def test_adr001_quiet_on_a_well_formed_record(project):
    write(project, "20240501-keep-orders.md", GOOD)
    assert findings(project, "ADR001") == []


def test_adr001_reports_a_date_that_is_no_date_and_a_mapping_for_a_list(rule_example):
    found = rule_example("ADR001").of("ADR001")
    assert [(f.file, f.line, f.message) for f in found] == [
        ("docs/adr/20240517-keep-orders-in-postgresql.md", 3, "'date' is not a date: '17 May'"),
        ("docs/adr/20240517-keep-orders-in-postgresql.md", 4,
         "'relates_to' must be a list of names"),
    ]


def test_adr002_flags_a_status_outside_the_vocabulary(rule_example):
    [finding] = rule_example("ADR002").of("ADR002")
    assert "'approved'" in finding.message and finding.line == 2


def test_adr002_accepts_every_documented_status_and_log4brains_draft(project):
    for index, status in enumerate(["proposed", "accepted", "rejected", "deprecated", "Draft"]):
        write(project, f"2024050{index}-x.md", GOOD.replace("status: accepted", f"status: {status}"))
    assert findings(project, "ADR002") == []


def test_adr003_flags_an_old_record_still_accepted_and_a_missing_target(project):
    write(project, "20240501-old.md", GOOD)
    write(project, "20240601-new.md",
          GOOD.replace("supersedes: []", "supersedes: [20240501-old, 20230101-ghost]"))
    messages = sorted(f.message for f in findings(project, "ADR003"))
    assert messages == [
        "20240601-new supersedes this record, but its status is accepted, not superseded",
        "supersedes '20230101-ghost', which is not a record in this folder",
    ]


def test_adr003_flags_a_superseded_record_nobody_replaces_and_a_loop(project):
    write(project, "20240501-orphan.md", GOOD.replace("status: accepted", "status: superseded"))
    write(project, "20240502-a.md", GOOD.replace("status: accepted", "status: superseded")
          .replace("supersedes: []", "supersedes: [20240503-b]"))
    write(project, "20240503-b.md", GOOD.replace("status: accepted", "status: superseded")
          .replace("supersedes: []", "supersedes: [20240502-a]"))
    messages = [f.message for f in findings(project, "ADR003")]
    assert "status is superseded, but no record supersedes it" in messages
    assert any(m.startswith("records supersede each other in a loop") for m in messages)


def test_adr003_quiet_on_a_chain_written_by_adr_supersede(project):
    from archdocs.adr.location import load_log
    from archdocs.adr.writer import supersede

    write(project, "20240501-old.md", GOOD)
    write(project, "20240601-new.md", GOOD)
    supersede(load_log(project / "docs" / "adr"), "20240501-old", "20240601-new")
    assert findings(project, "ADR003") == []


def test_adr004_flags_a_proposed_record_naming_an_unknown_element(rule_example):
    [finding] = rule_example("ADR004").of("ADR004")
    assert "'order-db'" in finding.message
    assert finding.hint == "did you mean 'orders-db'?"
    assert finding.line == 4


def test_adr004_quiet_when_names_ids_and_tables_resolve(project):
    write(project, "20240501-x.md",
          GOOD.replace("status: accepted", "status: proposed")
          .replace("order-api]", "order-api, datastore:orders-db, Shop/orders-db]"))
    assert findings(project, "ADR004") == []


def test_adr005_warns_when_an_accepted_decision_outlives_its_element(rule_example):
    [finding] = rule_example("ADR005").of("ADR005")
    assert finding.severity.value == "warning"
    assert "'legacy-db'" in finding.message
    assert rule_example("ADR005", fixed=True).of("ADR005") == []


def test_adr005_quiet_for_superseded_history_and_for_present_elements(project):
    write(project, "20240501-x.md", GOOD)
    write(project, "20230501-y.md", GOOD.replace("status: accepted", "status: deprecated")
          .replace("order-api]", "legacy-db]"))
    assert findings(project, "ADR005") == []


def test_adr006_flags_two_records_with_one_number(rule_example):
    result = rule_example("ADR006").of("ADR006")
    assert sorted(f.element for f in result) == ["adr:0005-use-kafka", "adr:0005-use-redis"]
    assert "archdocs adr renumber" in (result[0].hint or "")
    assert rule_example("ADR006", fixed=True).of("ADR006") == []


def test_adr006_quiet_on_distinct_numbers_and_dated_ids(project):
    write(project, "0005-use-kafka.md", "# 5. Use Kafka\n\n## Status\n\nAccepted\n")
    write(project, "0006-use-redis.md", "# 6. Use Redis\n\n## Status\n\nAccepted\n")
    write(project, "20240501-a.md", GOOD)
    write(project, "20240501-b.md", GOOD)
    assert findings(project, "ADR006") == []


def test_adr_folder_can_be_configured_in_pyproject(project):
    (project / "pyproject.toml").write_text('[tool.archdocs]\nadr_dir = "decisions"\n')
    (project / "decisions").mkdir()
    (project / "decisions" / "20240501-x.md").write_text(GOOD.replace("accepted", "approved"))
    write(project, "20240501-ignored.md", GOOD.replace("accepted", "bogus"))
    [finding] = findings(project, "ADR002")
    assert finding.file == "decisions/20240501-x.md"


def test_adr003_archdocs_adr_supersede_writes_the_fix_its_page_shows(tmp_path):
    from archdocs.adr.location import load_log
    from archdocs.adr.writer import supersede
    from archdocs.review.engine import all_rules
    from archdocs.review.examples import example_files, write_example

    doc = all_rules()["ADR003"].doc
    write_example(doc, tmp_path)
    supersede(load_log(tmp_path / "docs" / "adr"), "20220301-keep-orders-in-mysql",
              "20240517-move-orders-to-postgresql")
    fixed = example_files(doc, fixed=True)
    for name, text in fixed.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text.lstrip(), name
