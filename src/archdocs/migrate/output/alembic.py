"""Optional output: one Alembic revision per phase, chained, for teams that run migrations
through Alembic. Deploy checkpoints stay comments. On PostgreSQL each step keeps its own
transaction scope, as in the SQL script: it runs in an ``autocommit_block()`` (an atomic step
inside its own ``BEGIN`` … ``COMMIT``), so ``ADD … NOT VALID`` commits before ``VALIDATE``
starts and ``CONCURRENTLY`` never meets a transaction. Each ``downgrade()`` runs the steps'
rollback statements in reverse, the same way (or refuses, past the point of no return). The
first revision attaches to ``down_revision`` (``--down-revision``: an existing head)."""

from __future__ import annotations

import hashlib

from archdocs.migrate.dialects import DialectName
from archdocs.migrate.plan.steps import Plan, Statement, Step
from archdocs.naming import slugify


def _timeouts(plan: Plan, step: Step) -> list[str]:
    if plan.dialect is DialectName.POSTGRESQL:
        capped = step.blocks_writes or not step.long_running
        return ["SET lock_timeout = '5s'",
                f"SET statement_timeout = '{'60s' if capped else '0'}'"]
    if plan.dialect is DialectName.MYSQL:
        return ["SET SESSION lock_wait_timeout = 5"]
    return []


def _indent(lines: list[str], depth: int) -> list[str]:
    return [("    " * depth + line) if line else "" for line in lines]


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def _upgrade_body(plan: Plan, steps: list[Step]) -> list[str]:
    body: list[str] = []
    for step in steps:
        body += _comment(f"{step.title}" + (f" (table {step.table})" if step.table else ""))
        if step.is_checkpoint:
            body += _comment(f"CHECKPOINT: {step.title}; this revision stops being safe to run "
                             "past here until it is done.")
            continue
        statements = [_explained(plan, s) for s in step.statements
                      if s.sql not in ("BEGIN", "COMMIT")]
        body += _scoped(plan, _timeouts(plan, step), statements,
                        atomic=step.atomic or any(s.sql == "BEGIN" for s in step.statements))
    return _with_statement(body)


def _explained(plan: Plan, statement: Statement) -> str:
    """The statement, after the comments saying which squawk rules it knowingly triggers and
    why (as in the SQL script), so the offline SQL lints clean."""
    if not statement.explains or plan.dialect is not DialectName.POSTGRESQL:
        return statement.sql
    lines = [f"-- {rule}: {reason}" for rule, reason in statement.explains]
    lines.append(f"-- squawk-ignore {', '.join(rule for rule, _ in statement.explains)}")
    return "\n".join([*lines, statement.sql])


def _scoped(plan: Plan, timeouts: list[str], statements: list[str], *, atomic: bool) -> list[str]:
    """``op.execute`` calls for one step. PostgreSQL: in an autocommit block of its own, an
    atomic step in one explicit transaction; other servers commit every DDL statement."""
    if plan.dialect is not DialectName.POSTGRESQL:
        return [f"op.execute({s!r})" for s in (*timeouts, *statements)]
    wrapped = ([*timeouts, "BEGIN", *statements, "COMMIT"] if atomic
               else [*timeouts, *statements])
    return ["with op.get_context().autocommit_block():",
            *_indent([f"op.execute({s!r})" for s in wrapped], 1)]


def _with_statement(body: list[str]) -> list[str]:
    """A function body needs one statement, not only comments."""
    return body if any(not line.lstrip().startswith("#") for line in body) else [*body, "pass"]


def _downgrade_body(plan: Plan, steps: list[Step]) -> list[str]:
    body: list[str] = []
    for step in reversed(steps):
        if step.is_checkpoint:
            continue
        if step.point_of_no_return:
            return [f"raise RuntimeError({('point of no return: ' + step.title + '; restore from the backup taken before it')!r})"]
        statements = list(step.rollback)
        if statements:
            body += _comment(f"undo: {step.title}")
            body += _scoped(plan, _timeouts(plan, step), statements, atomic=step.atomic)
        elif step.rollback_note:
            body += _comment(f"{step.title}: {step.rollback_note}")
    return _with_statement(body)


def _doc(text: str) -> str:
    """User text made safe inside a triple-quoted docstring."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def render_alembic_revisions(plan: Plan, down_revision: str | None = None) -> dict[str, str]:
    """File name → source of one revision per phase of ``plan``, chained with stable ids; the
    first one follows ``down_revision`` (an existing head), or starts a history."""
    files: dict[str, str] = {}
    previous: str | None = down_revision
    for number, (phase, steps) in enumerate(plan.by_phase(), 1):
        body = _upgrade_body(plan, steps)
        revision = hashlib.sha256("\n".join([plan.datastore, phase.value, str(previous),
                                             *body]).encode()).hexdigest()[:12]
        name = f"{number:02d}_{slugify(plan.datastore or 'db')}_{phase.value}_{revision}.py"
        source = [
            f'"""archdocs plan for {_doc(plan.datastore)}: phase {number}, {phase.value}.',
            "",
            f"{phase.purpose}.",
            f"Generated by archdocs plan ({_doc(plan.base_label)} → {_doc(plan.head_label)}, "
            f"{plan.dialect.value}).",
            '"""',
            "",
            "from alembic import op",
            "",
            f"revision = {revision!r}",
            f"down_revision = {previous!r}",
            "branch_labels = None",
            "depends_on = None",
            "",
            "",
            "def upgrade() -> None:",
            *_indent(body, 1),
            "",
            "",
            "def downgrade() -> None:",
            *_indent(_downgrade_body(plan, steps), 1),
            "",
        ]
        files[name] = "\n".join(source)
        previous = revision
    return files
