"""``archdocs plan`` from the command line: two directories, git refs, the earlier schema a
datastore declares; Markdown, JSON and SQL; clear errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from archdocs.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
PHASES = ["expand", "deploy", "backfill", "validate", "cutover", "contract"]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def archdocs(capsys, monkeypatch):
    """Run the CLI in process (the same ``main`` the console script calls)."""

    def run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def test_a_change_containing_every_change_type_prints_a_phased_plan(archdocs):
    result = archdocs("plan", "--base-dir", str(FIXTURES / "base"),
                      "--head-dir", str(FIXTURES / "head"))
    assert result.returncode == 0, result.stderr
    out = re.sub(r"\\(.)", r"\1", result.stdout)  # Markdown escapes do not matter here
    assert out.startswith("# Migration plan: shop-db")
    # every phase, in order, in the step table
    rows = [line.split(" | ")[1] for line in out.splitlines() if line.startswith("| ")
            and line.split(" | ")[1] in PHASES]
    assert sorted(set(rows), key=PHASES.index) == PHASES
    assert rows == sorted(rows, key=PHASES.index)
    assert "Point of no return" in out
    for hazard in ("MH001", "MH002", "MH003", "MH004", "MH005", "MH006", "MH007", "MH008",
                   "MH009", "MH010", "MH011", "MH012", "MH013", "MH014", "MH015", "MH016",
                   "MH017", "MH018", "MH019", "MH021"):
        assert f"[{hazard}](hazards/{hazard}.md" in out, hazard
    # on the 50-million-row orders table the stored generated column (a rewrite) is an error,
    # and int → bigint goes through a new column and a swap instead of a rewrite
    generated = next(line for line in out.splitlines()
                     if line.startswith("| ") and "generated column total_with_tax" in line)
    assert "| error |" in generated
    assert "swap amount_cents_archdocs_new in as amount_cents" in out


def test_json_output_lists_changes_and_steps_with_locks_and_rollbacks(archdocs):
    result = archdocs("plan", "--base-dir", str(FIXTURES / "base"), "--head-dir",
                      str(FIXTURES / "head"), "--format", "json")
    assert result.returncode == 0, result.stderr
    [plan] = json.loads(result.stdout)["plans"]
    kinds = {change["kind"] for change in plan["changes"]}
    assert {"add-table", "drop-table", "rename-table", "add-column", "drop-column",
            "rename-column", "alter-type", "set-not-null", "drop-not-null", "set-default",
            "drop-default", "add-index", "drop-index", "add-unique", "add-foreign-key",
            "add-check", "add-primary-key", "table-comment", "column-comment",
            "enum-add-value", "enum-rename-value", "enum-remove-value"} <= kinds
    step = plan["steps"][plan["point_of_no_return"] - 1]
    assert step["point_of_no_return"] and step["phase"] == "contract"
    assert all(s["lock"] and (s["rollback"] or s["checkpoint"]) for s in plan["steps"])
    # rollbacks are structured: SQL statements as a list, prose only as text
    steps = {s["title"]: s for s in plan["steps"]}
    rename = steps["rename table old_events → events, keep the old name as a view"]
    assert rename["rollback_statements"] == ["DROP VIEW IF EXISTS old_events",
                                             "ALTER TABLE events RENAME TO old_events"]
    assert rename["rollback"] == "; ".join(rename["rollback_statements"])
    validate = steps["validate foreign key fk_orders_customer"]
    assert validate["rollback_statements"] == []
    assert validate["rollback"].startswith("nothing to undo")


def test_the_sql_format_is_a_script_for_the_chosen_dialect(archdocs):
    result = archdocs("plan", "--base-dir", str(FIXTURES / "base"), "--head-dir",
                      str(FIXTURES / "head"), "--format", "sql", "--dialect", "mariadb")
    assert result.returncode == 0, result.stderr
    assert "dialect mysql" in result.stdout.splitlines()[0]
    assert "SET SESSION lock_wait_timeout = 5;" in result.stdout
    assert "DELIMITER //" in result.stdout and "-- CHECKPOINT:" in result.stdout


def test_fail_on_reports_a_dangerous_step_with_exit_code_1(archdocs):
    args = ["plan", "--base-dir", str(FIXTURES / "base"), "--head-dir", str(FIXTURES / "head")]
    assert archdocs(*args, "--fail-on", "error").returncode == 1
    same = archdocs("plan", "--base-dir", str(FIXTURES / "head"), "--head-dir",
                    str(FIXTURES / "head"), "--fail-on", "info")
    assert same.returncode == 0 and "No schema changes" in same.stdout


def test_without_a_base_or_an_earlier_schema_the_user_is_told_what_to_pass(archdocs):
    result = archdocs("plan", str(FIXTURES / "head"))
    assert result.returncode == 2
    assert "no datastore declares an earlier schema" in result.stderr
    assert "--base REF" in result.stderr


def test_unknown_datastore_and_dialect_are_clear_errors(archdocs):
    args = ["plan", "--base-dir", str(FIXTURES / "base"), "--head-dir", str(FIXTURES / "head")]
    missing = archdocs(*args, "--datastore", "nope")
    assert missing.returncode == 2
    assert "no datastore named 'nope'" in missing.stderr and "shop-db" in missing.stderr
    assert "Traceback" not in missing.stderr
    dialect = archdocs(*args, "--dialect", "oracle")
    assert dialect.returncode == 2 and "unknown dialect 'oracle'" in dialect.stderr


def test_a_non_relational_datastore_gets_no_sql_plan(archdocs):
    result = archdocs("plan", "--base-dir", str(REPO / "models"), "--head-dir",
                      str(REPO / "models"), "--datastore", "carts-db", "--dialect", "postgresql")
    assert result.returncode == 2
    assert "carts-db" in result.stderr and "MongoDB" in result.stderr


def test_the_flagship_plans_from_its_declared_earlier_schema(archdocs):
    result = archdocs("plan", str(REPO / "models"), "--format", "json")
    assert result.returncode == 0, result.stderr
    plans = json.loads(result.stdout)["plans"]
    assert plans and all(p["head"] == "current model" for p in plans)
    catalog = next(p for p in plans if p["datastore"] == "catalog-db")
    assert any(c["kind"] == "rename-column" for c in catalog["changes"])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_ref_is_compared_with_the_working_tree_which_stays_untouched(tmp_path, archdocs):
    project = tmp_path / "project"
    models = project / "models"
    models.mkdir(parents=True)
    shutil.copy(FIXTURES / "every_change.py", project / "every_change.py")
    model = (FIXTURES / "base" / "shop.py").read_text()
    (models / "shop.py").write_text(model)

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "v1")
    edited = model.replace("old_metadata as schema", "new_metadata as schema")
    (models / "shop.py").write_text(edited)
    result = archdocs("plan", "--base", "HEAD", "models", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    [plan] = json.loads(result.stdout)["plans"]
    assert plan["base"] == "HEAD" and plan["head"] == "working tree" and plan["steps"]
    assert (models / "shop.py").read_text() == edited
    status = subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True,
                            text=True, check=True).stdout
    assert status.strip() == "M models/shop.py"
    two_refs = archdocs("plan", "--base", "HEAD", "--head", "HEAD", "models", cwd=project)
    assert two_refs.returncode == 0 and "No schema changes" in two_refs.stdout
    bad = archdocs("plan", "--base", "no-such-ref", "models", cwd=project)
    assert bad.returncode == 2 and "no-such-ref" in bad.stderr


def test_a_schema_sqlalchemy_cannot_compile_is_a_clear_error(archdocs, tmp_path):
    for version, extra in (("base", ""), ("head", ', Column("owner_id", ForeignKey("owners.id"))')):
        folder = tmp_path / version
        folder.mkdir()
        (folder / "shop.py").write_text(
            "from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table\n"
            "from archdocs import tech\nfrom archdocs.model import System\n"
            "metadata = MetaData()\n"
            f'Table("pets", metadata, Column("id", Integer, primary_key=True){extra})\n'
            'System("Shop").context("Pets").datastore("pets-db", tech.PostgreSQL("16"), '
            "schema=metadata)\n")
    result = archdocs("plan", "--base-dir", str(tmp_path / "base"), "--head-dir",
                      str(tmp_path / "head"))
    assert result.returncode == 2
    assert "cannot plan datastore 'pets-db'" in result.stderr
    assert "shop.py:" in result.stderr and "internal error" not in result.stderr


def _assert_reads_cleanly(text: str) -> None:
    assert "<code>" not in text and "&#x27;" not in text and "&gt;" not in text
    assert "](" not in text and "hazards/" not in text and "**" not in text
    assert "| --- |" not in text and "|---|" not in text and "\\_" not in text


def test_the_text_format_reads_cleanly_in_a_terminal(archdocs):
    result = archdocs("plan", "--base-dir", str(FIXTURES / "base"), "--head-dir",
                      str(FIXTURES / "head"), "--format", "text")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    _assert_reads_cleanly(out)
    assert out.startswith("Migration plan: shop-db\n")
    # The step that loses data is named, by number and by what it does.
    assert re.search(r"^POINT OF NO RETURN: step \d+ \(drop column score\)\.", out, re.M)
    assert "hazard MH007: Rename a table" in out
    assert "set default customers.name (none → 'unknown')" in out
    assert "SQL (postgresql):" in out


def test_text_is_the_default_on_a_terminal_and_markdown_when_redirected(tmp_path):
    import os
    import pty
    import sys
    args = [str(Path(sys.executable).parent / "archdocs"), "plan", "--base-dir", str(FIXTURES / "base"),
            "--head-dir", str(FIXTURES / "head")]
    primary, secondary = pty.openpty()
    with subprocess.Popen(args, stdout=secondary, stderr=subprocess.PIPE) as process:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
    os.close(primary)
    on_terminal = b"".join(chunks).decode().replace("\r\n", "\n")
    assert on_terminal.startswith("Migration plan: shop-db\n")
    _assert_reads_cleanly(on_terminal)
    redirected = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert redirected.stdout.startswith("# Migration plan: shop-db")
