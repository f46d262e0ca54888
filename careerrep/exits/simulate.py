"""Simulated tenure spells with time-varying coverage, for power and recovery studies.

Data-generating process (:class:`SpellScenario`), per official:

* daily coverage from ``window_days + lag_days`` days before the spell starts
  to the end of follow-up: mentions ``~ Poisson(mu_i * spike)`` (a spike
  multiplies the day's rate with probability ``spike_probability``),
  negative mentions ``~ Binomial(mentions, p_i)``, social ones
  ``~ Binomial(mentions, s_i)``, with ``log mu_i``, ``p_i`` and ``s_i``
  drawn per official;
* the covariate ``x_t = log1p(negative mentions on days t - lag - window ..
  t - lag - 1)`` (exactly :class:`~careerrep.exits.Window` with that window
  and lag, through ``np.log1p``);
* cause-specific hazards ``lambda_j(t) = base_j exp(beta_j x_t)``, constant
  within a day: the official leaves on day ``t`` with probability
  ``1 - exp(-sum_j lambda_j(t))``, by exit ``j`` with probability
  ``lambda_j / sum_k lambda_k``; still in post after ``follow_up_days``
  days: censored.

So ``beta_j`` is the log cause-specific hazard ratio per unit of ``x``, which
a cause-specific Cox model on daily (start, stop] rows, or a cloglog
discrete-time model, estimates. :func:`spell_study` runs replicates on the
execution machinery of :mod:`careerrep.simulate` (this process, a local
process pool or a Dask client) and summarises them with its
recovery/coverage/power tables.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import CareerRepError
from careerrep.errors import SpellScenarioError as SpellScenarioError  # its home is errors.py
from careerrep.exits.cox import CoxModel
from careerrep.exits.discrete import DiscreteHazardModel
from careerrep.exits.person_period import Window, person_periods
from careerrep.exits.spells import ExitScale, SpellTable

__all__ = ["SpellScenario", "draw_spells", "mentions_from_coverage"]

_ORIGIN = pd.Timestamp("2020-01-01")


@dataclass(frozen=True)
class SpellScenario:
    """How simulated spells and their coverage arise (see the module docstring).

    Parameters
    ----------
    daily_hazard
        Baseline daily hazard of each exit type at ``x = 0``.
    effects
        True log hazard ratio ``beta_j`` of each exit type per unit of ``x``.
    follow_up_days
        Administrative censoring after this many days in post.
    window_days, lag_days
        The coverage window behind ``x`` and its lag (days).
    log_mentions_mean, log_mentions_sd
        Distribution of ``log mu_i`` (mean daily mentions of official ``i``).
    negative_share, social_share
        Beta distribution parameters ``(a, b)`` of ``p_i`` and ``s_i``.
    spike_probability, spike_multiplier
        Chance that a day is a spike and how much it multiplies the rate.
    """

    daily_hazard: Mapping[str, float] = field(default_factory=lambda: {"fired": 0.001, "resigned": 0.0015})
    effects: Mapping[str, float] = field(default_factory=lambda: {"fired": 0.4, "resigned": 0.15})
    follow_up_days: int = 540
    window_days: int = 28
    lag_days: int = 0
    log_mentions_mean: float = 0.5
    log_mentions_sd: float = 0.8
    negative_share: tuple[float, float] = (2.0, 3.0)
    social_share: tuple[float, float] = (3.0, 3.0)
    spike_probability: float = 0.01
    spike_multiplier: float = 8.0

    def __post_init__(self) -> None:
        if set(self.daily_hazard) != set(self.effects) or not self.effects:
            raise SpellScenarioError(
                f"daily_hazard {sorted(self.daily_hazard)} and effects {sorted(self.effects)} "
                "must name the same exits"
            )
        bad = {k: v for k, v in self.daily_hazard.items() if not 0 < v < 1}
        if bad:
            raise SpellScenarioError(f"daily hazards must be in (0, 1): {bad}")
        for name in ("follow_up_days", "window_days"):
            if int(getattr(self, name)) < 1:
                raise SpellScenarioError(
                    f"{name} must be a positive number of days, got {getattr(self, name)}"
                )
        if self.lag_days < 0:
            raise SpellScenarioError(f"lag_days must be >= 0, got {self.lag_days}")
        object.__setattr__(self, "daily_hazard", dict(self.daily_hazard))
        object.__setattr__(self, "effects", dict(self.effects))

    @property
    def exits(self) -> tuple[str, ...]:
        """Exit types, in the scenario's order."""
        return tuple(self.effects)

    @property
    def covariate(self) -> Window:
        """The person-period covariate whose ``np.log1p`` the hazards use."""
        return Window("negative", days=self.window_days, lag=self.lag_days)


