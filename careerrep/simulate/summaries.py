"""Recovery, coverage and power from a study's per-replicate table (pure pandas/numpy).

Every summary has one row per (cases per replicate, parameter) and says how
many replicates it rests on:

* ``reps``: replicates run; ``failed``: the estimator raised (no estimate);
  ``not_converged``: it returned an estimate but said it did not converge;
  ``warned``: it raised a warning (e.g. separation) but converged;
  ``used``: replicates with a converged, finite estimate (``warned`` ones included).

Bias, RMSE and coverage use the ``used`` replicates; power counts a failed or
non-converged replicate as *not detecting* (its denominator is ``reps``), so
an estimator that often fails cannot look powerful. Monte Carlo standard
errors (``*_mcse``) follow Morris, White & Crowther (2019), Table 6.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

KEYS = ["n_cases", "parameter"]


def _status(table: pd.DataFrame) -> pd.DataFrame:
    """Per-row flags: failed, not converged, warned, used."""
    failed = table["error"].astype(str) != ""
    finite = np.isfinite(table["estimate"].to_numpy(dtype=np.float64))
    not_converged = ~failed & ~table["converged"].astype(bool)
    warned = ~failed & ~not_converged & (table["warnings"].astype(str) != "")
    used = ~failed & ~not_converged & finite
    return pd.DataFrame({"failed": failed, "not_converged": not_converged, "warned": warned, "used": used})


def _counts(table: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    grouped = pd.concat([table[[*KEYS, "true_value"]], status], axis=1).groupby(KEYS, sort=False)
    counts = grouped.agg(
        true_value=("true_value", "first"),
        reps=("failed", "size"),
        failed=("failed", "sum"),
        not_converged=("not_converged", "sum"),
        warned=("warned", "sum"),
        used=("used", "sum"),
    )
    return counts.astype({c: "int64" for c in ("reps", "failed", "not_converged", "warned", "used")})


def recovery(table: pd.DataFrame) -> pd.DataFrame:
    """Bias and RMSE of every parameter, with Monte Carlo standard errors.

    Returns
    -------
    pandas.DataFrame
        Index (``n_cases``, ``parameter``); columns ``true_value``, the counts,
        ``mean_estimate``, ``bias``, ``bias_mcse`` (``SD / sqrt(used)``),
        ``rmse``, ``rmse_mcse`` (delta method), ``empirical_se`` (SD of the
        estimates) and ``mean_se`` (average reported SE: close to
        ``empirical_se`` when the SEs are right).
    """
    status = _status(table)
    counts = _counts(table, status)
    used = table.loc[status["used"]].copy()
    used["error2"] = (used["estimate"] - used["true_value"]) ** 2
    grouped = used.groupby(KEYS, sort=False)
    stats = pd.DataFrame(
        {
            "mean_estimate": grouped["estimate"].mean(),
            "empirical_se": grouped["estimate"].std(ddof=1),
            "mean_se": grouped["se"].mean(),
            "mse": grouped["error2"].mean(),
            "mse_sd": grouped["error2"].std(ddof=1),
        }
    )
    out = counts.join(stats, how="left")
    n = out["used"].astype(np.float64)
    out["bias"] = out["mean_estimate"] - out["true_value"]
    out["bias_mcse"] = out["empirical_se"] / np.sqrt(n)
    out["rmse"] = np.sqrt(out["mse"])
    # Var(RMSE) ~ Var(MSE) / (4 MSE) by the delta method.
    out["rmse_mcse"] = out["mse_sd"] / np.sqrt(n) / (2.0 * out["rmse"])
    columns = [
        "true_value",
        "reps",
        "failed",
        "not_converged",
        "warned",
        "used",
        "mean_estimate",
        "bias",
        "bias_mcse",
        "rmse",
        "rmse_mcse",
        "empirical_se",
        "mean_se",
    ]
    return out[columns]


def coverage(table: pd.DataFrame, nominal: float) -> pd.DataFrame:
    """Share of intervals that contain the true value, against the nominal level.

    Returns
    -------
    pandas.DataFrame
        Index (``n_cases``, ``parameter``); ``nominal``, ``coverage``,
        ``coverage_mcse`` (binomial SE of the observed share,
        ``sqrt(c (1 - c) / used)``), ``nominal_se`` (binomial SE if the
        coverage were exactly nominal) and the counts.
    """
    status = _status(table)
    counts = _counts(table, status)
    used = table.loc[status["used"]]
    covered = (used["lower"] <= used["true_value"]) & (used["true_value"] <= used["upper"])
    share = covered.groupby([used["n_cases"], used["parameter"]], sort=False).mean()
    out = counts.copy()
    out["nominal"] = nominal
    out["coverage"] = share.reindex(out.index)
    n = out["used"].astype(np.float64)
    out["coverage_mcse"] = np.sqrt(out["coverage"] * (1.0 - out["coverage"]) / n)
    out["nominal_se"] = np.sqrt(nominal * (1.0 - nominal) / n)
    columns = [
        "true_value",
        "nominal",
        "coverage",
        "coverage_mcse",
        "nominal_se",
        "reps",
        "failed",
        "not_converged",
        "warned",
        "used",
    ]
    return out[columns]


def power(table: pd.DataFrame, parameters: list[str] | None = None) -> pd.DataFrame:
    """Share of replicates whose interval excludes zero, for each effect.

    An effect is *detected* when its interval (Wald or profile for ML, the
    equal-tailed credible interval for Bayes) excludes zero; for a true
    effect of zero the ``power`` column is the false-positive rate.

    Returns
    -------
    pandas.DataFrame
        Index (``n_cases``, ``parameter``); ``power`` = detections / ``reps``
        (failed and non-converged replicates count as not detecting),
        ``power_mcse``, ``power_among_used`` = detections / ``used``,
        ``wrong_sign`` (detections with the sign opposite to the truth) and the counts.
    """
    status = _status(table)
    effect = table["kind"] == "effect" if parameters is None else table["parameter"].isin(parameters)
    table, status = table.loc[effect], status.loc[effect]
    counts = _counts(table, status)
    excludes_zero = status["used"] & ((table["lower"] > 0) | (table["upper"] < 0))
    wrong = (
        excludes_zero
        & (np.sign(table["estimate"]) != np.sign(table["true_value"]))
        & (table["true_value"] != 0)
    )
    keys = [table["n_cases"], table["parameter"]]
    out = counts.copy()
    out["detected"] = excludes_zero.groupby(keys, sort=False).sum().reindex(out.index).astype("int64")
    out["wrong_sign"] = wrong.groupby(keys, sort=False).sum().reindex(out.index).astype("int64")
    reps = out["reps"].astype(np.float64)
    out["power"] = out["detected"] / reps
    out["power_mcse"] = np.sqrt(out["power"] * (1.0 - out["power"]) / reps)
    out["power_among_used"] = out["detected"] / out["used"].where(out["used"] > 0)
    columns = [
        "true_value",
        "power",
        "power_mcse",
        "power_among_used",
        "detected",
        "wrong_sign",
        "reps",
        "failed",
        "not_converged",
        "warned",
        "used",
    ]
    return out[columns]


def replicate_status(table: pd.DataFrame) -> pd.DataFrame:
    """One row per replicate: converged, failed, warnings and error text."""
    status = _status(table)
    per_row = pd.concat([table[["n_cases", "rep", "warnings", "error"]], status], axis=1)
    grouped = per_row.groupby(["n_cases", "rep"], sort=True)
    return grouped.agg(
        failed=("failed", "any"),
        not_converged=("not_converged", "any"),
        warned=("warned", "any"),
        warnings=("warnings", "first"),
        error=("error", "first"),
    )
