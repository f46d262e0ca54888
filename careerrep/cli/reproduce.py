"""``careerrep reproduce``: the three Kazakhstan cases, recomputed from the bundled records."""

from __future__ import annotations

import argparse
from typing import Any


def run(args: argparse.Namespace) -> int:
    """Print the cases, the paper's tables recomputed from the records, and the small-n caveat."""
    from careerrep.datasets import kazakhstan_2019, kazakhstan_2019_notes
    from careerrep.descriptives import paper_report

    table = kazakhstan_2019()
    print("The three Kazakhstan cases (Bokayev et al.; iMAS monitoring, 2019)")
    print("=" * 68)
    print(paper_report(table))
    if args.notes:
        print()
        print("Where the paper's percentages disagree with its counts (counts kept):")
        for line in kazakhstan_2019_notes()["discrepancies"]:
            print(f"  - {line}")
    print()
    print(
        "Three cases cannot estimate an effect: each signal separates the three outcomes perfectly,\n"
        "so a model fitted to them says more about its priors than about the cases."
    )
    return 0


def register(commands: Any) -> None:
    """Add the ``reproduce`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser(
        "reproduce",
        help="recompute the paper's tables for the three bundled Kazakhstan cases",
        description="Recompute the three Kazakhstan cases' source mix, comment tables (Tables 4, 6, 7), "
        "pooled comment shares and Table 8 from the bundled records.",
        epilog="example: careerrep reproduce --notes",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--notes", action="store_true", help="also list the paper's discrepancies")
    parser.set_defaults(handler=run)
