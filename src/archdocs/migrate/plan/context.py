"""What every planning strategy shares: the diff, the SQL builder, volumes, and the step
factory that scales severity by the table's declared volume."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from archdocs.migrate.changes import SchemaDiff
from archdocs.migrate.plan.severity import SMALL_ROWS, estimated_rows, scaled
from archdocs.migrate.plan.sql import SqlBuilder
from archdocs.migrate.plan.steps import PhaseName, Severity, Statement, Step, structured_rollback
from archdocs.migrate.versions import Ability, Server
from archdocs.model.scaling import Volume

VolumeOf = Callable[[Table], Volume | None]


@dataclass
class PlanContext:
    diff: SchemaDiff
    sql: SqlBuilder
    volume_of: VolumeOf
    batch_size: int = 5000
    server: Server = field(default_factory=lambda: Server.parse("postgresql"))
    """The product and version the plan is for (what is metadata-only there)."""
    lock_timeout_seconds: int = 5
    column_renames: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per table: new column name → old column name (declared renames)."""
    sqlite_rebuild: set[str] = field(default_factory=set)
    """Tables SQLite must rebuild (changes its ALTER TABLE cannot make)."""
    _seen: set[Any] = field(default_factory=set)

    def once(self, key: Any) -> bool:
        """True the first time ``key`` is seen: steps shared by several changes (a deploy
        checkpoint, an enum type) are planned once."""
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def new_table(self, name: str) -> Table:
        return self.diff.new.tables[name]  # type: ignore[no-any-return]

    def old_table(self, name: str) -> Table | None:
        old_name = self.diff.table_renames.get(name, name)
        return self.diff.old.tables.get(old_name)  # type: ignore[no-any-return]

    def rows(self, table: str) -> int | None:
        found = self.diff.new.tables.get(table)
        if found is None:
            found = self.diff.old.tables.get(table)
        return estimated_rows(self.volume_of(found)) if found is not None else None

    def step(
        self, phase: PhaseName, title: str, table: str | None, sql: Sequence[str | Statement],
        **options: Any,
    ) -> Step:
        """A step whose severity follows from its lock, the table's volume, data loss and
        compatibility with the previous application version."""
        statements = tuple(s if isinstance(s, Statement) else Statement(s) for s in sql)
        copies = self.sql.is_mysql and any("ALGORITHM=COPY" in s.sql for s in statements)
        if "severity" not in options and copies:
            # ALGORITHM=COPY blocks writes for the whole copy: an error unless the table is
            # declared small (gh-ost / pt-online-schema-change are the online path).
            rows = self.rows(table) if table else None
            options["severity"] = (Severity.INFO if rows is not None and rows < SMALL_ROWS
                                   else Severity.ERROR)
        if "severity" not in options:
            options["severity"] = scaled(
                blocks_writes=bool(options.get("blocks_writes")),
                rows=self.rows(table) if table else None,
                loses_data=bool(options.get("point_of_no_return")),
                breaks_previous=not options.get("compatible_with_previous", True),
            )
        return Step(phase, title, table, statements, **_structured(options))

    def alter(self, table: str, clause: str, algorithm: str | None = None) -> str:
        """``ALTER TABLE table clause`` (and ``, ALGORITHM=…`` on MySQL/MariaDB, where the
        server version has it): the one ALTER TABLE builder of the planner."""
        if algorithm == "ALGORITHM=INSTANT" and self.sql.is_mysql and (
                clause.startswith("ADD COLUMN")
                and not self.server.has(Ability.INSTANT_ADD_COLUMN)
                or clause.startswith("DROP COLUMN")
                and not self.server.has(Ability.INSTANT_DROP_COLUMN)):
            # Older servers add and drop columns in place, rebuilding without locking.
            algorithm = "ALGORITHM=INPLACE, LOCK=NONE"
        suffix = f", {algorithm}" if algorithm and self.sql.is_mysql else ""
        return f"ALTER TABLE {self.sql.table(table)} {clause}{suffix}"

    def not_valid_then_validate(
        self, table: str, name: str, definition: str, *, add_title: str, validate_title: str,
        hazards: tuple[str, ...], compatibility: str, add_phase: PhaseName = PhaseName.VALIDATE,
        add_lock: str = "ACCESS EXCLUSIVE (brief, no scan)", add_rank: int = 10,
        validate_rank: int = 11,
    ) -> list[Step]:
        """PostgreSQL's two steps for a constraint checked without blocking writes: add it
        ``NOT VALID`` (after dropping a leftover of an interrupted run), then ``VALIDATE`` it
        in its own transaction. ``definition`` is what follows ``ADD`` (``CONSTRAINT n …``)."""
        quoted = self.sql.quote(name)
        drop = self.alter(table, f"DROP CONSTRAINT IF EXISTS {quoted}")
        return [
            self.step(add_phase, add_title, table,
                      [Statement(drop, (RERUN_GUARD,)),
                       self.alter(table, f"ADD {definition} NOT VALID")],
                      lock=add_lock, hazards=hazards, compatibility=compatibility,
                      rollback=drop, rank=add_rank),
            self.step(PhaseName.VALIDATE, validate_title, table,
                      [self.alter(table, f"VALIDATE CONSTRAINT {quoted}")],
                      lock="SHARE UPDATE EXCLUSIVE (reads and writes go on)", scans=True,
                      long_running=True, hazards=hazards,
                      rollback="nothing to undo (validation changes no data)",
                      rank=validate_rank),
        ]

    def checkpoint(self, phase: PhaseName, title: str, table: str | None, **options: Any) -> Step:
        options.setdefault("lock", "none")
        return Step(phase, title, table, (), **_structured(options))


def _structured(options: dict[str, Any]) -> dict[str, Any]:
    """Step options with a rollback written as text split into statements and a note."""
    if isinstance(options.get("rollback"), str):
        options["rollback"], options["rollback_note"] = structured_rollback(options["rollback"])
    return options


def not_null_check_name(table: str, column: str) -> str:
    """Name of the temporary ``CHECK (col IS NOT NULL)`` constraint (≤ 63 characters)."""
    return f"{table.rsplit('.', 1)[-1]}_{column}_not_null"[:63]


RERUN_GUARD = ("ban-drop-constraint", "removes a leftover of an interrupted earlier run of "
               "this step, so it can be rerun; it is added again right below")
