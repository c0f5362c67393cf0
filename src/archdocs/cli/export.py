"""``archdocs export``: the whole model as JSON, for tests and other tools, or for
Structurizr and LikeC4."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archdocs.cli import EXIT_OK, add_models_argument
from archdocs.export import export_json
from archdocs.fsutil import write_atomic
from archdocs.interop.writers import (
    export_likec4,
    export_structurizr_dsl,
    export_structurizr_json,
)
from archdocs.load import load_models

FORMATS = {
    "json": export_json,
    "structurizr-dsl": export_structurizr_dsl,
    "structurizr-json": export_structurizr_json,
    "likec4": export_likec4,
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the whole model as JSON, or for Structurizr or LikeC4",
        description="Write systems, contexts, services, datastores (with tables), flows, patterns "
        "and migrations as deterministic JSON (the format is documented in the reference); or "
        "the architecture as a Structurizr DSL or JSON workspace or a LikeC4 source file, with "
        "views matching archdocs' default views.",
    )
    add_models_argument(parser)
    parser.add_argument("--format", choices=list(FORMATS), default="json",
                        help="json (archdocs' own, the default), structurizr-dsl, "
                             "structurizr-json or likec4")
    parser.add_argument("--out", "-o", type=Path, help="write to this file instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = FORMATS[args.format](load_models(args.path))
    if args.out:
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