def draw_spells(
    scenario: SpellScenario, n_officials: int, seed: int | np.random.Generator | np.random.SeedSequence
) -> tuple[SpellTable, pd.DataFrame]:
    """Draw one spell per official and its daily coverage.

    Returns
    -------
    (SpellTable, pandas.DataFrame)
        The spells (exits on ``ExitScale(scenario.exits)``; column
        ``true_x_mean`` is the official's mean ``x``) and the coverage rows
        (``case_id``, ``date``, ``mentions``, ``mass_media``, ``social``,
        ``negative``, ``neutral``, ``positive``; days before the exit only,
        days without mentions left out).
    """
    if n_officials < 1:
        raise SpellScenarioError(f"n_officials must be >= 1, got {n_officials}")
    rng = np.random.default_rng(seed)
    s = scenario
    reach = s.window_days + s.lag_days
    days = s.follow_up_days + reach
    rate = np.exp(rng.normal(s.log_mentions_mean, s.log_mentions_sd, n_officials))[:, None]
    spikes = np.where(rng.random((n_officials, days)) < s.spike_probability, s.spike_multiplier, 1.0)
    mentions = rng.poisson(rate * spikes)
    negative = rng.binomial(mentions, rng.beta(*s.negative_share, n_officials)[:, None])
    social = rng.binomial(mentions, rng.beta(*s.social_share, n_officials)[:, None])
    cumulative = np.concatenate([np.zeros((n_officials, 1)), np.cumsum(negative, axis=1)], axis=1)
    t = np.arange(s.follow_up_days)
    window_end = reach + t - s.lag_days  # grid index, exclusive: days before t - lag
    x = np.log1p(cumulative[:, window_end] - cumulative[:, window_end - s.window_days])
    base = np.array([s.daily_hazard[e] for e in s.exits])
    beta = np.array([s.effects[e] for e in s.exits])
    hazards = base[None, None, :] * np.exp(x[:, :, None] * beta[None, None, :])  # (n, T, K)
    total = hazards.sum(axis=2)
    leaves = rng.random(total.shape) < -np.expm1(-total)
    exited = leaves.any(axis=1)
    exit_day = np.where(exited, leaves.argmax(axis=1), s.follow_up_days - 1)
    on_day = hazards[np.arange(n_officials), exit_day]
    cause = (rng.random(n_officials)[:, None] > np.cumsum(on_day / on_day.sum(1, keepdims=True), 1)).sum(1)
    labels = np.where(exited, np.array(s.exits)[np.minimum(cause, len(s.exits) - 1)], "censored")
    starts = _ORIGIN + pd.to_timedelta(rng.integers(0, 365, n_officials), unit="D")
    case_ids = np.array([f"S{i + 1:05d}" for i in range(n_officials)])
    spells = SpellTable.from_frame(
        pd.DataFrame(
            {
                "case_id": case_ids,
                "official": case_ids,
                "start": starts,
                "end": starts + pd.to_timedelta(exit_day + 1, unit="D"),
                "exit": labels,
                "true_x_mean": [x[i, : exit_day[i] + 1].mean() for i in range(n_officials)],
            }
        ),
        ExitScale(s.exits),
    )
    # coverage rows: days with mentions, before the exit day
    official, grid_day = np.nonzero(mentions)
    day = grid_day - reach
    keep = day <= exit_day[official]
    official, grid_day, day = official[keep], grid_day[keep], day[keep]
    n, neg, soc = mentions[official, grid_day], negative[official, grid_day], social[official, grid_day]
    positive = rng.binomial(n - neg, 0.5)
    coverage = pd.DataFrame(
        {
            "case_id": case_ids[official],
            "date": starts[official] + pd.to_timedelta(day, unit="D"),
            "mentions": n,
            "mass_media": n - soc,
            "social": soc,
            "negative": neg,
            "neutral": n - neg - positive,
            "positive": positive,
        }
    )
    # the exit day's coverage is dated on the day the spell ends: not before the exit, dropped
    end = spells.frame.set_index("case_id")["end"]
    coverage = coverage[coverage["date"] < end[coverage["case_id"]].to_numpy()]
    return spells, coverage.reset_index(drop=True)


