"""``archdocs generate``: write the architecture pages and diagrams to disk."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from archdocs.cli import EXIT_FINDINGS, EXIT_OK, add_models_argument
from archdocs.website import collector
from archdocs.website.build import DIAGRAM_FORMATS, SiteOptions, build_site
from archdocs.website.generate import MANIFEST, write_tree


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "generate",
        help="write the architecture pages and diagrams to a folder",
        description="Build the same pages and diagrams the MkDocs plugin serves (overview, "
        "contexts and context map, datastores and ER diagrams, flows, scenarios, views, "
        "deployment, migrations with a diagram per phase, findings and rules), and write them "
        "under OUTDIR (a docs folder: pages land in OUTDIR/PREFIX/). Writes are atomic; "
        f"OUTDIR/{MANIFEST} records what was generated, so the next run updates those files "
        "and removes stale ones, and refuses to touch any file archdocs did not write. "
        "Exit code 0 when every diagram rendered, 1 when one failed (its page says so), "
        "2 when the model cannot be loaded or a file is in the way.",
    )
    parser.add_argument("outdir", metavar="OUTDIR", help="folder to write into (e.g. docs)")
    add_models_argument(parser)
    parser.add_argument("--prefix", default="architecture",
                        help="folder of the pages under OUTDIR (default: architecture)")
    parser.add_argument("--diagrams", choices=DIAGRAM_FORMATS, default="svg",
                        help="svg: self-contained pictures (default); mermaid: Mermaid blocks")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="rendered-diagram cache (default: .cache/archdocs in the folder "
                             "holding the models)")
    parser.add_argument("--no-cache", action="store_true", help="render every diagram afresh")
    parser.add_argument("--source-url", metavar="TEMPLATE",
                        help="link model files there, e.g. "
                        "https://github.com/acme/arch/blob/main/{path}#L{line}")
    parser.add_argument("--force", action="store_true",
                        help="overwrite generated files that were edited by hand (never files "
                        "archdocs did not generate)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    log = logging.getLogger("archdocs.generate")
    if not args.quiet and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    options = SiteOptions(models=Path(args.path), prefix=args.prefix, diagrams=args.diagrams,
                          cache_dir=args.cache_dir, use_cache=not args.no_cache,
                          source_url=args.source_url, html_tables=False,
                          draft_ahead=True, once=True)
    # The command ends the process (collector.py: 4 s on the 1000-table benchmark model).
    collector.skip_last_collection()
    result = build_site(options, log=log)
    report = write_tree(Path(args.outdir), result.files(), force=args.force)
    if not args.quiet:
        print(result.stats.summary(), file=sys.stderr)
        print(f"archdocs: {len(report.written)} written, {len(report.unchanged)} unchanged, "
              f"{len(report.removed)} stale removed in {args.outdir}", file=sys.stderr)
    for diagram in result.failed_diagrams:
        print(f"archdocs: diagram {diagram.key!r} failed: {diagram.error}", file=sys.stderr)
    return EXIT_FINDINGS if result.failed_diagrams else EXIT_OK
