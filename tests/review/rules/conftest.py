"""Fixtures for the rule tests: write a small model into a fresh models directory, load it the
way ``archdocs check`` does, and run the rules under test."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from archdocs.load import load_models
from archdocs.review.engine import Report, review
from archdocs.review.finding import Finding

PRELUDE = '''\
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (BigInteger, Column, DateTime, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, MetaData, Numeric, String, Table, Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import *  # noqa: F403
from archdocs import tech

'''
"""Imports every test model starts with."""


class Reviewed:
    """A reviewed model: its report, and the findings of the rules under test."""

    def __init__(self, report: Report, root: Path) -> None:
        self.report = report
        self.root = root

    def of(self, rule: str) -> list[Finding]:
        return [f for f in self.report.findings if f.rule == rule]

    def messages(self, rule: str) -> list[str]:
        return [f.message for f in self.of(rule)]

    def line_of(self, text: str) -> int:
        """The 1-based line of ``model.py`` containing ``text`` (to check file:line)."""
        for number, line in enumerate((self.root / "model.py").read_text().splitlines(), 1):
            if text in line:
                return number
        raise AssertionError(f"{text!r} is not in the model")


def _dedent(source: str) -> str:
    """Remove the first line's indentation from every line that has it, so an indented model
    constant and unindented lines appended to it combine into valid Python."""
    lines = source.splitlines()
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip())]
    return "\n".join(line[len(indent):] if line.startswith(indent) else line
                     for line in lines) + "\n"


@pytest.fixture
def review_model(tmp_path: Path) -> Callable[..., Reviewed]:
    """``review_model(source, "INT001")``: the model's review, restricted to the given rules.

    Each call writes a new models directory, so one test can compare two versions.
    """
    counter = itertools.count()

    def run(source: str, *rules: str, extra_files: dict[str, str] | None = None) -> Reviewed:
        root = tmp_path / f"case{next(counter)}" / "models"
        root.mkdir(parents=True)
        (root / "model.py").write_text(PRELUDE + _dedent(source), encoding="utf-8")
        for name, text in (extra_files or {}).items():
            (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
        report = review(load_models(root), only=list(rules) or None)
        return Reviewed(report, root)

    return run
