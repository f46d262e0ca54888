"""power_curve(): studies per cohort size, the power table, the figure."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from careerrep.simulate import Scenario, ScenarioError, power_curve, study
from careerrep.simulate.study import root_seed, spawn

SCENARIO = Scenario.calibrated(
    effects={"social_share": 3.0, "net_sentiment": 0.0}, outcome_shares=(0.25, 0.25, 0.25, 0.25)
)


def test_power_curve_tables_figure_and_seeds() -> None:
    curve = power_curve(SCENARIO, [30, 120], 12, "mle", seed=5, workers=1)
    assert curve.n_cases == (30, 120)
    power = curve.power()
    assert set(power.index.get_level_values("parameter")) == {"social_share", "net_sentiment"}
    assert power["reps"].eq(12).all()
    # Each size is the study with its own spawned child seed.
    child = spawn(root_seed(5), 2)[1]
    alone = study(SCENARIO, 120, 12, "mle", seed=child, workers=1)
    assert np.array_equal(
        alone.table["estimate"].to_numpy(), curve.studies[120].table["estimate"].to_numpy(), equal_nan=True
    )
    figure = curve.plot()
    assert isinstance(figure, Figure) and len(figure.axes[0].lines) >= 2
    needed = curve.cases_needed(0.0)
    assert needed["social_share"] == 30


def test_power_curve_refuses_repeated_sizes() -> None:
    with pytest.raises(ScenarioError, match="distinct"):
        power_curve(SCENARIO, [20, 20], 2, workers=1)
