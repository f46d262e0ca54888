"""Cox with case weights against R survival::coxph(weights = ) (make_cox_weights_fixtures.R)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import ModelSpecError
from careerrep.exits import CoxModel
from tests.exits.fixtures import dataset, fixture

LUNG = "dead ~ age + sex + ph.ecog"
HEART = "event ~ age + year + surgery + transplant"


def _lung(ties: str) -> CoxModel:
    return CoxModel(LUNG, dataset("lung_weighted"), stop="time", ties=ties, weights="w")


def _heart(ties: str) -> CoxModel:
    return CoxModel(HEART, dataset("heart_weighted"), start="start", stop="stop", ties=ties, weights="w")


# (fixture, model factory, fit keywords); every R call is in the fixture's "call".
CASES = [
    *((f"coxph_lung_weights_{t}", lambda t=t: _lung(t), {}) for t in ("efron", "breslow")),
    *(
        (f"coxph_lung_weights_robust_{t}", lambda t=t: _lung(t), {"cov": "robust"})
        for t in ("efron", "breslow")
    ),
    *(
        (f"coxph_heart_weights_cluster_{t}", lambda t=t: _heart(t), {"cov": "cluster", "groups": "id"})
        for t in ("efron", "breslow")
    ),
]


@pytest.mark.parametrize(("name", "build", "kwargs"), CASES, ids=[c[0] for c in CASES])
def test_weighted_cox_matches_survival_coxph(name: str, build, kwargs) -> None:  # type: ignore[no-untyped-def]
    expected = fixture(name)
    result = build().fit(**kwargs)
    np.testing.assert_allclose(result.params.to_numpy(), list(expected["coef"].values()), rtol=0, atol=1e-6)
    np.testing.assert_allclose(result.bse.to_numpy(), expected["se"], rtol=0, atol=1e-5)
    if expected["naive_se"] is not None:
        naive = np.sqrt(np.diag(result.naive_cov.to_numpy()))
        np.testing.assert_allclose(naive, expected["naive_se"], rtol=0, atol=1e-5)
    np.testing.assert_allclose([result.loglik_null, result.loglik], expected["loglik"], rtol=1e-10)
    assert (result.nobs, result.n_events) == (expected["n"], expected["nevent"])


def test_weighted_baseline_hazard_matches_basehaz() -> None:
    expected = fixture("basehaz_lung_weights_efron")  # basehaz(fit, centered = FALSE), at every time
    result = _lung("efron").fit()
    at = np.searchsorted(np.asarray(expected["time"]), result.baseline["time"].to_numpy())
    np.testing.assert_allclose(
        np.cumsum(result.baseline["hazard"]), np.asarray(expected["hazard"])[at], rtol=1e-9
    )


def test_whole_weights_equal_repeating_the_rows_under_breslow_ties() -> None:
    """Breslow: weight 2 on a row is the row twice (estimates, naive SEs, log likelihood, baseline).

    Not so under Efron, in R as here: repeated rows are extra ties of their own
    event time, which Efron's approximation treats differently from one weighted event.
    """
    ties = "breslow"
    lung = dataset("lung")
    w = (np.arange(len(lung)) % 3 + 1).astype(float)
    weighted = CoxModel(LUNG, lung, stop="time", ties=ties, weights=w).fit()
    repeated = CoxModel(LUNG, lung.loc[lung.index.repeat(w.astype(int))], stop="time", ties=ties).fit()
    np.testing.assert_allclose(weighted.params, repeated.params, rtol=0, atol=1e-9)
    np.testing.assert_allclose(weighted.bse, repeated.bse, rtol=1e-8)
    np.testing.assert_allclose(weighted.loglik, repeated.loglik, rtol=1e-12)
    np.testing.assert_allclose(weighted.baseline["hazard"], repeated.baseline["hazard"], rtol=1e-9)


def test_unit_weights_change_nothing() -> None:
    lung = dataset("lung")
    plain = CoxModel(LUNG, lung, stop="time").fit(cov="robust")
    ones = CoxModel(LUNG, lung.assign(one=1.0), stop="time", weights="one").fit(cov="robust")
    np.testing.assert_allclose(ones.params, plain.params, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ones.bse, plain.bse, rtol=1e-12)


def test_bad_weights_are_refused_naming_the_row() -> None:
    lung = dataset("lung")
    with pytest.raises(ModelSpecError, match="weights column 'nope' is not in the data"):
        CoxModel(LUNG, lung, stop="time", weights="nope")
    for bad in (0.0, -1.0, np.nan, np.inf):
        values = np.ones(len(lung))
        values[7] = bad
        with pytest.raises(ModelSpecError, match=r"weights: row 7 has weight .*positive and finite"):
            CoxModel(LUNG, lung, stop="time", weights=values)
    with pytest.raises(ModelSpecError, match="has 3 values for 226 rows"):
        CoxModel(LUNG, lung, stop="time", weights=[1, 2, 3])
    with pytest.raises(ModelSpecError, match=r"weights column 'w': row 0"):
        CoxModel(LUNG, lung.assign(w=pd.Series(["heavy"] * len(lung))), stop="time", weights="w")
