"""``archdocs check``: review a model like a senior database architect would."""

from __future__ import annotations

import argparse
import sys

from archdocs.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, add_models_argument
from archdocs.errors import how_to_report
from archdocs.load import load_models
from archdocs.review.engine import review
from archdocs.review.finding import Severity
from archdocs.review.output import as_github, as_json, as_text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="review the model and report findings",
        description="Load the model, run every review rule and report findings. Exit code 0 when "
        "no finding reaches --fail-on, 1 when one does, 2 when the model cannot be loaded.",
    )
    add_models_argument(parser)
    parser.add_argument(
        "--format", choices=["text", "json", "github"], default="text",
        help="text for people, json for tools, github for GitHub Actions annotations on the "
             "pull request's diff (default: text)")
    parser.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--rule", action="append", metavar="ID", help="run only this rule (repeatable)"
    )
    parser.add_argument(
        "--show-suppressed", action="store_true",
        help="also list the suppressed findings with their reasons (text and github formats; "
             "json always has them)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    model = load_models(args.path)
    report = review(model, only=args.rule, raise_crashes=getattr(args, "debug", False))
    render = {"json": as_json, "github": as_github}.get(args.format, as_text)
    sys.stdout.write(render(report, show_suppressed=args.show_suppressed))
    if report.crashed:
        # The findings above are real, but some rules did not run: not a clean bill of health.
        print(f"archdocs: internal error: {len(report.crashed)} rule(s) failed (logged above), "
              "so the review is incomplete; the other rules ran.\n"
              f"  this is a bug in archdocs: {how_to_report()}, with the output of the same "
              "command run with --debug (it shows the traceback)", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_FINDINGS if report.worst_at_least(Severity(args.fail_on)) else EXIT_OK
