"""`archdocs check`: the JSON and text formats, --fail-on exit codes, suppressions."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from archdocs.cli import main

MODEL = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table
from archdocs import Access, Mechanism, System, suppress, tech

metadata = MetaData()
Table("customers", metadata, Column("id", Integer, primary_key=True), comment="Buyers.")
Table("orders", metadata,
      Column("id", Integer, primary_key=True, comment="Key."),
      Column("customer_id", Integer, ForeignKey("customers.id"), comment="Buyer."),
      comment="Checkouts.")
Table("audit", metadata, Column("entry", Integer, comment="Entry."), comment="Audit.")

system = System("Shop")
sales = system.context("Sales")
api = sales.service("order-api")
db = sales.datastore("orders-db", tech.PostgreSQL("16"), schema=metadata,
                     suppress=[SUPPRESSIONS])
system.flow(api, db, Mechanism.QUERY, access=Access.READ_WRITE)
'''
# A datastore of the given Table(...) lines, and nothing else.
TABLES_MODEL = (
    "from sqlalchemy import Column, Integer, MetaData, Table\n"
    "from archdocs import System, tech\n"
    "metadata = MetaData()\n"
    "{tables}\n"
    'System("Shop").context("Sales").datastore("db", tech.PostgreSQL("16"), schema=metadata)\n'
)
RULES = ["--rule", "SCH001", "--rule", "SCH002", "--rule", "SCH004", "--rule", "SUP001"]


def write_model(tmp_path: Path, source: str) -> Path:
    """A models folder under ``tmp_path`` holding ``source`` as models/shop.py."""
    models = tmp_path / "models"
    models.mkdir(parents=True, exist_ok=True)
    (models / "shop.py").write_text(source, encoding="utf-8")
    return models


def project(tmp_path: Path, suppressions: str = "") -> Path:
    return write_model(tmp_path, MODEL.replace("SUPPRESSIONS", suppressions))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def test_json_lists_findings_with_rule_severity_message_element_file_line(tmp_path, capsys):
    code, out = run(capsys, str(project(tmp_path)), "--format", "json", *RULES)
    report = json.loads(out)
    assert set(report) == {"findings", "suppressed", "summary"}
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert set(by_rule) == {"SCH001", "SCH002"}
    pk = by_rule["SCH001"]
    assert pk == {
        "rule": "SCH001",
        "severity": "error",
        "message": "table audit in orders-db (PostgreSQL 16) has no primary key",
        "element": "datastore:orders-db",
        "target": "audit",
        "file": "models/shop.py",
        "line": 11,
        "hint": pk["hint"],
    }
    assert pk["hint"].startswith("Add a primary key")
    assert by_rule["SCH002"]["severity"] == "warning"
    assert by_rule["SCH002"]["line"] == 9
    assert report["suppressed"] == []
    assert report["summary"] == {"error": 1, "warning": 1, "info": 0, "suppressed": 0}
    assert code == 1


def test_findings_are_sorted_errors_first(tmp_path, capsys):
    _, out = run(capsys, str(project(tmp_path)), "--format", "json", *RULES)
    severities = [f["severity"] for f in json.loads(out)["findings"]]
    assert severities == ["error", "warning"]


def test_two_runs_give_identical_output(tmp_path, capsys):
    models = str(project(tmp_path))
    first = run(capsys, models, "--format", "json")[1]
    second = run(capsys, models, "--format", "json")[1]
    assert first == second
    assert run(capsys, models)[1] == run(capsys, models)[1]


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_sets_the_threshold_for_exit_code_1(tmp_path, capsys, fail_on, expected):
    # Only the warning (SCH002) and no error: exit 1 only from --fail-on warning down.
    models = str(project(tmp_path))
    code, _ = run(capsys, models, "--rule", "SCH002", "--fail-on", fail_on)
    assert code == expected


def test_info_findings_fail_only_with_fail_on_info(tmp_path, capsys):
    models = project(tmp_path)
    source = (models / "shop.py").read_text().replace(', comment="Audit."', "")
    (models / "shop.py").write_text(source)
    assert run(capsys, str(models), "--rule", "SCH004", "--fail-on", "warning")[0] == 0
    assert run(capsys, str(models), "--rule", "SCH004", "--fail-on", "info")[0] == 1


def test_a_clean_model_exits_0(tmp_path, capsys):
    code, out = run(capsys, str(project(tmp_path)), "--rule", "SCH004", "--fail-on", "info")
    assert code == 0
    assert out.endswith("0 findings (0 errors, 0 warnings, 0 info), 0 suppressed\n")


def test_a_suppression_with_reason_is_listed_with_it(tmp_path, capsys):
    models = str(project(tmp_path, 'suppress("SCH001", "vendor audit table, append-only", '
                                   'target="audit")'))
    code, out = run(capsys, models, "--format", "json", *RULES)
    report = json.loads(out)
    assert [f["rule"] for f in report["findings"]] == ["SCH002"]
    [suppressed] = report["suppressed"]
    assert suppressed["rule"] == "SCH001"
    assert suppressed["target"] == "audit"
    assert suppressed["reason"] == "vendor audit table, append-only"
    assert suppressed["suppressed_at"] == {"file": "models/shop.py", "line": 17}
    assert code == 0  # the remaining finding is a warning

    code, text = run(capsys, models, *RULES, "--show-suppressed")
    assert "suppressed (1):" in text
    assert "reason: vendor audit table, append-only (models/shop.py:17)" in text
    code, text = run(capsys, models, *RULES, "--format", "github", "--show-suppressed")
    assert "reason: vendor audit table, append-only (models/shop.py:17)" in text


@pytest.mark.parametrize("output", ["text", "github"])
def test_suppressed_findings_are_listed_only_on_request(tmp_path, capsys, output):
    """A clean review ends with its "0 findings" line, not buried under the reasons of every
    suppressed finding; the JSON report keeps them (see above)."""
    models = str(project(tmp_path, 'suppress("SCH001", "vendor audit table, append-only", '
                                   'target="audit")'))
    code, out = run(capsys, models, "--rule", "SCH001", "--format", output)
    assert code == 0
    assert out == ("0 findings (0 errors, 0 warnings, 0 info), "
                   "1 suppressed (--show-suppressed lists them)\n")
    assert "vendor audit table" not in out


def test_a_suppression_without_reason_is_not_honoured_and_is_flagged(tmp_path, capsys):
    models = str(project(tmp_path, 'suppress("SCH001", "  ")'))
    code, out = run(capsys, models, "--format", "json", *RULES)
    report = json.loads(out)
    rules = sorted(f["rule"] for f in report["findings"])
    assert rules == ["SCH001", "SCH002", "SUP001"]
    [sup] = [f for f in report["findings"] if f["rule"] == "SUP001"]
    assert sup["message"] == "suppression of SCH001 on datastore:orders-db has no reason"
    assert sup["line"] == 17
    assert report["suppressed"] == []
    assert code == 1


def test_an_unknown_rule_id_is_a_usage_error(tmp_path, capsys):
    code = main(["check", str(project(tmp_path)), "--rule", "NOPE001"])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown rule id: NOPE001" in err


def test_text_output_names_file_line_rule_and_fix(tmp_path, capsys):
    _, out = run(capsys, str(project(tmp_path)), *RULES)
    assert textwrap.dedent('''\
        models/shop.py:11: error SCH001 datastore:orders-db (audit): table audit in orders-db \
(PostgreSQL 16) has no primary key''') in out
    assert "    fix: Add a primary key" in out


def _crashing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    from archdocs.review.finding import Severity
    from archdocs.review.rule import REGISTRY, Rule

    def check(ctx: object) -> list[object]:
        raise KeyError("boom")

    monkeypatch.setitem(REGISTRY, "ZZZ999", Rule("ZZZ999", "always-crashes", Severity.ERROR,
                                                 "test", "why", "fix", check))


def test_a_crashing_rule_does_not_hide_the_other_findings(tmp_path, capsys, monkeypatch):
    _crashing_rule(monkeypatch)
    code = main(["check", str(project(tmp_path)), "--format", "json", "--rule", "SCH001",
                 "--rule", "ZZZ999"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert [f["rule"] for f in report["findings"]] == ["SCH001"]
    assert report["crashed"] == ["rule ZZZ999 (always-crashes) failed on system 'Shop': "
                                 "KeyError: 'boom'"]
    assert code == 2  # the review is incomplete: never a clean exit
    assert "review is incomplete" in captured.err
    assert "Traceback" not in captured.err


def test_debug_shows_the_crashing_rules_traceback(tmp_path, capsys, monkeypatch):
    _crashing_rule(monkeypatch)
    code = main(["--debug", "check", str(project(tmp_path)), "--rule", "ZZZ999"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert "rule ZZZ999 (always-crashes) failed" in err


def test_output_does_not_depend_on_hash_seeds(tmp_path):
    """Separate processes with different hash seeds (set iteration order) print the same."""
    import os
    import subprocess
    import sys

    from test_broken_models import BROKEN

    models = tmp_path / "models"
    models.mkdir()
    (models / "broken.py").write_text(BROKEN, encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-c", "from archdocs.cli import main; raise SystemExit(main())",
             "check", str(models), "--format", "json", "--rule", "INT001", "--rule", "INT002",
             "--rule", "INT003", "--rule", "INT006", "--rule", "SCL001", "--rule", "SCH002"],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=tmp_path, check=False)
        assert result.returncode == 1, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["findings"]) > 10


def test_hostile_names_keep_each_text_finding_on_one_line(tmp_path, capsys):
    models = write_model(tmp_path, "from archdocs import System, tech\n"
                                   "system = System('Shop')\n"
                                   "system.datastore('evil\\nname\\x1b[31m', "
                                   "tech.PostgreSQL('16'))\n")
    code, out = run(capsys, str(models), "--rule", "INT003")
    assert code == 0
    [line] = [text for text in out.splitlines() if "INT003" in text]
    assert line.startswith("models/shop.py:3: warning INT003 datastore:evil\\nname\\x1b[31m: ")
    assert "\x1b" not in out
    _, data = run(capsys, str(models), "--rule", "INT003", "--format", "json")
    assert json.loads(data)["findings"][0]["element"] == "datastore:evil\nname\x1b[31m"


def test_a_long_text_report_ends_with_a_count_per_rule(tmp_path, capsys):
    tables = "\n".join(f'Table("t{n:02d}", metadata, Column("x", Integer))' for n in range(11))
    models = write_model(tmp_path, TABLES_MODEL.format(tables=tables))
    _, out = run(capsys, str(models), "--rule", "SCH001")
    assert out.splitlines()[-2:] == ["by rule: SCH001 11",
                                     "11 findings (11 errors, 0 warnings, 0 info), 0 suppressed"]
    # A short report needs no tally.
    (tmp_path / "small").mkdir()
    _, short = run(capsys, str(project(tmp_path / "small")), *RULES)
    assert "by rule:" not in short


def test_github_format_annotates_the_declaring_line(tmp_path, capsys):
    code, out = run(capsys, str(project(tmp_path)), "--format", "github", *RULES)
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=models/shop.py,line=11,title=SCH001 (error)::datastore:orders-db (audit): "
        "table audit in orders-db (PostgreSQL 16) has no primary key%0Afix: Add a primary key"
        + lines[0].split("%0Afix: Add a primary key", 1)[1])
    assert any(line.startswith("::warning file=models/shop.py,line=") and "SCH002" in line
               for line in lines)
    assert lines[-1].endswith("0 suppressed") and code == 1  # same exit code as the text format


def test_github_format_escapes_what_would_end_or_split_an_annotation(tmp_path, capsys):
    models = write_model(tmp_path, TABLES_MODEL.format(
        tables='Table("50%,a::b\\nc", metadata, Column("x", Integer))'))
    _, out = run(capsys, str(models), "--format", "github", "--rule", "SCH001")
    [annotation] = [line for line in out.splitlines() if line.startswith("::")]
    header, message = annotation.split("::", 2)[1:]
    assert header.startswith("error file=models/shop.py,line=")
    assert header.endswith(",title=SCH001 (error)")
    assert "50%25,a::b%0Ac" in message and "\n" not in annotation


def test_one_finding_is_counted_in_the_singular(tmp_path, capsys):
    # Only SCH001 on the audit table: one error.
    _, out = run(capsys, str(project(tmp_path)), "--rule", "SCH001")
    assert out.splitlines()[-1] == "1 finding (1 error, 0 warnings, 0 info), 0 suppressed"


def _annotated_files(out: str) -> list[str]:
    return re.findall(r"^::\w+ file=([^,]+),", out, flags=re.MULTILINE)


def test_github_annotations_name_files_of_the_repository_for_a_nested_models_folder(
        tmp_path, capsys, monkeypatch):
    # A models folder two levels below the repository root, checked from a third folder: every
    # annotated path must exist relative to the repository root, or GitHub shows nothing.
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    models = write_model(repo / "services" / "shop", MODEL.replace("SUPPRESSIONS", ""))
    (repo / "tools").mkdir()
    monkeypatch.chdir(repo / "tools")
    code, out = run(capsys, str(models), "--format", "github", *RULES)
    assert code == 1
    files = _annotated_files(out)
    assert files and set(files) == {"services/shop/models/shop.py"}
    for file in files:
        assert (repo / file).is_file(), file
    # A load error names its file from the same root.
    (models / "broken.py").write_text("x = (\n")
    assert main(["check", str(models), "--format", "github"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("services/shop/models/broken.py:1: error: syntax error")


def test_paths_are_relative_to_the_working_directory_outside_a_repository(
        tmp_path, capsys, monkeypatch):
    models = write_model(tmp_path / "project" / "arch", MODEL.replace("SUPPRESSIONS", ""))
    monkeypatch.chdir(tmp_path)
    _, out = run(capsys, str(models), "--format", "github", *RULES)
    assert set(_annotated_files(out)) == {"project/arch/models/shop.py"}
