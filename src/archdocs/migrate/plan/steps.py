"""Plans as data: phases, steps and the statements of each step."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from archdocs.migrate.changes import Change, ProbableRename
from archdocs.migrate.dialects import DialectName
from archdocs.model.severity import Severity as Severity  # re-exported: the one severity


class PhaseName(StrEnum):
    """The phases of an expand/contract migration, in the order they run."""

    EXPAND = "expand"
    DEPLOY = "deploy"
    BACKFILL = "backfill"
    VALIDATE = "validate"
    CUTOVER = "cutover"
    CONTRACT = "contract"

    @property
    def order(self) -> int:
        return list(PhaseName).index(self)

    @property
    def purpose(self) -> str:
        return _PURPOSE[self]


_PURPOSE = {
    PhaseName.EXPAND: "additive schema changes the running application (N-1) tolerates",
    PhaseName.DEPLOY: "deploy the application version that writes both the old and the new shape",
    PhaseName.BACKFILL: "fill existing rows in batches, outside any DDL transaction",
    PhaseName.VALIDATE: "prove the data meets the new constraints without blocking writes",
    PhaseName.CUTOVER: "switch to the new shape; the previous application version may break",
    PhaseName.CONTRACT: "remove what no code uses any more",
}


@dataclass(frozen=True)
class Statement:
    """One SQL statement. ``explains`` lists squawk rules it knowingly triggers, with why."""

    sql: str
    explains: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Step:
    """One unit of work: a checkpoint for people (deploy) or SQL to run."""

    phase: PhaseName
    title: str
    table: str | None
    statements: tuple[Statement, ...] = ()
    atomic: bool = True
    """Several statements run in one transaction (PostgreSQL); ``False`` for statements that
    must run outside one (``CONCURRENTLY``, batched backfills)."""
    long_running: bool = False
    """Builds, scans or backfills: no statement timeout, but a lock timeout still applies."""
    lock: str = "none"
    rewrites: bool = False
    scans: bool = False
    blocks_writes: bool = False
    """Whether the lock held for a rewrite or scan blocks writes (what volume scales)."""
    compatible_with_previous: bool = True
    compatibility: str = ""
    rollback: tuple[str, ...] = ()
    """The SQL statements that undo the step, in the order they run (none when undoing it
    is not SQL: see ``rollback_note``)."""
    rollback_note: str = ""
    """The rollback as prose for a person ("nothing to undo", "restore from the backup taken
    before this step"), when it is not (only) SQL statements."""
    hazards: tuple[str, ...] = ()
    severity: Severity = Severity.INFO
    point_of_no_return: bool = False
    notes: tuple[str, ...] = ()
    rank: int = 50
    """Order inside the phase (lower first); ties keep the order the changes were found."""

    @property
    def rollback_text(self) -> str:
        """The rollback as one line of text: the note, or the statements joined by ``; ``."""
        return self.rollback_note or "; ".join(self.rollback)

    @property
    def is_checkpoint(self) -> bool:
        """A step for people (deploy code, check a dashboard) with no SQL."""
        return not self.statements


@dataclass
class Plan:
    """The phased plan for one datastore's change set."""

    datastore: str
    dialect: DialectName
    steps: list[Step]
    changes: list[Change] = field(default_factory=list)
    probable_renames: list[ProbableRename] = field(default_factory=list)
    base_label: str = "base"
    head_label: str = "head"
    server: str = ""
    """The server and version the plan was written for (``PostgreSQL 10``)."""

    @property
    def point_of_no_return(self) -> Step | None:
        return next((step for step in self.steps if step.point_of_no_return), None)

    def by_phase(self) -> list[tuple[PhaseName, list[Step]]]:
        return [(phase, [s for s in self.steps if s.phase is phase]) for phase in PhaseName
                if any(s.phase is phase for s in self.steps)]

    @property
    def worst_severity(self) -> Severity:
        return Severity.worst(s.severity for s in self.steps)



_SQL_START = re.compile(r"^(ALTER|DROP|CREATE|UPDATE|RENAME|COMMENT|SET|DELETE|INSERT)\b")
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|(\$\w*\$).*?\1|;""",
                    re.DOTALL)


def structured_rollback(text: str) -> tuple[tuple[str, ...], str]:
    """A rollback written as text → ``(statements, note)``: SQL alone gives its statements
    (split on semicolons outside quotes and dollar-quoted bodies, so a literal holding "; "
    stays whole) and no note; prose such as "nothing to undo" is kept whole as the note, with
    whatever SQL statements it holds."""
    parts = split_statements(text)
    statements = tuple(p for p in parts if _SQL_START.match(p))
    return statements, ("" if len(statements) == len(parts) else text.strip())


def split_statements(text: str) -> list[str]:
    """``text`` cut at each semicolon that is not inside a quoted literal, a quoted name or a
    dollar-quoted body; parts stripped, empty ones dropped."""
    parts, start = [], 0
    for match in _TOKEN.finditer(text):
        if match.group(0) == ";":
            parts.append(text[start:match.start()].strip())
            start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]
