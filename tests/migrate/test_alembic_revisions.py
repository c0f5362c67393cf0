"""``--format alembic``: one revision per phase; run in order through Alembic's operations on a
real server, they bring the old schema to the new model."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from every_change import new_metadata, old_metadata
from sqlalchemy import text

from archdocs.cli import main

from .servers import fresh_database
from .test_apply_on_servers import ROWS
from .test_cli import FIXTURES


@pytest.mark.postgres
def test_alembic_revisions_per_phase_upgrade_a_postgresql_database(tmp_path, capsys):
    output = tmp_path / "versions"
    code = main(["plan", "--base-dir", str(FIXTURES / "base"), "--head-dir",
                 str(FIXTURES / "head"), "--format", "alembic", "--output", str(output)])
    assert code == 0, capsys.readouterr().err
    files = sorted(output.glob("*.py"))
    assert [f.name.split("_")[2] for f in files] == [
        "expand", "deploy", "backfill", "validate", "cutover", "contract"]
    modules = []
    for path in files:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    assert modules[0].down_revision is None
    assert [m.down_revision for m in modules[1:]] == [m.revision for m in modules[:-1]]
    with pytest.raises(RuntimeError, match="point of no return"):
        modules[-1].downgrade()
    old, new = old_metadata(), new_metadata()
    with fresh_database("postgresql") as (engine, _):
        old.create_all(engine)
        with engine.begin() as conn:
            for statement in ROWS.values():
                conn.execute(text(statement))
        for module in modules:
            with engine.connect() as conn:
                context = MigrationContext.configure(conn)
                with Operations.context(context), context.begin_transaction():
                    module.upgrade()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, new) == []
            assert conn.execute(text("SELECT count(*) FROM customers")).scalar() == 3


def test_alembic_output_never_overwrites_a_different_file(tmp_path, capsys):
    output = tmp_path / "versions"
    args = ["plan", "--base-dir", str(FIXTURES / "base"), "--head-dir", str(FIXTURES / "head"),
            "--format", "alembic", "--output", str(output)]
    assert main(args) == 0
    first = sorted(output.glob("*.py"))[0]
    assert main(args) == 0  # identical files: rewritten byte for byte, nothing lost
    first.write_text("# edited by hand\n")
    capsys.readouterr()
    assert main(args) == 2
    assert "exists and differs" in capsys.readouterr().err
    assert first.read_text() == "# edited by hand\n"


ENV_PY = '''
from alembic import context
from sqlalchemy import create_engine

url = context.config.get_main_option("sqlalchemy.url")
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
'''
EXISTING_HEAD = '''
revision = "existing0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
'''


def _alembic_project(tmp_path, url: str):
    from alembic.config import Config

    (tmp_path / "versions").mkdir()
    (tmp_path / "env.py").write_text(ENV_PY)
    (tmp_path / "versions" / "existing0001_start.py").write_text(EXISTING_HEAD)
    config = Config()
    config.set_main_option("script_location", str(tmp_path))
    config.set_main_option("sqlalchemy.url", url)
    assert main(["plan", "--base-dir", str(FIXTURES / "base"), "--head-dir",
                 str(FIXTURES / "head"), "--format", "alembic", "--output",
                 str(tmp_path / "versions"), "--down-revision", "existing0001"]) == 0
    return config


@pytest.mark.postgres
def test_alembic_revisions_attach_to_a_head_upgrade_and_downgrade_to_the_point_of_no_return(
        tmp_path, capsys):
    from alembic import command
    from alembic.script import ScriptDirectory

    old = old_metadata()
    with fresh_database("postgresql") as (engine, database):
        config = _alembic_project(tmp_path, engine.url.render_as_string(hide_password=False))
        old.create_all(engine)
        with engine.begin() as conn:
            for statement in ROWS.values():
                conn.execute(text(statement))
        command.stamp(config, "existing0001")
        script = ScriptDirectory.from_config(config)
        chain = list(reversed(list(script.walk_revisions())))
        assert [r.revision for r in chain][0] == "existing0001"
        assert chain[1].down_revision == "existing0001"
        last_safe = next(r for r in chain if "point of no return" in
                         Path(r.path).read_text()).down_revision
        command.upgrade(config, last_safe)
        # every revision up to the point of no return downgrades: the old schema is back,
        # with its rows
        command.downgrade(config, "existing0001")
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, old)
            assert differences == [], "\n".join(str(d)[:300] for d in differences)
            assert conn.execute(text("SELECT count(*) FROM customers")).scalar() == 3
        command.upgrade(config, "head")
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, new_metadata()) == []


def test_the_alembic_revisions_offline_sql_has_no_squawk_lock_finding(tmp_path, capsys):
    from alembic import command

    from .test_squawk import squawk_findings

    config = _alembic_project(tmp_path, "postgresql+psycopg://postgres@127.0.0.1/none")
    capsys.readouterr()
    command.upgrade(config, "existing0001:head", sql=True)
    offline = capsys.readouterr().out
    assert "NOT VALID" in offline and "VALIDATE CONSTRAINT" in offline
    # NOT VALID and its VALIDATE commit in separate transactions
    between = offline.split("NOT VALID", 1)[1].split("VALIDATE CONSTRAINT", 1)[0]
    assert "COMMIT" in between
    # Every lock rule passes. prefer-robust-stmts (a rerun rule, not a lock rule) is left
    # out: alembic's own BEGIN; UPDATE alembic_version; COMMIT makes squawk ask for IF [NOT]
    # EXISTS on each statement, and the alembic_version table is what makes a rerun skip
    # an applied revision.
    findings = [f for f in squawk_findings(offline, tmp_path, "offline.sql")
                if f["rule_name"] != "prefer-robust-stmts"]
    assert findings == []
