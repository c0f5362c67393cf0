"""A wrong argument at a builder call is a model error at the caller's line, saying what was
expected: exit 2 for check, export, generate and plan, never an "internal error" or a rule crash.
An internal error, kept for real bugs, always says how to report it."""

from __future__ import annotations

import pytest

from archdocs.cli import main
from archdocs.review import rule as rule_module
from archdocs.review.rule import Rule

HEADER = (
    "from archdocs import *\n"
    'system = System("Shop")\n'
    'ctx = system.context("Sales")\n'
)

CASES = [
    ('ctx.service(None, description="x")', "name must be a str, not None", None),
    ('ctx.service("api", description=42)', "description must be a str, not int 42", None),
    ('ctx.datastore("db", tech.PostgreSQL)', "technology must be a Technology",
     'call it with the version you run, e.g. tech.PostgreSQL("16")'),
    ('ctx.datastore("db", tech.PostgreSQL("16"), role="cache")', "role must be a Role",
     "write Role.CACHE instead of the string"),
    ('ctx.datastore("db", tech.PostgreSQL("16"), role=Mechanism.QUERY)', "role must be a Role",
     "one of Role.SYSTEM_OF_RECORD"),
    ('ctx.datastore("db", tech.PostgreSQL("16"), requirements="acid")',
     "requirements must be a list of Requirement", "write a list: [Requirement.ACID]"),
    ('ctx.datastore("db", tech.PostgreSQL("16"), requirements=[Requirement.ACID, 3])',
     "requirements must be a list of Requirement", None),
    ('ctx.datastore("db", tech.PostgreSQL("16"), schema="orders")',
     "schema must be a DeclarativeBase subclass or a MetaData", None),
    ('ctx.datastore("db", tech.PostgreSQL("16"), volumes={"t": 5})',
     "volumes must be a dict of a str to a Volume", None),
    ('ctx.datastore("db", tech.PostgreSQL("16"), scaling=Scaling(partitioning=Partitioning('
     '"t", "c")))', "partitioning must be a list of Partitioning", "write a list: [Partitioning"),
    ('Volume(rows="many")', "rows must be an int or None", None),
    ('system.flow("a", "b", "query")', "mechanism must be a Mechanism",
     "write Mechanism.QUERY instead of the string"),
    ('system.flow(None, "b", Mechanism.QUERY)', "source must be an Element or a str", None),
    ('system.flow("a", "b", Mechanism.QUERY, carries=[3])', "carries must be a Table or a str",
     None),
    ('system.flow("a", "b", Mechanism.QUERY, consistency="strong")',
     "consistency must be a Consistency", 'write strong() or eventual("5s")'),
    ('ctx.service("api", suppress=["SCH004"])', "suppress must be a list of Suppression",
     None),
    ('system.context(["Sales"])', "name must be a str, not list", None),
]


@pytest.mark.parametrize(("line", "message", "hint"), CASES)
def test_a_wrong_argument_is_reported_at_the_call(line, message, hint, write_model, capsys,
                                                 monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    models = write_model({"shop.py": HEADER + "\n" + line + "\n"})
    for command in (["check"], ["check", "--format", "json"], ["export"],
                    ["generate", str(tmp_path / "out")], ["plan"]):
        code = main([*command, str(models)] if command[0] != "generate"
                    else [*command, str(models), "--no-cache", "-q"])
        out, err = capsys.readouterr()
        assert code == 2, (command, err)
        assert err.startswith("models/shop.py:5: error: "), (command, err)
        assert message in err, err
        if hint:
            assert f"hint: {hint}" in err
        assert "internal error" not in err and "Traceback" not in err
        assert out == ""


def test_an_internal_error_says_how_to_report_it(write_model, capsys, monkeypatch):
    models = write_model({"shop.py": HEADER})

    def crash(_context):
        raise RuntimeError("a bug")

    monkeypatch.setitem(rule_module.REGISTRY, "ZZZ999", Rule(
        "ZZZ999", "crashes", rule_module.Severity.ERROR, "test", "why", "fix", crash, True))
    code = main(["check", str(models)])
    err = capsys.readouterr().err
    assert code == 2
    assert "internal error: 1 rule(s) failed" in err
    assert "this is a bug in archdocs: please report it" in err and "--debug" in err


def test_an_unexpected_exception_is_an_internal_error_that_says_how_to_report_it(
        write_model, capsys, monkeypatch):
    import archdocs.cli.export as export_command

    def broken(_args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(export_command, "run", broken)
    code = main(["export", str(write_model({"shop.py": HEADER}))])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("archdocs: internal error: RuntimeError: a bug\n")
    assert "this is a bug in archdocs: please report it" in err and "--debug" in err
    assert "Traceback" not in err
