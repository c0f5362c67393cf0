"""``archdocs adr``: create, list and supersede architecture decision records."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from archdocs.adr.location import adr_directory, find_project_root, load_log
from archdocs.adr.reader import read_log
from archdocs.adr.record import STATUSES, DecisionRecord
from archdocs.adr.writer import new_record, renumber, supersede
from archdocs.cli import EXIT_ERROR as EXIT_USAGE
from archdocs.cli import EXIT_OK
from archdocs.errors import UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "adr",
        help="create, list and supersede architecture decision records",
        description="Architecture decision records live in docs/adr (or adr_dir in the "
        "[tool.archdocs] table of pyproject.toml, or --dir). New records are MADR 4 with YAML "
        "front matter, named YYYYMMDD-title-slug.md so parallel pull requests never clash. "
        "Existing adr-tools, log4brains and MADR 2-4 folders are read as they are.",
    )
    actions = parser.add_subparsers(dest="adr_command", metavar="ACTION")

    def with_dir(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--dir", type=Path, help="the ADR folder (default: docs/adr in the "
                         "project root, the nearest folder up holding pyproject.toml, mkdocs.yml, "
                         "models/ or .git; or adr_dir in [tool.archdocs] of its pyproject.toml)")
        return sub

    new = with_dir(actions.add_parser("new", help="write a new record from the MADR 4 template"))
    new.add_argument("title", help='the decision, for example "Use PostgreSQL for orders"')
    new.add_argument("--relates-to", action="append", default=[], metavar="ELEMENT",
                     help="a model element the decision is about (repeatable)")
    new.add_argument("--supersedes", action="append", default=[], metavar="ADR",
                     help="an older record this one replaces; it is marked superseded (repeatable)")
    new.add_argument("--decider", action="append", default=[], metavar="NAME",
                     help="someone who took the decision (repeatable)")
    new.add_argument("--status", choices=STATUSES, default="proposed")
    new.add_argument("--date", type=datetime.date.fromisoformat,
                     help="the decision's date, YYYY-MM-DD (default: today)")
    new.set_defaults(func=run_new)

    listing = with_dir(actions.add_parser("list", help="list records"))
    listing.add_argument("--status", choices=STATUSES, help="only records with this status")
    listing.add_argument("--element", metavar="NAME",
                         help="only records whose relates_to names this element")
    listing.add_argument("--format", choices=["text", "json"], default="text")
    listing.set_defaults(func=run_list)

    sup = with_dir(actions.add_parser(
        "supersede", help="mark OLD as superseded by NEW, in both records"))
    sup.add_argument("old", help="id, file name or number of the record being replaced")
    sup.add_argument("new", help="id, file name or number of the record replacing it")
    sup.set_defaults(func=run_supersede)

    renum = with_dir(actions.add_parser(
        "renumber",
        help="resolve clashing numbers (0005-a.md and 0005-b.md after a merge), "
        "rewriting links"))
    renum.set_defaults(func=run_renumber)
    def show_help(_args: argparse.Namespace) -> int:
        parser.print_help()
        return EXIT_USAGE

    parser.set_defaults(func=show_help)


def _directory(args: argparse.Namespace) -> Path:
    if args.dir is not None:
        return Path(args.dir)
    return adr_directory(find_project_root(Path.cwd()))


def run_new(args: argparse.Namespace) -> int:
    directory = _directory(args)
    log = read_log(directory)
    superseded = []
    for reference in args.supersedes:
        record = log.find(reference)
        if record is None:
            raise UsageError(f"no ADR '{reference}' in {directory} to supersede",
                             hint="'archdocs adr list' shows the ids")
        superseded.append(record)
    path = new_record(
        directory, args.title, relates_to=args.relates_to,
        supersedes=[r.id for r in superseded], deciders=args.decider, status=args.status,
        date=args.date,
    )
    for record in superseded:
        supersede(read_log(directory), record.id, path.stem)
    print(path)
    return EXIT_OK


def _as_dict(record: DecisionRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "title": record.title,
        "status": record.status,
        "date": record.date.isoformat() if record.date else None,
        "deciders": list(record.deciders),
        "relates_to": list(record.relates_to),
        "supersedes": list(record.supersedes),
        "superseded_by": list(record.superseded_by),
        "format": record.format,
        "file": record.path.name,
    }


def run_list(args: argparse.Namespace) -> int:
    log = load_log(_directory(args))
    records = [
        r for r in log
        if (args.status is None or r.status == args.status)
        and (args.element is None or args.element in r.relates_to)
    ]
    if args.format == "json":
        json.dump([_as_dict(r) for r in records], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    if not records:
        print(f"no records in {log.directory}" + (" match" if len(log) else ""))
        return EXIT_OK
    width = max(len(r.id) for r in records)
    for r in records:
        date = r.date.isoformat() if r.date else "-" * 10
        related = f"  [{', '.join(r.relates_to)}]" if r.relates_to else ""
        print(f"{r.id:<{width}}  {r.status or '?':<10}  {date}  {r.title}{related}")
    return EXIT_OK


def run_supersede(args: argparse.Namespace) -> int:
    for edit in supersede(read_log(_directory(args)), args.old, args.new):
        print(f"{edit.path}: {edit.change}")
    return EXIT_OK


def run_renumber(args: argparse.Namespace) -> int:
    docs = find_project_root(Path.cwd()) / "docs"
    others = sorted(docs.rglob("*.md")) if docs.is_dir() else []
    edits = renumber(read_log(_directory(args)), other_files=others)
    if not edits:
        print("no clashing numbers")
        return EXIT_OK
    for edit in edits:
        print(f"{edit.path}: {edit.change}")
    return EXIT_OK
