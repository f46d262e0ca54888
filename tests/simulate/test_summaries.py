"""Summaries on hand-made tables whose answers are known by construction."""

from __future__ import annotations

import numpy as np
import pandas as pd

from careerrep.simulate import summaries
from careerrep.simulate.study import tidy_table


def rows(
    estimates: list[float],
    truth: float,
    se: float = 1.0,
    errors: list[str] | None = None,
    converged: list[bool] | None = None,
    parameter: str = "x",
) -> list[dict[str, object]]:
    errors = errors or [""] * len(estimates)
    converged = converged or [True] * len(estimates)
    return [
        {
            "rep": i,
            "seed": "1",
            "spawn_key": str(i),
            "n_cases": 10,
            "estimator": "mle",
            "parameter": parameter,
            "kind": "effect",
            "true_value": truth,
            "estimate": e,
            "se": se,
            "lower": e - 2 * se,
            "upper": e + 2 * se,
            "converged": c,
            "warnings": "",
            "error": err,
        }
        for i, (e, err, c) in enumerate(zip(estimates, errors, converged, strict=True))
    ]


def test_bias_rmse_and_their_mcse() -> None:
    estimates = [1.0, 2.0, 3.0, 6.0]
    table = tidy_table(rows(estimates, truth=2.0))
    out = summaries.recovery(table).loc[(10, "x")]
    errors = np.array(estimates) - 2.0
    assert out["bias"] == errors.mean()
    assert np.isclose(out["bias_mcse"], np.std(estimates, ddof=1) / 2)
    assert np.isclose(out["rmse"], np.sqrt(np.mean(errors**2)))
    assert out["used"] == 4 and out["failed"] == 0


def test_failed_and_non_converged_are_counted_and_left_out() -> None:
    table = tidy_table(
        rows(
            [1.0, float("nan"), 5.0, 2.0],
            truth=2.0,
            errors=["", "FitError: x", "", ""],
            converged=[True, False, False, True],
        )
    )
    out = summaries.recovery(table).loc[(10, "x")]
    assert (out["reps"], out["failed"], out["not_converged"], out["used"]) == (4, 1, 1, 2)
    assert out["mean_estimate"] == 1.5
    power = summaries.power(table).loc[(10, "x")]
    # Intervals [-1, 3] and [0, 4] contain 0 or not: only the second (lower 0 is not > 0) -> no detection.
    assert power["detected"] == 0 and power["reps"] == 4


def test_coverage_and_power_shares() -> None:
    # Intervals est +- 2: they contain truth 0 when |est| <= 2, exclude 0 when |est| > 2.
    table = tidy_table(rows([0.5, 1.5, 2.5, 3.5, -4.0], truth=0.0))
    cover = summaries.coverage(table, 0.95).loc[(10, "x")]
    assert cover["coverage"] == 2 / 5
    assert np.isclose(cover["coverage_mcse"], np.sqrt(0.4 * 0.6 / 5))
    power = summaries.power(table).loc[(10, "x")]
    assert power["detected"] == 3 and power["power"] == 3 / 5
    table = tidy_table(rows([2.5, 3.5, -4.0], truth=1.0))
    assert summaries.power(table).loc[(10, "x"), "wrong_sign"] == 1


def test_parameter_order_is_kept() -> None:
    table = tidy_table(rows([1.0], 0.0, parameter="b") + rows([1.0], 0.0, parameter="a"))
    assert list(summaries.recovery(table).index.get_level_values("parameter")) == ["b", "a"]
    assert isinstance(summaries.replicate_status(table), pd.DataFrame)
