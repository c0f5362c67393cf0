"""``archdocs export``: the whole model as JSON, for tests and other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archdocs.cli import EXIT_OK, add_models_argument
from archdocs.export import export_json
from archdocs.fsutil import write_atomic
from archdocs.load import load_models


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the whole model as JSON",
        description="Write systems, contexts, services, datastores (with tables), flows, patterns "
        "and migrations as deterministic JSON. The format is documented in the reference.",
    )
    add_models_argument(parser)
    parser.add_argument("--format", choices=["json"], default="json")
    parser.add_argument("--out", "-o", type=Path, help="write to this file instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = export_json(load_models(args.path))
    if args.out:
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
