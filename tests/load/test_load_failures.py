"""What a user sees when the models directory cannot be loaded: one line naming the file and
line, the cause and a hint; exit code 2; a traceback only with --debug."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from archdocs.cli import main

GOOD_HEADER = "from archdocs import System, tech\n"


def write(root: Path, name: str, source: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def shown(path: Path) -> str:
    """How archdocs prints ``path`` of a models folder outside any repository and outside the
    working directory: relative to the folder holding the models folder, as findings are."""
    models = next(p for p in path.parents if p.name == "models")
    return path.relative_to(models.parent).as_posix()


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def models(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    write(root, "a_good.py", GOOD_HEADER + 'system = System("Shop")\n')
    return root


def test_syntax_error_names_file_line_and_the_line_text(models, capsys):
    bad = write(models, "orders.py", GOOD_HEADER + 'x = System("Orders"\ny = 1 +\n')
    code, out, err = check(capsys, str(models))
    assert code == 2
    assert out == ""
    assert f"{shown(bad)}:" in err
    assert "error: syntax error" in err
    assert "Traceback" not in err


def test_syntax_error_line_number_is_the_offending_line(models, capsys):
    bad = write(models, "orders.py", GOOD_HEADER + "ok = 1\ndef broken(:\n    pass\n")
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert err.startswith(f"{shown(bad)}:3: error: syntax error")
    assert "the line reads: def broken(:" in err


def test_importing_a_missing_module_names_the_import_line(models, capsys):
    bad = write(models, "orders.py", GOOD_HEADER + "\nimport shop_helpers_that_do_not_exist\n")
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert err.startswith(f"{shown(bad)}:3: error: cannot import module "
                          "'shop_helpers_that_do_not_exist'")
    assert "hint:" in err
    assert "Traceback" not in err


def test_importing_a_name_that_does_not_exist_is_an_import_error(models, capsys):
    bad = write(models, "orders.py", "from archdocs import Sytem\n")
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert err.startswith(f"{shown(bad)}:1: error: ImportError while importing the model")
    assert "Sytem" in err


def test_an_exception_during_import_points_at_the_users_line(models, capsys):
    bad = write(models, "orders.py", GOOD_HEADER + textwrap.dedent('''
        system = System("Orders")
        sales = system.context("Sales")
        sales.datastore("db", tech.PostgreSQL("16"), schema="not a schema")
    '''))
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert err.startswith(f"{shown(bad)}:5: error: Datastore 'db': schema must be a "
                          "DeclarativeBase subclass")
    assert "Traceback" not in err


def test_an_exception_in_a_module_imported_by_another_points_at_the_imported_file(
        models, capsys):
    helper = write(models, "_lib/__init__.py", "")
    helper = write(models, "_lib/numbers.py", "ratio = 1 / 0\n")
    write(models, "orders.py", "from _lib.numbers import ratio\n")
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert err.startswith(f"{shown(helper)}:1: error: ZeroDivisionError while importing")


def test_debug_shows_the_traceback(models, capsys):
    write(models, "orders.py", "raise RuntimeError('boom')\n")
    code = main(["--debug", "check", str(models)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: boom" in err


def test_a_missing_models_directory_is_exit_2_with_a_hint(tmp_path, capsys):
    code, _, err = check(capsys, str(tmp_path / "nowhere"))
    assert code == 2
    assert "models path" in err and "does not exist" in err
    assert "hint:" in err


def test_a_directory_without_a_system_is_exit_2(tmp_path, capsys):
    write(tmp_path / "models", "empty.py", "x = 1\n")
    code, _, err = check(capsys, str(tmp_path / "models"))
    assert code == 2
    assert "declare no System" in err


def test_export_fails_the_same_way(models, capsys):
    bad = write(models, "orders.py", "def broken(:\n")
    code = main(["export", str(models)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith(f"{shown(bad)}:1: error: syntax error")


def test_paths_are_relative_to_the_working_directory(models, capsys, monkeypatch):
    write(models, "orders.py", "x = (\n")
    monkeypatch.chdir(models.parent)
    code, _, err = check(capsys)  # the default path: models
    assert code == 2
    assert err.startswith("models/orders.py:1: error: syntax error: '(' was never closed")
    assert "hint: the line reads: x = (" in err


def test_misspelt_enum_member_suggests_the_closest_names(models, capsys):
    bad = write(models, "orders.py", "from archdocs import Requirement\n"
                "needs = [Requirement.ACID,\n         Requirement.FULL_TEXT_SEARCH]\n")
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert err.startswith(f"{shown(bad)}:3: error: Requirement has no attribute "
                          "'FULL_TEXT_SEARCH'")
    assert "did you mean FULL_TEXT" in err


def test_a_near_but_wrong_member_of_a_small_enum_lists_all_members(models, capsys):
    write(models, "plan.py", "from archdocs import MigrationStatus\ns = MigrationStatus.PLANNED\n")
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert ("hint: did you mean ABANDONED? its members are PROPOSED, IN_PROGRESS, DONE, "
            "ABANDONED") in err, err


def test_unknown_attribute_with_nothing_close_lists_the_enum_members(models, capsys):
    write(models, "orders.py", "from archdocs import Mechanism\nm = Mechanism.TELEPATHY\n")
    code, _, err = check(capsys, str(models))
    assert code == 2
    assert "Mechanism has no attribute 'TELEPATHY'" in err
    assert "its members are SYNC_REQUEST, QUERY" in err


# Model declarations check themselves and raise an ArchdocsError of their own kind with the
# declaring line. The CLI shows it as one line (never wrapped as "XError while importing the
# model: /abs/path:5: error: ..."), the file relative as elsewhere, then its own hint.
_OWN_LOCATION_ERRORS = {
    "ContextMapError": (
        """\
        from archdocs import System
        system = System("Shop")
        catalog = system.context("Catalog")
        system.relationship(upstream=catalog, downstream=catalog)
        """, 4, "context 'Catalog' is related to itself", "name the other one"),
    "PhysicalError": (
        """\
        from archdocs import System
        from archdocs import Topic
        system = System("Shop")
        Topic("orders", retention="7 dayz")
        """, 4, "cannot read retention time '7 dayz'", "hint:"),
    "ModelLoadError": (
        """\
        from archdocs import Mechanism, System
        system = System("Shop")
        ctx = system.context("Catalog")
        api = ctx.service("api")
        db = ctx.service("worker")
        system.flow(api, db, Mechanism.SYNC_REQUEST, name="place order")
        system.scenario("Checkout", steps=["place ordr"])
        """, 7, "scenario 'Checkout', step 1: 'place ordr' is not a flow of system 'Shop'",
        "did you mean 'place order'?"),
    "ViewError": (
        """\
        from archdocs import System, tech
        system = System("Shop")
        ctx = system.context("Catalog")
        db = ctx.datastore("catalog-db", tech.PostgreSQL("16"))
        db.er_view("Nothing", around="orders", depth=-1)
        """, 5, "ER viewpoint 'Nothing': depth must be a whole number", "hint:"),
}


@pytest.mark.parametrize("error_class", sorted(_OWN_LOCATION_ERRORS))
def test_a_model_error_with_its_own_location_is_one_clean_line(tmp_path, capsys, error_class):
    source, line, message, hint = _OWN_LOCATION_ERRORS[error_class]
    bad = write(tmp_path / "models", "shop.py", source)
    code, out, err = check(capsys, str(tmp_path / "models"))
    assert code == 2
    assert out == ""
    first, *rest = err.splitlines()
    assert first.startswith(f"{shown(bad)}:{line}: error: {message}"), err
    assert first.count("error:") == 1, err
    assert "while importing the model" not in err
    assert str(tmp_path) not in err
    assert rest and rest[0].startswith("  hint: ") and hint in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(("line", "message", "hint"), [
    ('system.scenario("Checkout", steps="place order")',
     "scenario 'Checkout': steps must be a list, not 'place order'",
     "hint: put the steps in a list, in order: steps=[flow, ...], even for one step"),
    ('system.view("Catalog only", include=ctx)',
     "include must be a list, not <BoundedContext 'Catalog'>",
     "hint: write include=['Catalog'] (or the variable, in a list)"),
])
def test_a_single_item_where_a_list_is_expected_says_so_in_code_terms(
        tmp_path, capsys, line, message, hint):
    bad = write(tmp_path / "models", "shop.py", f"""\
        from archdocs import Mechanism, System
        system = System("Shop")
        ctx = system.context("Catalog")
        api, db = ctx.service("api"), ctx.service("worker")
        system.flow(api, db, Mechanism.SYNC_REQUEST, name="place order")
        {line}
        """)
    code, _, err = check(capsys, str(tmp_path / "models"))
    assert code == 2
    first, second = err.splitlines()[:2]
    assert first == f"{shown(bad)}:6: error: {message}", err
    assert second.strip() == hint, err
