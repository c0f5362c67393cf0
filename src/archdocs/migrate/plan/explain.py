"""Explanations attached to statements for the lint findings a plan knowingly accepts.

squawk (and similar linters) also flag the *model's* type choices wherever a type is written:
``integer`` rather than ``bigint``, ``varchar(n)`` rather than ``text``. Those are schema
design questions for the review (``archdocs check``), not migration hazards; the plan says so
next to the statement instead of silently excluding the rules.
"""

from __future__ import annotations

import dataclasses
import re

from archdocs.migrate.plan.steps import Statement, Step

_WRITES_TYPES = re.compile(r"^(CREATE TABLE|ALTER TABLE .* (ADD COLUMN|TYPE|MODIFY COLUMN))",
                           re.DOTALL)
_TYPE_RULES = [
    (re.compile(r"\b(INTEGER|SMALLINT|SERIAL)\b"), "prefer-bigint-over-int",
     "the model declares this integer type (a schema-design choice, not a migration hazard)"),
    (re.compile(r"\bVARCHAR\("), "prefer-text-field",
     "the model declares this varchar length (a schema-design choice, not a migration hazard)"),
    (re.compile(r"\bTIMESTAMP WITHOUT TIME ZONE\b|\bTIMESTAMP\b(?! WITH)"), "prefer-timestamptz",
     "the model declares a timestamp without time zone"),
]


def explain_model_types(step: Step) -> Step:
    statements = tuple(_explained(s) for s in step.statements)
    return dataclasses.replace(step, statements=statements)


def _explained(statement: Statement) -> Statement:
    if not _WRITES_TYPES.match(statement.sql):
        return statement
    known = {rule for rule, _ in statement.explains}
    extra = tuple((rule, why) for pattern, rule, why in _TYPE_RULES
                  if rule not in known and pattern.search(statement.sql))
    return dataclasses.replace(statement, explains=statement.explains + extra) if extra else statement
