"""Read ADR folders as they are: MADR 3/4 and archdocs (YAML front matter), MADR 2 and
log4brains (``* Status:`` bullets), and adr-tools (``Date:`` line, ``## Status`` section).

Reading never fails on a badly written record: what is wrong becomes a :class:`Problem`
that ``archdocs check`` reports (rule ADR001) with the file and line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from archdocs.adr.record import (
    STATUS_ALIASES,
    DecisionLog,
    DecisionRecord,
    Format,
    Problem,
)

# Files in an ADR folder that are not records: indexes and templates of the usual tools.
NOT_RECORDS = frozenset({
    "readme.md", "index.md", "template.md", "adr-template.md", "_template.md",
    "0000-template.md", "0000-use-markdown-architectural-decision-records.md.template",
})

_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_ADR_TOOLS_TITLE_NUMBER = re.compile(r"^\d+\.\s+")
_BULLET = re.compile(r"^\s*[*-]\s+(status|deciders|date|tags)\s*:\s*(.*?)\s*(?:<!--.*-->)?\s*$",
                     re.IGNORECASE)
_DATE_LINE = re.compile(r"^date:\s*(.+?)\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^##\s+(.+?)\s*$")
_SUPERSEDED_BY = re.compile(r"^superseded by\b\s*(.*)$", re.IGNORECASE)
_SUPERSEDES = re.compile(r"^supersedes\b\s*(.*)$", re.IGNORECASE)

# A YAML front matter block opens on the file's first line with three dashes or more.
_FRONT_MATTER_START = re.compile(r"-{3,}[^\S\n]*(?:\n|$)")

# Front-matter keys and the names other tools use for them (MADR 4 says decision-makers).
KEY_ALIASES = {"decision-makers": "deciders", "decision_makers": "deciders",
               "relates-to": "relates_to", "superseded-by": "superseded_by"}
LIST_KEYS = ("deciders", "relates_to", "supersedes", "superseded_by", "consulted", "informed",
             "tags")


def read_log(directory: Path) -> DecisionLog:
    """Every record in ``directory`` (not recursive), sorted by id. A missing folder is an
    empty log: a project without decisions yet is fine."""
    records = [read_record(path) for path in record_files(directory)]
    return DecisionLog(directory, sorted(records, key=lambda r: r.id))


def record_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        path for path in directory.glob("*.md")
        if path.is_file() and path.name.lower() not in NOT_RECORDS
        and not path.name.startswith((".", "_"))
    )


def read_record(path: Path) -> DecisionRecord:
    """Read one record, detecting its format."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if _FRONT_MATTER_START.match(text):
        return _read_front_matter(path, text)
    lines = text.splitlines()
    if any(_BULLET.match(line) for line in _head(lines)):
        return _read_bullets(path, lines)
    return _read_adr_tools(path, lines)


def _head(lines: Sequence[str]) -> list[str]:
    """Lines before the first ``##`` section: where MADR 2 keeps its metadata bullets."""
    head = []
    for line in lines:
        if _SECTION.match(line):
            break
        head.append(line)
    return head


def _title(lines: Sequence[str], offset: int = 0) -> tuple[str, int]:
    for number, line in enumerate(lines, start=1):
        match = _TITLE.match(line)
        if match:
            return match.group(1).strip(), number + offset
    return "", 0


def _status_parts(raw: str) -> tuple[str, tuple[str, ...]]:
    """``"superseded by [ADR-0005](0005-x.md)"`` → ``("superseded", ("0005-x.md link",))``."""
    text = raw.strip().strip("[]").strip()
    superseded = _SUPERSEDED_BY.match(text)
    if superseded:
        target = superseded.group(1).strip()
        return "superseded", (target,) if target else ()
    word = re.split(r"[\s,;:.(\[]", text.lower(), maxsplit=1)[0] if text else ""
    return STATUS_ALIASES.get(word, word), ()


def _parse_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


# -- MADR 3/4 and archdocs: YAML front matter ---------------------------------------------------

def front_matter_bounds(lines: Sequence[str]) -> tuple[int, int] | None:
    """Indexes (0-based) of the opening and closing ``---`` lines, or ``None``."""
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return 0, index
    return None


