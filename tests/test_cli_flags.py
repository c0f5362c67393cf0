"""Options a user puts anywhere on the command line: ``--debug`` after the command, as the
error hint "rerun with --debug" invites (``archdocs generate out --debug``)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from archdocs.cli import build_parser, main


def _command_paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
                   ) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                found.append(((*prefix, name), subparser))
                found += _command_paths(subparser, (*prefix, name))
    return found


COMMANDS = _command_paths(build_parser())


def test_every_command_is_covered() -> None:
    names = {path[0] for path, _ in COMMANDS}
    assert {"check", "export", "adr", "diff", "generate", "init", "import", "drift",
            "plan"} <= names
    assert ("adr", "new") in {path for path, _ in COMMANDS}


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS], ids=" ".join)
def test_every_command_lists_debug_in_its_help(path: tuple[str, ...], capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*path, "--help"])
    assert exit_.value.code == 0
    assert "--debug" in capsys.readouterr().out


@pytest.fixture
def broken_models(tmp_path: Path) -> Path:
    models = tmp_path / "models"
    models.mkdir()
    (models / "shop.py").write_text("raise RuntimeError('boom in the model')\n")
    return models


@pytest.mark.parametrize("argv", [
    ["check", "{models}", "--debug"],
    ["check", "--debug", "{models}"],
    ["--debug", "check", "{models}"],
    ["export", "{models}", "--format", "json", "--debug"],
    ["generate", "{out}", "{models}", "--debug"],
    ["generate", "--debug", "{out}", "{models}"],
], ids=" ".join)
def test_debug_after_the_command_shows_the_traceback(argv: list[str], broken_models: Path,
                                                     tmp_path: Path, capsys) -> None:
    args = [a.format(models=broken_models, out=tmp_path / "site") for a in argv]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert "shop.py:1: error: RuntimeError while importing the model: boom in the model" in err


def test_without_debug_there_is_no_traceback(broken_models: Path, tmp_path: Path,
                                             capsys) -> None:
    code = main(["generate", str(tmp_path / "site"), str(broken_models)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and "boom in the model" in err


def test_debug_after_an_adr_action(tmp_path: Path, capsys) -> None:
    code = main(["adr", "list", "--dir", str(tmp_path / "adr"), "--debug"])
    assert code in (0, 2), capsys.readouterr().err
    assert "unrecognized arguments" not in capsys.readouterr().err


@pytest.mark.parametrize(("command", "concepts"), [
    ("export", ["relationships", "scenarios"]),
    ("diff", ["relationships", "scenarios"]),
    ("generate", ["context map", "scenarios", "views", "deployment", "phase"]),
])
def test_help_names_the_newer_concepts_a_command_covers(command: str, concepts: list[str],
                                                        capsys) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for concept in concepts:
        assert concept in text, (command, concept)
