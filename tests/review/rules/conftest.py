"""Fixtures for the rule tests: write a small model into a fresh models directory, load it the
way ``archdocs check`` does, and run the rules under test; or run the example of a rule's
reference page (its ``RuleDoc``), so a test does not spell the same model out again."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from archdocs.load import load_models
from archdocs.review.engine import Report, all_rules, review
from archdocs.review.examples import MODEL_FILE, PRELUDE, review_example
from archdocs.review.finding import Finding


class Reviewed:
    """A reviewed model: its report, and the findings of the rules under test."""

    def __init__(self, report: Report, root: Path, model: str = "model.py",
                 hidden_lines: int = 0) -> None:
        self.report = report
        self.root = root
        self.model = root / model
        self.hidden_lines = hidden_lines
        """Lines before the model's own first line that its findings do not count."""

    def of(self, rule: str) -> list[Finding]:
        return [f for f in self.report.findings if f.rule == rule]

    def messages(self, rule: str) -> list[str]:
        return [f.message for f in self.of(rule)]

    def line_of(self, text: str) -> int:
        """The 1-based line of the model containing ``text`` (to check file:line)."""
        lines = self.model.read_text(encoding="utf-8").splitlines()[self.hidden_lines:]
        for number, line in enumerate(lines, 1):
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


@pytest.fixture
def rule_example(tmp_path: Path) -> Callable[..., Reviewed]:
    """``rule_example("INT001")``: the full review of the example on the rule's reference page
    (``rule_example("INT001", fixed=True)``: of its fixed example). Lines are counted in the
    example as the page shows it."""
    counter = itertools.count()

    def run(rule_id: str, *, fixed: bool = False) -> Reviewed:
        root = tmp_path / f"example{next(counter)}"
        report = review_example(all_rules()[rule_id], fixed=fixed, root=root)
        return Reviewed(report, root, MODEL_FILE, PRELUDE.count("\n"))

    return run


@pytest.fixture
def example_model() -> Callable[..., str]:
    """``example_model("INT007", (old, new), ...)``: the model of the rule's page example (its
    fixed example with ``fixed=True``) with each ``old`` text replaced, for the edge cases a
    test builds from it; a replacement that no longer matches fails the test."""

    def source(rule_id: str, *replacements: tuple[str, str], fixed: bool = False) -> str:
        doc = all_rules()[rule_id].doc
        text = doc.fixed if fixed else doc.example
        for old, new in replacements:
            assert old in text, f"{old!r} is no longer in the example of {rule_id}"
            text = text.replace(old, new)
        return text

    return source
