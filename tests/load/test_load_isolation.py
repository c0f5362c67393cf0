"""A model file cannot end archdocs, hide behind a standard-library name, or corrupt JSON output:
``sys.exit()`` is a model error with file and line, files named like standard modules are loaded
by path, and what a model prints goes to stderr."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from archdocs.cli import main
from archdocs.errors import ModelLoadError
from archdocs.load import load_models

HEADER = "from archdocs import System, tech\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("call", ["sys.exit()", "sys.exit(0)", "exit()", "raise SystemExit(3)",
                                  "raise GeneratorExit()"])
def test_a_model_that_exits_is_a_model_error_with_file_and_line(call, write_model, capsys,
                                                                monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    models = write_model({
        "a_good.py": HEADER + 'system = System("Shop")\n',
        "quits.py": "import sys\n\n" + call + "\n",
    })
    for command in (["check"], ["check", "--format", "json"], ["export"], ["plan"],
                    ["generate", str(tmp_path / "out"), "--no-cache", "-q"]):
        args = [*command[:2], str(models), *command[2:]] if command[0] == "generate" \
            else [*command, str(models)]
        code, out, err = run(capsys, *args)
        assert code == 2, (command, out, err)
        assert err.startswith("models/quits.py:3: error: "), err
        assert "Traceback" not in err and "internal error" not in err
        assert out == ""


@pytest.mark.parametrize("stem", ["email", "calendar", "logging", "platform", "json", "string"])
def test_a_model_file_named_like_a_standard_module_is_loaded(stem, write_model, capsys):
    models = write_model({
        "a_shop.py": HEADER + 'system = System("Shop")\n',
        f"{stem}.py": HEADER + f'other = System("Named {stem}")\n'
        f'other.context("Ctx").datastore("{stem}-db", tech.PostgreSQL("16"))\n',
    })
    model = load_models(models)
    assert sorted(s.name for s in model.systems) == ["Named " + stem, "Shop"]
    code, out, _ = run(capsys, "export", str(models))
    assert code == 0
    assert f"{stem}-db" in out
    # The standard module is still the standard module for everyone else.
    module = __import__(stem)
    assert not getattr(module, "__file__", "").startswith(str(models))


def test_a_package_named_like_a_standard_module_is_loaded(write_model):
    models = write_model({
        "logging/__init__.py": "",
        "logging/tables.py": HEADER + 'system = System("Logs")\n',
    })
    assert [s.name for s in load_models(models).systems] == ["Logs"]


def test_what_a_model_prints_goes_to_stderr_and_json_stays_json(write_model, capsys):
    models = write_model({"shop.py": 'print("hello from the model")\n' + HEADER
                          + 'system = System("Shop")\nsystem.context("Sales")\n'})
    code, out, err = run(capsys, "check", "--format", "json", str(models))
    assert code in (0, 1)
    json.loads(out)
    assert "hello from the model" in err
    code, out, err = run(capsys, "export", str(models))
    assert code == 0
    assert json.loads(out)["systems"][0]["name"] == "Shop"
    assert "hello from the model" in err


def test_model_files_still_import_each_other(write_model, tmp_path: Path):
    models = write_model({
        "shop/__init__.py": "",
        "shop/names.py": 'NAME = "Shop"\n',
        "system.py": HEADER + "from shop.names import NAME\nsystem = System(NAME)\n",
    })
    assert [s.name for s in load_models(models).systems] == ["Shop"]


def _rewrite_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """An edit a quick save makes: same length, and the modification time it had."""
    assert len(old) == len(new)
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_every_load_runs_the_files_as_they_are_now(write_model, monkeypatch):
    # mkdocs serve loads the model again after each save, in the same process: an edit is seen
    # even when it keeps the file's size and modification time, in a file imported by module
    # name, in one another file imports, and in one loaded by its path (a standard name).
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no bytecode file to go stale
    models = write_model({
        "shop/__init__.py": "",
        "shop/names.py": 'NAME = "Shop"\n',
        "system.py": HEADER + "from shop.names import NAME\nsystem = System(NAME)\n"
                     'system.context("Sales")\n',
        "email.py": HEADER + 'other = System("Mail")\n',
    })
    first = load_models(models)
    assert sorted(s.name for s in first.systems) == ["Mail", "Shop"]
    assert [c.name for s in first.systems for c in s.contexts] == ["Sales"]
    _rewrite_keeping_size_and_time(models / "shop/names.py", '"Shop"', '"Shoe"')
    _rewrite_keeping_size_and_time(models / "system.py", '"Sales"', '"Sells"')
    _rewrite_keeping_size_and_time(models / "email.py", '"Mail"', '"Post"')
    second = load_models(models)
    assert sorted(s.name for s in second.systems) == ["Post", "Shoe"]
    assert [c.name for s in second.systems for c in s.contexts] == ["Sells"]
    # A syntax error saved between two good versions is reported with its line, then gone.
    _rewrite_keeping_size_and_time(models / "system.py", '"Sells"', '"Sells(')
    with pytest.raises(ModelLoadError) as error:
        load_models(models)
    assert str(error.value.location).endswith("system.py:4")
    _rewrite_keeping_size_and_time(models / "system.py", '"Sells(', '"Sales"')
    assert [c.name for s in load_models(models).systems for c in s.contexts] == ["Sales"]
    # A deleted file is not run again.
    (models / "email.py").unlink()
    assert [s.name for s in load_models(models).systems] == ["Shoe"]


def test_printed_paths_follow_the_working_directory_of_the_moment(write_model, monkeypatch,
                                                                   tmp_path: Path):
    # Without a repository, paths are relative to the working directory when the models lie
    # below it: one loaded model asked from two directories answers for each.
    models = write_model({"shop.py": HEADER + 'system = System("Shop")\n'})
    model = load_models(models)
    monkeypatch.chdir(tmp_path)
    assert model.display_root == tmp_path.resolve()
    assert model.display_path(model.systems[0].declared_at).file == "models/shop.py"
    monkeypatch.chdir(models)
    assert model.display_root == models.resolve()
    assert model.display_path(model.systems[0].declared_at).file == "shop.py"


def test_a_model_that_empties_the_import_machinery_is_a_model_error(write_model):
    models = write_model({
        "a_shop.py": HEADER + 'system = System("Shop")\n',
        "b_meddles.py": "import sys\n\nsys.meta_path.clear()\nimport a_helper_nobody_has\n",
    })
    saved = list(sys.meta_path)
    try:
        with pytest.raises(ModelLoadError) as error:
            load_models(models)
    finally:
        sys.meta_path[:] = saved
    assert str(error.value.location).endswith("b_meddles.py:4")
