"""The cumulative family's sorted-block likelihood against the general split engine.

Both are exact; they share no arithmetic beyond the link functions (the blocks
form one product of the columns with weighted copies per chunk, the general
engine builds ``(J, n)`` and ``(J, J, n)`` row derivatives and one product per
pair of splits). The general engine is what ``scores=True`` runs.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from careerrep.models.cumulative_blocks import (
    _CHUNK_ROWS,
    cumulative_block_derivatives,
    cumulative_block_log_probabilities,
)
from careerrep.models.cumulative_general import CumulativeFamily
from careerrep.models.links import get_link
from careerrep.models.threshold_likelihood import SplitData, split_derivatives, split_predictors


def _data(seed: int, n: int, p: int, q: int, K: int) -> tuple[SplitData, np.ndarray]:
    """Sorted rows of a cumulative model with ``p`` location and ``q`` nominal columns, and parameters."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    A = np.column_stack([np.ones(n), rng.integers(0, 2, size=(n, q)).astype(float)])
    y = np.sort(rng.integers(0, K, size=n))
    y[:K] = np.arange(K)  # every category observed
    y.sort()
    w = rng.integers(1, 4, size=n).astype(float)
    b = rng.normal(scale=0.5, size=p)
    # Thresholds increasing; nominal shifts small enough that they rarely cross.
    a = np.vstack([np.linspace(-1.0, 1.0, K - 1), rng.normal(scale=0.1, size=(q, K - 1))])
    return SplitData(X, A, np.zeros((n, 0)), y, w, K), np.r_[b, a.ravel()]


@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.sampled_from([5, 40, 2 * _CHUNK_ROWS + 7]),
    p=st.integers(0, 3),
    q=st.integers(0, 2),
    K=st.integers(2, 5),
    link=st.sampled_from(["logit", "probit", "cloglog"]),
)
def test_blocks_equal_the_general_engine(seed: int, n: int, p: int, q: int, K: int, link: str) -> None:
    data, params = _data(seed, n, p, q, K)
    family, chosen = CumulativeFamily(), get_link(link)
    blocks = cumulative_block_derivatives(data, params, chosen, family.location_sign)
    general, _ = split_derivatives(data, params, family, chosen, scores=True)
    assert blocks is not None
    if not np.isfinite(general.loglik):  # thresholds crossed for some row: both say outside
        assert blocks.loglik == -np.inf and np.isnan(blocks.gradient).all()
        return
    scale = 1.0 + np.abs(general.hessian).max()
    assert np.isclose(blocks.loglik, general.loglik, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(blocks.gradient, general.gradient, rtol=1e-10, atol=1e-10 * scale)
    np.testing.assert_allclose(blocks.hessian, general.hessian, rtol=1e-10, atol=1e-10 * scale)
    np.testing.assert_array_equal(blocks.hessian, blocks.hessian.T)
    logp = cumulative_block_log_probabilities(data, params, chosen, family.location_sign)
    assert logp is not None
    eta = split_predictors(params, data.X, data.A, data.Z, K, family.location_sign).eta
    expected = family.row_derivatives(eta, data.y, chosen).logp
    np.testing.assert_allclose(logp, expected, rtol=1e-12, atol=1e-12)


def test_blocks_decline_unsorted_rows_and_scale_terms() -> None:
    data, params = _data(0, 30, 2, 1, 3)
    family, logit = CumulativeFamily(), get_link("logit")
    unsorted = SplitData(data.X, data.A, data.Z, data.y[::-1].copy(), data.w, data.K)
    assert cumulative_block_derivatives(unsorted, params, logit, family.location_sign) is None
    scaled = SplitData(data.X, data.A, data.X[:, :1], data.y, data.w, data.K)
    assert cumulative_block_derivatives(scaled, np.r_[0.1, params], logit, family.location_sign) is None
