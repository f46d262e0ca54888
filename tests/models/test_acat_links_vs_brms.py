"""The adjacent-category family with logit, probit and cloglog links against brms's own density.

Fixture: ``tests/fixtures/brms/make_acat_links_fixture.R`` (brms 2.18.0, R 4.2.2):
``brms:::dacat`` (brms's R density for ``acat``) at fixed parameter values on
``ordinal::wine``, and the maximum of that density's log-likelihood found by R's
``optim``/``nlminb`` (no careerrep code). brms writes
``P(Y=j+1) / (P(Y=j) + P(Y=j+1)) = F(disc (eta - thres_j))``; careerrep's
``F(theta_j + x'beta + n'gamma_j)`` is the same with ``disc = 1`` and
``thres_ij = -(theta_j + n_i'gamma_j)``.

Measured: probabilities equal brms's to 2.2e-16, log-likelihoods to 1.1e-15
relative; the ML estimates equal R's optimum to 8.6e-8 absolute (R's optimiser,
numerical gradients), and careerrep's maximum is as high as R's (within 6e-14).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from careerrep.models import AdjacentModel
from tests.models.conftest import FIXTURES

RECORDS: list[dict[str, Any]] = json.loads((FIXTURES / "brms" / "acat_links_wine.json").read_text())["fits"]
FIXED = [r for r in RECORDS if r["kind"] == "fixed"]
OPTIMA = [r for r in RECORDS if r["kind"] == "optimum"]


def _ident(record: dict[str, Any]) -> str:
    return f"{record['link']}-{'nominal' if record['nominal'] else 'parallel'}"


def _model(record: dict[str, Any]) -> AdjacentModel:
    frame = pd.read_csv(FIXTURES / "data" / "wine.csv")
    frame["rating"] = pd.Categorical(frame["rating"].astype(str), categories=list("12345"), ordered=True)
    for column, levels in (("temp", ["cold", "warm"]), ("contact", ["no", "yes"])):
        frame[column] = pd.Categorical(frame[column], categories=levels)
    return AdjacentModel(record["formula"], frame, link=record["link"], nominal=record["nominal"])


def _params(model: AdjacentModel, record: dict[str, Any]) -> np.ndarray:
    assert set(record["params"]) == set(model.param_names)
    return np.array([record["params"][name] for name in model.param_names])


@pytest.mark.parametrize("record", FIXED, ids=[_ident(r) for r in FIXED])
def test_probabilities_and_loglik_equal_brms_dacat(record: dict[str, Any]) -> None:
    model = _model(record)
    params = _params(model, record)
    probs = model.predict_probabilities(params).to_numpy()
    np.testing.assert_allclose(probs, np.array(record["probabilities"]), rtol=0, atol=1e-10)
    loglik, _, _ = model.family.problem(model.family_matrix, model.design.y, model.design.weights).loglik(
        params
    )
    np.testing.assert_allclose(loglik, record["loglik"], rtol=1e-10)


@pytest.mark.parametrize("record", OPTIMA, ids=[_ident(r) for r in OPTIMA])
def test_ml_fit_equals_the_maximum_of_brms_likelihood(record: dict[str, Any]) -> None:
    assert record["convergence"] == 0, record["message"]
    model = _model(record)
    result = model.fit()
    assert result.converged
    reference = _params(model, record)
    # R's optimum rests on numerical gradients: good to about 1e-7.
    np.testing.assert_allclose(result.params.to_numpy(), reference, rtol=1e-6, atol=1e-6)
    assert result.loglik >= record["loglik"] - 1e-10
    np.testing.assert_allclose(result.loglik, record["loglik"], rtol=1e-12)


def test_probit_and_cloglog_gradients_equal_finite_differences() -> None:
    # The conformance suite checks the Hessian too (tests/conformance: acat-probit, acat-cloglog);
    # here the gradient at the brms reference point of each nominal fixture.
    for record in (r for r in FIXED if r["link"] != "logit" and r["nominal"]):
        model = _model(record)
        problem = model.family.problem(model.family_matrix, model.design.y, model.design.weights)
        point = _params(model, record)
        _, gradient, _ = problem.loglik(point)
        h = 1e-6
        numeric = np.array(
            [
                (problem.loglik(point + h * e)[0] - problem.loglik(point - h * e)[0]) / (2 * h)
                for e in np.eye(point.size)
            ]
        )
        np.testing.assert_allclose(gradient, numeric, rtol=1e-6, atol=1e-6)
