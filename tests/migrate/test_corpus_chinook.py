"""A real-world schema pair from the corpus: Chinook with INT keys → Chinook with SERIAL keys
(PostgreSQL). Both are loaded with the real client and reflected; the plan between them, run on
the INT database with its data, makes it match the SERIAL schema, keeps every row, and new rows
get keys after the existing ones."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, text

from archdocs.migrate import ChangeKind, DialectName, diff_metadata, plan_diff
from archdocs.migrate.output.sql import render_sql

from .servers import fresh_database, not_ledger, run_script
from .test_squawk import assert_ignores_are_explained, squawk_findings

CHINOOK = Path(__file__).resolve().parents[1] / "corpus" / "postgres" / "chinook"
"""Vendored with its SOURCE.txt; the scripts with rows are gzip-compressed."""


def read_sql(path: Path) -> str:
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def _load(database: str, path: Path, *, data: bool) -> None:
    script = read_sql(path)
    # The corpus files create and connect to their own database: use ours instead.
    script = re.sub(r"(?m)^(DROP DATABASE|CREATE DATABASE|\\c ).*$", "", script)
    if not data:
        script = script.split("INSERT INTO", 1)[0] + "\n"
        script = re.sub(r"(?s)/\*+\s*Populate Tables.*$", "", script)
    result = run_script("postgresql", database, script)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.postgres
@pytest.mark.slow
def test_chinook_int_keys_to_serial_keys(tmp_path):
    with fresh_database("postgresql") as (old_engine, old_db), \
            fresh_database("postgresql") as (new_engine, new_db):
        _load(old_db, CHINOOK / "Chinook_PostgreSql.sql.gz", data=True)
        _load(new_db, CHINOOK / "Chinook_PostgreSql_SerialPKs.sql", data=False)
        old, new = MetaData(), MetaData()
        old.reflect(old_engine)
        new.reflect(new_engine)
        diff = diff_metadata(old, new, DialectName.POSTGRESQL)
        assert {c.kind for c in diff.changes} == {ChangeKind.SET_DEFAULT}
        assert len(diff.changes) == 10  # every table but playlist_track (a composite key)
        script = render_sql(plan_diff(diff, DialectName.POSTGRESQL, datastore="chinook"))
        assert squawk_findings(script, tmp_path) == []
        assert_ignores_are_explained(script)
        with old_engine.connect() as conn:
            before = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                      for t in sorted(old.tables)}
        result = run_script("postgresql", old_db, script)
        assert result.returncode == 0, result.stderr[-3000:]
        with old_engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True, "include_name": not_ledger})
            assert compare_metadata(context, new) == []
            after = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                     for t in sorted(old.tables)}
            assert after == before and after["track"] > 3000
        with old_engine.begin() as conn:
            new_id = conn.execute(text(
                "INSERT INTO artist (name) VALUES ('archdocs') RETURNING artist_id")).scalar()
            assert new_id == before["artist"] + 1


MYSQL_CHINOOK = CHINOOK.parent.parent / "mysql" / "chinook"


def _load_mysql(database: str, path: Path, *, data: bool) -> None:
    script = read_sql(path)
    script = re.sub(r"(?m)^(DROP DATABASE|CREATE DATABASE|USE ).*$", "", script)
    if not data:
        script = script.split("INSERT INTO", 1)[0] + "\n"
        script = re.sub(r"(?s)/\*+\s*Populate Tables.*$", "", script)
    result = run_script("mysql", database, script)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.mariadb
@pytest.mark.slow
def test_chinook_plain_keys_to_auto_increment_keys_on_mariadb():
    with fresh_database("mysql") as (old_engine, old_db), \
            fresh_database("mysql") as (new_engine, new_db):
        _load_mysql(old_db, MYSQL_CHINOOK / "Chinook_MySql.sql.gz", data=True)
        _load_mysql(new_db, MYSQL_CHINOOK / "Chinook_MySql_AutoIncrementPKs.sql", data=False)
        old, new = MetaData(), MetaData()
        old.reflect(old_engine)
        new.reflect(new_engine)
        diff = diff_metadata(old, new, DialectName.MYSQL)
        assert {c.kind for c in diff.changes} == {ChangeKind.ALTER_AUTO_INCREMENT}
        plan = plan_diff(diff, DialectName.MYSQL, datastore="chinook")
        assert all("gh-ost" in " ".join(s.notes) for s in plan.steps)
        with old_engine.connect() as conn:
            before = {t: conn.execute(text(f"SELECT count(*) FROM `{t}`")).scalar()
                      for t in sorted(old.tables)}
        result = run_script("mysql", old_db, render_sql(plan))
        assert result.returncode == 0, result.stderr[-3000:]
        with old_engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": not_ledger})
            assert compare_metadata(context, new) == []
            after = {t: conn.execute(text(f"SELECT count(*) FROM `{t}`")).scalar()
                     for t in sorted(old.tables)}
            assert after == before and after["Track"] > 3000
        again = MetaData()
        again.reflect(old_engine, only=lambda name, _: not_ledger(name, "table", None))
        assert diff_metadata(again, new, DialectName.MYSQL).changes == []
        with old_engine.begin() as conn:
            conn.execute(text("INSERT INTO `Artist` (`Name`) VALUES ('archdocs')"))
            assert conn.execute(text("SELECT max(`ArtistId`) FROM `Artist`")).scalar() == (
                before["Artist"] + 1)
