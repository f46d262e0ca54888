"""The ``careerrep`` command line.

Each subcommand lives in its own module with a ``register(commands)``
function that adds its parser and sets ``handler``. Exit codes: 0 success,
2 bad input or a file-system problem (one line saying why), 1 internal error
(a bug). Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from careerrep.cli._help import apply_everywhere
from careerrep.errors import CareerRepError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2

# What a user can cause and fix (bad input, a wrong path, a file where a folder
# belongs, no permission, a full disk: every OSError is about the machine, not
# the code): exit 2 with one line. Everything else is a bug: exit 1.
USER_ERRORS = (CareerRepError, OSError)

# Subcommand modules, in the order `careerrep --help` lists them. A module that
# is missing (a capability not built yet) is simply not offered.
SUBCOMMANDS = ("reproduce", "ingest", "fit", "report", "simulate")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="careerrep",
        description="Media reputation signals and the careers of public officials.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for every error")
    parser.add_argument("--version", action="version", version=f"careerrep {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"careerrep.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"careerrep.cli.{name}":
                continue
            raise
        module.register(commands)
    apply_everywhere(parser, commands)  # defaults in every --help; --debug after the subcommand too
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("careerrep")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also the console script's)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:
        # `careerrep fit ... | head`: the reader has what it wanted; no error line, no
        # second failure when Python flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except USER_ERRORS as error:
        if args.debug:
            raise
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"careerrep: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as error:
        if args.debug:
            raise
        print(
            f"careerrep: internal error: {type(error).__name__}: {error} (rerun with --debug)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
