"""The generated reference pages of archdocs' own site."""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import sys
from pathlib import Path
from types import ModuleType

import archdocs.model as model
from archdocs.cli import COMMANDS, build_parser

REPO = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    """tools/reference_docs.py: archdocs' own doc tooling, outside the package."""
    spec = importlib.util.spec_from_file_location("reference_docs", REPO / "tools" /
                                                  "reference_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_REFERENCE = _tool()
cli_reference, model_reference = _REFERENCE.cli_reference, _REFERENCE.model_reference


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
