"""Run the example of a rule's reference page (its :class:`~archdocs.review.rule.RuleDoc`) the
way ``archdocs check`` runs a project: the page generator (``tools/rule_pages.py``) shows what
it prints, and the tests check that the example triggers the rule and the fixed one does not.

The example's model is written to ``models/shop.py`` after :data:`PRELUDE`, its other files
(``RuleDoc.files``) next to ``models/`` in a fresh project folder, and the whole review runs
(SUP003 reports only after a full review). Line numbers are counted in the example as shown,
without the hidden imports.
"""

from __future__ import annotations

import re
import tempfile
import textwrap
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from archdocs.load import load_models
from archdocs.review.engine import Report, review
from archdocs.review.finding import Finding
from archdocs.review.rule import Rule, RuleDoc

PRELUDE = '''\
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (BigInteger, Column, DateTime, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, MetaData, Numeric, String, Table, Text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from archdocs import *  # noqa: F403
from archdocs import tech

'''
"""What every example model is run with (the pages show only the model itself)."""

MODEL_FILE = "models/shop.py"
"""Where the example's model is written, relative to the project folder."""

_PRELUDE_LINES = PRELUDE.count("\n")


def example_source(source: str) -> str:
    """The example model as shown on its page: dedented, without surrounding blank lines."""
    return textwrap.dedent(source).strip() + "\n"


def example_files(doc: RuleDoc, *, fixed: bool = False) -> Mapping[str, str]:
    """The other files of the example project (or of the fixed one)."""
    if fixed and doc.fixed_files is not None:
        return doc.fixed_files
    return doc.files


def write_example(doc: RuleDoc, root: Path, *, fixed: bool = False) -> Path:
    """Write the example project (or the fixed one) into ``root``; return its models folder."""
    model = root / MODEL_FILE
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_text(PRELUDE + example_source(doc.fixed if fixed else doc.example),
                     encoding="utf-8")
    for name, text in example_files(doc, fixed=fixed).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return model.parent


def review_example(rule: Rule, *, fixed: bool = False, root: Path | None = None) -> Report:
    """The full review of the rule's example project (or of the fixed one), written into
    ``root`` (a temporary folder unless given). Findings in the model are numbered as lines of
    the example shown on the page.

    For a rule ``archdocs diff`` reports (``RuleDoc.base``), the review of the example also
    holds the findings ``archdocs diff`` adds when the example replaces the base model."""
    doc = rule.doc
    if root is None:
        with tempfile.TemporaryDirectory(prefix="archdocs-rule-") as tmp:
            return review_example(rule, fixed=fixed, root=Path(tmp))
    head = load_models(write_example(doc, root, fixed=fixed))
    report = review(head)
    findings = list(report.findings)
    if doc.base is not None:
        base_root = root / "base"
        (base_root / MODEL_FILE).parent.mkdir(parents=True, exist_ok=True)
        (base_root / MODEL_FILE).write_text(PRELUDE + example_source(doc.base),
                                            encoding="utf-8")
        # Imported here: the comparison of two models belongs to archdocs diff, which builds
        # on the review; only the examples of its rules need it.
        from archdocs.diff.contracts import unversioned_breaking_changes

        findings += unversioned_breaking_changes(load_models(base_root / "models"), head)
    return replace(report, findings=[_in_example(finding) for finding in findings])


def findings_of(report: Report, rule_id: str) -> list[Finding]:
    return [finding for finding in report.findings if finding.rule == rule_id]


def output_lines(findings: list[Finding]) -> list[str]:
    """The findings as ``archdocs check`` prints them in its text output."""
    lines = []
    for finding in findings:
        where = f" ({finding.target})" if finding.target else ""
        lines.append(f"{finding.file}:{finding.line}: {finding.severity.value} {finding.rule} "
                     f"{finding.element}{where}: {finding.message}")
    return lines


def _in_example(finding: Finding) -> Finding:
    """The finding with lines of the model counted without the hidden imports."""
    line = finding.line - _PRELUDE_LINES if finding.file == MODEL_FILE else finding.line
    hint = _renumbered(finding.hint) if finding.hint is not None else None
    return replace(finding, line=line, message=_renumbered(finding.message), hint=hint)


def _renumbered(text: str) -> str:
    """``models/shop.py:17`` in a message, counted without the hidden imports."""
    return re.sub(re.escape(MODEL_FILE) + r":(\d+)",
                  lambda m: f"{MODEL_FILE}:{int(m.group(1)) - _PRELUDE_LINES}", text)
