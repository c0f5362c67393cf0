"""MIG001–MIG006: architecture migrations are checked like the rest of the model."""

MODEL = '''
    system = System("Shop")
    orders = system.context("Orders")
    api = orders.service("order-api")
    old_db = orders.datastore("orders-db", tech.PostgreSQL("16"))
    new_db = orders.datastore("orders-store", tech.PostgreSQL("16"))
    system.flow(api, old_db, Mechanism.QUERY, access=Access.READ_WRITE)
    {extra_flow}
    system.migration(
        "Move orders",
        from_state="orders in orders-db",
        to_state="orders in orders-store",
        cutover_criteria={criteria},
        phases=[
            Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, new_db],
                  rollback={first_rollback}),
            Phase("switch reads", cutover=True, elements=[api], rollback={cutover_rollback},
                  point_of_no_return={point_at_cutover}),
            Phase("drop the old tables", elements=[old_db], rollback="restore from backup",
                  point_of_no_return={point_at_drop}),
        ],
    )
'''

GOOD = dict(
    extra_flow="system.flow(api, new_db, Mechanism.QUERY, access=Access.WRITE)",
    criteria='["replication lag < 5 s for 7 days"]',
    first_rollback='"stop writing orders-store"',
    cutover_rollback='"flip the read flag back"',
    point_at_cutover="False",
    point_at_drop="True",
)


def model(**changes: str) -> str:
    return MODEL.format(**{**GOOD, **changes})


RULES = ("MIG001", "MIG002", "MIG003", "MIG004", "MIG005", "MIG006")


def test_a_complete_migration_passes_every_migration_rule(review_model):
    reviewed = review_model(model(), *RULES)
    assert [f.rule for f in reviewed.report.findings] == []


def test_a_cutover_without_rollback_is_an_error_at_the_phase(review_model):
    reviewed = review_model(model(cutover_rollback="None"), "MIG001")
    [finding] = reviewed.of("MIG001")
    assert finding.severity == "error"
    assert "'switch reads' has no rollback" in finding.message
    assert finding.line == reviewed.line_of('Phase("switch reads"')


def test_dual_writing_to_a_store_no_flow_reaches_is_reported(review_model):
    reviewed = review_model(model(extra_flow=""), "MIG002")
    [finding] = reviewed.of("MIG002")
    assert "dual-writes to 'orders-store', but no flow reaches it" in finding.message


def test_dropping_the_old_place_without_a_point_of_no_return_is_reported(review_model):
    reviewed = review_model(model(point_at_drop="False"), "MIG003")
    [finding] = reviewed.of("MIG003")
    assert "'drop the old tables' removes the old place" in finding.message
    assert finding.line == reviewed.line_of('Phase("drop the old tables"')


def test_a_phase_without_rollback_before_the_point_of_no_return_is_reported(review_model):
    reviewed = review_model(model(first_rollback="None"), "MIG004")
    assert [f.message for f in reviewed.of("MIG004")] == [
        "migration 'Move orders': phase 'dual write' has no rollback"]


def test_a_cutover_without_criteria_is_reported(review_model):
    reviewed = review_model(model(criteria="[]"), "MIG005")
    [finding] = reviewed.of("MIG005")
    assert "declares no cutover criteria" in finding.message


def test_a_point_of_no_return_before_the_cutover_is_reported(review_model):
    reviewed = review_model(model(point_at_drop="False", point_at_cutover="False").replace(
        'Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, new_db],',
        'Phase("dual write", sync=SyncMechanism.DUAL_WRITE, elements=[api, new_db], '
        'point_of_no_return=True,'), "MIG006")
    [finding] = reviewed.of("MIG006")
    assert "point of no return 'dual write' comes before the cutover 'switch reads'" in (
        finding.message)


def test_the_flagship_migrations_pass(tmp_path):
    from pathlib import Path

    from archdocs.load import load_models
    from archdocs.review.engine import review

    models = Path(__file__).resolve().parents[3] / "models"
    report = review(load_models(models), only=list(RULES))
    assert [f.message for f in report.findings] == []
