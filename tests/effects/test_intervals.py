"""Interval helpers: HDI against ArviZ, the delta-method Jacobian on known functions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.effects import hdi, probability_beyond_rope, probability_of_direction
from careerrep.effects.intervals import equal_tailed, jacobian


def test_hdi_matches_arviz():
    import arviz as az

    draws = np.random.default_rng(3).gamma(2.0, size=(4000, 3))
    low, high = hdi(draws, 0.9)
    expected = np.array([az.hdi(draws[:, j], hdi_prob=0.9) for j in range(3)])
    np.testing.assert_allclose(low, expected[:, 0])
    np.testing.assert_allclose(high, expected[:, 1])


def test_equal_tailed_is_quantiles():
    draws = np.arange(1001.0)[:, None]
    low, high = equal_tailed(draws, 0.9)
    np.testing.assert_allclose([low[0], high[0]], [50.0, 950.0])


def test_jacobian_of_known_function():
    def function(params):
        return np.column_stack([np.sin(params[:, 0]) * params[:, 1], np.exp(params[:, 1])])

    point = np.array([0.3, -1.2])
    expected = np.array([[np.cos(0.3) * -1.2, np.sin(0.3)], [0.0, np.exp(-1.2)]])
    np.testing.assert_allclose(
        jacobian(function, point, np.array([1e-3, 1e-3])), expected, rtol=1e-11, atol=1e-13
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31), shift=st.floats(-3, 3))
def test_direction_and_rope_probabilities_are_probabilities(seed, shift):
    draws = np.random.default_rng(seed).normal(shift, 1.0, size=(500, 2))
    pd_ = probability_of_direction(draws)
    assert np.all((pd_ >= 0.5) & (pd_ <= 1.0))
    wide = probability_beyond_rope(draws, (-1e9, 1e9))
    assert np.all(wide == 0.0)
    narrow = probability_beyond_rope(draws, (shift - 1e-12, shift + 1e-12))
    assert np.all(narrow > 0.99)
