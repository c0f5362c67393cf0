"""``archdocs export``: the whole model as JSON, for tests and other tools, or for
Structurizr and LikeC4."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archdocs.cli import EXIT_OK, add_models_argument
from archdocs.errors import UsageError
from archdocs.export import export_json
from archdocs.fsutil import write_atomic
from archdocs.interop.writers import (
    export_likec4,
    export_structurizr_dsl,
    export_structurizr_json,
)
from archdocs.load import load_models
from archdocs.model.system import System

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
        description="Write systems, contexts, context-map relationships, services, datastores "
        "(with tables), flows, scenarios, patterns and migrations as deterministic JSON (the format is documented in the reference); or "
        "the architecture as a Structurizr DSL or JSON workspace or a LikeC4 source file, with "
        "views matching archdocs' default views.",
    )
    add_models_argument(parser)
    parser.add_argument("--format", choices=[*FORMATS, "asyncapi"], default="json",
                        help="json (archdocs' own, the default); structurizr-dsl, "
                             "structurizr-json or likec4; asyncapi: the system's brokers, topics, "
                             "event contracts and asynchronous flows as an AsyncAPI 3.0 document "
                             "(JSON)")
    parser.add_argument("--system", help="with --format asyncapi and several systems: which one")
    parser.add_argument("--out", "-o", type=Path, help="write to this file instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    model = load_models(args.path)
    if getattr(args, "format", "json") == "asyncapi":
        from archdocs.export.asyncapi import export_asyncapi

        text = export_asyncapi(_one_system(model.systems, getattr(args, "system", None)))
    else:
        text = FORMATS[getattr(args, "format", "json")](model)
    if args.out:
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _one_system(systems: list[System], name: str | None) -> System:
    """The system to export as AsyncAPI: the only one, or the one named by ``--system``."""
    if name is not None:
        for system in systems:
            if system.name == name:
                return system
        raise UsageError(f"no system called {name!r}",
                         hint=f"choose one of: {', '.join(s.name for s in systems)}")
    if len(systems) != 1:
        raise UsageError("an AsyncAPI document describes one system; the models declare "
                         f"{len(systems)}",
                         hint="pass --system NAME (one of: "
                              f"{', '.join(s.name for s in systems)})")
    return systems[0]
