"""``careerrep reproduce``: the three Kazakhstan cases, recomputed from the bundled records."""

from __future__ import annotations

import argparse
from typing import Any


def _models_on_three_cases(table: Any) -> list[str]:
    """Fit what three cases allow, and say plainly what they cannot show."""
    import warnings

    from careerrep.errors import SeparationWarning
    from careerrep.models import LogitModel

    signals = table.signals()
    signals["fired"] = (signals["outcome"] == "fired").astype(int)
    model = LogitModel("fired ~ social_share", signals)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SeparationWarning)
        model.fit()
    separated = any(issubclass(w.category, SeparationWarning) for w in caught)
    firth = model.fit(method="firth")
    ci = firth.conf_int()
    slope = float(firth.params["social_share"])
    lower, upper = (float(value) for value in ci.loc["social_share"].to_numpy())
    return [
        "Models on three cases (fired vs not, by social share of coverage)",
        "  Maximum likelihood: "
        + (
            "the cases are perfectly separated (the fired official had the largest social share), "
            "so the ML estimate is infinite: careerrep warns and reports no number."
            if separated
            else "no separation found."
        ),
        f"  Firth's penalised likelihood: slope {slope:.2f} per unit of social share, "
        f"95 % profile interval [{lower:.1f}, {upper:.1f}].",
        "  Three cases cannot estimate an effect: the interval spans large effects of both signs,",
        "  and any model fitted to them says more about its penalty or priors than about the cases.",
        "  See the simulation chapter of the docs (careerrep simulate) for how many cases a study needs.",
    ]


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
    print("\n".join(_models_on_three_cases(table)))
    return 0


def register(commands: Any) -> None:
    """Add the ``reproduce`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser(
        "reproduce",
        help="recompute the paper's tables for the three bundled Kazakhstan cases",
        description="Recompute the three Kazakhstan cases' source mix, comment tables (Tables 4, 6, 7), "
        "pooled comment shares and Table 8 from the bundled records.",
        epilog="example: careerrep reproduce --notes",
    )
    parser.add_argument("--notes", action="store_true", help="also list the paper's discrepancies")
    parser.set_defaults(handler=run)
