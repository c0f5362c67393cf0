"""Creating and editing ADRs without ever losing what the user wrote.

New records get an id that cannot collide across parallel pull requests: the date and a slug
of the title (``20261126-use-postgresql-for-orders``, the log4brains scheme). Two branches
adding different decisions add different files; two branches adding the same title on the
same day add the same path, which git reports as a conflict instead of merging silently.

Edits are surgical: only the lines holding the changed field are rewritten; every other byte
(the body, comments, other keys, line endings) stays as it was. Files are replaced atomically.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from archdocs.adr.reader import (
    KEY_ALIASES,
    front_matter_bounds,
    status_section,
)
from archdocs.adr.record import DecisionLog, DecisionRecord, Format
from archdocs.errors import UsageError
from archdocs.fsutil import write_atomic
from archdocs.naming import slugify
from archdocs.quoting import yaml_scalar

TEMPLATE = """\
---
status: {status}
date: {date}
deciders: {deciders}
relates_to: {relates_to}
supersedes: {supersedes}
---

# {title}

## Context and Problem Statement

Describe the context and the problem in two or three sentences. Which part of the
architecture does it touch, and why does it need a decision now?

## Decision Drivers

* a force or concern, for example a consistency requirement or an expected volume

## Considered Options

* option 1
* option 2

## Decision Outcome

Chosen option: "option 1", because it is the only one that meets the decision drivers.

### Consequences

* Good, because …
* Bad, because …

### Confirmation

How the team will confirm the decision is implemented (a review rule, a test, a metric).

## Pros and Cons of the Options

### option 1

* Good, because …
* Bad, because …

### option 2

* Good, because …
* Bad, because …

## More Information

Links to the model elements, pull requests and measurements behind this decision.
"""


def record_id(title: str, date: datetime.date) -> str:
    """The id of a new record: ``YYYYMMDD-slug-of-the-title``."""
    return f"{date:%Y%m%d}-{slugify(title)}"


def _flow_list(values: Sequence[str]) -> str:
    dumped: str = yaml.safe_dump(list(values), default_flow_style=True, allow_unicode=True,
                                 width=10_000)
    return dumped.strip()


def new_record(
    directory: Path,
    title: str,
    *,
    relates_to: Sequence[str] = (),
    supersedes: Sequence[str] = (),
    deciders: Sequence[str] = (),
    status: str = "proposed",
    date: datetime.date | None = None,
) -> Path:
    """Write a new MADR 4 record with archdocs' front matter and return its path."""
    if not title.strip():
        raise UsageError("an ADR needs a title", hint='archdocs adr new "Use PostgreSQL for orders"')
    day = date or datetime.date.today()
    path = directory / f"{record_id(title, day)}.md"
    if path.exists():
        raise UsageError(
            f"{path} already exists",
            hint="a record with this title was created the same day; edit it, or choose a "
            "more specific title",
        )
    text = TEMPLATE.format(
        status=yaml_scalar(status),  # the library API takes any text: quote it
        date=day.isoformat(),
        deciders=_flow_list(deciders),
        relates_to=_flow_list(relates_to),
        supersedes=_flow_list(supersedes),
        title=" ".join(title.split()),
    )
    write_atomic(path, text)
    return path


# -- surgical edits ---------------------------------------------------------------------------

def set_front_matter_key(text: str, key: str, value: object) -> str:
    """``text`` with the top-level front-matter ``key`` set to ``value``; nothing else changes.

    An existing key (with any indented or ``- item`` continuation lines) is replaced in place;
    a missing key is added just before the closing ``---``.
    """
    lines = text.splitlines(keepends=True)
    bounds = front_matter_bounds([line.rstrip("\r\n") for line in lines])
    if bounds is None:
        raise UsageError("the record has no front matter to edit")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    if isinstance(value, (list, tuple)):
        rendered = f"{key}: {_flow_list(value)}{newline}"
    else:
        rendered = yaml.safe_dump({key: value}, default_flow_style=False, allow_unicode=True,
                                  width=10_000)
        rendered = rendered.removesuffix("\n").replace("\n", newline) + newline
    names = {key} | {alias for alias, canonical in KEY_ALIASES.items() if canonical == key}
    start = None
    for index in range(bounds[0] + 1, bounds[1]):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[index])
        if match and match.group(1) in names:
            start = index
            break
    if start is None:
        return "".join(lines[:bounds[1]]) + rendered + "".join(lines[bounds[1]:])
    end = start + 1
    while end < bounds[1] and re.match(r"^(\s+\S|-\s)", lines[end]):
        end += 1
    return "".join(lines[:start]) + rendered + "".join(lines[end:])