def key_lines(lines: Sequence[str], bounds: tuple[int, int]) -> dict[str, int]:
    """1-based line of each top-level key in the front matter."""
    found: dict[str, int] = {}
    for index in range(bounds[0] + 1, bounds[1]):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[index])
        if match:
            key = KEY_ALIASES.get(match.group(1), match.group(1))
            found.setdefault(key, index + 1)
    return found


def _read_front_matter(path: Path, text: str) -> DecisionRecord:
    lines = text.splitlines()
    bounds = front_matter_bounds(lines)
    problems: list[Problem] = []
    meta: dict[str, object] = {}
    field_lines: dict[str, int] = {}
    body_lines = lines
    body_offset = 0
    if bounds is None:
        problems.append(Problem(1, "front matter is not closed",
                                "end the YAML block with a line holding only '---'"))
    else:
        field_lines = key_lines(lines, bounds)
        body_lines = lines[bounds[1] + 1:]
        body_offset = bounds[1] + 1
        raw = "\n".join(lines[bounds[0] + 1:bounds[1]])
        try:
            loaded = yaml.safe_load(raw) if raw.strip() else {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = (mark.line + 2) if mark is not None else 1
            problems.append(Problem(line, f"front matter is not valid YAML: "
                                          f"{getattr(error, 'problem', None) or error}",
                                    "fix the YAML syntax (quote values containing ':' or '#')"))
            loaded = {}
        if isinstance(loaded, dict):
            meta = {KEY_ALIASES.get(str(k), str(k)): v for k, v in loaded.items()}
        else:
            problems.append(Problem(2, "front matter is not a mapping of keys to values",
                                    "write one 'key: value' per line"))

    title, title_line = _title(body_lines, body_offset)
    if isinstance(meta.get("title"), str) and meta["title"]:
        title, title_line = str(meta["title"]), field_lines.get("title", 1)
    if title_line:
        field_lines["title"] = title_line
    if not problems:  # a broken block would also lack every key: report the cause only
        problems.extend(_schema_problems(meta, field_lines, has_title=bool(title)))

    raw_status = meta.get("status")
    status = None
    superseded_by = _as_list(meta.get("superseded_by"))
    if isinstance(raw_status, str) and raw_status.strip():
        status, targets = _status_parts(raw_status)
        superseded_by = tuple(dict.fromkeys((*superseded_by, *targets)))
    return DecisionRecord(
        id=path.stem,
        path=path,
        title=title,
        format=Format.FRONT_MATTER,
        status=status,
        raw_status=raw_status if isinstance(raw_status, str) else None,
        date=_parse_date(meta.get("date")),
        deciders=_as_list(meta.get("deciders")),
        relates_to=_as_list(meta.get("relates_to")),
        supersedes=_as_list(meta.get("supersedes")),
        superseded_by=superseded_by,
        problems=tuple(problems),
        field_lines=field_lines,
    )


def _as_list(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, (list, tuple)):
        return tuple(str(item).strip() for item in value if item is not None and str(item).strip())
    return (str(value),)


def _schema_problems(
    meta: dict[str, object], lines: dict[str, int], *, has_title: bool
) -> list[Problem]:
    problems: list[Problem] = []
    if "status" not in meta:
        problems.append(Problem(1, "front matter has no 'status'",
                                "add 'status: proposed' (or accepted, rejected, deprecated, "
                                "superseded)"))
    elif not isinstance(meta["status"], str):
        problems.append(Problem(lines.get("status", 1), "'status' must be a word",
                                "write for example 'status: accepted'"))
    if "date" not in meta:
        problems.append(Problem(1, "front matter has no 'date'",
                                "add 'date: YYYY-MM-DD', the day the decision was last updated"))
    elif _parse_date(meta["date"]) is None:
        problems.append(Problem(lines.get("date", 1),
                                f"'date' is not a date: {meta['date']!r}",
                                "write it as YYYY-MM-DD, for example 'date: 2024-05-17'"))
    for key in LIST_KEYS:
        value = meta.get(key)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            problems.append(Problem(lines.get(key, 1),
                                    f"'{key}' must be a list of names",
                                    f"write '{key}: [first, second]' or one '- name' per line"))
    if not has_title:
        problems.append(Problem(1, "the record has no title",
                                "start the body with a '# Title' heading"))
    return problems


# -- MADR 2 and log4brains: bullets under the title ------------------------------------------

def _read_bullets(path: Path, lines: list[str]) -> DecisionRecord:
    title, title_line = _title(lines)
    values: dict[str, str] = {}
    field_lines: dict[str, int] = {"title": title_line} if title_line else {}
    for number, line in enumerate(_head(lines), start=1):
        match = _BULLET.match(line)
        if match:
            key = match.group(1).lower()
            values.setdefault(key, match.group(2))
            field_lines.setdefault(key, number)
    problems: list[Problem] = []
    status = None
    superseded_by: tuple[str, ...] = ()
    raw_status = values.get("status")
    if raw_status:
        status, superseded_by = _status_parts(raw_status)
    else:
        problems.append(Problem(field_lines.get("title", 1), "the record has no status",
                                "add a '* Status: proposed' line under the title"))
    if not title:
        problems.append(Problem(1, "the record has no title",
                                "start the file with a '# Title' heading"))
    date = _parse_date(values.get("date")) if values.get("date") else None
    if values.get("date") and date is None:
        problems.append(Problem(field_lines["date"], f"'Date' is not a date: {values['date']!r}",
                                "write it as YYYY-MM-DD"))
    return DecisionRecord(
        id=path.stem, path=path, title=title, format=Format.BULLETS, status=status,
        raw_status=raw_status, date=date,
        deciders=_as_list(values.get("deciders")),
        superseded_by=superseded_by, problems=tuple(problems), field_lines=field_lines,
    )


# -- adr-tools: "Date:" line and a "## Status" section ------------------------------------------

def status_section(lines: Sequence[str]) -> tuple[int, int] | None:
    """0-based ``(heading, end)`` of the ``## Status`` section; ``end`` is exclusive."""
    for index, line in enumerate(lines):
        match = _SECTION.match(line)
        if match and match.group(1).strip().lower() == "status":
            end = next((j for j in range(index + 1, len(lines)) if _SECTION.match(lines[j])),
                       len(lines))
            return index, end
    return None


def _read_adr_tools(path: Path, lines: list[str]) -> DecisionRecord:
    title, title_line = _title(lines)
    title = _ADR_TOOLS_TITLE_NUMBER.sub("", title)
    field_lines: dict[str, int] = {"title": title_line} if title_line else {}
    problems: list[Problem] = []
    date = None
    for number, line in enumerate(_head(lines), start=1):
        match = _DATE_LINE.match(line)
        if match:
            field_lines["date"] = number
            date = _parse_date(match.group(1))
            if date is None:
                problems.append(Problem(number, f"'Date' is not a date: {match.group(1)!r}",
                                        "write it as YYYY-MM-DD"))
            break
    status: str | None = None
    raw_status: str | None = None
    supersedes: list[str] = []
    superseded_by: list[str] = []
    section = status_section(lines)
    if section is not None:
        for index in range(section[0] + 1, section[1]):
            text = lines[index].strip()
            if not text:
                continue
            if (match := _SUPERSEDED_BY.match(text)) is not None:
                superseded_by.append(match.group(1))
                field_lines.setdefault("superseded_by", index + 1)
            elif (match := _SUPERSEDES.match(text)) is not None:
                supersedes.append(match.group(1))
                field_lines.setdefault("supersedes", index + 1)
            elif raw_status is None and not re.match(r"^(amended by|amends)\b", text, re.I):
                raw_status = text
                status, _ = _status_parts(text)
                field_lines["status"] = index + 1
        # "Superseded by" is added when a later record replaces this one: it wins over the
        # "Accepted" written before.
        if superseded_by:
            status = "superseded"
            field_lines.setdefault("status", field_lines["superseded_by"])
            raw_status = raw_status or "Superseded"
    if status is None:
        problems.append(Problem(field_lines.get("title", 1), "the record has no status",
                                "add a '## Status' section holding 'Proposed' or 'Accepted'"))
    if not title:
        problems.append(Problem(1, "the record has no title",
                                "start the file with a '# 1. Title' heading"))
    return DecisionRecord(
        id=path.stem, path=path, title=title, format=Format.ADR_TOOLS, status=status,
        raw_status=raw_status, date=date, supersedes=tuple(supersedes),
        superseded_by=tuple(superseded_by), problems=tuple(problems), field_lines=field_lines,
    )
