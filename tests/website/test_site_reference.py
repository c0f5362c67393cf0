"""The generated reference pages of archdocs' own site."""

from __future__ import annotations

import argparse
import inspect

import archdocs.model as model
from archdocs.cli import COMMANDS, build_parser
from archdocs.website.reference_docs import cli_reference, model_reference


def test_cli_reference_documents_every_command() -> None:
    page = cli_reference()
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert len(commands.choices) >= len(COMMANDS)
    for command in commands.choices:
        assert f"## `archdocs {command}`" in page, command
    assert "usage: archdocs generate" in page and "--prefix" in page


def test_model_reference_documents_every_public_class_with_its_docstring() -> None:
    page = model_reference()
    for name in model.__all__:
        obj = getattr(model, name)
        if inspect.isclass(obj):
            assert f"## `{name}`" in page, name
    assert "A deployable unit that owns behaviour" in page  # Service's docstring
    assert "| `cdc` | Change data capture" in page  # enum members with their docs
    assert "``" not in page.replace("```", ""), "reStructuredText literals are converted"