def _replace_bullet_status(text: str, new_value: str) -> str:
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = re.match(r"^(\s*[*-]\s+status\s*:\s*)(.*?)(\s*(?:<!--.*-->)?\s*)$", line,
                         re.IGNORECASE | re.DOTALL)
        if match:
            lines[index] = match.group(1) + new_value + match.group(3)
            return "".join(lines)
    raise UsageError("the record has no '* Status:' line to edit")


def _add_status_line(text: str, new_line: str) -> str:
    """Add a line at the end of the ``## Status`` section (adr-tools), keeping what is there."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    section = status_section([line.rstrip("\r\n") for line in lines])
    if section is None:
        raise UsageError("the record has no '## Status' section to edit")
    end = section[1]
    while end > section[0] + 1 and not lines[end - 1].strip():
        end -= 1
    addition = [newline, new_line + newline]
    if not lines[end - 1].endswith(("\n", "\r")):  # the file ended without a newline
        lines[end - 1] += newline
    return "".join(lines[:end] + addition + lines[end:])


def _link(record: DecisionRecord, from_record: DecisionRecord) -> str:
    title = f"{record.number}. {record.title}" if record.number is not None else record.title
    target = record.path.relative_to(from_record.path.parent) \
        if record.path.parent == from_record.path.parent else record.path.name
    return f"[{title}]({target})"


@dataclass(frozen=True)
class Edit:
    """A file archdocs changed, for the command's report."""

    path: Path
    change: str


def supersede(log: DecisionLog, old_ref: str, new_ref: str) -> list[Edit]:
    """Mark ``old`` superseded by ``new`` in both records. Prose is never touched."""
    old, new = _must_find(log, old_ref), _must_find(log, new_ref)
    if old is new:
        raise UsageError("a record cannot supersede itself")
    if log.resolve(new.id) in [log.resolve(ref) for ref in old.supersedes]:
        raise UsageError(f"{old.id} supersedes {new.id}: superseding it back would make a cycle")
    edits = []
    old_text = old.path.read_bytes().decode("utf-8")
    if old.format == Format.FRONT_MATTER:
        successors = list(dict.fromkeys([*old.superseded_by, new.id]))
        text = set_front_matter_key(old_text, "status", "superseded")
        text = set_front_matter_key(text, "superseded_by", successors)
    elif old.format == Format.BULLETS:
        text = _replace_bullet_status(old_text, f"superseded by {_link(new, old)}")
    else:
        text = _add_status_line(old_text, f"Superseded by {_link(new, old)}")
    if text != old_text:
        write_atomic(old.path, text)
        edits.append(Edit(old.path, f"status: superseded by {new.id}"))

    new_text = new.path.read_bytes().decode("utf-8")
    if new.format == Format.FRONT_MATTER:
        already = [log.resolve(ref) for ref in new.supersedes]
        if old not in already:
            text = set_front_matter_key(new_text, "supersedes", [*new.supersedes, old.id])
        else:
            text = new_text
    elif new.format == Format.ADR_TOOLS:
        text = _add_status_line(new_text, f"Supersedes {_link(old, new)}")
    else:
        text = new_text  # MADR 2 and log4brains note the link on the old record only
    if text != new_text:
        write_atomic(new.path, text)
        edits.append(Edit(new.path, f"supersedes: {old.id}"))
    return edits


