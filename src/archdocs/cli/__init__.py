"""The ``archdocs`` command line. Each sub-command lives in its own module here and is a thin
face over library functions, like the MkDocs plugin."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback
from collections.abc import Sequence

from archdocs import __version__
from archdocs.errors import ArchdocsError, how_to_report

# Sub-command modules, in the order ``--help`` lists them. Each exposes
# ``register(subparsers) -> None`` and sets ``func(args) -> int`` on its parser.
COMMANDS = [
    "check",
    "export",
    "adr",
    "diff",
    "generate",
    "init",
    "import_schema",
    "drift",
    "plan",
    "convert",
    "advise",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archdocs",
        description="Database and data architecture as code: review a model and document it.",
        epilog="Exit codes: 0 success, 1 findings or differences at the chosen threshold, "
        "2 the input could not be used. Run 'archdocs COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"archdocs {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks and debug logging on errors"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"archdocs.cli.{name}")
        module.register(subparsers)
    _accept_debug_anywhere(parser)
    return parser


def _accept_debug_anywhere(parser: argparse.ArgumentParser) -> None:
    """``--debug`` after the command too (``archdocs generate out --debug``), as the error
    hint "rerun with --debug" invites: every sub-command (and ``adr`` action) accepts it. Its
    default is suppressed there, so it never resets a ``--debug`` given before the command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in dict.fromkeys(action.choices.values()):
                subparser.add_argument(
                    "--debug", action="store_true", default=argparse.SUPPRESS,
                    help="show tracebacks and debug logging on errors",
                )
                _accept_debug_anywhere(subparser)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    try:
        return int(args.func(args))
    except ArchdocsError as error:
        if args.debug:
            traceback.print_exc()
        print(str(error), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # an archdocs bug: say so plainly, keep the traceback for --debug
        if args.debug:
            traceback.print_exc()
        print(
            f"archdocs: internal error: {type(error).__name__}: {error}\n"
            f"  this is a bug in archdocs: {how_to_report()}, with the output of the same "
            "command run with --debug (it shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR


def add_models_argument(parser: argparse.ArgumentParser) -> None:
    """The positional models path shared by the commands that read a model."""
    parser.add_argument(
        "path",
        nargs="?",
        default="models",
        help="models directory (or one Python file) to load (default: models)",
    )
