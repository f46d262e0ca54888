"""Effects of time-to-exit models in the units a reader wants.

* :func:`hazard_ratios`: ``exp(beta)`` with Wald intervals for Cox,
  Fine–Gray (subdistribution hazard ratios) and cloglog discrete-time fits.
* :func:`cumulative_incidence`: the probability of each exit by the end of
  each period for given person-period rows, ``F_j(t) = sum_{s <= t}
  S(s - 1) h_j(s)``, averaged over the spells in the rows (standardisation),
  with simulation intervals from the estimate's normal approximation.
* :func:`incidence_difference`: the same under counterfactual rows (say,
  twice the negative coverage in month one) minus the factual, with
  intervals from the same draws, so the difference's uncertainty is paired.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.exits.cox import CoxResult
from careerrep.exits.discrete import HazardFit
from careerrep.models.result import interval_level, tail_probability

__all__ = ["cumulative_incidence", "hazard_ratios", "incidence_difference"]


def hazard_ratios(
    result: CoxResult | HazardFit, alpha: float | None = None, *, level: float | None = None
) -> pd.DataFrame:
    """Hazard ratios ``exp(beta)`` with Wald intervals at ``level`` (default 0.95; the intercept left out).

    ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).

    Returns
    -------
    pandas.DataFrame
        Index: coefficient names; columns ``hazard_ratio``, ``lower``, ``upper``, ``p_value``.
    """
    if isinstance(result, HazardFit) and result.link != "cloglog":
        raise ModelSpecError(
            f"a {result.link} discrete-time fit has odds ratios of the period hazard, not hazard ratios: "
            "fit DiscreteHazardModel(..., link='cloglog') for hazard ratios"
        )
    ci = result.conf_int(level=interval_level(level, where="hazard_ratios", alpha=alpha))
    z = result.params / result.bse
    frame = pd.DataFrame(
        {
            "hazard_ratio": np.exp(result.params),
            "lower": np.exp(ci["lower"]),
            "upper": np.exp(ci["upper"]),
            "p_value": 2.0 * special.ndtr(-np.abs(z)),
        }
    )
    return frame.drop(index=[name for name in frame.index if name == "Intercept"])


def _draws(fit: HazardFit, draws: int, seed: int | np.random.Generator | None) -> np.ndarray:
    if draws < 100:
        raise ModelSpecError(f"draws must be at least 100 for percentile intervals, got {draws}")
    rng = np.random.default_rng(seed)
    return rng.multivariate_normal(fit.params.to_numpy(), fit.cov.to_numpy(), size=draws, method="cholesky")


def _incidence(fit: HazardFit, rows: pd.DataFrame, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(..., T, K)`` spell-averaged cumulative incidence by period and the periods ``(T,)``."""
    for column in ("case_id", "period"):
        if column not in rows.columns:
            raise ModelSpecError(f"person-period rows need a {column!r} column")
    ordered = rows.sort_values(["case_id", "period"], kind="stable")
    periods = np.sort(ordered["period"].unique())
    spells = ordered["case_id"].unique()
    complete = ordered.groupby("case_id")["period"].agg(lambda p: list(p) == list(range(1, len(periods) + 1)))
    if not complete.all():
        bad = complete[~complete].index[0]
        raise ModelSpecError(
            f"case {bad!r}: every spell's person-period rows must run 1, 2, ..., {len(periods)} without gaps "
            "(a covariate path for every period up to the horizon)"
        )
    hazards = fit.hazards_at(params, fit.design(ordered))  # (..., n, K)
    T, K = len(periods), len(fit.exits)
    full = np.zeros((*hazards.shape[:-2], len(spells), T, K))
    spell_index = pd.Index(spells).get_indexer(ordered["case_id"])
    full[..., spell_index, ordered["period"].to_numpy() - 1, :] = hazards
    survival_before = np.cumprod(
        np.concatenate([np.ones_like(full[..., :1, 0]), 1.0 - full.sum(-1)[..., :-1]], -1), -1
    )
    incidence = np.cumsum(survival_before[..., None] * full, axis=-2)
    return incidence.mean(axis=-3), periods


