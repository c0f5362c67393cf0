"""Creating and superseding records never loses a byte of what the user wrote."""

from __future__ import annotations

import datetime

import pytest

from archdocs.adr.reader import read_log
from archdocs.adr.writer import new_record, supersede
from archdocs.cli import main
from archdocs.errors import UsageError

OLD = """---
# decided in the architecture guild, see minutes 2024-04
status: accepted   # revisit in 2025
date: 2024-05-01
deciders:
  - Ada
  - Grace
relates_to: [orders-db]
---

# Keep orders in PostgreSQL

Body with **Markdown**, trailing spaces{SPACES}
and no final newline""".replace("{SPACES}", "   ")


def test_supersede_edits_only_the_status_fields(tmp_path):
    adr = tmp_path / "adr"
    adr.mkdir()
    (adr / "20240501-keep-orders.md").write_text(OLD, encoding="utf-8")
    new = new_record(adr, "Move orders to CockroachDB", date=datetime.date(2024, 7, 1))
    new_before = new.read_text()

    supersede(read_log(adr), "20240501-keep-orders", new.stem)

    old_after = (adr / "20240501-keep-orders.md").read_text(encoding="utf-8")
    assert old_after == OLD.replace(
        "status: accepted   # revisit in 2025\n", "status: superseded\n").replace(
        "relates_to: [orders-db]\n",
        "relates_to: [orders-db]\nsuperseded_by: [20240701-move-orders-to-cockroachdb]\n")
    assert new.read_text() == new_before.replace(
        "supersedes: []", "supersedes: [20240501-keep-orders]")
    old, replacement = read_log(adr).records
    assert (old.status, old.deciders) == ("superseded", ("Ada", "Grace"))
    assert replacement.supersedes == ("20240501-keep-orders",)


def test_windows_line_endings_survive(tmp_path):
    adr = tmp_path / "adr"
    adr.mkdir()
    crlf = OLD.replace("\n", "\r\n")
    (adr / "20240501-keep-orders.md").write_bytes(crlf.encode())
    new = new_record(adr, "Replace it", date=datetime.date(2024, 7, 1))
    supersede(read_log(adr), "keep-orders", new.stem)
    data = (adr / "20240501-keep-orders.md").read_bytes().decode()
    assert "\n" not in data.replace("\r\n", "")
    assert data.endswith("Body with **Markdown**, trailing spaces   \r\nand no final newline")


def test_supersede_in_adr_tools_and_madr2_records_keeps_their_prose(tmp_path):
    adr = tmp_path / "adr"
    adr.mkdir()
    tools = "# 1. Use MySQL\n\nDate: 2019-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n"
    madr2 = "# Use Redis\n\n* Status: accepted\n* Date: 2020-01-01\n\n## Context\n\nWhy.\n"
    (adr / "0001-use-mysql.md").write_text(tools)
    (adr / "0002-use-redis.md").write_text(madr2)
    (adr / "0003-use-postgresql.md").write_text(tools.replace("1. Use MySQL", "3. Use PostgreSQL"))
    supersede(read_log(adr), "1", "3")
    supersede(read_log(adr), "0002-use-redis", "0003-use-postgresql")
    assert (adr / "0001-use-mysql.md").read_text() == tools.replace(
        "Accepted\n", "Accepted\n\nSuperseded by [3. Use PostgreSQL](0003-use-postgresql.md)\n")
    assert (adr / "0002-use-redis.md").read_text() == madr2.replace(
        "* Status: accepted", "* Status: superseded by [3. Use PostgreSQL](0003-use-postgresql.md)")
    newest = (adr / "0003-use-postgresql.md").read_text()
    assert "Supersedes [1. Use MySQL](0001-use-mysql.md)" in newest
    assert newest.endswith("## Context\n\nWhy.\n")
    log = read_log(adr)
    assert [r.status for r in log] == ["superseded", "superseded", "accepted"]


def test_new_never_overwrites_and_writes_madr4_front_matter(tmp_path):
    adr = tmp_path / "adr"
    path = new_record(adr, "Use PostgreSQL for orders", relates_to=["orders-db"],
                      deciders=["Ada"], date=datetime.date(2024, 5, 1))
    assert path.name == "20240501-use-postgresql-for-orders.md"
    text = path.read_text()
    assert text.startswith("---\nstatus: proposed\ndate: 2024-05-01\ndeciders: [Ada]\n"
                           "relates_to: [orders-db]\nsupersedes: []\n---\n\n"
                           "# Use PostgreSQL for orders\n")
    assert "## Decision Outcome" in text and "## Considered Options" in text
    with pytest.raises(UsageError, match="already exists"):
        new_record(adr, "Use PostgreSQL for orders", date=datetime.date(2024, 5, 1))
    assert path.read_text() == text


def test_cli_new_with_hostile_title_stays_in_the_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["adr", "new", "../../etc/passwd: <b>yes</b>", "--date", "2024-01-01"]) == 0
    created = capsys.readouterr().out.strip()
    assert created.startswith(str(tmp_path / "docs" / "adr") + "/20240101-")
    [record] = read_log(tmp_path / "docs" / "adr").records
    assert record.title == "../../etc/passwd: <b>yes</b>"
    assert not record.problems


def test_cli_list_filters_by_status_and_element(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    main(["adr", "new", "A", "--relates-to", "orders-db", "--status", "accepted",
          "--date", "2024-01-01"])
    main(["adr", "new", "B", "--relates-to", "search", "--date", "2024-01-02"])
    capsys.readouterr()
    main(["adr", "list", "--status", "accepted"])
    assert capsys.readouterr().out.split() == ["20240101-a", "accepted", "2024-01-01", "A",
                                               "[orders-db]"]
    main(["adr", "list", "--element", "search"])
    assert capsys.readouterr().out.startswith("20240102-b  proposed")
    assert main(["adr", "supersede", "nope", "b"]) == 2
    assert "no ADR 'nope'" in capsys.readouterr().err


def test_cli_finds_the_project_root_from_a_subfolder(tmp_path, monkeypatch, capsys):
    (tmp_path / "models").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.archdocs]\nadr_dir = "decisions"\n')
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "src" / "pkg")
    assert main(["adr", "new", "Use Redis", "--date", "2024-01-01"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "decisions" / "20240101-use-redis.md")
