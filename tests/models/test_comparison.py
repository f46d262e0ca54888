"""compare(), pseudo-R^2 and the proportional-odds check's nominal proposal.

Reference: ``tests/fixtures/r/clm_compare_wine.json`` (R 4.2.2, ordinal
2022.11-16): ``anova(po, nominal, nominal_scale)`` of clm fits on wine and the
null clm for pseudo-R^2; calls in the file.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import careerrep
from careerrep.errors import ModelSpecError
from careerrep.models import (
    CumulativeModel,
    LogitModel,
    OrdinalModel,
    SequentialModel,
    check_proportional_odds,
)
from careerrep.models.comparison import compare, is_nested, mcfadden_r2, nagelkerke_r2
from tests.models.conftest import FIXTURES

REF = json.loads((FIXTURES / "r" / "clm_compare_wine.json").read_text())


def _wine() -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / "data" / "wine.csv")
    frame["rating"] = pd.Categorical(frame["rating"].astype(str), categories=list("12345"), ordered=True)
    frame["temp"] = pd.Categorical(frame["temp"], categories=["cold", "warm"])
    frame["contact"] = pd.Categorical(frame["contact"], categories=["no", "yes"])
    return frame


def _wine_fits() -> dict[str, careerrep.MLEResult]:
    wine = _wine()
    return {
        "po": OrdinalModel("rating ~ temp + contact", wine).fit(),
        "nominal": CumulativeModel("rating ~ temp", wine, nominal="~ contact").fit(),
        "nominal_scale": CumulativeModel("rating ~ temp", wine, nominal="~ contact", scale="~ temp").fit(),
    }


def test_compare_matches_r_anova_of_nested_clm_fits() -> None:
    fits = _wine_fits()
    comparison = careerrep.compare(*fits.values(), names=list(fits))
    table = comparison.table
    assert "likelihood-ratio" in comparison.test
    for name in fits:
        assert table.loc[name, "loglik"] == pytest.approx(REF["loglik"][name], abs=1e-8)
        assert table.loc[name, "df"] == REF["df"][name]
        assert table.loc[name, "aic"] == pytest.approx(REF["aic"][name], abs=1e-7)
        assert table.loc[name, "bic"] == pytest.approx(REF["bic"][name], abs=1e-7)
        assert table.loc[name, "mcfadden_r2"] == pytest.approx(REF["mcfadden_r2"][name], rel=1e-9)
        assert table.loc[name, "nagelkerke_r2"] == pytest.approx(REF["nagelkerke_r2"][name], rel=1e-9)
    tested = table.loc[["nominal", "nominal_scale"]]
    np.testing.assert_allclose(tested["lr_chi2"], REF["lr_chi2"], rtol=1e-6)
    np.testing.assert_allclose(tested["lr_df"], REF["lr_df"])
    np.testing.assert_allclose(tested["p_value"], REF["p_value"], rtol=1e-6)
    assert list(tested["against"]) == ["po", "nominal"]
    assert np.isnan(table.loc["po", "lr_chi2"])
    assert "nominal = ~ contact" in comparison.summary()


def test_pseudo_r2_functions_match_r() -> None:
    fit = _wine_fits()["po"]
    assert mcfadden_r2(fit) == pytest.approx(REF["mcfadden_r2"]["po"], rel=1e-9)
    assert nagelkerke_r2(fit) == pytest.approx(REF["nagelkerke_r2"]["po"], rel=1e-9)


def test_non_nested_fits_get_no_lr_test_and_a_note() -> None:
    wine = _wine()
    po = OrdinalModel("rating ~ temp + contact", wine).fit()
    cratio = SequentialModel("rating ~ temp", wine, nominal="~ contact").fit()
    probit = OrdinalModel("rating ~ temp + contact", wine, link="probit").fit()
    comparison = compare(po, cratio, probit, names=["po", "cratio", "probit"])
    assert comparison.table["lr_chi2"].isna().all()
    assert any("AIC/BIC only" in note and "cratio" in note for note in comparison.notes)
    assert not is_nested(po, cratio) and not is_nested(po, probit)


def test_compare_refuses_different_cases_mixed_types_and_single_fits() -> None:
    wine = _wine()
    full = OrdinalModel("rating ~ temp + contact", wine).fit()
    part = OrdinalModel("rating ~ temp + contact", wine.iloc[:60]).fit()
    with pytest.raises(ModelSpecError, match="same cases"):
        compare(full, part)
    with pytest.raises(ModelSpecError, match="at least two"):
        compare(full)
    with pytest.raises(ModelSpecError, match="one kind"):
        compare(full, object())


def test_pseudo_r2_refuses_a_logit_without_intercept() -> None:
    wine = _wine()
    wine["high"] = (wine["rating"].cat.codes >= 3).astype(int)
    fit = LogitModel("high ~ 0 + temp", wine).fit()
    with pytest.raises(ModelSpecError, match="intercept"):
        mcfadden_r2(fit)


def _violating_frame(seed: int, n: int = 2000) -> pd.DataFrame:
    """Binary x1 spreads the thresholds (-1, 0, 1) to (-1.8, 0, 1.8): not proportional odds.

    x2 shifts every split alike, g does nothing; with x1 binary the true
    thresholds never cross.
    """
    rng = np.random.default_rng(seed)
    x1 = rng.integers(0, 2, size=n).astype(float)
    x2 = rng.normal(size=n)
    g = rng.choice(["a", "b"], size=n)
    cuts = np.array([-1.0, 0.0, 1.0])[None, :] + np.array([-0.8, 0.0, 0.8])[None, :] * x1[:, None]
    codes = (rng.logistic(size=n)[:, None] + 0.6 * x2[:, None] > cuts).sum(axis=1)
    labels = ["fired", "resigned", "retained", "promoted"]
    return pd.DataFrame(
        {"outcome": pd.Categorical.from_codes(codes, labels, ordered=True), "x1": x1, "x2": x2, "g": g}
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_check_names_the_breaking_term_and_builds_the_nominal_fit(seed: int) -> None:
    frame = _violating_frame(seed)
    po = OrdinalModel("outcome ~ x1 + x2 + g", frame).fit()
    check = check_proportional_odds(po)
    terms = check.terms.set_index("term")
    # Seeds 0-19 tried: the largest of x1's Brant p-value and the LR p-value was 4.5e-21 (limit 1e-10).
    assert terms.loc["x1", "p_value"] < 1e-10
    assert "x1" in check.breaking_terms
    suggestion = check.suggestion()
    assert suggestion is not None and 'nominal="~ x1' in suggestion
    nominal_model = check.nominal_model()
    assert "x1" in nominal_model.nominal_terms.names and "x1" not in nominal_model.coef_names
    relaxed = nominal_model.fit()
    comparison = compare(po, relaxed)
    assert comparison.table["p_value"].iloc[1] < 1e-10
    assert "Relax them with" in check.summary()


def test_check_without_breaking_terms_says_so() -> None:
    rng = np.random.default_rng(3)
    n = 600
    x = rng.normal(size=n)
    codes = np.digitize(0.5 * x + rng.logistic(size=n), [-1.0, 0.0, 1.0])
    frame = pd.DataFrame({"outcome": pd.Categorical.from_codes(codes, list("abcd"), ordered=True), "x": x})
    check = check_proportional_odds(OrdinalModel("outcome ~ x", frame).fit(), alpha=1e-6)
    assert check.breaking_terms == ()
    assert check.suggestion() is None
    assert "No term breaks" in check.summary()
    with pytest.raises(ModelSpecError, match="no term breaks"):
        check.nominal_model()


# Short chains for a test about LOO, not about diagnostics (those have their own tests).
@pytest.mark.filterwarnings("ignore:posterior draws may be unreliable:careerrep.errors.SamplingWarning")
def test_compare_uses_loo_for_posterior_results() -> None:
    wine = _wine()
    full = OrdinalModel("rating ~ temp + contact", wine).sample(
        draws=500, chains=2, seed=12, cores=1, tune=300
    )
    small = OrdinalModel("rating ~ contact", wine).sample(draws=500, chains=2, seed=13, cores=1, tune=300)
    comparison = compare(full, small, names=["temp + contact", "contact"])
    assert "LOO" in comparison.test
    # temp has a z-value near 5 in the MLE: dropping it must cost predictive accuracy.
    assert comparison.table.index[0] == "temp + contact"
    assert comparison.table.loc["contact", "elpd_diff"] > 0
    with pytest.raises(ModelSpecError, match="one kind"):
        compare(full, OrdinalModel("rating ~ contact", wine).fit())
