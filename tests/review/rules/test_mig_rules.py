"""MIG001–MIG006: architecture migrations are checked like the rest of the model. Every rule's
page shows the same migration with one flaw; its fix is the complete migration."""

import pytest

RULES = ("MIG001", "MIG002", "MIG003", "MIG004", "MIG005", "MIG006")


@pytest.mark.parametrize("rule_id", RULES)
def test_the_complete_migration_passes_every_migration_rule(rule_example, rule_id):
    reviewed = rule_example(rule_id, fixed=True)
    assert [f.message for f in reviewed.report.findings if f.rule in RULES] == []


@pytest.mark.parametrize("rule_id", RULES)
def test_each_flawed_migration_trips_only_its_own_rule(rule_example, rule_id):
    reviewed = rule_example(rule_id)
    assert {f.rule for f in reviewed.report.findings if f.rule in RULES} == {rule_id}


def test_a_cutover_without_rollback_is_an_error_at_the_phase(rule_example):
    reviewed = rule_example("MIG001")
    [finding] = reviewed.of("MIG001")
    assert finding.severity == "error"
    assert "'switch reads' has no rollback" in finding.message
    assert finding.line == reviewed.line_of('Phase("switch reads"')


def test_a_blank_rollback_counts_as_none(review_model, example_model):
    reviewed = review_model(example_model(
        "MIG001", ('rollback="flip the read flag back; orders-db is still written"',
                   'rollback="  "'), fixed=True), "MIG001")
    assert len(reviewed.of("MIG001")) == 1


def test_dual_writing_to_a_store_no_flow_reaches_is_reported(rule_example):
    [finding] = rule_example("MIG002").of("MIG002")
    assert "dual-writes to 'orders-store', but no flow reaches it" in finding.message


def test_dropping_the_old_place_without_a_point_of_no_return_is_reported(rule_example):
    reviewed = rule_example("MIG003")
    [finding] = reviewed.of("MIG003")
    assert "'drop the old tables' removes the old place" in finding.message
    assert finding.line == reviewed.line_of('Phase("drop the old tables"')


def test_a_phase_without_rollback_before_the_point_of_no_return_is_reported(rule_example):
    assert rule_example("MIG004").messages("MIG004") == [
        "migration 'Move orders': phase 'dual write' has no rollback"]


def test_a_cutover_without_criteria_is_reported(rule_example):
    [finding] = rule_example("MIG005").of("MIG005")
    assert "declares no cutover criteria" in finding.message


def test_a_point_of_no_return_before_the_cutover_is_reported(rule_example):
    [finding] = rule_example("MIG006").of("MIG006")
    assert "point of no return 'drop the old tables' comes before the cutover 'switch reads'" \
        in finding.message


def test_the_documented_suppression_silences_it_with_its_reason(review_model, example_model):
    reviewed = review_model(example_model("MIG005", ('    phases=[', '''    suppressions=[suppress(
        "MIG005", "a one-hour maintenance window, agreed with the business")],
    phases=[''')), "MIG005")
    assert reviewed.of("MIG005") == []
    assert [s.reason for s in reviewed.report.suppressed] == [
        "a one-hour maintenance window, agreed with the business"]


def test_the_flagship_migrations_pass(tmp_path):
    from pathlib import Path

    from archdocs.load import load_models
    from archdocs.review.engine import review

    models = Path(__file__).resolve().parents[3] / "models"
    report = review(load_models(models), only=list(RULES))
    assert [f.message for f in report.findings] == []
