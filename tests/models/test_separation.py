"""Separation checks on data whose separation status is known by construction."""

from __future__ import annotations

import numpy as np

from careerrep.models.separation import (
    check_binary_separation,
    check_multinomial_separation,
    check_ordinal_separation,
)


def test_binary_complete_and_none() -> None:
    X = np.column_stack([np.ones(3), [1.0, 2.0, 3.0]])
    found = check_binary_separation(X, np.array([0, 0, 1]), np.ones(3))
    assert found is not None and found.separated and found.directions == (0, 1)
    overlap = check_binary_separation(X, np.array([0, 1, 0]), np.ones(3))
    assert overlap is not None and not overlap.separated


def test_binary_zero_weight_rows_do_not_count() -> None:
    X = np.column_stack([np.ones(4), [1.0, 2.0, 3.0, 0.5]])
    y = np.array([0, 0, 1, 1])
    assert not check_binary_separation(X, y, np.ones(4)).separated
    assert check_binary_separation(X, y, np.array([1.0, 1.0, 1.0, 0.0])).separated


def test_ordinal_separated_by_one_variable_only() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=90)
    noise = rng.normal(size=90)
    y = np.digitize(x, [-0.5, 0.5])  # x orders the categories perfectly
    found = check_ordinal_separation(np.column_stack([x, noise]), y, np.ones(90), 3)
    assert found is not None and found.separated and 0 in found.directions
    y_noisy = np.digitize(x + 2 * noise, [-0.5, 0.5])
    assert not check_ordinal_separation(np.column_stack([x]), y_noisy, np.ones(90), 3).separated


def test_multinomial_category_never_with_a_level() -> None:
    # Category 2 only occurs when d = 1: the d coefficient of category 2 diverges.
    d = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    y = np.array([0, 1, 0, 1, 0, 1, 2, 2, 0, 1])
    X = np.column_stack([np.ones(10), d])
    found = check_multinomial_separation(X, y, np.ones(10), 3, reference=0)
    assert found is not None and found.separated
    assert 3 in found.directions  # parameter order: cat1 (Intercept, d), cat2 (Intercept, d)
