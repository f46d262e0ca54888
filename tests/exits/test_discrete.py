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
    np.testing.assert_allclose(result.params.to_numpy(), expected["coef"], rtol=0, atol=1e-5)
    np.testing.assert_allclose(result.bse.to_numpy(), expected["se"], rtol=0, atol=1e-5)
    assert result.loglik == pytest.approx(expected["loglik"], rel=1e-9)
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
