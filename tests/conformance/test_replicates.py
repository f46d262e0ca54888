"""Every family's per-case log-likelihood and posterior-predictive replicates.

``Family.observed_logp_and_replicates`` feeds PSIS-LOO and the posterior
predictive of every ``.sample()``. A family may override the default (which
works from the ``(S, n, K)`` log probabilities) with a cheaper route; whichever
it uses, the observed log probability must be the one its probabilities give,
and the same uniforms must give the same replicate codes as the default rule
(one uniform against the cumulative probabilities).
"""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.models.family import Family
from tests.conformance.families import CASES, conformance_frame

FRAME = conformance_frame()
BUILDS = dict(CASES)


@pytest.mark.parametrize("case", [case_id for case_id, _ in CASES])
def test_observed_logp_and_replicates_agree_with_the_probabilities(case: str) -> None:
    model = BUILDS[case](FRAME, None)
    fit = model.fit()
    family, X = model.family, model.family_matrix
    y = np.asarray(model.design.y)
    rng = np.random.default_rng(20261202)
    # Parameter draws around the estimate, wide enough to reach the tails; kept where the
    # model is defined (a perturbation can put thresholds out of order, as no posterior does).
    params = fit.params.to_numpy() + rng.normal(scale=0.2, size=(400, fit.params.size))
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(family.log_probabilities_from_predictor(params, family.predictor(params, X)))
    params = params[valid.all(axis=(1, 2))][:40]
    assert len(params) >= 10
    eta = family.predictor(params, X)
    observed, codes = family.observed_logp_and_replicates(params, eta, y, np.random.default_rng(7))
    logp = family.log_probabilities_from_predictor(params, eta)
    picked = np.take_along_axis(logp, y[None, :, None], axis=-1)[..., 0]
    np.testing.assert_allclose(observed, picked, rtol=1e-12)
    default = Family.observed_logp_and_replicates(family, params, eta, y, np.random.default_rng(7))
    np.testing.assert_array_equal(codes, default[1])
    assert codes.shape == observed.shape == (len(params), len(y))
    assert codes.min() >= 0 and codes.max() < family.n_categories
