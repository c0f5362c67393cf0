"""Existing ADR folders are read as they are: adr-tools, log4brains, MADR 2, 3 and 4."""

from __future__ import annotations

import datetime
from pathlib import Path

from archdocs.adr.reader import read_log

ADR_TOOLS_1 = """# 1. Record architecture decisions

Date: 2016-02-12

## Status

Superseded by [3. Use MADR](0003-use-madr.md)

## Context

We need to record the architectural decisions made on this project.
"""

ADR_TOOLS_3 = """# 3. Use MADR

Date: 2018-05-01

## Status

Accepted

Supersedes [1. Record architecture decisions](0001-record-architecture-decisions.md)

Amended by [4. Something](0004-something.md)

## Context

MADR has more structure.
"""

LOG4BRAINS = """# Use Log4brains to manage the ADRs

- Status: draft
- Date: 2020-10-16
- Tags: dev-tools, doc

## Context and Problem Statement

We want to record architectural decisions made in this project.
"""

MADR_2 = """# Use Markdown Architectural Decision Records

* Status: superseded by [ADR-0002](0002-use-madr-3.md) <!-- optional -->
* Deciders: Oliver Kopp, Olaf Zimmermann
* Date: 2017-12-04

Technical Story: https://github.com/adr/madr/issues/1

## Context and Problem Statement
"""

MADR_3 = """---
status: accepted
date: 2022-09-14
deciders: Oliver Kopp, Olaf Zimmermann
consulted: Stefan Kapferer
informed: everyone
---
# Use Plain JUnit5 for advanced test assertions

## Context and Problem Statement
"""

MADR_4 = """---
status: "accepted"
date: 2024-09-02
decision-makers: [Oliver Kopp]
consulted: []
informed: []
---

# Use YAML front matter for metadata

## Context and Problem Statement
"""

NOT_RECORDS = {"README.md": "# Decisions\n", "index.md": "# Index\n",
               "template.md": "# Title\n", "adr-template.md": "---\n---\n# T\n"}


def write_folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_adr_tools_folder(tmp_path):
    log = read_log(write_folder(tmp_path / "doc" / "adr", {
        "0001-record-architecture-decisions.md": ADR_TOOLS_1,
        "0003-use-madr.md": ADR_TOOLS_3,
    }))
    first, third = log.records
    assert (first.id, first.number, first.title) == ("0001-record-architecture-decisions", 1,
                                                     "Record architecture decisions")
    assert first.status == "superseded" and first.date == datetime.date(2016, 2, 12)
    assert log.resolve(first.superseded_by[0]) is third
    assert (third.status, third.format) == ("accepted", "adr-tools")
    assert log.resolve(third.supersedes[0]) is first
    assert third.field_lines["status"] == 7
    assert all(not r.problems for r in log)


def test_log4brains_folder_with_draft_status(tmp_path):
    log = read_log(write_folder(tmp_path, {
        "20201016-use-log4brains-to-manage-the-adrs.md": LOG4BRAINS, **NOT_RECORDS}))
    [record] = log.records
    assert record.id == "20201016-use-log4brains-to-manage-the-adrs"
    assert record.number is None  # a date, not a sequence number
    assert (record.status, record.raw_status) == ("proposed", "draft")
    assert record.date == datetime.date(2020, 10, 16)
    assert record.title == "Use Log4brains to manage the ADRs"


def test_madr_2_bullets(tmp_path):
    log = read_log(write_folder(tmp_path, {"0001-use-markdown-adrs.md": MADR_2,
                                           "0002-use-madr-3.md": MADR_3}))
    old, new = log.records
    assert old.status == "superseded"
    assert log.resolve(old.superseded_by[0]) is new
    assert old.deciders == ("Oliver Kopp", "Olaf Zimmermann")
    assert old.date == datetime.date(2017, 12, 4)
    assert old.format == "bullets"


def test_madr_3_and_4_front_matter(tmp_path):
    log = read_log(write_folder(tmp_path, {"0001-junit.md": MADR_3, "0002-yaml.md": MADR_4}))
    madr3, madr4 = log.records
    assert (madr3.status, madr3.deciders) == ("accepted", ("Oliver Kopp", "Olaf Zimmermann"))
    assert madr3.title == "Use Plain JUnit5 for advanced test assertions"
    assert (madr4.status, madr4.deciders) == ("accepted", ("Oliver Kopp",))
    assert madr4.date == datetime.date(2024, 9, 2)
    assert not madr3.problems and not madr4.problems


def test_a_missing_folder_is_an_empty_log(tmp_path):
    assert len(read_log(tmp_path / "nowhere")) == 0


def test_records_without_status_are_reported_not_fatal(tmp_path):
    log = read_log(write_folder(tmp_path, {
        "0001-a.md": "# 1. A\n\nDate: 2020-01-01\n\n## Context\n\ntext\n",
        "0002-b.md": "no title at all\n",
    }))
    a, b = log.records
    assert [p.message for p in a.problems] == ["the record has no status"]
    assert "the record has no title" in [p.message for p in b.problems]
