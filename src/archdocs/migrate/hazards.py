"""The migration hazards archdocs knows, each with a stable id and a reference page
(``docs/hazards/<ID>.md``, written from this catalogue by :func:`hazard_page`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hazard:
    """One way a schema change can hurt a live system, and how archdocs plans around it."""

    id: str
    title: str
    why: str
    postgresql: str
    """Lock behaviour and cost on PostgreSQL."""
    mysql: str
    """Lock behaviour and cost on MySQL/MariaDB (InnoDB)."""
    sqlite: str
    safe_strategy: str
    squawk_rules: tuple[str, ...] = ()
    """squawk rules that flag the naive statement."""
    in_plan: str = ""
    """How plans show this hazard, when steps do not simply name it."""

    @property
    def docs_path(self) -> str:
        return f"hazards/{self.id}.md"


_TIMEOUTS = ("Every DDL step of a plan sets `lock_timeout` (MySQL: `lock_wait_timeout`) first, "
             "so a blocked ALTER gives up instead of queueing every other query behind it.")

HAZARDS: dict[str, Hazard] = {h.id: h for h in [
    Hazard(
        "MH001", "Add a NOT NULL column without a default",
        "Existing rows have no value for the column: the statement fails on a non-empty table, "
        "and the running application (N-1) does not write the column, so its inserts fail.",
        "`ADD COLUMN ... NOT NULL` without default fails if the table has rows. With a "
        "constant default it is metadata-only since PostgreSQL 11.",
        "Fails on existing rows in strict mode (or silently fills zero values in non-strict "
        "mode). `ALGORITHM=INSTANT` works for a nullable column or a constant default.",
        "`ADD COLUMN ... NOT NULL` needs a non-NULL default.",
        "Expand: add the column nullable. Deploy code that writes it. Backfill existing rows in "
        "batches. Validate and set NOT NULL (see MH004).",
        ("adding-required-field",),
    ),
    Hazard(
        "MH002", "Add a column with a volatile default",
        "A default such as `random()`, `gen_random_uuid()` or `clock_timestamp()` must be "
        "computed per row, so the server writes every row while holding its strongest lock.",
        "Rewrites the whole table under `ACCESS EXCLUSIVE` (no reads, no writes). Non-volatile "
        "defaults (constants, `now()`) are metadata-only since PostgreSQL 11.",
        "An expression default such as `(UUID())` is not instant: `ALGORITHM=COPY`, writes "
        "blocked for the copy.",
        "Not allowed: `ADD COLUMN` cannot use a non-constant default.",
        "Add the column without default, then `SET DEFAULT` (applies to new rows only, metadata "
        "change), then backfill existing rows in batches with the expression.",
        ("adding-field-with-default",),
    ),
    Hazard(
        "MH003", "Add a stored generated or an auto-increment column",
        "The server must compute a value for every existing row while it holds the table.",
        "`GENERATED ALWAYS AS (...) STORED` and `GENERATED ... AS IDENTITY` / `serial` rewrite "
        "the table under `ACCESS EXCLUSIVE`. For an identity column archdocs plans around it: "
        "a plain nullable column whose default draws from a temporary sequence, existing rows "
        "numbered in batches, NOT NULL through a validated check, then `ADD GENERATED ... AS "
        "IDENTITY` on the filled column (metadata only) and `setval` past the largest number. "
        "A stored generated column has no online path (a plain column cannot become "
        "generated): a trigger-maintained plain column is the alternative.",
        "A `STORED` generated column and an `AUTO_INCREMENT` column need `ALGORITHM=COPY` (writes "
        "blocked). A `VIRTUAL` generated column is instant. For large tables use an online "
        "schema-change tool: gh-ost or pt-online-schema-change.",
        "`ADD COLUMN` cannot add a STORED generated column: rebuild the table.",
        "PostgreSQL identity: the batched plan above. Stored generated columns, and "
        "AUTO_INCREMENT on MySQL/MariaDB, have no safe path: the step is an error unless the "
        "table is declared under 100 000 rows, and its notes give the least-bad strategy "
        "(a maintenance window, or the gh-ost / pt-online-schema-change command line).",
        ("adding-field-with-default",),
    ),
    Hazard(
        "MH004", "Set NOT NULL on an existing column",
        "The server must check every row, and while it does it holds a lock that blocks writes.",
        "`SET NOT NULL` scans the table under `ACCESS EXCLUSIVE`. Since PostgreSQL 12 a valid "
        "`CHECK (col IS NOT NULL)` constraint lets it skip the scan: add the check `NOT VALID` "
        "(brief lock), `VALIDATE CONSTRAINT` (scan under `SHARE UPDATE EXCLUSIVE`, writes go "
        "on), then `SET NOT NULL` (no scan) and drop the check.",
        "`MODIFY ... NOT NULL` rebuilds the table in place: `ALGORITHM=INPLACE, LOCK=NONE` "
        "keeps reads and writes going (strict SQL mode required).",
        "Needs a table rebuild (new table, copy, rename).",
        "Backfill NULLs first (batched), then the CHECK NOT VALID → VALIDATE → SET NOT NULL "
        "sequence on PostgreSQL, `ALGORITHM=INPLACE, LOCK=NONE` on MySQL/MariaDB.",
        ("adding-not-nullable-field",),
    ),
    Hazard(
        "MH005", "Change a column's type",
        "Unless the new type is binary-coercible, every row is rewritten (and every index on "
        "the column rebuilt) while the table is locked; the running application may also "
        "send values the new type rejects.",
        "`ALTER COLUMN ... TYPE` rewrites under `ACCESS EXCLUSIVE`, except binary-coercible "
        "changes: `varchar(n)` → `varchar(m > n)`, `varchar` → `text`, `numeric(p,s)` → "
        "`numeric(q > p, s)`, which are metadata-only.",
        "`MODIFY` with a new type is `ALGORITHM=COPY` (writes blocked), except lengthening a "
        "`VARCHAR` within the same length-prefix size (under or over 255 bytes), which is "
        "in place. For large tables use gh-ost or pt-online-schema-change.",
        "Needs a table rebuild.",
        "Binary-coercible changes are planned as a plain step. Others: for a large table add a "
        "new column, dual-write, backfill in batches, switch reads, drop the old column; for a "
        "small one the plan rewrites in the cutover phase with a lock timeout.",
        ("changing-column-type", "prefer-text-field"),
    ),
    Hazard(
        "MH006", "Rename a column",
        "The rename itself is instant, but the running application (N-1) still uses the old "
        "name and fails from that moment.",
        "`RENAME COLUMN` takes `ACCESS EXCLUSIVE` briefly (metadata only).",
        "`RENAME COLUMN` is `ALGORITHM=INSTANT` (MySQL 8.0.28+/MariaDB 10.5+) or INPLACE.",
        "`RENAME COLUMN` is supported since 3.25.",
        "Cheapest: rename only in the ORM and keep the database name "
        "(`mapped_column(\"old_name\", ...)`). Otherwise declare the rename "
        "(`column_notes(renamed_from=...)`) so the plan keeps the data. "
        "Deploy the rename together with the application version that uses the new name, or "
        "for zero downtime go the long way: add the new column, dual-write, backfill, switch "
        "reads, drop the old column.",
        ("renaming-column",),
    ),
    Hazard(
        "MH007", "Rename a table",
        "The running application still queries the old name.",
        "`RENAME TO` takes `ACCESS EXCLUSIVE` briefly. The plan creates a view with the old "
        "name in the same transaction: simple views are updatable, so N-1 keeps working.",
        "`RENAME TABLE` is atomic and metadata-only; a view with the old name is created right "
        "after (a short window where the old name does not exist).",
        "`ALTER TABLE ... RENAME TO` is metadata-only; SQLite views are read-only.",
        "Rename, create a compatibility view with the old name, deploy code using the new "
        "name, drop the view in the contract phase.",
        ("renaming-table",),
    ),
    Hazard(
        "MH008", "Drop a column",
        "Data is gone for good, and the running application fails if it still reads or writes "
        "the column (ORMs select every mapped column).",
        "`DROP COLUMN` is metadata-only under a brief `ACCESS EXCLUSIVE`; space is reclaimed by "
        "later rewrites.",
        "`DROP COLUMN` is `ALGORITHM=INSTANT` on MySQL 8.0.29+ and MariaDB 10.4+, otherwise an "
        "in-place rebuild.",
        "`DROP COLUMN` is supported since 3.35 (it rewrites the table).",
        "Deploy code that no longer uses the column first (ignore it in the ORM), then drop it "
        "in the contract phase. This is a point of no return: take a backup of the column.",
        ("ban-drop-column",),
    ),
    Hazard(
        "MH009", "Drop a table",
        "Data is gone for good; any code or job still using the table fails.",
        "`DROP TABLE` takes `ACCESS EXCLUSIVE` on the table (and on tables referencing it).",
        "`DROP TABLE` is fast but takes a metadata lock; on large tables the file removal can "
        "stall the server briefly.",
        "`DROP TABLE` is immediate.",
        "Deploy code that no longer uses the table, keep it for a grace period (or rename it), "
        "back it up, drop it in the contract phase: a point of no return.",
        ("ban-drop-table",),
    ),
    Hazard(
        "MH010", "Create an index",
        "A plain `CREATE INDEX` blocks writes for the whole build.",
        "`CREATE INDEX` takes `SHARE` (writes blocked). `CREATE INDEX CONCURRENTLY` takes "
        "`SHARE UPDATE EXCLUSIVE` and lets writes go on, but cannot run inside a transaction, "
        "and a failed build leaves an INVALID index behind that still slows writes: drop it "
        "(`DROP INDEX CONCURRENTLY IF EXISTS`) and build again. archdocs' plan does that drop "
        "before each build, so rerunning a step is safe.",
        "`ADD INDEX ..., ALGORITHM=INPLACE, LOCK=NONE` keeps reads and writes going.",
        "`CREATE INDEX` locks the database file for the build.",
        "PostgreSQL: `CREATE INDEX CONCURRENTLY IF NOT EXISTS` in its own step, outside a "
        "transaction; check `pg_index.indisvalid` after a failure. MySQL: `ALGORITHM=INPLACE, "
        "LOCK=NONE`.",
        ("require-concurrent-index-creation",),
    ),
    Hazard(
        "MH011", "Drop an index",
        "Queries the index served become scans; a plain drop also waits for and then blocks "
        "every query on the table.",
        "`DROP INDEX` takes `ACCESS EXCLUSIVE`; `DROP INDEX CONCURRENTLY` does not block reads "
        "or writes (outside a transaction).",
        "`DROP INDEX` is `ALGORITHM=INPLACE, LOCK=NONE` (metadata only).",
        "`DROP INDEX` is immediate.",
        "Drop concurrently, in the contract phase, after checking the index is unused "
        "(`pg_stat_user_indexes.idx_scan`, `sys.schema_unused_indexes`).",
        ("require-concurrent-index-deletion",),
    ),
    Hazard(
        "MH012", "Add a foreign key",
        "Checking every existing row blocks writes on both tables for the whole scan.",
        "`ADD FOREIGN KEY` takes `SHARE ROW EXCLUSIVE` on both tables and scans. Add it "
        "`NOT VALID` (brief lock, new rows are checked), then `VALIDATE CONSTRAINT` in its own "
        "step (`SHARE UPDATE EXCLUSIVE`, writes go on).",
        "Adding a foreign key is in place only with `foreign_key_checks=0` (then existing "
        "rows are not checked: the plan validates them with a query); otherwise "
        "`ALGORITHM=COPY`.",
        "Foreign keys cannot be added to an existing table without a rebuild.",
        "PostgreSQL: `NOT VALID`, then `VALIDATE`. MySQL: `SET foreign_key_checks=0`, "
        "`ALGORITHM=INPLACE, LOCK=NONE`, then an orphan check query.",
        ("adding-foreign-key-constraint",),
    ),
    Hazard(
        "MH013", "Add a CHECK constraint",
        "Checking every row blocks writes for the scan; rows written by N-1 may violate it.",
        "`ADD CHECK` takes `ACCESS EXCLUSIVE` and scans. Add it `NOT VALID`, then "
        "`VALIDATE CONSTRAINT` (`SHARE UPDATE EXCLUSIVE`).",
        "`ADD CHECK` needs `ALGORITHM=COPY` (writes blocked) on MySQL 8 and MariaDB; for large "
        "tables use gh-ost or pt-online-schema-change.",
        "Needs a table rebuild.",
        "Deploy code that writes valid rows, fix existing rows, then NOT VALID + VALIDATE "
        "(PostgreSQL). MySQL/MariaDB have no safe path (MySQL 8.0.16+ can add the check `NOT "
        "ENFORCED`, which guarantees nothing, and enforcing it later copies again): the step "
        "is an error unless the table is declared under 100 000 rows, with the gh-ost / "
        "pt-online-schema-change command line in its notes.",
        ("constraint-missing-not-valid",),
    ),
    Hazard(
        "MH014", "Add a unique constraint",
        "Building the unique index blocks writes unless done concurrently; duplicates make it "
        "fail.",
        "`ADD UNIQUE` builds an index under `ACCESS EXCLUSIVE`. Build `CREATE UNIQUE INDEX "
        "CONCURRENTLY` first, then `ADD CONSTRAINT ... UNIQUE USING INDEX` (metadata only).",
        "`ADD UNIQUE INDEX ..., ALGORITHM=INPLACE, LOCK=NONE`.",
        "`CREATE UNIQUE INDEX` (a unique index is how SQLite enforces it anyway).",
        "Check for duplicates first, build the index concurrently, attach it as a constraint.",
        ("disallowed-unique-constraint",),
    ),
    Hazard(
        "MH015", "Add a primary key",
        "Building the key's index and checking NOT NULL blocks the table.",
        "`ADD PRIMARY KEY` builds an index under `ACCESS EXCLUSIVE` and sets NOT NULL. Build a "
        "unique index concurrently, make the columns NOT NULL (MH004), then `ADD CONSTRAINT "
        "... PRIMARY KEY USING INDEX`.",
        "Adding or changing the primary key rebuilds the clustered index: `ALGORITHM=INPLACE, "
        "LOCK=NONE` keeps DML going, but the rebuild is as costly as a copy.",
        "Needs a table rebuild.",
        "Concurrent unique index, NOT NULL via a validated check, `USING INDEX`.",
        ("adding-serial-primary-key-field", "disallowed-unique-constraint"),
    ),
    Hazard(
        "MH016", "Change an enum's values",
        "Adding is cheap; removing or renaming a value breaks the running application and may "
        "orphan rows.",
        "`ALTER TYPE ... ADD VALUE [BEFORE|AFTER]` is metadata-only (the new value is usable "
        "after commit). `RENAME VALUE` is metadata-only but N-1 still writes the old value. "
        "Removing needs a new type and `ALTER COLUMN TYPE ... USING` (a rewrite).",
        "The enum is part of the column: appending at the end is `ALGORITHM=INSTANT`; "
        "inserting in the middle, renaming or removing is `ALGORITHM=COPY` (use gh-ost or "
        "pt-online-schema-change on large tables).",
        "Enums are CHECK constraints: changing them rebuilds the table.",
        "Add values in the expand phase, before code writes them. Rename: add the new value, "
        "backfill, remove the old one (MySQL) or `RENAME VALUE` at cutover (PostgreSQL). "
        "Remove a value only after a check that no row uses it, in the contract phase.",
        (),
    ),
    Hazard(
        "MH017", "Switch between json and jsonb",
        "`jsonb` is the right type for almost every use (indexable, compared by value), but "
        "the switch rewrites the table, and `jsonb` normalises documents (key order, "
        "duplicate keys, whitespace), which code reading raw text may notice.",
        "`ALTER COLUMN ... TYPE jsonb USING col::jsonb` rewrites under `ACCESS EXCLUSIVE`.",
        "MySQL/MariaDB have one JSON type (MariaDB: `LONGTEXT` with a `JSON_VALID` check).",
        "JSON is text.",
        "Small table: convert in place with a lock timeout. Large table: new `jsonb` column, "
        "dual-write, batched backfill, swap by rename, drop the old column.",
        ("changing-column-type",),
    ),
    Hazard(
        "MH018", "Drop NOT NULL",
        "Cheap, but the new application must be ready to read NULLs, and this is usually the "
        "first step of removing a column.",
        "`DROP NOT NULL` is metadata-only (brief `ACCESS EXCLUSIVE`).",
        "`MODIFY ... NULL` rebuilds in place: `ALGORITHM=INPLACE, LOCK=NONE`.",
        "Needs a table rebuild.",
        "Run it in the expand phase, before code that may write NULL is deployed.",
        (),
    ),
    Hazard(
        "MH019", "Change or drop a default",
        "Existing rows keep their values; only new inserts change. The running application may "
        "rely on the old default for inserts that leave the column out.",
        "`SET DEFAULT` / `DROP DEFAULT` are metadata-only (brief `ACCESS EXCLUSIVE`).",
        "`ALTER COLUMN ... SET DEFAULT` / `DROP DEFAULT` are `ALGORITHM=INSTANT`.",
        "Needs a table rebuild.",
        "Change a default in the expand phase; drop it in the contract phase, after the code "
        "that relied on it is gone.",
        (),
    ),
    Hazard(
        "MH020", "DDL waits for locks without a timeout",
        "An `ALTER TABLE` waiting for a lock held by a long transaction blocks every later "
        "query on the table behind it: a short metadata change becomes an outage.",
        "Set `lock_timeout` (a few seconds) and `statement_timeout` before each DDL statement. "
        "On timeout, wait and rerun the step: archdocs' steps are idempotent "
        "(`IF [NOT] EXISTS`) where the server allows it.",
        "Set `lock_wait_timeout` (seconds) for the session; on error 1205 rerun the step.",
        "Set `busy_timeout`.",
        _TIMEOUTS + " On a timeout, find the blocker (`pg_blocking_pids()`, "
        "`SHOW PROCESSLIST`), wait or end it, and rerun the step; use exponential back-off "
        "between retries.",
        ("require-timeout-settings", "require-statement-timeout"),
        in_plan="No step lists `MH020`: the hazard concerns every step, so the SQL script deals "
        "with it once per step. Before the statements of each step it sets `lock_timeout = "
        "'5s'` and a `statement_timeout` (`0` for builds, scans and backfills, which have no "
        "time cap but still give up waiting for a lock); on MySQL/MariaDB `SET SESSION "
        "lock_wait_timeout = 5`. A step that times out fails with nothing half-done inside "
        "its transaction; rerun it once the blocker is gone.",
    ),
    Hazard(
        "MH021", "Backfill in one transaction",
        "One `UPDATE` over a whole large table holds row locks on every row until it commits, "
        "bloats the table, builds replication lag and cannot resume after a failure.",
        "Update in batches by primary key, committing each batch (a `DO` block with `COMMIT`, "
        "run outside a transaction), with a predicate that skips rows already done so a rerun "
        "resumes.",
        "A stored procedure loops `UPDATE ... LIMIT n` until no row changes; autocommit "
        "commits each batch.",
        "One `UPDATE` (SQLite has a single writer anyway).",
        "Keep backfills out of DDL transactions, batch them, make them resumable, and watch "
        "replication lag between batches.",
        (),
    ),
    Hazard(
        "MH022", "Probable undeclared rename",
        "A drop and an add with the same shape are most likely a rename; planned as written, "
        "the old data is dropped.",
        "—", "—", "—",
        "Declare the rename with `column_notes(renamed_from=\"old\")` or "
        "`table_notes(renamed_from=\"old\")`; the plan then renames and keeps the data.",
        (),
    ),
    Hazard(
        "MH023", "Drop a foreign key",
        "The lock is cheap; what is lost is integrity: from now on nothing stops rows that "
        "point nowhere, and code that relied on the database to refuse them will not notice.",
        "`DROP CONSTRAINT` takes `ACCESS EXCLUSIVE` on the table and `SHARE ROW EXCLUSIVE` on "
        "the referenced table, briefly (metadata only).",
        "`DROP FOREIGN KEY ..., ALGORITHM=INPLACE, LOCK=NONE` (metadata only).",
        "Needs a table rebuild.",
        "Make it a deliberate, documented decision (an ADR), keep the check in the "
        "application, drop the constraint in the contract phase. The plan marks the step as a "
        "warning so it is noticed in review.",
        (),
    ),
    Hazard(
        "MH024", "Add a json column on PostgreSQL",
        "PostgreSQL's `json` type stores the raw text and has no equality operator: `SELECT "
        "DISTINCT`, `GROUP BY`, `UNION` and comparisons on the column fail, and it cannot be "
        "indexed like `jsonb`.",
        "Adding the column is metadata only; the trouble comes later, in queries. Use `jsonb`.",
        "Not applicable: MySQL/MariaDB have one JSON type.",
        "Not applicable: JSON is text.",
        "Declare `JSONB` in the model (`sqlalchemy.dialects.postgresql.JSONB`) unless the "
        "exact text must be kept. The plan names MH024 on the step adding a `json` column and "
        "raises it to a warning.",
        (),
    ),
    Hazard(
        "MH025", "Rename or move a schema",
        "Every query that names the schema (or relies on the search path to find the table) "
        "breaks for the running application.",
        "`ALTER SCHEMA ... RENAME` is metadata only but breaks N-1 at once. archdocs moves each "
        "table with `ALTER TABLE ... SET SCHEMA` (brief `ACCESS EXCLUSIVE`) and leaves an "
        "updatable view with the old qualified name, dropped in the contract phase, then "
        "drops the old schema with `RESTRICT` (which refuses while anything is left in it).",
        "A database cannot be renamed. `RENAME TABLE a.t TO b.t` moves a table between "
        "databases (metadata only); the plan creates the new database first and leaves a view "
        "with the old name. It never drops a database: that is left to people, once it is "
        "empty.",
        "Schemas are attached database files: not planned.",
        "New schema, then per table: move it and keep a view under the old name; deploy code "
        "that uses the new names; drop the views, then the empty old schema. For tables whose "
        "writers cannot go through a view: new table, dual write, backfill, switch, drop.",
        ("renaming-table",),
    ),
    Hazard(
        "MH026", "Domain with a CHECK constraint",
        "A domain's CHECK is enforced on every column of that type: moving a column to the "
        "domain, or adding a CHECK to the domain, checks every row of every such column.",
        "`ALTER COLUMN ... TYPE domain` checks every row under `ACCESS EXCLUSIVE`. `ALTER DOMAIN "
        "... ADD CONSTRAINT` scans all dependent columns unless added `NOT VALID`; the later "
        "`ALTER DOMAIN ... VALIDATE CONSTRAINT` takes a `SHARE` lock on each table using the "
        "domain (measured on PostgreSQL 15): reads go on, writes wait for the whole scan, "
        "unlike a table constraint's `VALIDATE`.",
        "Not applicable: MySQL/MariaDB have no domains.",
        "Not applicable: SQLite has no domains.",
        "Prefer the native type with a table CHECK (`NOT VALID` + `VALIDATE`, MH013), which "
        "lets writes go on. When the model declares a domain, the plan creates it first "
        "(idempotently) and names MH026 on the type change; a changed domain CHECK is added "
        "`NOT VALID` and validated in its own step, an error unless the tables are declared "
        "small, since that step blocks writes. A changed domain `DEFAULT` and a dropped "
        "`NOT NULL` are metadata only; an added `NOT NULL` (`ALTER DOMAIN ... SET NOT NULL`) "
        "has no `NOT VALID` form and checks every column using the domain under a `SHARE` "
        "lock on each table, so it too is an error unless the tables are declared small.",
        ("ban-create-domain-with-constraint", "ban-alter-domain-with-add-constraint"),
    ),
    Hazard(
        "MH027", "TRUNCATE ... CASCADE",
        "`CASCADE` empties every table that references the truncated one, transitively: far "
        "more data than the statement names.",
        "`TRUNCATE` takes `ACCESS EXCLUSIVE`; `CASCADE` extends it to all referencing tables.",
        "Not applicable: InnoDB refuses to truncate a referenced table.",
        "Not applicable.",
        "Truncate each table explicitly, by name, after checking what references it.",
        ("ban-truncate-cascade",),
        in_plan="archdocs never writes `TRUNCATE`: a schema plan keeps every row, and tables "
        "are dropped without `CASCADE` (MH009). A test checks that no plan of the examples "
        "contains either.",
    ),
    Hazard(
        "MH028", "Add an exclusion constraint",
        "There is no online path: the constraint's index is built and every row checked while "
        "reads and writes wait, and it cannot be added `NOT VALID`.",
        "`ADD CONSTRAINT ... EXCLUDE` takes `ACCESS EXCLUSIVE` for the index build and the "
        "check of every row.",
        "Not applicable: MySQL/MariaDB have no exclusion constraints (enforce in the "
        "application, or with a trigger).",
        "Not applicable.",
        "No safe path (strong_migrations says the same). Least bad: find conflicting rows "
        "first, then run the step in a maintenance window with its lock timeout so it gives up "
        "rather than queueing traffic. The plan marks it an error unless the table is declared "
        "under 100 000 rows.",
        ("constraint-missing-not-valid",),
    ),
    Hazard(
        "MH029", "A multi-step migration fails half way",
        "Steps that are not transactional (concurrent index builds, batched backfills, any DDL "
        "on MySQL/MariaDB, which commits implicitly) leave a half-applied state when one "
        "fails; rerunning must not fail on what is already there.",
        "Each step runs in its own transaction where it can (`BEGIN` … `COMMIT`), and its "
        "statements are guarded with `IF [NOT] EXISTS`; a concurrent index build first drops "
        "an INVALID leftover; a constraint added `NOT VALID` first drops a leftover of an "
        "earlier run. One `CONCURRENTLY` statement per step. After a failed step the whole "
        "script can be run again; a second run of a completed script is not yet guaranteed "
        "to be a no-op (a constraint attached to an index, for one, refuses the index's "
        "rebuild).",
        "DDL commits implicitly: each `ALTER TABLE` is atomic (several clauses in one "
        "statement apply together), but a failed step keeps its earlier statements. Backfills "
        "and checks are resumable. `ADD COLUMN` and `ADD CONSTRAINT` are not guarded (MySQL 8 "
        "lacks `IF NOT EXISTS` for them): after a failure, rerun from the failed step, not "
        "from the top.",
        "Rebuilds run in one transaction.",
        "Idempotent statements, one non-transactional operation per step, resumable "
        "backfills; after a failure, rerun from the failed step.",
        ("prefer-robust-stmts", "transaction-nesting", "ban-uncommitted-transaction"),
        in_plan="Every step deals with it: see the SQL script's header and each step's "
        "`IF [NOT] EXISTS` guards.",
    ),
    Hazard(
        "MH030", "Rebuild, cluster or detach under an exclusive lock",
        "`REINDEX`, `CLUSTER`, `VACUUM FULL` and `DETACH PARTITION` block reads and writes on "
        "the table for the whole operation.",
        "All take `ACCESS EXCLUSIVE` (REINDEX: `SHARE` plus exclusive on the index). Use "
        "`REINDEX ... CONCURRENTLY` (12+), `DETACH PARTITION ... CONCURRENTLY` (14+), and "
        "pg_repack (or `REPACK (CONCURRENTLY)` where available) instead of `CLUSTER` / "
        "`VACUUM FULL`.",
        "`OPTIMIZE TABLE` rebuilds in place with brief metadata locks (InnoDB); partition "
        "maintenance copies unless `ALGORITHM=INPLACE` is accepted.",
        "`VACUUM` locks the database file.",
        "Use the concurrent forms; none of these is a schema change a model declares.",
        ("require-concurrent-reindex", "require-concurrent-partition-detach", "prefer-repack"),
        in_plan="archdocs never writes these statements: a model declares no rebuild. A "
        "dropped index (the part of this family a model does declare) is dropped "
        "`CONCURRENTLY` (MH011). A test checks that no plan of the examples contains "
        "`REINDEX`, `CLUSTER`, `VACUUM FULL` or a plain `DETACH PARTITION`.",
    ),
]}


def hazard_page(hazard: Hazard) -> str:
    """The reference page of ``hazard`` (Markdown), as kept in ``docs/hazards/``."""
    lines = [
        f"# {hazard.id}: {hazard.title}",
        "",
        hazard.why,
        "",
        "## Lock behaviour",
        "",
        "| server | what happens |",
        "|---|---|",
        f"| PostgreSQL | {hazard.postgresql} |",
        f"| MySQL / MariaDB | {hazard.mysql} |",
        f"| SQLite | {hazard.sqlite} |",
        "",
        "## Safe strategy",
        "",
        hazard.safe_strategy,
        "",
    ]
    if hazard.squawk_rules:
        rules = ", ".join(f"`{rule}`" for rule in hazard.squawk_rules)
        lines += ["## Related squawk rules", "", rules, ""]
    lines += [
        "## In a plan",
        "",
        hazard.in_plan or (
            f"Steps that deal with this hazard name `{hazard.id}`. Run `archdocs plan` to see "
            "them with their SQL, lock, rollback and whether the previous application version "
            "keeps working."),
        "",
    ]
    lines += _flagged_by_section(hazard)
    lines += _example_section(hazard)
    return "\n".join(lines)


def _flagged_by_section(hazard: Hazard) -> list[str]:
    """The rows of the hazard-coverage table this hazard answers, with the public tools'
    rules that flag the change."""
    from archdocs.migrate.coverage import ROWS

    rows = [row for row in ROWS if hazard.id in row.codes]
    if not rows:
        return []
    lines = ["## Flagged by", ""]
    lines += [f"- row {row.number} of the hazard coverage table in archdocs' migrations "
              f"guide, *{row.change}*: {row.flagged_by}" for row in rows]
    return [*lines, ""]


def _example_section(hazard: Hazard) -> list[str]:
    """What ``archdocs plan`` writes for a small example of the change, per server."""
    # Imported here: the planner's outputs import this catalogue.
    from archdocs.migrate.dialects import DialectName
    from archdocs.migrate.diff import diff_metadata
    from archdocs.migrate.examples import (
        EXAMPLES,
        HAZARD_EXAMPLES,
        MYSQL_ONLY,
        POSTGRESQL_ONLY,
    )
    from archdocs.migrate.plan import plan_diff

    name = HAZARD_EXAMPLES.get(hazard.id)
    if name is None:
        return []
    lines = ["## What archdocs writes", "",
             f"For the example change `{name.replace('_', ' ')}` on a table `accounts` "
             "(statements only; the script adds timeouts, comments and transactions):", ""]
    dialects = [DialectName.POSTGRESQL] if name in POSTGRESQL_ONLY else [
        DialectName.MYSQL] if name in MYSQL_ONLY else [DialectName.POSTGRESQL, DialectName.MYSQL]
    for dialect in dialects:
        build_old, build_new = EXAMPLES[name]
        plan = plan_diff(diff_metadata(build_old(), build_new(), dialect), dialect)
        body = []
        for step in plan.steps:
            body.append(f"-- {step.phase.value}: {step.title}")
            body += [f"{statement.sql};" for statement in step.statements]
        label = "PostgreSQL" if dialect is DialectName.POSTGRESQL else "MySQL / MariaDB"
        lines += [f"### {label}", "", "```sql", *body, "```", ""]
    return lines


def hazard_index() -> str:
    """``docs/hazards/index.md``: every hazard with its title."""
    lines = ["# Migration hazards", "",
             "Each step of an `archdocs plan` names the hazards it deals with; the few that "
             "concern every step (MH020, MH029) or that archdocs never writes (MH027, MH030) "
             "say so on their page.", "",
             "| id | hazard |", "|---|---|"]
    for hazard in HAZARDS.values():
        lines.append(f"| [{hazard.id}]({hazard.id}.md) | {hazard.title} |")
    return "\n".join(lines) + "\n"


def hazard_docs() -> dict[str, str]:
    """File name → content of every page under ``docs/hazards/``."""
    pages = {f"{hazard.id}.md": hazard_page(hazard) for hazard in HAZARDS.values()}
    pages["index.md"] = hazard_index()
    return pages


if __name__ == "__main__":  # python -m archdocs.migrate.hazards docs/hazards
    import sys
    from pathlib import Path

    from archdocs.fsutil import write_atomic

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/hazards")
    for name, content in hazard_docs().items():
        write_atomic(target / name, content)
