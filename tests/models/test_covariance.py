"""Robust covariance conventions checked by construction."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.errors import FitError, ModelSpecError
from careerrep.models import covariance


def _pieces(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(30, 3))
    A = rng.normal(size=(3, 3))
    return -(A @ A.T + 3 * np.eye(3)), scores, np.ones(30)


def test_singleton_clusters_equal_hc0_times_g_over_g_minus_1() -> None:
    hessian, scores, w = _pieces()
    hc0 = covariance.robust(hessian, scores, w, "HC0")
    clustered = covariance.robust(hessian, scores, w, "cluster", np.arange(30), "HC0")
    np.testing.assert_allclose(clustered, hc0 * 30 / 29)
    hc1 = covariance.robust(hessian, scores, w, "HC1")
    np.testing.assert_allclose(hc1, hc0 * 30 / 27)


def test_weights_count_as_copies() -> None:
    hessian, scores, _ = _pieces(1)
    weighted = covariance.robust(hessian, scores, np.full(30, 2.0), "HC0")
    copies = covariance.robust(hessian, np.vstack([scores, scores]), np.ones(60), "HC0")
    np.testing.assert_allclose(weighted, copies)


def test_errors() -> None:
    hessian, scores, w = _pieces()
    with pytest.raises(ModelSpecError, match="groups"):
        covariance.robust(hessian, scores, w, "cluster")
    with pytest.raises(ModelSpecError, match="cov must be"):
        covariance.robust(hessian, scores, w, "HC3")
    with pytest.raises(FitError, match="singular"):
        covariance.model_based(np.zeros((2, 2)))
    assert np.isinf(np.diag(covariance.model_based(np.zeros((2, 2)), allow_singular=True))).all()
