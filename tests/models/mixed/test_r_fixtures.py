"""Mixed models against R: ordinal::clmm and lme4::glmer (tests/fixtures/r/mixed_*.json).

Fixtures from tests/fixtures/r/make_mixed_fixtures.R (ordinal 2022.11-16, lme4
1.1-31, R 4.2.2; the exact call is in each JSON). Tolerances as the issue asks:
fixed effects and thresholds 1e-5 relative, SDs 1e-4, SEs 1e-3, loglik 1e-6.

Two documented exceptions, each measured:

* clmm's **Laplace** standard errors on wine (``vcov``) differ from ours by up to
  1.02 % (3|4: 0.80896 vs 0.81732). clmm inverts ``deriv12`` -- second central
  differences with a fixed step of 1e-4 -- of its Laplace objective
  ``getNLA.ssr``, whose values carry noise of ~2e-10 (the conditional modes are
  re-solved from 0 at every evaluation, and the log-determinant is taken at the
  penultimate inner Newton iterate); 2e-10 / 1e-8 is a Hessian error of ~1e-2.
  ``make_mixed_clmm_hessian.R`` differentiates the *same* clmm objective at the
  same estimate with Richardson extrapolation (``numDeriv::hessian``): those
  SEs agree with ours to 6e-6 (wine) and 1.5e-6 (soup), including the log SD's
  (``test_laplace_ses_are_the_richardson_hessian_of_clmms_objective``, at 2e-5).
  clmm's own ``vcov`` SEs stay checked, wine at 1.1e-2 and the rest at 1e-3.
* glmer on VerbAgg (7,584 rows) stops early: crossed terms at max|gradient|
  4.4e-4 (with the default PIRLS tolerance; tolPwrss = 1e-13 made bobyqa stop
  at 2.3), the correlated slope at 1.0e-3. For these we check that our
  log-likelihood is at least R's (it is higher by 3.9e-4 for the crossed
  model, 1.9e-6 for the slope model) and that estimates, SDs and SEs agree
  to what R's own convergence allows (each test states the measured gaps).
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pandas as pd
import pytest

from careerrep.models.mixed import MixedLogitModel, MixedOrdinalModel

ROOT = pathlib.Path(__file__).resolve().parents[2] / "fixtures"


def _data(name: str) -> pd.DataFrame:
    if name == "wine":
        frame = pd.read_csv(ROOT / "data" / "wine.csv", dtype={"judge": str, "bottle": str})
        frame["rating"] = pd.Categorical(frame["rating"], ordered=True)
    elif name == "soup":
        frame = pd.read_csv(ROOT / "data" / "soup_clmm.csv", dtype={"RESP": str, "DAY": str})
        frame["SURENESS"] = pd.Categorical(frame["SURENESS"], ordered=True)
    elif name == "cbpp":
        frame = pd.read_csv(ROOT / "data" / "cbpp_bernoulli.csv", dtype={"herd": str, "period": str})
    else:
        frame = pd.read_csv(ROOT / "data" / "verbagg.csv", dtype={"id": str, "item": str})
    return frame


CASES = {
    # fixture id: (data, peer family, SE tolerance, estimate tolerance)
    "clmm_wine_logit_laplace": ("wine", "clmm", 1.1e-2, 1e-5),  # see the docstring
    "clmm_wine_logit_agq10": ("wine", "clmm", 1e-3, 1e-5),
    "clmm_soup_probit_laplace": ("soup", "clmm", 1e-3, 1e-5),
    "clmm_soup_probit_agq10": ("soup", "clmm", 1e-3, 1e-5),
    "glmer_cbpp_laplace": ("cbpp", "glmer", 1e-3, 1e-5),
    "glmer_cbpp_agq10": ("cbpp", "glmer", 1e-3, 1e-5),
}

_FITS: dict[str, tuple[dict, object]] = {}


def _fit(fixture_id: str) -> tuple[dict, object]:
    if fixture_id not in _FITS:
        ref = json.loads((ROOT / "r" / f"mixed_{fixture_id}.json").read_text())
        data = _data(fixture_id.split("_")[1])
        if ref["peer"] == "ordinal::clmm":
            model = MixedOrdinalModel(ref["formula"], data, link=ref["link"])
        else:
            model = MixedLogitModel(ref["formula"], data)
        _FITS[fixture_id] = (ref, model.fit(n_agq=ref["n_agq"], lr_tests=False))
    return _FITS[fixture_id]


def _sd_name(result: object, group: str, column: str) -> str:
    """Our name of R's SD of ``column`` in ``group``: ``sd(1|g)`` for a random intercept term."""
    table = result.variance_components  # type: ignore[attr-defined]
    match = table[(table["group"] == group) & (table["column"] == column) & (table["kind"] == "sd")]
    assert len(match) == 1, (group, column)
    return str(match.index[0])


