"""Diagnostics summary: the numbers behind SamplingWarning."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from careerrep.models.bayes.diagnostics import check, parameter_table


def test_one_chain_has_no_rhat_and_raises_no_numpy_warning() -> None:
    # R-hat needs two or more chains: with one it is NaN for every parameter, and the
    # summary must say "nan" rather than fail with numpy's all-NaN RuntimeWarning.
    table = pd.DataFrame({"r_hat": [np.nan, np.nan], "ess_bulk": [410.0, 380.0], "ess_tail": [500.0, 450.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        diagnostics = check(table, divergences=0, chains=1, draws=400)
    assert math.isnan(diagnostics.max_rhat)
    assert diagnostics.min_ess_bulk == 380.0
    assert any("ESS" in problem for problem in diagnostics.problems)


def test_max_rhat_ignores_nan_entries_when_some_are_finite() -> None:
    table = pd.DataFrame({"r_hat": [np.nan, 1.02], "ess_bulk": [900.0, 800.0], "ess_tail": [900.0, 800.0]})
    diagnostics = check(table, divergences=2, chains=4, draws=1000)
    assert diagnostics.max_rhat == 1.02
    assert any("R-hat" in problem for problem in diagnostics.problems)
    assert any("divergen" in problem for problem in diagnostics.problems)


def test_summary_numbers_are_arviz_numba_numbers_and_the_switch_is_restored() -> None:
    # parameter_table runs ArviZ's NumPy paths (no numba compile in a fresh process);
    # the numbers must be those of ArviZ's own default (numba) summary, and ArviZ's
    # switch must be left as it was found.
    import arviz as az
    import xarray as xr

    rng = np.random.default_rng(20261202)
    # Autocorrelated chains with different spreads: ESS and R-hat far from trivial values.
    noise = rng.normal(size=(3, 500, 4))
    samples = np.cumsum(noise, axis=1) * 0.05 + noise * np.array([1.0, 2.0, 0.5, 3.0])
    names = ["a", "b", "c", "d"]
    was = az.Numba.numba_flag
    table = parameter_table(samples, names)
    assert az.Numba.numba_flag == was
    dataset = xr.Dataset({"p": (("chain", "draw", "param"), samples)})
    reference = {
        "mcse_mean": az.mcse(dataset, method="mean"),
        "r_hat": az.rhat(dataset),
        "ess_bulk": az.ess(dataset, method="bulk"),
        "ess_tail": az.ess(dataset, method="tail"),
    }
    for column, values in reference.items():
        np.testing.assert_allclose(table[column].to_numpy(), values["p"].to_numpy(), rtol=1e-10)
    hdi = np.array([az.hdi(samples[:, :, k].reshape(-1), hdi_prob=0.95) for k in range(4)])
    np.testing.assert_allclose(table[["hdi_2.5%", "hdi_97.5%"]].to_numpy(), hdi, rtol=1e-12)
