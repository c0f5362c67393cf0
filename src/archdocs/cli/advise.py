"""``archdocs advise``: recommend technologies, patterns and a scalability path from the
requirements, access patterns, projections and constraints of the model's datastores."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from archdocs.adr.location import adr_directory
from archdocs.cli import EXIT_OK, add_models_argument
from archdocs.errors import UsageError
from archdocs.load import load_models


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "advise",
        help="recommend a technology, pattern and scalability path per datastore",
        description="For each datastore (undecided ones, declared with tech.Undecided(), and "
        "decided ones): the recommended kind and ranked products with the reasons behind each "
        "score, the rejected options and why, managed versus self-hosted, 'start simple' checks "
        "with their triggers, the context's pattern and the scalability path. The same model "
        "gives the same output byte for byte. Exit code 0, or 2 when the model cannot be loaded.",
    )
    add_models_argument(parser)
    parser.add_argument("--datastore", action="append", metavar="NAME",
                        help="advise on this datastore only (repeatable)")
    parser.add_argument("--context", action="append", metavar="NAME",
                        help="advise on the datastores of this bounded context only "
                             "(repeatable): a context whose stores are all undecided is an "
                             "undecided context")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown",
                        help="markdown for people, json for tools (default: markdown)")
    parser.add_argument("--adr", action="store_true",
                        help="also write a proposed MADR 4 record per datastore into the ADR "
                             "folder (records that already exist are left alone)")
    parser.add_argument("--adr-dir", type=Path, help="the ADR folder for --adr (default: the "
                        "project's, as for 'archdocs adr')")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from archdocs.advise.adr import write_records
    from archdocs.advise.engine import advise_all
    from archdocs.advise.render import all_as_markdown, as_json

    model = load_models(args.path)
    names = args.datastore or []
    known = {d.name for s in model.systems for d in s.datastores}
    unknown = sorted(set(names) - known)
    if unknown:
        raise UsageError(f"no datastore named {', '.join(map(repr, unknown))} in {args.path}",
                         hint="known datastores: " + ", ".join(sorted(known)))
    contexts = args.context or []
    known_contexts = {c.name for s in model.systems for c in s.contexts}
    missing = sorted(set(contexts) - known_contexts)
    if missing:
        raise UsageError(f"no context named {', '.join(map(repr, missing))} in {args.path}",
                         hint="known contexts: " + ", ".join(sorted(known_contexts)))
    advices = [a for system in model.systems for a in advise_all(system, names)
               if not contexts or a.context in contexts]
    text = as_json(advices) if args.format == "json" else all_as_markdown(advices)
    sys.stdout.write(text)
    if args.adr:
        directory = args.adr_dir or adr_directory(model.project_root)
        for path in write_records(advices, directory, datetime.date.today()):
            print(f"archdocs: wrote {path}", file=sys.stderr)
    return EXIT_OK
