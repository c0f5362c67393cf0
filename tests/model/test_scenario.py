"""Scenarios as a user declares them: ordered steps over declared flows, found by name like any
element, and refused at the declaring line when a step names no flow of the system."""

from __future__ import annotations

import pytest

from archdocs import Mechanism, Scenario, System, step, tech
from archdocs.cli import main
from archdocs.errors import ArchdocsError


def _shop() -> tuple[System, dict[str, object]]:
    system = System("Shop")
    sales = system.context("Sales")
    api = sales.service("order-api")
    db = sales.datastore("orders-db", tech.PostgreSQL("16"))
    bus = sales.datastore("bus", tech.Kafka("3.7"))
    ship = system.context("Shipping").service("shipping")
    write = system.flow(api, db, Mechanism.QUERY, name="write order")
    publish = system.flow(api, ship, Mechanism.ASYNC_EVENT, name="order placed", via=bus)
    return system, {"write": write, "publish": publish}


def test_steps_name_flows_by_object_by_name_or_with_a_note() -> None:
    system, flows = _shop()
    checkout = system.scenario("Checkout", description="A buyer pays.", steps=[
        flows["write"], "order placed", step("write order", "the status moves to paid")])
    assert isinstance(checkout, Scenario)
    assert checkout.flows == [flows["write"], flows["publish"], flows["write"]]
    assert [s.note for s in checkout.steps] == ["", "", "the status moves to paid"]
    assert system.scenarios == [checkout]
    assert system.resolve("Checkout") is checkout
    assert system.resolve("scenario:Checkout") is checkout
    assert checkout in list(system.elements())
    assert checkout.declared_at.line > 0 and checkout.declared_at.file == __file__


def test_a_flow_name_beats_a_scenario_of_the_same_name() -> None:
    system, flows = _shop()
    system.scenario("write order", steps=["write order"])
    assert system.resolve("write order") is flows["write"]


def test_an_unknown_flow_is_refused_at_the_declaring_line_with_the_closest_names() -> None:
    system, _ = _shop()
    with pytest.raises(ArchdocsError) as raised:
        system.scenario("Checkout", steps=["write order", "order placd"])
    error = raised.value
    assert error.location is not None and error.location.file == __file__
    assert "scenario 'Checkout', step 2: 'order placd' is not a flow of system 'Shop'" in str(error)
    assert error.hint == "did you mean 'order placed'?"


def test_a_step_with_a_note_is_reported_at_its_own_line() -> None:
    system, _ = _shop()
    bad = step("nothing like it", "a note")
    with pytest.raises(ArchdocsError) as raised:
        system.scenario("Checkout", steps=["write order", bad])
    assert raised.value.location == bad.declared_at
    assert "declare the flow with system.flow(...) before the scenario" in (raised.value.hint or "")


def test_a_flow_of_another_system_an_element_that_is_no_flow_and_no_steps_are_refused() -> None:
    system, _ = _shop()
    other, other_flows = _shop()
    with pytest.raises(ArchdocsError, match="flow 'write order' is not a flow of system"):
        system.scenario("Checkout", steps=[other_flows["write"]])
    with pytest.raises(ArchdocsError, match="is not a flow"):
        system.scenario("Checkout", steps=[system.contexts[0]])  # type: ignore[list-item]
    with pytest.raises(ArchdocsError, match="has no steps"):
        system.scenario("Checkout", steps=[])
    with pytest.raises(ArchdocsError, match="steps must be a list, not 'write order'"):
        system.scenario("Checkout", steps="write order")
    assert system.scenarios == [] and other.scenarios == []


def test_the_cli_reports_an_unknown_step_as_file_line_error_and_exits_2(
        write_model, capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    models = write_model({"shop.py": (
        "from archdocs import *\n"
        'system = System("Shop")\n'
        'api = system.context("Sales").service("api")\n'
        'system.flow("Buyer", api, Mechanism.SYNC_REQUEST, name="place order")\n'
        'system.scenario("Checkout", steps=["place ordr"])\n')})
    code = main(["check", str(models)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("models/shop.py:5: error: scenario 'Checkout', step 1: 'place ordr' "
                          "is not a flow of system 'Shop'"), err
    assert "hint: did you mean 'place order'?" in err
    assert "Traceback" not in err and out == ""
