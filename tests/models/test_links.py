"""Link functions against scipy.stats distributions and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from careerrep.errors import ModelSpecError
from careerrep.models.links import get_link

DISTRIBUTIONS = {"logit": stats.logistic, "probit": stats.norm, "cloglog": stats.gumbel_l}
X = np.linspace(-8, 3, 45)


@pytest.mark.parametrize("name", sorted(DISTRIBUTIONS))
def test_cdf_pdf_ppf_match_scipy(name: str) -> None:
    link, dist = get_link(name), DISTRIBUTIONS[name]
    np.testing.assert_allclose(link.cdf(X), dist.cdf(X), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(link.pdf(X), dist.pdf(X), rtol=1e-10, atol=1e-300)
    q = np.array([0.01, 0.3, 0.5, 0.9])
    np.testing.assert_allclose(link.ppf(q), dist.ppf(q), rtol=1e-10)
    cdf, pdf, dpdf = link.cdf_pdf_dpdf(X)
    np.testing.assert_allclose(cdf, link.cdf(X))
    np.testing.assert_allclose(pdf, link.pdf(X))
    np.testing.assert_allclose(dpdf, link.dpdf(X))


@pytest.mark.parametrize("name", sorted(DISTRIBUTIONS))
def test_dpdf_is_the_derivative_of_pdf(name: str) -> None:
    link, h = get_link(name), 1e-5
    numeric = (link.pdf(X + h) - link.pdf(X - h)) / (2 * h)
    np.testing.assert_allclose(link.dpdf(X), numeric, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("name", sorted(DISTRIBUTIONS))
def test_infinite_arguments_give_limits_not_nan(name: str) -> None:
    link = get_link(name)
    ends = np.array([-np.inf, np.inf])
    np.testing.assert_array_equal(link.cdf(ends), [0.0, 1.0])
    np.testing.assert_array_equal(link.pdf(ends), [0.0, 0.0])
    np.testing.assert_array_equal(link.dpdf(ends), [0.0, 0.0])


def test_aliases_and_unknown() -> None:
    assert get_link("logistic").name == "logit"
    with pytest.raises(ModelSpecError, match="cauchit"):
        get_link("cauchit")