def mentions_from_coverage(coverage: pd.DataFrame, seed: int | np.random.Generator = 0) -> pd.DataFrame:
    """One row per mention (``official``, ``date``, ``source_type``, ``sentiment``), shuffled.

    The mention-level export whose :func:`careerrep.ingest.coverage.dated_coverage`
    gives ``coverage`` back (``official`` = the coverage's ``case_id``). Every
    mention's sentiment is coded (negative + neutral + positive = mentions).
    """
    order = coverage.sort_values(["case_id", "date"], kind="stable")
    counts = order["mentions"].to_numpy()
    tones = order[["negative", "neutral", "positive"]].to_numpy()
    if not (tones.sum(axis=1) == counts).all():
        raise SpellScenarioError("every mention needs a coded sentiment to be written out")
    labels = np.repeat(np.tile(np.array(["negative", "neutral", "positive"]), len(order)), tones.ravel())
    first = np.repeat(np.cumsum(counts) - counts, counts)
    position = np.arange(int(counts.sum())) - first  # 0.. within each official-day
    social = np.repeat(order["social"].to_numpy(), counts)
    mentions = pd.DataFrame(
        {
            "official": np.repeat(order["case_id"].to_numpy(), counts),
            "date": np.repeat(order["date"].dt.strftime("%Y-%m-%d").to_numpy(), counts),
            "source_type": np.where(position < social, "social", "mass media"),
            "sentiment": labels,
        }
    )
    rng = np.random.default_rng(seed)
    return mentions.iloc[rng.permutation(len(mentions))].reset_index(drop=True)


def fit_replicate(
    scenario: SpellScenario, n_officials: int, estimator: str, seed: np.random.SeedSequence, level: float
) -> list[dict[str, Any]]:
    """Draw one replicate and fit each exit's log hazard ratio (intervals at ``level``), a row per exit."""
    spells, coverage = draw_spells(scenario, n_officials, seed)
    rows = person_periods(spells, period_days=1, coverage=coverage, covariates=[scenario.covariate])
    term = f"np.log1p({scenario.covariate.name})"
    out = []
    for exit_type in scenario.exits:
        data = rows.assign(cause=(rows["exit_type"] == exit_type).astype(int))
        record: dict[str, Any] = {
            "parameter": f"{exit_type}:{term}",
            "true_value": scenario.effects[exit_type],
        }
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if estimator == "cox":
                    fit: Any = CoxModel(f"cause ~ {term}", data, start="start", stop="stop").fit()
                else:
                    fit = DiscreteHazardModel(f"cause ~ {term}", data, link="cloglog").fit()
                ci = fit.conf_int(level=level)
                record |= {
                    "estimate": float(fit.params[term]),
                    "se": float(fit.bse[term]),
                    "lower": float(ci.loc[term, "lower"]),
                    "upper": float(ci.loc[term, "upper"]),
                    "converged": bool(fit.converged),
                    "error": "",
                }
            except (CareerRepError, np.linalg.LinAlgError) as error:
                nan = float("nan")
                record |= {"estimate": nan, "se": nan, "lower": nan, "upper": nan, "converged": False}
                record["error"] = f"{type(error).__name__}: {error}"
        record["warnings"] = "; ".join(str(w.message) for w in caught)
        out.append(record)
    return out
