"""``--format alembic``: one revision per phase; run in order through Alembic's operations on a
real server, they bring the old schema to the new model."""

from __future__ import annotations

import importlib.util

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
