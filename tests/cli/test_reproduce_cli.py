"""`careerrep reproduce` prints the paper's numbers; every subcommand answers --help."""

from __future__ import annotations

import argparse
import re

import pytest

from careerrep.cli import build_parser, main


def test_reproduce_prints_the_papers_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce"]) == 0
    out = capsys.readouterr().out
    # Figures as printed in Bokayev et al. (Findings; Tables 4, 6, 7, 8).
    for figure in (
        "567",
        "529",
        "3182",
        "70.55 %",
        "39.70 %",
        "58.05 %",
        "1812",
        "1136",
        "234",
        "386",
        "fired",
        "resigned",
        "promoted",
    ):
        assert figure in out, figure
    # Pooled comment shares the paper states: 55 % / 53.2 % negative, 58 % positive in case 3.
    assert "negative 55.2 %" in out and "negative 53.2 %" in out and "positive 58.1 %" in out


def test_reproduce_fits_what_three_cases_allow_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce"]) == 0
    out = capsys.readouterr().out
    assert "perfectly separated" in out
    assert "Firth's penalised likelihood: slope" in out
    assert "Three cases cannot estimate an effect" in out


def test_reproduce_notes_lists_the_discrepancies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reproduce", "--notes"]) == 0
    assert "disagree with its counts" in capsys.readouterr().out


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("name", subcommands())
def test_every_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main([name, "--help"])
    assert raised.value.code == 0
    assert f"usage: careerrep {name}" in capsys.readouterr().out


def test_the_four_documented_subcommands_exist() -> None:
    assert {"reproduce", "ingest", "fit", "simulate"} <= set(subcommands())


RST_MARKUP = re.compile(r"``|:(func|class|meth|mod|data|attr):`")


@pytest.mark.parametrize("name", subcommands())
def test_every_help_shows_defaults_and_no_rst_markup(name: str) -> None:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    subparser = action.choices[name]
    text = subparser.format_help()
    assert not RST_MARKUP.search(text), RST_MARKUP.search(text)
    for option in subparser._actions:
        has_default = option.default not in (None, False, True, argparse.SUPPRESS)
        if option.option_strings and has_default and option.help:
            # The rendered line (wrapped by argparse) says the default.
            rendered = subparser._get_formatter()._expand_help(option)
            assert "default" in rendered, (name, option.option_strings, rendered)
            assert (
                str(option.default if not isinstance(option.default, list) else option.default[0]) in rendered
            )


def test_debug_after_the_subcommand_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(FileNotFoundError):
        main(["fit", "no-such-file.csv", "--formula", "outcome ~ social_share", "--debug"])
    assert main(["fit", "no-such-file.csv", "--formula", "outcome ~ social_share"]) == 2
    assert "no such file" in capsys.readouterr().err
