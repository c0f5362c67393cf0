"""``archdocs init``: scaffold a docs-as-code repository."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from archdocs.cli import EXIT_OK
from archdocs.website.scaffolding import SCAFFOLD, init_repository


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="scaffold models/, docs/, mkdocs.yml and a GitHub Pages workflow",
        description="Create a starter repository in DIR: "
        + ", ".join(SCAFFOLD)
        + ". A file that exists already is never overwritten; skipped files are listed. "
        "Then run 'archdocs check' and 'mkdocs serve' there.",
    )
    parser.add_argument("directory", metavar="DIR", nargs="?", default=".",
                        help="where to create the repository (default: the current folder)")
    parser.add_argument("--name", help="the system's name (default: from the folder name)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    report = init_repository(directory, args.name)
    for path in report.created:
        print(f"created  {directory / path}")
    for path in report.skipped:
        print(f"skipped  {directory / path} (exists; left unchanged)")
    if not report.created:
        print("nothing changed: every file archdocs init writes exists already")
    else:
        here = directory.resolve() == Path.cwd().resolve()
        enter = "" if here else f"cd {shlex.quote(str(directory))} && "
        print(f"\nnext: {enter}archdocs check && mkdocs serve")
    return EXIT_OK
