"""Stable category log-probabilities (numpy and PyTensor) against scipy's distributions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from careerrep.models.bayes.arrays import BayesData, collapse_rows
from careerrep.models.bayes.links import np_category_logp, np_quantile, pt_ordinal_loglik

# Peer CDFs: scipy.stats logistic, norm and gumbel_l (F(z) = 1 - exp(-exp(z)), cloglog).
PEER_CDF = {"logit": stats.logistic.cdf, "probit": stats.norm.cdf, "cloglog": stats.gumbel_l.cdf}
LINKS = tuple(PEER_CDF)


def peer_probabilities(cuts: np.ndarray, eta: np.ndarray, link: str) -> np.ndarray:
    cdf = PEER_CDF[link](cuts[None, :] - eta[:, None])
    padded = np.column_stack([np.zeros(len(eta)), cdf, np.ones(len(eta))])
    return np.diff(padded, axis=1)


@pytest.mark.parametrize("link", LINKS)
@given(
    gaps=st.lists(st.floats(0.05, 3.0), min_size=1, max_size=5),
    start=st.floats(-4.0, 4.0),
    eta=st.lists(st.floats(-5.0, 5.0), min_size=1, max_size=8),
)
def test_category_probabilities_match_scipy(
    link: str, gaps: list[float], start: float, eta: list[float]
) -> None:
    cuts = start + np.concatenate([[0.0], np.cumsum(gaps[1:])]) if len(gaps) > 1 else np.array([start])
    eta_arr = np.array(eta)
    ours = np.exp(np_category_logp(cuts, eta_arr, link))
    np.testing.assert_allclose(ours, peer_probabilities(cuts, eta_arr, link), atol=1e-12)
    np.testing.assert_allclose(ours.sum(axis=-1), 1.0, atol=1e-12)


@pytest.mark.parametrize("link", LINKS)
def test_upper_tail_keeps_digits(link: str) -> None:
    # Both cut points far in the upper tail: F(b) - F(a) by subtraction is 0;
    # the log survival difference is the exact answer.
    cuts, eta = np.array([30.0, 31.0]), np.array([0.0])
    logp = np_category_logp(cuts, eta, link)[0]
    sf = {"logit": stats.logistic.logsf, "probit": stats.norm.logsf, "cloglog": stats.gumbel_l.logsf}
    expected = sf[link](30.0) + np.log1p(-np.exp(sf[link](31.0) - sf[link](30.0)))
    assert np.isfinite(logp[1])
    np.testing.assert_allclose(logp[1], expected, rtol=1e-9)


@pytest.mark.parametrize("link", LINKS)
def test_quantile_inverts_the_cdf(link: str) -> None:
    u = np.array([0.01, 0.3, 0.5, 0.9])
    np.testing.assert_allclose(PEER_CDF[link](np_quantile(u, link)), u, rtol=1e-12)


@pytest.mark.parametrize("link", LINKS)
# pip-installed PyTensor warns once per process that it found no BLAS (speed only).
@pytest.mark.filterwarnings("ignore:PyTensor could not link to a BLAS:UserWarning")
def test_pytensor_loglik_equals_numpy(link: str) -> None:
    import pytensor.tensor as pt
    from pytensor import function

    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 50)
    eta_value = rng.normal(size=50)
    cuts_value = np.array([-1.0, 0.2, 1.1])
    counts = rng.integers(1, 4, 50).astype(float)
    order = np.argsort(y, kind="stable")
    y, eta_value, counts = y[order], eta_value[order], counts[order]
    bounds = np.searchsorted(y, np.arange(5))
    slices = [slice(bounds[k], bounds[k + 1]) for k in range(4)]
    eta, cuts = pt.dvector("eta"), pt.dvector("cuts")
    f = function([eta, cuts], pt_ordinal_loglik(eta, cuts, slices, counts, link))
    logp = np_category_logp(cuts_value, eta_value, link)
    expected = counts @ logp[np.arange(50), y]
    # PyMC's normal_lcdf is an approximation good to ~1e-9 relative.
    np.testing.assert_allclose(f(eta_value, cuts_value), expected, rtol=1e-7)


def test_collapsing_rows_keeps_weighted_totals() -> None:
    rng = np.random.default_rng(1)
    X = rng.integers(0, 2, size=(200, 2)).astype(float)
    y = rng.integers(0, 3, 200)
    codes = rng.integers(0, 2, 200)
    data = BayesData(
        "ordinal",
        X,
        y,
        ("a", "b", "c"),
        ("x1", "x2"),
        weights=np.full(200, 2.0),
        groups={"(1|g)": (codes, ("g0", "g1"))},
    )
    collapsed = collapse_rows(data)
    assert len(collapsed.y) <= 2 * 2 * 3 * 2  # at most every distinct combination
    assert collapsed.counts.sum() == 400.0
    assert np.all(np.diff(collapsed.y) >= 0)  # sorted by outcome
    # Every original row maps to a unique row holding the same values.
    np.testing.assert_array_equal(collapsed.X[collapsed.row_to_unique], X)
    np.testing.assert_array_equal(collapsed.y[collapsed.row_to_unique], y)
    np.testing.assert_array_equal(collapsed.group_codes["(1|g)"][collapsed.row_to_unique], codes)
