"""One help layout for every subcommand: examples kept as written, defaults shown.

``careerrep.cli.build_parser`` applies :class:`HelpFormatter` to the main
parser and every subcommand, so a default appears in each ``--help`` line
without each subcommand repeating it in its own words.
"""

from __future__ import annotations

import argparse


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keep description and epilog line breaks; append ``(default: X)`` to options that have one.

    Flags (``store_true``), options without a default (None) and help texts that
    already state their default are left as they are.
    """

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            "default" in text.lower()
            or default is None
            or default is argparse.SUPPRESS
            or isinstance(default, bool)
            or not action.option_strings
        ):
            return text
        shown = ",".join(map(str, default)) if isinstance(default, list | tuple) else str(default)
        return f"{text} (default: {shown.replace('%', '%%')})"


def apply_everywhere(parser: argparse.ArgumentParser, commands: argparse._SubParsersAction) -> None:
    """Use :class:`HelpFormatter` for ``parser`` and every subcommand, and accept ``--debug`` after one."""
    parser.formatter_class = HelpFormatter
    for subparser in commands.choices.values():
        subparser.formatter_class = HelpFormatter
        subparser.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,  # keeps the main parser's value unless given here
            help="show tracebacks for every error",
        )