def _must_find(log: DecisionLog, reference: str) -> DecisionRecord:
    record = log.find(reference)
    if record is None:
        known = ", ".join(r.id for r in log.records[:8]) or "none yet"
        raise UsageError(
            f"no ADR '{reference}' in {log.directory}",
            hint=f"give its id, file name or number (known: {known}); "
            "'archdocs adr list' shows them all",
        )
    return record


# -- renumbering clashes in numbered folders --------------------------------------------------

def _added_at(path: Path) -> int:
    """Commit time (seconds) when ``path`` was first added to git; untracked files count as
    newest."""
    try:
        result = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%ct", "--", path.name],
            cwd=path.parent, capture_output=True, text=True, check=False,
        )
    except FileNotFoundError:
        return 2**62
    times = [int(t) for t in result.stdout.split() if t.isdigit()]
    return min(times) if times else 2**62


def renumber(log: DecisionLog, other_files: Sequence[Path] = ()) -> list[Edit]:
    """Give every record whose number clashes with an older one the next free number, then
    rewrite every link and reference to it in the folder, and links to its file
    (``0005-use-redis.md``) in ``other_files`` (the rest of the docs). The record added to git
    first keeps its number."""
    by_number: dict[int, list[DecisionRecord]] = {}
    for record in log.records:
        if record.number is not None:
            by_number.setdefault(record.number, []).append(record)
    clashes = {n: rs for n, rs in sorted(by_number.items()) if len(rs) > 1}
    if not clashes:
        return []
    next_free = max(by_number) + 1
    renames: list[tuple[DecisionRecord, str, int]] = []
    for _number, records in clashes.items():
        ordered = sorted(records, key=lambda r: (_added_at(r.path), r.id))
        for record in ordered[1:]:
            digits = re.match(r"^(\d+)-", record.id)
            assert digits is not None
            width = len(digits.group(1))
            new_id = f"{next_free:0{width}d}{record.id[len(digits.group(1)):]}"
            renames.append((record, new_id, next_free))
            next_free += 1

    for record, new_id, _ in renames:
        target = record.path.with_name(new_id + ".md")
        if target.exists():
            raise UsageError(f"cannot renumber {record.id}: {target} already exists")

    edits: list[Edit] = []
    # References to the renamed records: links and file names ("0005-x.md") and bare ids in
    # front matter. Prose such as "ADR 5" is left alone: it may mean either record.
    replacements = [(record.id, new_id) for record, new_id, _ in renames]
    for record in log.records:
        text = record.path.read_bytes().decode("utf-8")
        updated = text
        for old_id, new_id in replacements:
            updated = re.sub(rf"(?<![\w-]){re.escape(old_id)}(?![\w-])", new_id, updated)
        renamed = next(((n, num) for r, n, num in renames if r is record), None)
        if renamed is not None and record.format == Format.ADR_TOOLS:
            # adr-tools repeats the number in the title: "# 5. Use Kafka".
            updated = re.sub(rf"^(#\s+){record.number}\.", rf"\g<1>{renamed[1]}.", updated,
                             count=1, flags=re.MULTILINE)
        if renamed is not None:
            new_path = record.path.with_name(renamed[0] + ".md")
            write_atomic(new_path, updated)
            record.path.unlink()
            edits.append(Edit(new_path, f"renumbered from {record.id}"))
        elif updated != text:
            write_atomic(record.path, updated)
            edits.append(Edit(record.path, "links updated"))
    record_paths = {r.path.resolve() for r in log.records}
    for path in sorted(other_files):
        if path.resolve() in record_paths or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="surrogateescape")
        updated = text
        for old_id, new_id in replacements:
            updated = re.sub(rf"(?<![\w-]){re.escape(old_id)}\.md\b", f"{new_id}.md", updated)
        if updated != text:
            write_atomic(path, updated.encode("utf-8", errors="surrogateescape"))
            edits.append(Edit(path, "links updated"))
    return edits