#: floats held at once by the hazard arrays of a batch of draws (~160 MB).
_BATCH_FLOATS = 20_000_000


def _simulated(fit: HazardFit, rows: pd.DataFrame, params: np.ndarray) -> np.ndarray:
    """``(draws, T, K)`` incidence at each parameter draw, in batches that bound the memory."""
    per_draw = max(1, len(rows) * len(fit.exits) * 3)
    size = max(1, _BATCH_FLOATS // per_draw)
    return np.concatenate(
        [_incidence(fit, rows, params[i : i + size])[0] for i in range(0, len(params), size)]
    )


def _tidy(
    periods: np.ndarray, exits: tuple[str, ...], point: np.ndarray, sims: np.ndarray, level: float
) -> pd.DataFrame:
    tail = tail_probability(level)
    lower, upper = np.quantile(sims, [tail / 2.0, 1.0 - tail / 2.0], axis=0)
    T, K = point.shape
    return pd.DataFrame(
        {
            "period": np.repeat(periods, K),
            "exit": np.tile(list(exits), T),
            "estimate": point.ravel(),
            "lower": lower.ravel(),
            "upper": upper.ravel(),
        }
    )


def cumulative_incidence(
    fit: HazardFit,
    rows: pd.DataFrame,
    alpha: float | None = None,
    draws: int = 2000,
    seed: int | np.random.Generator | None = None,
    *,
    level: float | None = None,
) -> pd.DataFrame:
    """Cumulative incidence of each exit by period for the spells in person-period ``rows``.

    Parameters
    ----------
    fit
        A discrete-time fit (:class:`DiscreteHazardModel` or :class:`CompetingHazardModel`).
    rows
        Person-period rows (``case_id``, ``period`` 1, 2, ..., T for every
        spell, and every predictor): the covariate paths to average over. A
        hypothetical official is one spell's rows with the path of interest.
    draws, seed
        Number of normal-approximation draws of the parameters; their random seed.
    level
        Interval probability of ``lower``/``upper`` (default 0.95). ``alpha``
        is deprecated (``level = 1 - alpha``; a ``FutureWarning``).

    Returns
    -------
    pandas.DataFrame
        ``period``, ``exit``, ``estimate`` (probability of that exit by the end
        of the period, averaged over the spells), ``lower``, ``upper``.
    """
    probability = interval_level(level, where="cumulative_incidence", alpha=alpha)
    point, periods = _incidence(fit, rows, fit.params.to_numpy())
    sims = _simulated(fit, rows, _draws(fit, draws, seed))
    return _tidy(periods, fit.exits, point, sims, probability)


def incidence_difference(
    fit: HazardFit,
    rows: pd.DataFrame,
    counterfactual: pd.DataFrame,
    alpha: float | None = None,
    draws: int = 2000,
    seed: int | np.random.Generator | None = None,
    *,
    level: float | None = None,
) -> pd.DataFrame:
    """Counterfactual minus factual cumulative incidence, with paired simulation intervals.

    ``counterfactual`` is ``rows`` with the covariates changed (same spells and
    periods). Returns the columns of :func:`cumulative_incidence`, ``estimate``
    being the difference in probability; intervals at ``level`` (default 0.95;
    ``alpha`` is deprecated, ``level = 1 - alpha``).
    """
    probability = interval_level(level, where="incidence_difference", alpha=alpha)
    if len(counterfactual) != len(rows):
        raise ModelSpecError(f"counterfactual has {len(counterfactual)} rows, the factual rows {len(rows)}")
    params = _draws(fit, draws, seed)
    factual_point, periods = _incidence(fit, rows, fit.params.to_numpy())
    other_point, _ = _incidence(fit, counterfactual, fit.params.to_numpy())
    factual = _simulated(fit, rows, params)
    other = _simulated(fit, counterfactual, params)
    return _tidy(periods, fit.exits, other_point - factual_point, other - factual, probability)