@pytest.mark.parametrize("fixture_id", sorted(CASES))
def test_estimates_and_loglik_match_r(fixture_id: str) -> None:
    ref, result = _fit(fixture_id)
    _, _, _, rel = CASES[fixture_id]
    for name, value in ref["fixed"].items():
        assert result.params[name] == pytest.approx(value, rel=rel, abs=1e-6), name
    for name, value in (ref.get("thresholds") or {}).items():
        # abs 1e-6 for cut points near 0: soup's 4|5 is 0.0761689 in R (which stopped at
        # max|gradient| 7e-4) and 0.0761681 here, the log-likelihoods equal to 4.5e-10.
        assert result.params[name] == pytest.approx(value, rel=rel, abs=1e-6), name
    for group, sds in ref["sd"].items():
        for column, value in sds.items():
            assert result.params[_sd_name(result, group, column)] == pytest.approx(value, rel=1e-4), (
                group,
                column,
            )
    for group, corr in (ref.get("corr") or {}).items():
        term = next(t for t in result.model.terms if t.spec.group == group)
        name = f"cor({term.columns[0]},{term.columns[1]}|{group})"
        assert name == f"cor(Intercept,situ[T.self]|{group})"
        assert result.params[name] == pytest.approx(corr, rel=1e-4)
    assert result.loglik == pytest.approx(ref["loglik"], abs=1e-6)
    assert result.converged


@pytest.mark.parametrize("fixture_id", sorted(CASES))
def test_standard_errors_match_r(fixture_id: str) -> None:
    ref, result = _fit(fixture_id)
    _, _, se_rel, _ = CASES[fixture_id]
    for name, value in ref["bse"].items():
        assert result.bse[name] == pytest.approx(value, rel=se_rel), name


@pytest.mark.parametrize(
    "case, fixture_id", [("wine", "clmm_wine_logit_laplace"), ("soup", "clmm_soup_probit_laplace")]
)
def test_laplace_ses_are_the_richardson_hessian_of_clmms_objective(case: str, fixture_id: str) -> None:
    record = json.loads((ROOT / "r" / "mixed_clmm_laplace_hessian.json").read_text())["cases"][case]
    _, result = _fit(fixture_id)
    assert result.loglik == pytest.approx(-record["objective_at_estimate"], abs=1e-6)
    (sd_name,) = result.variance_components.index
    for name, value in record["bse_richardson"].items():
        ours = (
            float(np.sqrt(result.reported_cov.loc[sd_name, sd_name]))  # type: ignore[attr-defined]
            if name == "log_sd"
            else result.bse[name]  # type: ignore[attr-defined]
        )
        assert ours == pytest.approx(value, rel=2e-5), name
    # The step is what matters: with 1e-3 (a noise gain 100 times smaller) clmm's own
    # central differences already land within 1e-3 of the extrapolated SEs.
    for name, value in record["bse_delta_1e-3"].items():
        assert value == pytest.approx(record["bse_richardson"][name], rel=1e-3), name


@pytest.mark.parametrize("fixture_id", sorted(CASES))
def test_conditional_modes_and_sds_match_r(fixture_id: str) -> None:
    ref, result = _fit(fixture_id)
    for group, block in ref["ranef"].items():
        term = next(t for t in result.model.terms if t.spec.group == group)
        table = result.group_effects[term.spec.label].loc[block["levels"]]
        modes = np.asarray(block["modes"], dtype=float)
        cond_sd = np.asarray(block["cond_sd"], dtype=float)
        for k, column in enumerate(block["columns"]):
            np.testing.assert_allclose(table[column], modes[:, k], rtol=1e-4, atol=1e-5)
            np.testing.assert_allclose(table[f"cond_sd({column})"], cond_sd[:, k], rtol=2e-3)


