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


CONFORMIST = '''
from dataclasses import dataclass

from archdocs import CF, EventContract, Mechanism, Role, System, Topic, tech


@dataclass
class ShipmentDispatched:
    order_id: str
    carrier: str


CONTRACT = EventContract("ShipmentDispatched", key="order_id", schema=ShipmentDispatched)

system = System("Shop")
fulfilment, payments = system.context("Fulfilment"), system.context("Payments")
bus = system.context("Platform").datastore("bus", tech.Kafka("3.7"), role=Role.BROKER,
                                           structures=[Topic("fulfilment.events",
                                                             retention="7d", events=[CONTRACT])])
system.flow(fulfilment.service("shipping"), payments.service("payment-service"),
            Mechanism.ASYNC_EVENT, via=bus, events=[CONTRACT])
system.relationship(fulfilment, payments, downstream_roles=[CF])
'''


def test_a_breaking_change_without_a_version_names_the_conformist_it_breaks(repo, capsys):
    """The issue's example: a conformist downstream of an upstream that changes its
    published events without a version."""
    repo.write("models/shop.py", CONFORMIST)
    base = repo.commit("base model")
    repo.edit("models/shop.py", "    carrier: str\n", "")
    head = repo.commit("drop carrier, keep version 1")
    code = main(["diff", "--base", base, "--head", head, "--format", "json",
                 "--fail-on", "new-error"])
    data = json.loads(capsys.readouterr().out)
    [finding] = [f for f in data["findings"]["introduced"] if f["rule"] == "EVT006"]
    assert finding["message"].endswith(
        "consumers written for version 1 break; Payments takes it from Fulfilment as a "
        "conformist (Fulfilment [U] \u2192 [D,CF] Payments)")
    assert code == 1
