"""``archdocs diff``: what a change does to the architecture, for pull-request review."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archdocs.cli import EXIT_FINDINGS, EXIT_OK, add_models_argument
from archdocs.diff import diff_refs, render_json
from archdocs.diff.markdown import render_markdown
from archdocs.diff.policy import POLICIES, parse_policies, violations
from archdocs.fsutil import write_atomic


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    policies = "; ".join(f"{name}: {text}" for name, (text, _) in POLICIES.items())
    parser = subparsers.add_parser(
        "diff",
        help="report what a change does to the architecture (for pull requests)",
        description="Load the model at --base and at --head (default: the working tree) without "
        "touching the working tree, and report contexts, context-map relationships, services, "
        "datastores, flows, patterns, migrations and scenarios added, removed or changed; table, column, key and index changes per "
        "datastore; review findings introduced and resolved; ADRs added or changing status. "
        "Exit code 0, or 1 when a --fail-on policy is broken, 2 on unusable input.",
        epilog=f"Policies: {policies}.",
    )
    add_models_argument(parser)
    parser.add_argument("--base", required=True, metavar="REF",
                        help="git ref of the version to compare from (e.g. origin/main)")
    parser.add_argument("--head", metavar="REF",
                        help="git ref to compare to (default: the working tree)")
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
    parser.add_argument("--fail-on", action="append", default=[], metavar="POLICY",
                        help="exit 1 when this policy is broken (repeatable or comma-separated: "
                        + ", ".join(POLICIES) + ")")
    parser.add_argument("--out", "-o", type=Path,
                        help="also write the report to this file; in GitHub Actions append "
                        "stdout to the job summary instead: >> \"$GITHUB_STEP_SUMMARY\"")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    policies = parse_policies(args.fail_on)
    diff = diff_refs(args.base, args.head, args.path)
    text = render_json(diff) if args.format == "json" else render_markdown(diff)
    sys.stdout.write(text)
    if args.out:
        write_atomic(args.out, text)
    broken = violations(diff, policies)
    for line in broken:
        print(f"archdocs diff: {line}", file=sys.stderr)
    return EXIT_FINDINGS if broken else EXIT_OK
