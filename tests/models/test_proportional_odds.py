"""Proportional odds check: Brant against an independent implementation (statsmodels
binary logits + Brant's covariance formula written out here), LR against statsmodels MNLogit,
and behaviour on data with and without proportional odds by construction."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from careerrep.errors import ConvergenceWarning, ModelSpecError, SeparationWarning
from careerrep.models import LogitModel, OrdinalModel, check_proportional_odds


def _data(seed: int, n: int, non_po: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    # Non-proportional odds: x1's effect grows with the threshold (scale shift).
    latent = 0.8 * x1 - 0.4 * x2 + rng.logistic(size=n) * np.exp(non_po * x1)
    codes = np.digitize(latent, [-1.0, 0.0, 1.2])
    return pd.DataFrame(
        {"x1": x1, "x2": x2, "y": pd.Categorical.from_codes(codes, list("abcd"), ordered=True)}
    )


def _brant_reference(frame: pd.DataFrame) -> float:
    X = sm.add_constant(frame[["x1", "x2"]].to_numpy())
    codes = frame.y.cat.codes.to_numpy()
    fits = [sm.Logit((codes > k).astype(float), X).fit(disp=False, tol=1e-12) for k in range(3)]
    pis = [f.predict(X) for f in fits]
    infos = [np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None])) for p in pis]
    V = np.zeros((6, 6))
    for k in range(3):
        for m in range(3):
            lo, hi = min(k, m), max(k, m)
            W = pis[hi] - pis[lo] * pis[hi]
            V[2 * k : 2 * k + 2, 2 * m : 2 * m + 2] = (infos[k] @ (X.T @ (X * W[:, None])) @ infos[m])[1:, 1:]
    b = np.concatenate([np.asarray(f.params)[1:] for f in fits])
    D = np.zeros((4, 6))
    for r, (k, j) in enumerate([(1, 0), (1, 1), (2, 0), (2, 1)]):
        D[r, j], D[r, 2 * k + j] = 1.0, -1.0
    d = D @ b
    return float(d @ np.linalg.solve(D @ V @ D.T, d))


def test_brant_and_lr_match_independent_computations() -> None:
    frame = _data(0, 500, 0.3)
    result = OrdinalModel("y ~ x1 + x2", frame).fit()
    check = check_proportional_odds(result)
    table = check.table.set_index("term")
    assert table.loc["Omnibus", "statistic"] == pytest.approx(_brant_reference(frame), rel=1e-6)
    assert table.loc["Omnibus", "df"] == 4 and table.loc["x1", "df"] == 2
    mn = sm.MNLogit(frame.y.cat.codes, sm.add_constant(frame[["x1", "x2"]])).fit(disp=False, tol=1e-12)
    assert table.loc["all", "statistic"] == pytest.approx(2 * (mn.llf - result.loglik), rel=1e-7)
    assert table.loc["all", "p_value"] == pytest.approx(
        stats.chi2.sf(2 * (mn.llf - result.loglik), 4), rel=1e-6
    )
    assert "Brant" in check.summary()


def test_detects_clear_violation_and_passes_po_data() -> None:
    violated = check_proportional_odds(OrdinalModel("y ~ x1 + x2", _data(1, 3000, 0.8)).fit())
    row = violated.table.set_index("term").loc["x1"]
    assert row["p_value"] < 1e-6
    holds = check_proportional_odds(OrdinalModel("y ~ x1 + x2", _data(2, 3000, 0.0)).fit())
    # Under the null the omnibus p-value is uniform; < 1e-6 would be a one-in-a-million event.
    assert holds.table.set_index("term").loc["Omnibus", "p_value"] > 1e-6


def test_needs_an_ordinal_result() -> None:
    frame = _data(3, 100, 0.0).assign(b=lambda d: (d.y > "b").astype(int))
    with pytest.raises(ModelSpecError, match="OrdinalModel"):
        check_proportional_odds(LogitModel("b ~ x1", frame).fit())


def test_separated_binary_split_is_named_as_separation_not_non_convergence() -> None:
    # Known by construction: cases with d = 1 never reach the top level, so the last binary
    # split of the Brant test is quasi-separated in d while the ordinal fit itself is fine.
    rng = np.random.default_rng(11)
    n = 400
    d = (rng.random(n) < 0.3).astype(float)
    x = rng.normal(size=n)
    latent = x + rng.logistic(size=n)
    y = np.digitize(latent, [-1.0, 0.5, 1.5])
    y[(d == 1) & (y == 3)] = 2
    frame = pd.DataFrame({"x": x, "d": d, "y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True)})
    result = OrdinalModel("y ~ x + d", frame).fit()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_proportional_odds(result)
    kinds = {type(w.message) for w in caught}
    assert SeparationWarning in kinds
    assert ConvergenceWarning not in kinds
    assert any("'d'" in str(w.message) and "Brant" in str(w.message) for w in caught)
