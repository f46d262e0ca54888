"""The simulator draws outcomes from the same cumulative link model the estimators fit, for every link."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.models.links import LINKS, get_link
from careerrep.models.ordinal import OrdinalModel
from careerrep.simulate.arrays import outcome_codes


@pytest.mark.parametrize("link", sorted(LINKS))
def test_outcome_shares_follow_the_link(link: str) -> None:
    # P(Y <= k | eta) = F(theta_k - eta). n = 200,000 per eta gives a binomial sd of at most
    # 0.0011; the tolerance 0.006 is > 5 sd (seeds 0-19, every link and eta: worst gap 0.0032).
    cuts = np.array([-1.0, 0.3, 1.2])
    rng = np.random.default_rng(0)
    for eta in (-0.7, 0.0, 0.9):
        codes = outcome_codes(np.full(200_000, eta), cuts, link, rng)
        observed = np.array([(codes <= k).mean() for k in range(3)])
        np.testing.assert_allclose(observed, get_link(link).cdf(cuts - eta), atol=0.006)


def test_a_cloglog_cohort_is_recovered_by_the_cloglog_fit() -> None:
    # 20,000 cases: SEs are about 0.011, so 0.06 is > 5 SE (seeds 0-9: worst error 0.020).
    import pandas as pd

    rng = np.random.default_rng(3)
    x = rng.normal(size=20_000)
    codes = outcome_codes(0.8 * x, np.array([-0.5, 0.6]), "cloglog", rng)
    frame = pd.DataFrame({"x": x, "y": codes})
    fit = OrdinalModel("y ~ x", frame, link="cloglog").fit()
    assert abs(fit.params["x"] - 0.8) < 0.06
    np.testing.assert_allclose(fit.params[["0|1", "1|2"]], [-0.5, 0.6], atol=0.06)
