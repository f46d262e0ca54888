"""``careerrep fit --family cumulative|cratio|sratio|acat --nominal ... --scale ...``."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from careerrep.cli import main
from careerrep.simulate import draw, kazakhstan_scenario

FORMULA = "outcome ~ logratio_social_mass"


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cases") / "cases.csv"
    draw(kazakhstan_scenario(), 400, seed=4).to_csv(path)
    return path


def test_cumulative_with_nominal_and_scale_terms_writes_its_outputs(cases_file, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    arguments = ["fit", str(cases_file), "--formula", FORMULA, "--family", "cumulative"]
    arguments += ["--nominal", "log_mentions_per_day", "--scale", "logratio_social_mass", "--out", str(out)]
    assert main(arguments) == 0
    printed = capsys.readouterr().out
    assert "Cumulative link model (logit)" in printed
    assert "scale:logratio_social_mass" in printed and ".log_mentions_per_day" in printed
    assert "scale:logratio_social_mass" in (out / "coefficients.md").read_text()
    for name in ("effects.md", "forest.png", "predicted.png"):
        assert (out / name).stat().st_size > 100, name


@pytest.mark.parametrize("family", ["cratio", "sratio", "acat"])
def test_sequential_and_adjacent_families_fit(cases_file, capsys, family: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["fit", str(cases_file), "--formula", FORMULA, "--family", family]) == 0
    assert f"{family}" in capsys.readouterr().out


@pytest.mark.parametrize("link", ["probit", "cloglog"])
def test_adjacent_family_fits_with_the_brms_links(cases_file, capsys, link: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["fit", str(cases_file), "--formula", FORMULA, "--family", "acat", "--link", link]) == 0
    assert f"Adjacent-category model ({link})" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--family", "cratio", "--scale", "logratio_social_mass"],
            "--scale applies to --family cumulative only",
        ),
        (["--nominal", "logratio_social_mass"], "--nominal and --scale need --family"),
        (["--family", "acat", "--nominal", "not_a_column"], "nominal term 'not_a_column'"),
        (["--family", "sratio", "--nominal", "not_a_column"], "nominal term 'not_a_column'"),
        (["--family", "cumulative", "--scale", "not_a_column"], "scale term 'not_a_column'"),
        (["--family", "cratio", "--model", "logit"], "drop --model/--bayes"),
    ],
)
def test_bad_family_options_exit_2_with_one_line(cases_file, capsys, extra, message) -> None:  # type: ignore[no-untyped-def]
    assert main(["fit", str(cases_file), "--formula", FORMULA, *extra]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and message in error
