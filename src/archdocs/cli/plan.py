"""``archdocs plan``: a phased schema-migration plan between two versions of the model."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from archdocs.cli import EXIT_FINDINGS, EXIT_OK, add_models_argument
from archdocs.errors import UsageError
from archdocs.fsutil import inside, write_atomic
from archdocs.load import load_models
from archdocs.load.gitref import model_at_ref, require_commit
from archdocs.load.loader import Model
from archdocs.migrate.dialects import parse_dialect
from archdocs.migrate.models import declared_evolutions, plan_models, plan_previous
from archdocs.migrate.output.alembic import render_alembic_revisions
from archdocs.migrate.output.json import render_json
from archdocs.migrate.output.markdown import render_markdown
from archdocs.migrate.output.sql import render_sql, render_sql_files
from archdocs.migrate.output.text import render_text
from archdocs.migrate.plan.steps import Plan, Severity


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="write a phased, lock-aware schema migration plan",
        description=(
            "Compare each datastore's SQLAlchemy schema between two versions of the model and "
            "write a phased plan (expand, deploy, backfill, validate, cutover, contract) with "
            "SQL for the datastore's dialect, locks, rollbacks and hazards. The base is a git "
            "ref (--base; the working tree is never touched), a models directory (--base-dir), "
            "or, with neither, the earlier schema each datastore declares "
            "(Datastore(previous_schema=SchemaVersion(...))). The head is PATH (the working "
            "tree), --head REF or --head-dir DIR."
        ),
        epilog="Exit codes: 0 plan written, 1 a step reaches --fail-on, 2 unusable input.",
    )
    add_models_argument(parser)
    base = parser.add_mutually_exclusive_group()
    base.add_argument("--base", metavar="REF", help="git ref of the old model")
    base.add_argument("--base-dir", metavar="DIR", help="models directory of the old model")
    head = parser.add_mutually_exclusive_group()
    head.add_argument("--head", metavar="REF", help="git ref of the new model (default: PATH "
                      "in the working tree)")
    head.add_argument("--head-dir", metavar="DIR", help="models directory of the new model "
                      "(default: PATH)")
    parser.add_argument("--datastore", metavar="NAME", help="plan only this datastore")
    parser.add_argument("--dialect", help="postgresql, mysql (also MariaDB) or sqlite "
                        "(default: the datastore's technology)")
    parser.add_argument("--format", choices=["text", "markdown", "json", "sql", "alembic"],
                        default=None,
                        help="text (for a terminal: the default when stdout is one), markdown "
                             "(the default otherwise, e.g. redirected into a file or a pull "
                             "request comment), json, sql (a script for the dialect) or "
                             "alembic (one revision per phase, written to --output)")
    parser.add_argument("--output", metavar="DIR",
                        help="with --format alembic: folder for the revision files; with "
                             "--format sql: one script per phase there (existing files are "
                             "never overwritten)")
    parser.add_argument("--down-revision", metavar="REVISION",
                        help="with --format alembic: the existing head the first revision "
                             "follows (default: it starts a new history)")
    parser.add_argument("--fail-on", choices=[s.value for s in Severity.mildest_first()],
                        help="exit 1 when a step reaches this severity")
    parser.set_defaults(func=run)


def _plans(args: argparse.Namespace) -> list[Plan]:
    dialect = parse_dialect(args.dialect) if args.dialect else None
    options = {"datastore": args.datastore, "dialect": dialect}
    if args.base is None and args.base_dir is None:
        if args.head or args.head_dir:
            raise UsageError("--head/--head-dir needs a base to compare with",
                             hint="add --base REF or --base-dir DIR")
        model = load_models(args.path)
        if not any(True for _ in declared_evolutions(model)):
            raise UsageError(
                "nothing to compare: no base given and no datastore declares an earlier schema",
                hint="compare with a git ref (--base REF), a models directory (--base-dir DIR), "
                     "or declare previous_schema=SchemaVersion(...) on a datastore")
        return plan_previous(model, **options)
    if args.base is not None:
        require_commit(args.base, args.path)
        if args.head is not None:
            require_commit(args.head, args.path)
        with model_at_ref(args.base, args.path) as base:
            return _against_head(args, base, args.base, options)
    return _against_head(args, load_models(args.base_dir), args.base_dir, options)


def _against_head(args: argparse.Namespace, base: Model, base_label: str,
                  options: dict[str, Any]) -> list[Plan]:
    if args.head is not None:
        with model_at_ref(args.head, args.path) as head:
            return plan_models(base, head, base_label=base_label, head_label=args.head, **options)
    head_path = args.head_dir or args.path
    label = args.head_dir or "working tree"
    return plan_models(base, load_models(head_path), base_label=base_label, head_label=label,
                       **options)


def _write_alembic(plans: list[Plan], output: str | None, down_revision: str | None) -> None:
    if output is None:
        raise UsageError("--format alembic writes files and needs --output DIR",
                         hint="for example: --format alembic --output migrations/versions")
    if len(plans) != 1:
        raise UsageError(
            f"--format alembic writes revisions for one database, and {len(plans)} datastores "
            "have changes", hint="choose one with --datastore NAME")
    if down_revision is not None and not re.fullmatch(r"[0-9A-Za-z_]+", down_revision):
        raise UsageError(f"--down-revision {down_revision!r} is not an Alembic revision id",
                         hint="give the id of the current head, as 'alembic heads' prints it")
    _write_files(render_alembic_revisions(plans[0], down_revision), Path(output))


def _write_files(files: dict[str, str], folder: Path) -> None:
    """Writes ``files`` into ``folder``; a different file already there is never replaced."""
    for name, content in files.items():
        target = inside(folder, name)  # revision file names come from the model's text
        if target.exists() and target.read_text(encoding="utf-8") != content:
            raise UsageError(f"{target} exists and differs from the file archdocs would "
                             "write", hint="archdocs never overwrites a file: choose another "
                             "--output folder or remove the file")
    for name, content in files.items():
        write_atomic(name, content, within=folder)
        sys.stdout.write(f"wrote {folder / name}\n")


def run(args: argparse.Namespace) -> int:
    if args.format is None:
        args.format = "text" if sys.stdout.isatty() else "markdown"
    plans = _plans(args)
    if args.format != "alembic" and args.down_revision is not None:
        raise UsageError("--down-revision is only used with --format alembic",
                         hint="add --format alembic --output DIR")
    if args.format not in ("alembic", "sql") and args.output is not None:
        raise UsageError("--output is only used with --format alembic or sql",
                         hint="redirect the output instead: archdocs plan ... > plan.md")
    if args.format == "alembic":
        _write_alembic(plans, args.output, args.down_revision)
    elif args.format == "json":
        sys.stdout.write(render_json(plans))
    elif args.format == "sql":
        if len(plans) > 1:
            raise UsageError(
                "--format sql writes a script for one database, and "
                f"{len(plans)} datastores have changes: "
                + ", ".join(p.datastore for p in plans),
                hint="choose one with --datastore NAME",
            )
        if not plans:
            sys.stdout.write("-- archdocs: no schema changes\n")
        for plan in plans:
            if args.output is not None:
                _write_files(render_sql_files(plan), Path(args.output))
            else:
                sys.stdout.write(render_sql(plan))
    elif args.format == "text":
        if not plans:
            sys.stdout.write("No schema changes.\n")
        sys.stdout.write("\n".join(render_text(p) for p in plans))
    else:
        if not plans:
            sys.stdout.write("No schema changes.\n")
        sys.stdout.write("\n".join(render_markdown(p, heading_level=1) for p in plans))
    if args.fail_on:
        threshold = Severity(args.fail_on)
        if any(p.worst_severity.at_least(threshold) for p in plans):
            return EXIT_FINDINGS
    return EXIT_OK