def test_crossed_terms_with_a_zero_sd_match_clmm() -> None:
    """clmm wine (1|judge) + (1|bottle): R's bottle SD is 4e-6, i.e. on the boundary."""
    ref = json.loads((ROOT / "r" / "mixed_clmm_wine_crossed_laplace.json").read_text())
    model = MixedOrdinalModel(ref["formula"], _data("wine"))
    with pytest.warns(
        Warning, match=r"\(1\|bottle\): the variance estimate is on its boundary \(sd\(Intercept\) = "
    ):
        result = model.fit(lr_tests=False)
    assert result.params["sd(1|bottle)"] < 1e-4
    assert result.params["sd(1|judge)"] == pytest.approx(ref["sd"]["judge"]["Intercept"], rel=1e-4)
    assert result.loglik == pytest.approx(ref["loglik"], abs=1e-6)
    for name, value in ref["fixed"].items():
        assert result.params[name] == pytest.approx(value, rel=1e-5)
    assert result.variance_components.loc["sd(1|bottle)", "on_boundary"]
    assert any("boundary" in note for note in result.notes)


def test_crossed_verbagg_reaches_at_least_glmers_likelihood() -> None:
    """glmer VerbAgg (1|id) + (1|item), 7,584 rows: glmer stopped at max|grad| 4.4e-4."""
    ref = json.loads((ROOT / "r" / "mixed_glmer_verbagg_crossed_laplace.json").read_text())
    result = MixedLogitModel(ref["formula"], _data("verbagg")).fit(lr_tests=False)
    assert result.loglik >= ref["loglik"] - 1e-6
    assert result.loglik - ref["loglik"] < 1e-3  # measured: ours higher by 3.9e-4
    # Measured: estimates 1.0e-3 relative / 3.4e-4 absolute, SDs 1.3e-4, SEs 2.9e-3.
    for name, value in ref["fixed"].items():
        assert result.params[name] == pytest.approx(value, rel=2e-3, abs=5e-4), name
    for group, sds in ref["sd"].items():
        sd = result.params[_sd_name(result, group, "Intercept")]
        assert sd == pytest.approx(sds["Intercept"], rel=5e-4)
    for name, value in ref["bse"].items():
        assert result.bse[name] == pytest.approx(value, rel=5e-3), name


def test_correlated_slope_verbagg_reaches_at_least_glmers_likelihood() -> None:
    """glmer VerbAgg (1 + situ|id), 7,584 rows: glmer stopped at max|grad| 1e-3 (bobyqa)."""
    ref = json.loads((ROOT / "r" / "mixed_glmer_verbagg_slope_laplace.json").read_text())
    result = MixedLogitModel(ref["formula"], _data("verbagg")).fit(lr_tests=False)
    assert result.loglik >= ref["loglik"] - 1e-6
    assert result.loglik - ref["loglik"] < 1e-4  # measured: ours higher by 1.9e-6
    # Measured: estimates 1.4e-4 relative, SDs 1.9e-6, SEs 2.2e-4.
    for name, value in ref["fixed"].items():
        assert result.params[name] == pytest.approx(value, rel=5e-4, abs=1e-4), name
    for column, value in ref["sd"]["id"].items():
        assert result.params[_sd_name(result, "id", column)] == pytest.approx(value, rel=5e-4)
    assert result.params["cor(Intercept,situ[T.self]|id)"] == pytest.approx(ref["corr"]["id"], rel=5e-4)
    for name, value in ref["bse"].items():
        assert result.bse[name] == pytest.approx(value, rel=2e-3), name


def test_profile_interval_of_an_sd_matches_glmer() -> None:
    """R's confint interpolates a profile spline: good to ~1e-4, so compare at 2e-4."""
    ref = json.loads((ROOT / "r" / "mixed_glmer_cbpp_profile_sd.json").read_text())
    _, result = _fit("glmer_cbpp_laplace")
    bounds = result.profile_intervals(level=0.95)
    assert bounds.loc["sd(1|herd)", "lower"] == pytest.approx(ref["lower"], rel=2e-4)
    assert bounds.loc["sd(1|herd)", "upper"] == pytest.approx(ref["upper"], rel=2e-4)


def test_profile_intervals_of_fixed_effects_match_glmer() -> None:
    """Same confint call, fixed-effect rows (R interpolates a spline; measured gap 1.3e-4)."""
    ref = json.loads((ROOT / "r" / "mixed_glmer_cbpp_profile_sd.json").read_text())
    _, result = _fit("glmer_cbpp_laplace")
    names = list(ref["fixed_lower"])
    bounds = result.profile_intervals(level=0.95, parameters=names)
    for name in names:
        assert bounds.loc[name, "lower"] == pytest.approx(ref["fixed_lower"][name], rel=5e-4, abs=5e-4), name
        assert bounds.loc[name, "upper"] == pytest.approx(ref["fixed_upper"][name], rel=5e-4, abs=5e-4), name
