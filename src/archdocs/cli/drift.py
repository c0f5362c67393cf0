"""``archdocs drift``: compare a datastore's declared schema with the live database."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from archdocs.cli import EXIT_FINDINGS, EXIT_OK
from archdocs.errors import UsageError
from archdocs.live.connection import DEFAULT_CONNECT_TIMEOUT
from archdocs.live.drift import detect_drift
from archdocs.live.drift_report import RENDERERS
from archdocs.load import load_models
from archdocs.model.datastore import Datastore
from archdocs.model.system import System


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "drift",
        help="compare a datastore's declared schema with a live database",
        description="Compare the tables declared for a datastore with the live database, over "
        "a read-only connection, using alembic's comparison. Reports missing and extra "
        "tables and columns, type, nullability, default and comment changes, and index, "
        "unique and foreign-key differences. Exit code 0: no drift, 1: drift, 2: error.",
    )
    parser.add_argument("url", help="database URL (the password is never printed)")
    parser.add_argument(
        "path", nargs="?", default="models",
        help="models directory or file (default: models)",
    )
    _accept_options_between_positionals(parser)
    parser.add_argument(
        "--datastore", required=True, metavar="NAME", help="the datastore to compare"
    )
    parser.add_argument(
        "--schema",
        action="append",
        default=[],
        metavar="S",
        help="also compare this schema (repeatable; the datastore's own schemas always are)",
    )
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_CONNECT_TIMEOUT,
        metavar="SECONDS",
        help=f"connect timeout (default {DEFAULT_CONNECT_TIMEOUT})",
    )
    parser.set_defaults(func=run)


def find_datastore(model_systems: list[System], name: str) -> Datastore:
    """The datastore called ``name`` in any loaded System."""
    found = [d for system in model_systems for d in system.datastores if d.name == name]
    if not found:
        known = sorted({d.name for s in model_systems for d in s.datastores})
        raise UsageError(
            f"no datastore named '{name}' in the model",
            hint=f"datastores declared: {', '.join(known) or '(none)'}",
        )
    if len(found) > 1:
        raise UsageError(
            f"{len(found)} datastores are named '{name}' (in different systems)",
            hint="rename one of them so drift knows which to compare",
        )
    return found[0]


def _accept_options_between_positionals(parser: argparse.ArgumentParser) -> None:
    """Let ``URL --datastore NAME PATH`` parse: plain argparse takes URL and PATH only when
    they are adjacent. The sub-command parser parses intermixed instead; the intermixed parse
    calls ``parse_known_args`` itself, so the original is restored while it runs."""
    original = parser.parse_known_args

    def intermixed(args: Any = None, namespace: Any = None) -> Any:
        parser.parse_known_args = original  # type: ignore[method-assign]
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            parser.parse_known_args = intermixed  # type: ignore[method-assign]

    parser.parse_known_args = intermixed  # type: ignore[method-assign]


def run(args: argparse.Namespace) -> int:
    url, path = args.url, args.path
    model = load_models(path)
    datastore = find_datastore(model.systems, args.datastore)
    report = detect_drift(
        url, datastore, schemas=args.schema, connect_timeout=args.timeout
    )
    sys.stdout.write(RENDERERS[args.format](report))
    return EXIT_FINDINGS if report.drifted else EXIT_OK
