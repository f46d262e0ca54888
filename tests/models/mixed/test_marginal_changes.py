"""Discrete changes of a categorical variable in a mixed fit, marginal over the group effects.

Peer: an independent numerical integration written here. The population-average
probability of each fitted row is ``int F(theta_k - eta - b) phi(b; 0, sd) db``, taken
with SciPy's adaptive ``quad_vec`` (not the Gauss-Hermite rule careerrep uses), from the
fit's own estimates; the delta-method SE is rebuilt from that integral by central
differences and the fit's covariance in its reported units.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special, stats

from careerrep.effects import marginal_effects
from careerrep.models.mixed import MixedOrdinalModel, MixedResult
from tests.seeds import shifted

CDF: dict[str, Callable[[np.ndarray], np.ndarray]] = {"logit": special.expit, "probit": stats.norm.cdf}


def _grouped(seed: int, n_groups: int = 40, per_group: int = 8, sd: float = 1.3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(n_groups), per_group)
    x = rng.normal(size=len(g))
    kind = rng.choice(["a", "b", "c"], size=len(g))
    shift = pd.Series({"a": 0.0, "b": 0.7, "c": -0.9})[kind].to_numpy()
    latent = 0.6 * x + shift + sd * rng.normal(size=n_groups)[g] + rng.logistic(size=len(g))
    y = np.digitize(latent, [-1.0, 0.5, 2.0])
    return pd.DataFrame(
        {
            "y": pd.Categorical(y, categories=[0, 1, 2, 3], ordered=True),
            "x": x,
            "kind": kind,
            "g": g.astype(str),
        }
    )


def _mean_probabilities(
    params: pd.Series, x: np.ndarray, level: str, link: str, marginal: bool
) -> np.ndarray:
    """Row-mean ``P(Y = k)`` with every row at ``level``, by quadrature over ``b`` (or at b = 0)."""
    theta = params[["0|1", "1|2", "2|3"]].to_numpy()
    eta = params["x"] * x + (params[f"kind[T.{level}]"] if level != "a" else 0.0)
    cdf, sd = CDF[link], float(params["sd(1|g)"])

    def cumulative(b: float) -> np.ndarray:
        return cdf(theta[None, :] - eta[:, None] - b).mean(axis=0)

    if marginal:
        cum, _ = integrate.quad_vec(
            lambda b: cumulative(b) * stats.norm.pdf(b, 0.0, sd),
            -12 * sd,
            12 * sd,
            epsabs=1e-13,
            epsrel=1e-12,
        )
    else:
        cum = cumulative(0.0)
    return np.diff(np.concatenate([[0.0], cum, [1.0]]))


def _changes(params: pd.Series, x: np.ndarray, link: str, marginal: bool) -> np.ndarray:
    base = _mean_probabilities(params, x, "a", link, marginal)
    return np.concatenate([_mean_probabilities(params, x, v, link, marginal) - base for v in ("b", "c")])


@pytest.fixture(scope="module", params=["logit", "probit"])
def fitted(request: pytest.FixtureRequest) -> tuple[MixedResult, pd.DataFrame, str]:
    frame = _grouped(shifted(21))
    link = str(request.param)
    return MixedOrdinalModel("y ~ x + kind + (1|g)", frame, link=link).fit(lr_tests=False), frame, link


@pytest.mark.parametrize("kind", ["marginal", "conditional"])
def test_discrete_changes_match_an_independent_integration(
    fitted: tuple[MixedResult, pd.DataFrame, str], kind: str
) -> None:
    result, frame, link = fitted
    marginal = kind == "marginal"
    ours = result.marginal_effects("kind", kind=kind)
    assert list(ours.index.get_level_values("contrast").unique()) == ["b - a", "c - a"]
    x = frame["x"].to_numpy()
    expected = _changes(result.params, x, link, marginal)
    np.testing.assert_allclose(ours["estimate"].to_numpy(), expected, rtol=1e-7, atol=1e-10)

    # Delta method from the independent integral, in the reported units (SDs, not log SDs).
    names = [n for n in result.params.index if marginal or not n.startswith("sd(")]
    cov = result.cov.loc[names, names].to_numpy()
    jac = np.zeros((len(expected), len(names)))
    for j, name in enumerate(names):
        h = 1e-5 * max(1.0, abs(result.params[name]))
        up, down = result.params.copy(), result.params.copy()
        up[name] += h
        down[name] -= h
        jac[:, j] = (_changes(up, x, link, marginal) - _changes(down, x, link, marginal)) / (2 * h)
    se = np.sqrt(np.einsum("ki,ij,kj->k", jac, cov, jac))
    np.testing.assert_allclose(ours["std_error"].to_numpy(), se, rtol=1e-4)
    assert kind in ours.attrs["effect"] and "discrete change of kind" in ours.attrs["effect"]
    for contrast in ("b - a", "c - a"):  # the probabilities sum to one at every level
        assert ours.loc[contrast, "estimate"].sum() == pytest.approx(0.0, abs=1e-10)


def test_the_effects_table_takes_marginal_discrete_changes(
    fitted: tuple[MixedResult, pd.DataFrame, str],
) -> None:
    result, _, _ = fitted
    table = marginal_effects(result, ["x", "kind"], kind="marginal")
    changes = table[table["term"] == "kind"]
    assert list(changes["contrast"].unique()) == ["b - a", "c - a"]
    assert (changes["type"] == "discrete change").all()
    assert changes["at"].str.contains("marginal: population average").all()
    direct = result.marginal_effects("kind", kind="marginal")
    np.testing.assert_allclose(changes["estimate"].to_numpy(), direct["estimate"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(changes["std_error"].to_numpy(), direct["std_error"].to_numpy(), rtol=1e-12)
    slopes = table[table["term"] == "x"]
    assert (slopes["type"] == "derivative").all() and len(slopes) == 4
