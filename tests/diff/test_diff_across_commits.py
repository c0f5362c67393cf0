"""``archdocs diff`` between real git commits: each change a reviewer must see, in JSON and in
Markdown, and the working tree left untouched."""

from __future__ import annotations

import json

import pytest

from archdocs.cli import main
from archdocs.pages.markdown import escape

MODEL = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from archdocs import Mechanism, System, tech

orders = MetaData()
Table("orders", orders, Column("id", Integer, primary_key=True), Column("note", String(200)),
      comment="One customer order.")
Table("invoices", orders, Column("id", Integer, primary_key=True), comment="One invoice.")
billing = MetaData()
Table("payments", billing, Column("id", Integer, primary_key=True), comment="One payment.")

system = System("Shop")
sales = system.context("Sales", team="Checkout")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=orders)
finance = system.context("Finance")
pay = finance.service("billing-api")
bdb = finance.datastore("billing-db", tech.PostgreSQL("16"), schema=billing)
system.flow(api, db, Mechanism.QUERY)
system.flow(pay, bdb, Mechanism.QUERY)
'''

ADR = """---
status: accepted
date: 2024-05-01
deciders: [Ada]
relates_to: [orders-db]
supersedes: []
---

# Keep orders in PostgreSQL

We chose PostgreSQL.
"""


@pytest.fixture
def base(repo):
    repo.write("models/shop.py", MODEL)
    repo.write("docs/adr/20240501-keep-orders-in-postgresql.md", ADR)
    return repo.commit("base model")


def diff(capsys, *args: str) -> tuple[int, str]:
    code = main(["diff", *args])
    return code, capsys.readouterr().out


def both(capsys, base: str, head: str) -> tuple[dict, str]:
    code, out = diff(capsys, "--base", base, "--head", head, "--format", "json")
    assert code == 0
    code, markdown = diff(capsys, "--base", base, "--head", head)
    assert code == 0
    return json.loads(out), markdown


def test_adding_a_datastore(repo, base, capsys):
    repo.edit("models/shop.py", "system.flow(api, db, Mechanism.QUERY)",
              'cache = sales.datastore("session-cache", tech.Redis("7"))\n'
              "system.flow(api, db, Mechanism.QUERY)")
    head = repo.commit("add a cache")
    data, markdown = both(capsys, base, head)
    [added] = [e for e in data["elements"] if e["kind"] == "datastore"]
    assert (added["name"], added["change"]) == ("session-cache", "added")
    assert "Redis 7" in added["summary"]
    assert "**1 datastore added" in markdown
    assert "| added | datastore | <code>session-cache</code> | Redis 7" in markdown


def test_moving_a_table_between_datastores(repo, base, capsys):
    repo.edit("models/shop.py",
              'Table("invoices", orders, Column("id", Integer, primary_key=True), '
              'comment="One invoice.")\nbilling = MetaData()\n',
              'billing = MetaData()\nTable("invoices", billing, Column("id", Integer, '
              'primary_key=True), comment="One invoice.")\n')
    head = repo.commit("invoices belong to billing")
    data, markdown = both(capsys, base, head)
    [moved] = data["tables"]
    assert (moved["table"], moved["change"]) == ("invoices", "moved")
    assert (moved["moved_from"], moved["datastore"]) == ("orders-db", "billing-db")
    assert moved["items"] == []
    assert "1 table moved" in markdown
    assert "- table <code>invoices</code> **moved** from <code>orders-db</code>" in markdown
    # Nothing else: not a removal plus an addition.
    assert not any(t["change"] in ("added", "removed") for t in data["tables"])


def test_changing_a_flows_mechanism(repo, base, capsys):
    repo.edit("models/shop.py", "system.flow(api, db, Mechanism.QUERY)",
              "system.flow(api, db, Mechanism.SYNC_REQUEST)")
    head = repo.commit("call instead of query")
    data, markdown = both(capsys, base, head)
    [flow] = [e for e in data["elements"] if e["kind"] == "flow"]
    assert flow["change"] == "changed"
    assert flow["previous_name"] == "order-api → orders-db (query)"
    mechanism = next(f for f in flow["fields"] if f["field"] == "mechanism")
    assert (mechanism["before"], mechanism["after"]) == ("query", "sync-request")
    assert "mechanism: <code>query</code> → <code>sync-request</code>" in markdown
    assert "1 flow changed" in markdown


def test_adding_a_not_null_column(repo, base, capsys):
    repo.edit("models/shop.py", 'Column("note", String(200)),',
              'Column("note", String(200)), Column("currency", String(3), nullable=False),')
    head = repo.commit("orders get a currency")
    data, markdown = both(capsys, base, head)
    [table] = data["tables"]
    assert (table["datastore"], table["table"], table["change"]) == ("orders-db", "orders",
                                                                      "changed")
    [column] = table["items"]
    assert (column["item"], column["name"], column["change"]) == ("column", "currency", "added")
    assert column["detail"] == "VARCHAR(3) NOT NULL"
    # the planner's hazards, as `archdocs plan` names them for this datastore's dialect
    # one entry per hazard per column, naming the steps that handle it
    assert column["hazard"].startswith("MH001 Add a NOT NULL column without a default: "
                                       "currency, handled by ")
    assert "add column currency as nullable, without default (expand)" in column["hazard"]
    assert "MH004" in column["hazard"]
    # the plan takes a safe path for each (nullable, backfill, validated check): covered
    assert data["uncovered_hazards"] == []
    assert {c["covered_by"] for c in data["covered_hazards"]} == {
        "the schema plan (archdocs plan)"}
    assert f"column <code>currency</code> added: {escape('VARCHAR(3) NOT NULL')} ⚠️" in markdown


def test_a_change_with_no_safe_path_is_not_covered_by_the_plan(repo, base, capsys):
    # orders' key becomes BIGINT: a key cannot be swapped for a new column, so the type
    # change rewrites the table under lock; the volume is not declared, so it could be large
    repo.edit("models/shop.py", 'Column("id", Integer, primary_key=True), Column("note"',
              'Column("id", BigInteger, primary_key=True), Column("note"')
    repo.edit("models/shop.py", "from sqlalchemy import ", "from sqlalchemy import BigInteger, ")
    head = repo.commit("bigger order ids")
    data, markdown = both(capsys, base, head)
    [uncovered] = data["uncovered_hazards"]
    assert uncovered["datastore"] == "orders-db"
    assert uncovered["hazard"].startswith("orders: MH005 Change a column's type: change type of "
                                          "id (INTEGER → BIGINT)")
    assert uncovered["hazard"].endswith("(error)")
    assert "**Needs attention**" in markdown and "not covered by an architecture migration" \
        in markdown


def test_an_adr_relating_to_the_datastore_covers_the_hazard(repo, base, capsys):
    repo.edit("models/shop.py", 'Column("note", String(200)),',
              'Column("note", String(200)), Column("currency", String(3), nullable=False),')
    repo.write("docs/adr/20240601-orders-get-a-currency.md",
               ADR.replace("Keep orders in PostgreSQL", "Orders get a currency")
               .replace("status: accepted", "status: proposed"))
    head = repo.commit("currency, with its decision")
    code, markdown = diff(capsys, "--base", base, "--head", head, "--fail-on",
                          "hazard-without-plan")
    assert code == 0
    assert ("Planned for: the hazard on <code>orders-db</code> (orders) is covered by "
            f"{escape('ADR 20240601-orders-get-a-currency')}.") in markdown
    code, _ = diff(capsys, "--base", base, "--head", head, "--fail-on", "hazard")
    assert code == 1


def test_superseding_an_adr(repo, base, capsys):
    assert main(["adr", "new", "Move orders to CockroachDB", "--relates-to", "orders-db",
                 "--supersedes", "20240501-keep-orders-in-postgresql",
                 "--date", "2024-07-01"]) == 0
    capsys.readouterr()
    head = repo.commit("supersede")
    data, markdown = both(capsys, base, head)
    assert data["decisions"] == [
        {"id": "20240701-move-orders-to-cockroachdb", "title": "Move orders to CockroachDB",
         "change": "added", "status_before": None, "status_after": "proposed",
         "relates_to": ["orders-db"]},
        {"id": "20240501-keep-orders-in-postgresql", "title": "Keep orders in PostgreSQL",
         "change": "changed", "status_before": "accepted", "status_after": "superseded",
         "relates_to": ["orders-db"]},
    ]
    assert "ADRs 1 added, 1 superseded" in markdown
    assert ("| changed | <code>20240501-keep-orders-in-postgresql</code> | Keep orders in "
            "PostgreSQL | accepted → superseded |") in markdown


def test_working_tree_head_is_read_without_touching_it(repo, base, capsys):
    repo.edit("models/shop.py", "system.flow(pay, bdb, Mechanism.QUERY)",
              "system.flow(pay, bdb, Mechanism.QUERY)\nsystem.flow(api, pay, "
              "Mechanism.SYNC_REQUEST)")
    status_before = repo.git("status", "--porcelain")
    code, out = diff(capsys, "--base", "main", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["head"] == "working tree"
    assert [(e["kind"], e["change"]) for e in data["elements"]] == [("flow", "added")]
    assert repo.git("status", "--porcelain") == status_before


def test_new_error_policy_and_resolved_findings(repo, base, capsys):
    repo.write("docs/adr/20240601-cache-orders.md",
               ADR.replace("status: accepted", "status: proposed")
               .replace("relates_to: [orders-db]", "relates_to: [order-db]"))
    head = repo.commit("a decision naming a misspelt datastore")
    code = main(["diff", "--base", base, "--head", head, "--format", "json",
                 "--fail-on", "new-error"])
    captured = capsys.readouterr()
    out = captured.out
    assert code == 1
    assert "new-error: new error ADR004 on adr:20240601-cache-orders" in captured.err
    data = json.loads(out)
    [finding] = data["findings"]["introduced"]
    assert (finding["rule"], finding["severity"], finding["file"]) == \
        ("ADR004", "error", "docs/adr/20240601-cache-orders.md")
    # And back: the reverse change resolves it, and breaks no policy.
    code, out = diff(capsys, "--base", head, "--head", base, "--format", "json",
                     "--fail-on", "new-error")
    assert code == 0
    assert [f["rule"] for f in json.loads(out)["findings"]["resolved"]] == ["ADR004"]
    code, markdown = diff(capsys, "--base", base, "--head", head)
    assert "- new error <code>ADR004</code> on <code>adr:20240601-cache-orders</code>" in markdown


def test_no_change_says_so(repo, base, capsys):
    code, markdown = diff(capsys, "--base", base, "--head", base)
    assert code == 0
    assert f"**{escape('No architecture changes.')}**" in markdown


def test_user_text_is_escaped_in_markdown(repo, base, capsys):
    repo.edit("models/shop.py", "system.flow(api, db, Mechanism.QUERY)",
              'sales.datastore("<img src=x onerror=alert(1)>|x", tech.Redis("7"))\n'
              "system.flow(api, db, Mechanism.QUERY)")
    head = repo.commit("hostile name")
    _, markdown = diff(capsys, "--base", base, "--head", head)
    assert "<img" not in markdown
    assert "&lt;img src=x onerror=alert(1)&gt;&#124;x" in markdown


def test_unknown_ref_is_a_clear_error(repo, base, capsys):
    code = main(["diff", "--base", "no-such-branch"])
    assert code == 2
    assert "no-such-branch" in capsys.readouterr().err


def test_unknown_policy_is_a_clear_error(repo, base, capsys):
    assert main(["diff", "--base", base, "--fail-on", "sometimes"]) == 2
    assert "unknown --fail-on policy 'sometimes'" in capsys.readouterr().err


def test_not_null_column_gets_the_migration_plans_worst_hazard(repo, base, capsys):
    pytest.importorskip("archdocs.migrate.models", reason="the migration planner is not installed")
    repo.edit("models/shop.py", 'Column("note", String(200)),',
              'Column("note", String(200)), Column("currency", String(3), nullable=False),')
    head = repo.commit("orders get a currency")
    data, markdown = both(capsys, base, head)
    [plan] = data["schema_plans"]
    assert plan["datastore"] == "orders-db"
    assert plan["worst_hazard"].startswith("MH001")
    assert plan["steps"] >= 2  # never a single blocking ALTER
    assert "Migration plan: " in markdown and "MH001" in markdown


def test_a_base_without_models_shows_everything_as_added(repo, capsys):
    repo.write("README.md", "a project before archdocs\n")
    first = repo.commit("before archdocs")
    repo.write("models/shop.py", MODEL)
    head = repo.commit("introduce archdocs")
    code, out = diff(capsys, "--base", first, "--head", head, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {(e["kind"], e["name"], e["change"]) for e in data["elements"]} >= {
        ("system", "Shop", "added"), ("datastore", "orders-db", "added"),
        ("context", "Sales", "added")}
    assert {(t["datastore"], t["table"], t["change"]) for t in data["tables"]} == {
        ("orders-db", "orders", "added"), ("orders-db", "invoices", "added"),
        ("billing-db", "payments", "added")}


def test_patterns_and_migrations_changes_name_their_fields(repo, base, capsys):
    repo.edit("models/shop.py", "system.flow(pay, bdb, Mechanism.QUERY)",
              "system.flow(pay, bdb, Mechanism.QUERY)\n"
              "from archdocs import DatabasePerService, SyncMechanism, Phase\n"
              "system.pattern(DatabasePerService('database per service'))\n"
              "system.migration('split invoices', from_state='in orders-db', "
              "to_state='in billing-db', phases=[Phase('copy', sync=SyncMechanism.CDC)], "
              "affects=['orders-db', 'billing-db'])")
    middle = repo.commit("declare pattern and migration")
    repo.edit("models/shop.py", "sync=SyncMechanism.CDC)], ",
              "sync=SyncMechanism.CDC)], status=__import__('archdocs').MigrationStatus.DONE, ")
    head = repo.commit("migration done")
    data, markdown = both(capsys, base, middle)
    assert {(e["kind"], e["change"]) for e in data["elements"]} == {
        ("pattern", "added"), ("migration", "added")}
    data, markdown = both(capsys, middle, head)
    [migration] = data["elements"]
    assert (migration["kind"], migration["name"], migration["change"]) == (
        "migration", "split invoices", "changed")
    assert migration["fields"] == [{"field": "status", "before": "proposed", "after": "done"}]
    assert "status: <code>proposed</code> → <code>done</code>" in markdown
    # The same comparison twice gives the same bytes.
    again, _ = both(capsys, middle, head)
    assert again == data


def test_removing_an_element_an_accepted_adr_governs_is_flagged(repo, base, capsys):
    repo.write("docs/adr/20240601-billing-in-postgresql.md",
               ADR.replace("[orders-db]", "[billing-db]")
               .replace("Keep orders in PostgreSQL", "Billing in PostgreSQL"))
    with_adr = repo.commit("decision about billing-db")
    repo.edit("models/shop.py", 'bdb = finance.datastore("billing-db", tech.PostgreSQL("16"), '
              'schema=billing)', 'bdb = "billing-db"')
    head = repo.commit("billing-db goes away")
    data, markdown = both(capsys, with_adr, head)
    assert ("datastore", "billing-db", "removed") in {
        (e["kind"], e["name"], e["change"]) for e in data["elements"]}
    [finding] = [f for f in data["findings"]["introduced"] if f["rule"] == "ADR005"]
    assert finding["element"] == "adr:20240601-billing-in-postgresql"
    assert "'billing-db', which is no longer in the model" in finding["message"]
    assert "| new | <code>ADR005</code> | warning |" in markdown


def test_an_active_architecture_migration_covers_the_hazard(repo, base, capsys):
    repo.edit("models/shop.py", 'Column("note", String(200)),',
              'Column("note", String(200)), Column("currency", String(3), nullable=False),')
    repo.edit("models/shop.py", "system.flow(pay, bdb, Mechanism.QUERY)",
              "system.flow(pay, bdb, Mechanism.QUERY)\n"
              "system.migration('multi-currency orders', from_state='one currency', "
              "to_state='currency per order', affects=[db])")
    head = repo.commit("currency, planned as a migration")
    code, out = diff(capsys, "--base", base, "--head", head, "--format", "json",
                     "--fail-on", "hazard-without-plan")
    assert code == 0
    data = json.loads(out)
    assert data["uncovered_hazards"] == []
    assert {(c["datastore"], c["covered_by"]) for c in data["covered_hazards"]} == {
        ("orders-db", "migration multi-currency orders")}
    # A later change to the same datastore is not covered by that old migration (and the
    # schema plan has no safe path for it).
    repo.edit("models/shop.py", 'Column("id", Integer, primary_key=True), Column("note"',
              'Column("id", BigInteger, primary_key=True), Column("note"')
    repo.edit("models/shop.py", "from sqlalchemy import ", "from sqlalchemy import BigInteger, ")
    later = repo.commit("bigger order ids")
    code, out = diff(capsys, "--base", head, "--head", later, "--format", "json",
                     "--fail-on", "hazard-without-plan")
    assert code == 1
    assert json.loads(out)["uncovered_hazards"][0]["datastore"] == "orders-db"


def test_a_model_at_a_ref_prints_paths_from_the_repository_root(repo):
    # A nested models folder: the model at a ref (a temporary copy) names its files the way the
    # working tree's model does, so base and head findings point at the same paths.
    from archdocs.load import load_models
    from archdocs.load.gitref import model_at_ref
    from archdocs.review.engine import review

    repo.write("services/shop/models/shop.py", MODEL)
    repo.commit("model")
    with model_at_ref("HEAD", "services/shop/models") as base:
        at_ref = {f.file for f in review(base).findings}
    in_tree = {f.file for f in review(load_models("services/shop/models")).findings}
    assert at_ref == in_tree == {"services/shop/models/shop.py"}
