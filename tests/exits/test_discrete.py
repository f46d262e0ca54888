"""Discrete-time hazards on person-period rows = R glm (logit, cloglog), nnet::multinom on the same rows."""

from __future__ import annotations

import numpy as np
import pytest

from careerrep.errors import ModelSpecError
from careerrep.exits import CompetingHazardModel, DiscreteHazardModel
from tests.exits.fixtures import dataset, fixture

# pp_mgus2.csv: careerrep.exits.person_periods on mgus2 (make_person_periods.py); R read the same file.
FORMULA = "C(period_group) + age + male"


@pytest.mark.parametrize("link", ["logit", "cloglog"])
def test_discrete_hazard_matches_glm(link: str) -> None:
    expected = fixture(f"glm_pp_mgus2_{link}")
    result = DiscreteHazardModel(f"event ~ {FORMULA}", dataset("pp_mgus2"), link=link).fit()
    assert result.params.index[0] == "Intercept" and result.params.index[-1] == "male"
    np.testing.assert_allclose(result.params.to_numpy(), list(expected["coef"].values()), rtol=0, atol=1e-6)
    assert result.loglik == pytest.approx(expected["loglik"], rel=1e-10)
    assert result.nobs == expected["n"]
    # SEs from the observed information: glm's for the canonical logit link; for cloglog glm
    # uses the expected information, so the peer is ordinal::clm on the same two-level outcome.
    se = fixture("clm_pp_mgus2_cloglog")["se"] if link == "cloglog" else expected["se"]
    np.testing.assert_allclose(result.bse.to_numpy(), list(se.values()), rtol=0, atol=1e-5)


@pytest.mark.parametrize("link", ["logit", "cloglog"])
def test_hazard_predictions_follow_the_link(link: str) -> None:
    rows = dataset("pp_mgus2")
    result = DiscreteHazardModel(f"event ~ {FORMULA}", rows, link=link).fit()
    head = rows.head(30)
    X = np.column_stack(
        [np.ones(30)]
        + [(head["period_group"] == g).to_numpy(float) for g in range(2, 11)]
        + [head["age"].to_numpy(float), head["male"].to_numpy(float)]
    )
    eta = X @ result.params.to_numpy()
    expected = 1 / (1 + np.exp(-eta)) if link == "logit" else 1 - np.exp(-np.exp(eta))
    np.testing.assert_allclose(result.hazard(head)["exit"], expected, rtol=1e-10)


def test_competing_hazards_match_multinom() -> None:
    expected = fixture("multinom_pp_mgus2")  # rows pcm, death; reference "none"
    result = CompetingHazardModel(f"exit_type ~ {FORMULA}", dataset("pp_mgus2"), exits=("pcm", "death")).fit()
    assert result.params.index[0] == "pcm:Intercept"
    # nnet's BFGS stops ~8.5e-6 from the optimum (measured); Newton goes on, so its
    # log-likelihood is at least R's and the estimates agree to nnet's accuracy.
    np.testing.assert_allclose(result.params.to_numpy(), expected["coef"], rtol=0, atol=2e-5)
    np.testing.assert_allclose(result.bse.to_numpy(), expected["se"], rtol=0, atol=1e-5)
    assert result.loglik == pytest.approx(expected["loglik"], rel=1e-9)
    assert result.loglik >= expected["loglik"] - 1e-10
    hazards = result.hazard(dataset("pp_mgus2").head(5))
    assert list(hazards.columns) == ["pcm", "death"]
    assert ((hazards > 0) & (hazards.sum(axis=1).to_numpy()[:, None] < 1)).all().all()


def test_bad_specifications_are_refused() -> None:
    rows = dataset("pp_mgus2")
    with pytest.raises(ModelSpecError, match="link must be one of"):
        DiscreteHazardModel("event ~ age", rows, link="probit")
    with pytest.raises(ModelSpecError, match="must be 0/1"):
        DiscreteHazardModel("period ~ age", rows)
    with pytest.raises(ModelSpecError, match=r"exit types \['death'\] are in the data but not in exits"):
        CompetingHazardModel("exit_type ~ age", rows, exits=("pcm",))
    with pytest.raises(ModelSpecError, match="no 'none' rows"):
        CompetingHazardModel("exit_type ~ age", rows[rows["exit_type"] != "none"])


@pytest.mark.parametrize("link", ["logit", "cloglog"])
def test_sample_is_the_same_hazard_model_on_the_familys_scale(link: str) -> None:
    """PyMC posterior means sit on the ML estimates (3,000 person-periods: the data dominate the priors).

    Seeds 1-3 tried at 2 x 300 draws: worst |posterior mean - MLE| = 0.14 ML SEs; threshold 0.5 SE.
    cloglog posteriors are on the ordinal scale: coefficient = minus the glm slope.
    """
    rows = dataset("pp_mgus2").sample(3000, random_state=1)
    model = DiscreteHazardModel("event ~ age + male", rows, link=link)
    fit = model.fit()
    posterior = model.sample(draws=1000, chains=2, seed=1, tune=500).params
    sign = -1.0 if link == "cloglog" else 1.0
    for name in ("age", "male"):
        assert abs(posterior[name] - sign * fit.params[name]) < 0.5 * fit.bse[name], name


def test_competing_sample_matches_the_ml_fit() -> None:
    """Same check as above for the multinomial competing-exits model (seed 1; threshold 0.5 ML SE)."""
    rows = dataset("pp_mgus2").sample(3000, random_state=1)
    model = CompetingHazardModel("exit_type ~ age + male", rows, exits=("pcm", "death"))
    fit = model.fit()
    posterior = model.sample(draws=1000, chains=2, seed=1, tune=500).params
    for name in ("death:age", "death:male"):
        assert abs(posterior[name] - fit.params[name]) < 0.5 * fit.bse[name], name
