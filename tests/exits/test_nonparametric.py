"""Kaplan–Meier and Aalen–Johansen against R survival::survfit (make_exits_fixtures.R), and plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from careerrep.errors import ModelSpecError
from careerrep.exits import aalen_johansen, kaplan_meier, plot_cumulative_incidence, plot_survival
from tests.exits.fixtures import dataset, fixture


def values(raw: list) -> np.ndarray:
    """JSON null (R NA) -> NaN."""
    return np.array(
        [
            [np.nan if v is None else v for v in row]
            if isinstance(row, list)
            else (np.nan if row is None else row)
            for row in raw
        ],
        dtype=float,
    )


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("survfit_km_lung", {"stop": "time", "event": "dead"}),
        ("survfit_km_heart", {"start": "start", "stop": "stop", "event": "event"}),
    ],
)
def test_kaplan_meier_matches_survfit(name: str, kwargs: dict) -> None:
    expected = fixture(name)
    curve = kaplan_meier(dataset(name.split("_")[-1]), **kwargs)
    np.testing.assert_array_equal(curve["time"], expected["time"])
    np.testing.assert_array_equal(curve["n_risk"], expected["n_risk"])
    np.testing.assert_array_equal(curve["n_event"], expected["n_event"])
    for ours, theirs in [
        ("survival", "surv"),
        ("std_error_log", "std_err"),
        ("lower", "lower"),
        ("upper", "upper"),
    ]:
        np.testing.assert_allclose(curve[ours], values(expected[theirs]), rtol=0, atol=1e-8, err_msg=ours)


def mgus2() -> pd.DataFrame:
    frame = dataset("mgus2")
    labels = frame["event"].map({0: "censor", 1: "pcm", 2: "death"})
    return frame.assign(state=pd.Categorical(labels, ["censor", "pcm", "death"]))


def test_aalen_johansen_matches_multistate_survfit() -> None:
    expected = fixture("survfit_aj_mgus2")  # states (s0), pcm, death; IJ standard errors
    curve = aalen_johansen(mgus2(), stop="etime", exit="state", censoring=["censor"])
    assert list(curve["state"].cat.categories) == ["event_free", "pcm", "death"]
    wide = {c: curve[c].to_numpy().reshape(-1, 3) for c in ("probability", "std_error", "lower", "upper")}
    np.testing.assert_array_equal(curve["time"].to_numpy()[::3], expected["time"])
    for ours, theirs in [
        ("probability", "pstate"),
        ("std_error", "std_err"),
        ("lower", "lower"),
        ("upper", "upper"),
    ]:
        np.testing.assert_allclose(wide[ours], values(expected[theirs]), rtol=0, atol=1e-8, err_msg=ours)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(5, 60))
def test_one_exit_type_makes_aalen_johansen_equal_one_minus_kaplan_meier(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"time": np.ceil(rng.exponential(20, n)), "dead": rng.binomial(1, 0.7, n)})
    frame.loc[0, "dead"] = 1  # at least one exit
    frame["exit"] = np.where(frame["dead"] == 1, "left", "censored")
    km = kaplan_meier(frame, stop="time", event="dead")
    censoring = ("censored",) if (frame["dead"] == 0).any() else ()  # no censored row: say so
    aj = aalen_johansen(frame, stop="time", exit="exit", censoring=censoring)
    incidence = aj[aj["state"] == "left"]["probability"].to_numpy()
    np.testing.assert_allclose(incidence, 1.0 - km["survival"], atol=1e-12)
    free = aj[aj["state"] == "event_free"]
    assert np.all(free["std_error"].to_numpy() >= 0)
    # Incidences of all states sum to one at every time.
    np.testing.assert_allclose(aj.groupby("time", observed=True)["probability"].sum(), 1.0, atol=1e-12)


def test_bad_input_is_refused() -> None:
    frame = pd.DataFrame({"time": [1.0, 0.0], "dead": [1, 0]})
    with pytest.raises(ModelSpecError, match="row 1: stop = 0 is not after start = 0"):
        kaplan_meier(frame, stop="time", event="dead")
    with pytest.raises(ModelSpecError, match="no exit other than"):
        aalen_johansen(pd.DataFrame({"time": [1.0], "exit": ["censored"]}), stop="time", exit="exit")
    with pytest.raises(ModelSpecError, match="has a censoring label"):
        aalen_johansen(mgus2(), stop="etime", exit="state")  # mgus2 codes censoring as "censor"
    with pytest.raises(ModelSpecError, match="column 'days' is not in the data"):
        kaplan_meier(frame, stop="days", event="dead")


def test_plots_return_figures() -> None:
    km = kaplan_meier(dataset("lung"), stop="time", event="dead")
    aj = aalen_johansen(mgus2(), stop="etime", exit="state", censoring=["censor"])
    for figure in (
        plot_survival(km),
        plot_cumulative_incidence(aj),
        plot_cumulative_incidence(aj, stacked=True),
    ):
        assert isinstance(figure, Figure)
        assert figure.axes[0].get_ylabel() in ("probability still in post", "cumulative incidence")
    labels = [t.get_text() for t in plot_cumulative_incidence(aj).axes[0].get_legend().get_texts()]
    assert labels == ["pcm", "death"]
    with pytest.raises(ModelSpecError, match="needs the columns"):
        plot_survival(aj)
