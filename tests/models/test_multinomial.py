"""MultinomialModel against R nnet::multinom (and its exact Poisson-trick refit) and statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerrep.errors import ModelSpecError
from careerrep.models import MultinomialModel
from tests.models.conftest import load_r_fixture, r_series


@pytest.mark.parametrize("name", ["multinom_housing", "multinom_birthwt_race"])
def test_matches_nnet_multinom(name: str) -> None:
    record, frame = load_r_fixture(name)
    result = MultinomialModel(record["formula"], frame, weights=record["weights"]).fit()
    expected = r_series(record, "params")
    assert list(result.params.index) == list(expected.index)
    # nnet: BFGS + numerical Hessian, good to ~2e-8 absolute (fixture README).
    np.testing.assert_allclose(result.params, expected, rtol=1e-6)
    np.testing.assert_allclose(result.bse, r_series(record, "bse"), rtol=1e-4)
    assert result.loglik == pytest.approx(record["loglik"], abs=1e-8)
    assert result.bic == pytest.approx(record["bic"], abs=1e-6)
    # The same model fitted exactly by IRLS (Poisson trick, stats::glm): tight.
    exact = record["poisson_trick_reference"]
    np.testing.assert_allclose(result.params, pd.Series(exact["params"]), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.bse, pd.Series(exact["bse"]), rtol=1e-7)


def test_reference_category_and_statsmodels() -> None:
    import statsmodels.api as sm

    record, frame = load_r_fixture("multinom_birthwt_race")
    result = MultinomialModel(record["formula"], frame, reference="other").fit()
    assert result.model.reference == "other"
    assert result.params.index[0].startswith("white:")
    codes = frame["race"].cat.reorder_categories(["other", "white", "black"]).cat.codes
    X = sm.add_constant(frame[["age", "lwt", "smoke", "low"]].astype(float))
    peer = sm.MNLogit(codes, X).fit(disp=False, tol=1e-12, maxiter=100)
    np.testing.assert_allclose(result.params, np.asarray(peer.params).T.ravel(), rtol=1e-7)
    np.testing.assert_allclose(result.bse, np.asarray(peer.bse).T.ravel(), rtol=1e-6)
    # Changing the reference reparameterises; fitted probabilities do not move.
    default = MultinomialModel(record["formula"], frame).fit()
    np.testing.assert_allclose(result.predict(), default.predict(), atol=1e-9)
    with pytest.raises(ModelSpecError, match="reference"):
        MultinomialModel(record["formula"], frame, reference="purple")


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_probabilities_and_duplication(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 60
    frame = pd.DataFrame({"x": rng.normal(size=n), "y": rng.choice(["a", "b", "c"], size=n)})
    frame.loc[:5, "y"] = ["a", "b", "c", "a", "b", "c"]
    frame.loc[:5, "x"] = [-1.0, -1.0, -1.0, 1.0, 1.0, 1.0]  # overlap: no separation
    base = MultinomialModel("y ~ x", frame).fit()
    probs = base.predict()
    assert ((probs >= 0) & (probs <= 1)).all().all()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-12)
    doubled = MultinomialModel("y ~ x", frame, weights=np.full(n, 2.0)).fit()
    duplicated = MultinomialModel("y ~ x", pd.concat([frame, frame])).fit()
    np.testing.assert_allclose(doubled.params, duplicated.params, rtol=1e-8, atol=1e-10)
