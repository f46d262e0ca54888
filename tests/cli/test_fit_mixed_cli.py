"""``careerrep fit`` with a random intercept: the mixed model, its tables and figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from careerrep.cli import main
from careerrep.simulate import GroupEffect, draw, kazakhstan_scenario

FORMULA = "outcome ~ logratio_social_mass + (1|country)"


def test_fit_with_a_random_intercept_writes_the_mixed_outputs(tmp_path, capsys):
    cases = tmp_path / "cases.csv"
    draw(kazakhstan_scenario(groups=GroupEffect(n_groups=12, sd=1.0)), 240, seed=5).to_csv(cases)
    out = tmp_path / "out"
    assert main(["fit", str(cases), "--formula", FORMULA, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Variance components" in printed and "sd(1|country)" in printed and "ICC" in printed
    coefficients = (out / "coefficients.md").read_text()
    assert "Random effects (SD, correlation)" in coefficients and "sd(1\\|country)" in coefficients
    effects = (out / "effects.md").read_text()
    assert "conditional: group effects 0" in effects
    for name in ("summary.txt", "effects.tex", "forest.png", "predicted.png"):
        assert (out / name).stat().st_size > 100, name
