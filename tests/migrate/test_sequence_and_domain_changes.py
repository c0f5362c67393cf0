"""A column's sequence whose options changed is altered, never restarted; a domain whose base
type changed is still left to people."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, MetaData, Sequence, Table
from sqlalchemy.dialects.postgresql import DOMAIN

from archdocs.migrate import DialectName, diff_metadata, plan_diff
from archdocs.migrate.output.sql import render_sql
from archdocs.migrate.plan.steps import Severity


def _keyed(sequence: Sequence) -> MetaData:
    metadata = MetaData()
    Table("t", metadata, Column("id", Integer, sequence, primary_key=True))
    return metadata


def test_a_column_sequence_with_new_options_is_altered_without_restart():
    old = _keyed(Sequence("t_id_seq"))
    new = _keyed(Sequence("t_id_seq", start=500, increment=3, cycle=True))
    for dialect in (DialectName.POSTGRESQL, DialectName.MYSQL):
        plan = plan_diff(diff_metadata(old, new, dialect), dialect)
        script = render_sql(plan)
        assert "ALTER SEQUENCE IF EXISTS t_id_seq INCREMENT BY 3 START WITH 500 CYCLE" in script
        assert "RESTART" not in script.replace("ALTER SEQUENCE ... RESTART", "")
        (step,) = [s for s in plan.steps if not s.is_checkpoint]
        assert step.severity is Severity.WARNING  # CYCLE hands out used numbers again
        assert any("next number stays where it is" in note for note in step.notes)


def test_a_domain_with_a_new_base_type_is_still_a_checkpoint():
    def schema(base: type) -> MetaData:
        metadata = MetaData()
        Table("t", metadata, Column("id", Integer, primary_key=True),
              Column("q", DOMAIN("amount", base, not_null=base is BigInteger)))
        return metadata

    plan = plan_diff(diff_metadata(schema(Integer), schema(BigInteger), DialectName.POSTGRESQL),
                     DialectName.POSTGRESQL)
    (step,) = plan.steps
    assert step.is_checkpoint and step.severity is Severity.ERROR
    assert "by hand" in step.title
