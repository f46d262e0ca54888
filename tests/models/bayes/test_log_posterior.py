"""The NumPy log posterior equals PyMC's model log density; its gradient matches finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.models.bayes import BayesData, Priors
from careerrep.models.bayes.build import build_model
from careerrep.models.bayes.log_posterior import ordinal_log_posterior, supports
from tests.seeds import shifted

LABELS = ("a", "b", "c", "d")


def _data(seed: int, n: int = 300, groups: bool = True, weights: bool = False) -> BayesData:
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.normal(1.0, 2.0, n), rng.integers(0, 2, n).astype(float), rng.normal(size=n)])
    codes = rng.integers(0, 5, n)
    eta = X @ np.array([0.4, -0.8, 0.3]) + np.array([-0.5, 0.0, 0.2, 0.4, 0.6])[codes]
    y = np.searchsorted([-1.0, 0.5, 2.0], eta + rng.logistic(size=n))
    return BayesData(
        family="ordinal",
        X=X,
        y=y,
        labels=LABELS,
        coef_names=("x1", "d", "x3"),
        weights=rng.integers(1, 4, n).astype(float) if weights else None,
        groups={"(1|g)": (codes, tuple(f"g{i}" for i in range(5)))} if groups else {},
    )


def _pymc_point(built, theta: np.ndarray, post) -> dict[str, np.ndarray]:
    """The PyMC value-variable point matching the unconstrained vector ``theta``."""
    p, m = post.n_coef, post.n_cuts
    point = {"beta": theta[:p]}
    cuts_name = "category_probs_simplex__" if post.dirichlet else "thresholds_ordered__"
    point[cuts_name] = theta[p : p + m]
    pos = p + m
    for name, L in zip(post.group_names, post.group_levels, strict=True):
        point[f"sd_{name}_log__"] = np.asarray(theta[pos])
        point[f"z_{name}"] = theta[pos + 1 : pos + 1 + L]
        pos += 1 + L
    assert set(point) == {v.name for v in built.model.value_vars}
    return point


CASES = [
    pytest.param(Priors(), True, False, id="dirichlet-groups"),
    pytest.param(Priors(thresholds="normal", threshold_sigma=3.0), True, True, id="normal-groups-weights"),
    pytest.param(
        Priors(dirichlet_alpha=[2.0, 1.0, 0.5, 3.0], coef={"d": (0.5, 0.7)}), False, True, id="alpha"
    ),
]


@pytest.mark.parametrize(("priors", "groups", "weights"), CASES)
def test_log_posterior_equals_pymc_model_logp(priors: Priors, groups: bool, weights: bool) -> None:
    data = _data(shifted(11), groups=groups, weights=weights)
    built = build_model(data, priors)
    post = ordinal_log_posterior(data, priors)
    pymc_logp = built.model.compile_logp()
    rng = np.random.default_rng(shifted(12))
    points = [rng.normal(scale=0.7, size=post.ndim) for _ in range(6)]
    ours = np.array([post(theta)[0] for theta in points])
    theirs = np.array([pymc_logp(_pymc_point(built, theta, post)) for theta in points])
    # Differences between points cancel any constant; the constants agree too, up to
    # PyMC's rounding of its normalising terms (~6e-8 for the ordered normal prior).
    np.testing.assert_allclose(np.diff(ours), np.diff(theirs), rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6)


@pytest.mark.parametrize(("priors", "groups", "weights"), CASES)
def test_gradient_matches_finite_differences(priors: Priors, groups: bool, weights: bool) -> None:
    data = _data(shifted(13), groups=groups, weights=weights)
    post = ordinal_log_posterior(data, priors)
    rng = np.random.default_rng(shifted(14))
    for _ in range(3):
        theta = rng.normal(scale=0.7, size=post.ndim)
        _, grad = post(theta)
        step = 1e-6
        numeric = np.array(
            [(post(theta + step * e)[0] - post(theta - step * e)[0]) / (2 * step) for e in np.eye(post.ndim)]
        )
        # Central differences of a function of size ~1e3: error ~ eps * |f| / step ~ 1e-7.
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-5)


def test_expand_gives_the_pymc_deterministics() -> None:
    data = _data(shifted(15))
    priors = Priors()
    built = build_model(data, priors)
    post = ordinal_log_posterior(data, priors)
    theta = np.random.default_rng(shifted(16)).normal(size=post.ndim)
    point = _pymc_point(built, theta, post)
    names = ["beta", "thresholds", "category_probs", "sd_g", "z_g", "r_g"]
    outputs = built.model.replace_rvs_by_values([built.model[n] for n in names])
    pymc_values = built.model.compile_fn(outputs, inputs=built.model.value_vars, on_unused_input="ignore")(
        point
    )
    ours = post.expand(theta)
    for name, value in zip(names, pymc_values, strict=True):
        np.testing.assert_allclose(ours[name], value, rtol=1e-12, atol=1e-12, err_msg=name)


def test_supports_only_the_cumulative_logit_without_latent_columns() -> None:
    data = _data(shifted(17))
    assert supports(data)
    probit = BayesData(
        family="ordinal", X=data.X, y=data.y, labels=LABELS, coef_names=data.coef_names, link="probit"
    )
    assert not supports(probit)
    logit = BayesData(
        family="logit", X=data.X, y=(data.y > 1).astype(int), labels=("no", "yes"), coef_names=data.coef_names
    )
    assert not supports(logit)
    with pytest.raises(ValueError, match="cumulative logit"):
        ordinal_log_posterior(probit, Priors())


@pytest.mark.parametrize("priors", [Priors(), Priors(thresholds="normal")])
def test_wild_proposals_are_outside_or_finite_never_an_error(priors: Priors) -> None:
    # Warm-up proposes extreme threshold coordinates; the threshold transform runs on
    # Python floats (math.exp overflows with an exception where NumPy gives inf), so
    # extreme points must come back as a number or -inf with a zero gradient.
    data = _data(shifted(16))
    post = ordinal_log_posterior(data, priors)
    p, m = data.X.shape[1], data.n_categories - 1
    for value in (-800.0, -40.0, 40.0, 800.0):
        theta = np.zeros(post.ndim)
        theta[p : p + m] = value
        with np.errstate(all="ignore"):  # as the sampler calls it
            logp, grad = post(theta)
        assert logp == -np.inf or np.isfinite(logp)
        if logp == -np.inf:
            np.testing.assert_array_equal(grad, 0.0)
        else:
            assert np.all(np.isfinite(grad))
