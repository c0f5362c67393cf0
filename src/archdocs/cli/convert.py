"""``archdocs convert``: a Structurizr or LikeC4 model as archdocs model code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archdocs.cli import EXIT_OK
from archdocs.errors import UsageError
from archdocs.fsutil import write_atomic
from archdocs.interop import convert_source


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="turn a Structurizr or LikeC4 model into archdocs model code",
        description="Read a Structurizr DSL workspace (.dsl), a Structurizr JSON workspace "
        "(.json) or a LikeC4 project (a folder of .c4 files) and write an archdocs model file. "
        "The file says at the top what could not be mapped and what was assumed. See the "
        "guide's 'Structurizr and LikeC4' page.",
    )
    parser.add_argument("source", type=Path, help="workspace.dsl, workspace.json or a LikeC4 "
                        "project folder")
    parser.add_argument("--out", "-o", type=Path, required=True,
                        help="the model file to write, for example models/banking.py")
    parser.add_argument("--force", action="store_true",
                        help="replace --out when it exists")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix != ".py":
        raise UsageError(f"--out {out} is not a Python file",
                         hint="write the model to a .py file, for example models/banking.py")
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists", hint="pick another --out, or pass --force to "
                                               "replace it")
    conversion = convert_source(args.source)
    write_atomic(out, conversion.code)
    counts = conversion.counts
    print(f"wrote {out}: {counts['context']} contexts, {counts['service']} services, "
          f"{counts['datastore']} datastores, {counts['external']} external systems, "
          f"{counts['actor']} actors, {counts['flow']} flows")
    if conversion.not_mapped:
        print(f"  not mapped: {len(conversion.not_mapped)} item(s), listed at the top of {out}",
              file=sys.stderr)
    if conversion.assumptions:
        print(f"  assumed: {len(conversion.assumptions)} item(s), marked "
              "'# archdocs convert:' in the file: check them", file=sys.stderr)
    return EXIT_OK
