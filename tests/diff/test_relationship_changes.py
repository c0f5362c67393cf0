"""``archdocs diff`` reports a context-map relationship added, removed or changed (a
downstream that stops translating and starts conforming)."""

from __future__ import annotations

import json

from archdocs.cli import main

MODEL = '''
from archdocs import ACL, CF, OHS, System

system = System("Shop")
catalog, ordering = system.context("Catalog"), system.context("Ordering")
billing = system.context("Billing")
system.relationship(catalog, ordering, upstream_roles=[OHS], downstream_roles=[ACL])
'''


def test_relationship_changes_are_in_the_diff(repo, capsys):
    repo.write("models/shop.py", MODEL)
    base = repo.commit("base model")
    repo.edit("models/shop.py", "downstream_roles=[ACL])", "downstream_roles=[CF])\n"
              "system.relationship(ordering, billing)")
    head = repo.commit("Ordering conforms; Billing downstream of Ordering")
    assert main(["diff", "--base", base, "--head", head, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    changes = {(e["name"], e["change"]): e for e in data["elements"]
               if e["kind"] == "relationship"}
    assert set(changes) == {("Catalog \u2194 Ordering", "changed"),
                            ("Billing \u2194 Ordering", "added")}
    changed = changes[("Catalog \u2194 Ordering", "changed")]
    assert {(f["field"], str(f["before"]), str(f["after"])) for f in changed["fields"]} >= {
        ("notation", "[U,OHS] \u2192 [D,ACL]", "[U,OHS] \u2192 [D,CF]")}
    assert changes[("Billing \u2194 Ordering", "added")]["summary"] == \
        "Ordering [U] \u2192 [D] Billing"
    assert main(["diff", "--base", base, "--head", head]) == 0
    markdown = capsys.readouterr().out
    assert "1 context relationship added" in markdown and "1 context relationship changed" \
        in markdown
