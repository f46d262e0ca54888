"""Prior resolution and the autoscaled coefficient priors (known-by-construction values)."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.errors import ModelSpecError
from careerrep.models.bayes.priors import Priors, coefficient_prior, resolve_priors


def test_defaults_and_dict_overrides() -> None:
    assert resolve_priors(None) == Priors()
    resolved = resolve_priors({"thresholds": "normal", "threshold_sigma": 5.0})
    assert resolved.thresholds == "normal"
    assert resolved.coef_scale == 2.5


def test_unknown_prior_key_names_the_valid_ones() -> None:
    with pytest.raises(ModelSpecError, match="coef_sd.*valid"):
        resolve_priors({"coef_sd": 1.0})


@pytest.mark.parametrize("field", ["coef_scale", "threshold_sigma", "group_sd_scale"])
def test_non_positive_scales_are_refused(field: str) -> None:
    with pytest.raises(ModelSpecError, match=field):
        Priors(**{field: 0.0})


def test_autoscale_divides_by_the_predictor_sd() -> None:
    # Column 0 has sd exactly 2 (values -2, 2), column 1 is constant.
    X = np.array([[-2.0, 1.0], [2.0, 1.0]])
    _, sd = coefficient_prior(X, np.ones(2), ("a", "b"), Priors())
    np.testing.assert_allclose(sd, [2.5 / 2.0, 2.5])


def test_frequency_weights_enter_the_scale() -> None:
    # Weights (3, 1) on values (0, 4): mean 1, variance (3*1 + 9)/4 = 3.
    X = np.array([[0.0], [4.0]])
    _, sd = coefficient_prior(X, np.array([3.0, 1.0]), ("a",), Priors())
    np.testing.assert_allclose(sd, [2.5 / np.sqrt(3.0)])


def test_per_coefficient_override_and_unknown_name() -> None:
    X = np.array([[0.0], [1.0]])
    mean, sd = coefficient_prior(X, np.ones(2), ("a",), Priors(coef={"a": (1.0, 0.5)}))
    assert (mean[0], sd[0]) == (1.0, 0.5)
    with pytest.raises(ModelSpecError, match="'zz'"):
        coefficient_prior(X, np.ones(2), ("a",), Priors(coef={"zz": (0.0, 1.0)}))


def test_dirichlet_alpha_length_must_match_categories() -> None:
    assert Priors(dirichlet_alpha=2.0).alpha_vector(3).tolist() == [2.0, 2.0, 2.0]
    with pytest.raises(ModelSpecError, match="4 categories"):
        Priors(dirichlet_alpha=[1.0, 1.0]).alpha_vector(4)
