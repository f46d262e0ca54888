"""The estimators a study can run on each replicate, all returning :class:`Estimates`.

Built in, by name:

* ``"mle"``: the cumulative link model (:class:`~careerrep.models.OrdinalModel`)
  on ``outcome ~ <effect signals>`` with the scenario's link. With a group
  effect it is the mixed model ``outcome ~ <effect signals> + (1|country)``
  by maximum likelihood (:class:`~careerrep.models.MixedOrdinalModel`,
  Laplace), which also reports the group SD ``sd(1|country)`` with its Wald
  interval on the log-SD scale. Without groups, for speed
  (a study fits thousands of times) it calls the model's numpy core
  (``SortedOrdinalData``, ``fit_ordinal``, the model-based covariance)
  directly on the signal columns instead of parsing the formula each time;
  the tests check that it returns the same numbers as ``OrdinalModel.fit()``.
  Konis' separation LP costs more than the fit itself, so it runs only when
  the fit looks unbounded (:func:`looks_unbounded`); when it finds separation
  the same :class:`~careerrep.errors.SeparationWarning` as the model's is raised.
* ``"logit"`` / ``"firth"``: :class:`~careerrep.models.LogitModel` by ML or
  Firth's penalised likelihood (profile intervals, as R ``logistf``), for
  binary scenarios with the logit link.
* ``"bayes"``: ``OrdinalModel(...).sample()`` (``LogitModel`` for binary
  scenarios) with small defaults (2 chains x 500 draws after 500 tuning
  steps: about the least that passes the bulk-ESS > 400 check); the estimate is the
  posterior mean, ``se`` the posterior SD, the interval equal-tailed. With a
  group effect the formula gets ``(1|country)``.

A user callable ``estimator(data, replicate)`` gets the replicate's signals
frame (or its CaseTable with ``records=True``) and a
:class:`~careerrep.simulate.replicate.ReplicateInfo`, and returns an
``MLEResult``-like object (``params``, ``bse``, ``conf_int(level=...)`` or statsmodels' ``conf_int(alpha)``,
``converged``), a ``PosteriorResult``, or a DataFrame indexed by parameter with
columns ``estimate``, ``se``, ``lower``, ``upper`` (and optionally a boolean
``converged``).

Which true value a reported parameter is compared with is decided by its role
in the fitted model's :class:`~careerrep.models.family.ParameterLayout`
(:attr:`Estimates.layout`, see :meth:`Scenario.true_values`), never by the
family's name.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from careerrep._warn import warn as warn_user
from careerrep.errors import MissingDataWarning, ModelSpecError
from careerrep.models.family import Family, ParameterLayout
from careerrep.models.result import tail_probability
from careerrep.simulate.components import ScenarioError
from careerrep.simulate.scenario import Scenario

BUILT_IN = ("mle", "logit", "firth", "bayes")

# A fitted coefficient whose standardised size (|beta| * SD of its signal) or
# standardised SE passes this is far outside anything a real effect gives
# (odds ratios of e^15 per SD): the MLE is running off to infinity.
UNBOUNDED_STANDARDISED = 15.0


@dataclass(frozen=True)
class Estimates:
    """What a replicate's fit reports, one entry per parameter.

    Attributes
    ----------
    parameters
        Parameter names as the model reports them.
    estimate, se, lower, upper
        Arrays aligned with ``parameters`` (interval at probability ``level``).
    converged
        Whether the fit says it converged (MCMC: passed its diagnostics).
    layout
        The fitted model's parameter layout (names with roles), which says
        which true value each parameter has; None when the estimator gave
        bare names (a DataFrame), which are then matched to the scenario's
        own parameter names.
    """

    parameters: tuple[str, ...]
    estimate: np.ndarray
    se: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    converged: bool
    layout: ParameterLayout | None = None


def result_layout(result: Any) -> ParameterLayout | None:
    """The parameter layout of a fitted result, or None if it does not say.

    A posterior result's ``parameters``, a mixed result's ``layout``, or the
    ``family.layout`` of the model an ``MLEResult`` was fitted from.
    """
    for name in ("parameters", "layout"):
        layout = getattr(result, name, None)
        if isinstance(layout, ParameterLayout):
            return layout
    family = getattr(getattr(result, "model", None), "family", None)
    return family.layout if isinstance(family, Family) else None


def reported_layout(estimator: str | Callable[..., Any], scenario: Scenario) -> ParameterLayout:
    """The parameters a built-in estimator reports for ``scenario`` (before fitting anything).

    Used for the rows of a failed replicate. A user callable is taken to fit
    the correctly specified fixed-effects model (cumulative link).
    """
    logit = scenario.logit_family()
    if estimator in ("logit", "firth") and logit is not None:
        return logit.layout
    if estimator == "mle" or (estimator == "bayes" and logit is None):
        return scenario.model_layout()
    if estimator == "bayes" and logit is not None:
        extra = scenario.group_parameter()
        return logit.layout if extra is None else logit.layout.extended([extra])
    return scenario.cumulative_family().layout


def complete_rows(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows with every predictor and the outcome present, warning if any were dropped."""
    keep = np.isfinite(X).all(axis=1) & (y >= 0)
    if not keep.all():
        warn_user(
            f"dropped {int((~keep).sum())} of {len(y)} rows with missing values",
            MissingDataWarning,
        )
    return np.ascontiguousarray(X[keep]), y[keep]


def ordinal_arrays(frame: pd.DataFrame, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Predictors (the effect signals) and outcome codes (-1 = missing) of a signals frame."""
    X = frame[list(scenario.signals)].to_numpy(dtype=np.float64)
    y = np.asarray(frame["outcome"].cat.codes, dtype=np.int64)
    return X, y


def looks_unbounded(beta: np.ndarray, se: np.ndarray, X: np.ndarray) -> bool:
    """True when some fitted coefficient or its SE is absurdly large on the standardised scale."""
    spread = X.std(axis=0)
    return bool(
        np.any(~np.isfinite(beta))
        or np.any(~np.isfinite(se))
        or np.any(np.abs(beta) * spread > UNBOUNDED_STANDARDISED)
        or np.any(se * spread > UNBOUNDED_STANDARDISED)
    )


def fit_mle(
    X: np.ndarray, y: np.ndarray, scenario: Scenario, level: float, options: Mapping[str, Any]
) -> Estimates:
    """Ordinal MLE through the model's numpy core (see the module docstring).

    ``X`` holds the effect signals in ``scenario.signals`` order, ``y`` the
    outcome codes (-1 for a missing outcome); incomplete rows are dropped
    with a :class:`~careerrep.errors.MissingDataWarning`, as the model does.
    """
    from careerrep.models import covariance
    from careerrep.models.links import get_link
    from careerrep.models.ordinal import fit_ordinal
    from careerrep.models.ordinal_likelihood import SortedOrdinalData
    from careerrep.models.separation import check_ordinal_separation, warn_if_separated

    X, y = complete_rows(X, y)
    labels = scenario.scale.labels
    counts = np.bincount(y, minlength=len(labels))
    if (counts == 0).any():
        empty = [label for label, c in zip(labels, counts, strict=True) if c == 0]
        raise ModelSpecError(f"outcome levels {empty} have no observations in this replicate")
    weights = np.ones(len(y))
    data = SortedOrdinalData(X, y, weights, len(labels))
    outcome = fit_ordinal(data, get_link(scenario.link), max_iter=int(options.get("max_iter", 100)))
    p = X.shape[1]
    cov = covariance.model_based(outcome.hessian, allow_singular=True)
    se = np.sqrt(np.diag(cov))
    if looks_unbounded(outcome.x[:p], se[:p], X):
        warn_if_separated(check_ordinal_separation(X, y, weights, len(labels)), scenario.signals)
    z = float(special.ndtri(1.0 - tail_probability(level) / 2.0))
    layout = scenario.cumulative_family().layout
    return Estimates(
        parameters=layout.names,
        estimate=outcome.x,
        se=se,
        lower=outcome.x - z * se,
        upper=outcome.x + z * se,
        converged=bool(outcome.converged),
        layout=layout,
    )


def fit_mixed_mle(
    frame: pd.DataFrame, scenario: Scenario, level: float, options: Mapping[str, Any]
) -> Estimates:
    """The mixed cumulative link model ``outcome ~ <signals> + (1|country)`` by ML (Laplace).

    Fixed effects get Wald intervals; the SD ``sd(1|country)`` gets the mixed
    result's own Wald interval (on the log-SD scale, mapped back). Options:
    ``n_agq`` (quadrature nodes, default 1 = Laplace) and ``max_iter``.
    """
    from careerrep.models import MixedOrdinalModel

    model = MixedOrdinalModel(
        scenario.formula(groups=True), frame, link=scenario.link, levels=list(scenario.scale.labels)
    )
    fit_options = {key: int(value) for key, value in options.items() if key in ("n_agq", "max_iter")}
    return estimates_from_result(model.fit(lr_tests=False, **fit_options), level)


def fit_logit(
    frame: pd.DataFrame, scenario: Scenario, level: float, options: Mapping[str, Any], method: str
) -> Estimates:
    """``LogitModel(formula, frame).fit(method=...)`` (``"mle"`` or ``"firth"``)."""
    from careerrep.models import LogitModel

    model = LogitModel(scenario.formula(), frame, levels=list(scenario.scale.labels))
    fit_options = {key: value for key, value in options.items() if key in ("ci", "max_iter")}
    result = model.fit(method=method, **fit_options)
    return estimates_from_result(result, level)


def fit_bayes(
    frame: pd.DataFrame, scenario: Scenario, level: float, options: Mapping[str, Any], seed: int
) -> Estimates:
    """Posterior mean, SD and equal-tailed interval from ``.sample()`` with small defaults."""
    from careerrep.models import LogitModel, OrdinalModel

    formula = scenario.formula(groups=True)
    levels = list(scenario.scale.labels)
    if scenario.logit_family() is not None:
        model: Any = LogitModel(formula, frame, levels=levels)
    else:
        model = OrdinalModel(formula, frame, link=scenario.link, levels=levels)
    settings = {"draws": 500, "chains": 2, "tune": 500, "cores": 1, **options}
    pymc_log = logging.getLogger("pymc")
    log_level = pymc_log.level
    pymc_log.setLevel(logging.WARNING)  # no "Initializing NUTS ..." lines for every replicate
    try:
        result = model.sample(seed=seed, **settings)
    finally:
        pymc_log.setLevel(log_level)
    return estimates_from_result(result, level)


def _posterior_estimates(result: Any, level: float) -> Estimates:
    draws = result.param_draws()
    tail = tail_probability(level)
    quantiles = draws.quantile([tail / 2.0, 1.0 - tail / 2.0])
    problems = getattr(getattr(result, "diagnostics", None), "problems", ())
    return Estimates(
        parameters=tuple(str(c) for c in draws.columns),
        estimate=draws.mean(axis=0).to_numpy(dtype=np.float64),
        se=draws.std(axis=0, ddof=1).to_numpy(dtype=np.float64),
        lower=quantiles.iloc[0].to_numpy(dtype=np.float64),
        upper=quantiles.iloc[1].to_numpy(dtype=np.float64),
        converged=not problems,
        layout=result_layout(result),
    )


def estimates_from_result(result: Any, level: float) -> Estimates:
    """Turn an estimator's return value into :class:`Estimates`.

    Accepts a ``PosteriorResult`` (anything with ``param_draws()``), an
    ``MLEResult``-like object (``params``, ``bse``, ``conf_int``, ``converged``;
    a ``MixedResult`` too) or a DataFrame with columns ``estimate``, ``se``,
    ``lower``, ``upper``. The layout comes from the result (:func:`result_layout`).
    ``level`` is the interval probability asked of a result's ``conf_int``/draws.
    """
    if isinstance(result, Estimates):
        return result
    if isinstance(result, pd.DataFrame):
        missing = [c for c in ("estimate", "se", "lower", "upper") if c not in result.columns]
        if missing:
            raise ModelSpecError(f"the estimator's DataFrame lacks columns {missing}")
        converged = bool(result["converged"].all()) if "converged" in result.columns else True
        return Estimates(
            parameters=tuple(str(i) for i in result.index),
            estimate=result["estimate"].to_numpy(dtype=np.float64),
            se=result["se"].to_numpy(dtype=np.float64),
            lower=result["lower"].to_numpy(dtype=np.float64),
            upper=result["upper"].to_numpy(dtype=np.float64),
            converged=converged,
        )
    if callable(getattr(result, "param_draws", None)):
        return _posterior_estimates(result, level)
    if all(hasattr(result, name) for name in ("params", "bse", "conf_int")):
        # careerrep results take level= (alpha= is deprecated there); other MLE-like results alpha.
        takes_level = "level" in inspect.signature(result.conf_int).parameters
        interval = result.conf_int(level=level) if takes_level else result.conf_int(tail_probability(level))
        return Estimates(
            parameters=tuple(str(i) for i in result.params.index),
            estimate=np.asarray(result.params, dtype=np.float64),
            se=np.asarray(result.bse, dtype=np.float64),
            lower=np.asarray(interval["lower"], dtype=np.float64),
            upper=np.asarray(interval["upper"], dtype=np.float64),
            converged=bool(getattr(result, "converged", True)),
            layout=result_layout(result),
        )
    raise ModelSpecError(
        f"the estimator returned a {type(result).__name__}; expected an MLEResult-like object, "
        f"a PosteriorResult or a DataFrame with estimate, se, lower, upper"
    )


def check_estimator(estimator: str | Callable[..., Any], scenario: Scenario) -> None:
    """Refuse an estimator name the scenario cannot use, before any replicate runs."""
    if callable(estimator):
        return
    if estimator not in BUILT_IN:
        raise ScenarioError(f"estimator = {estimator!r} is not one of {BUILT_IN} or a callable")
    if estimator in ("logit", "firth"):
        if not scenario.is_binary:
            raise ScenarioError(
                f"estimator {estimator!r} needs a binary scenario (a two-label scale); "
                f"this one has {len(scenario.scale)} labels ({scenario.scale}). Use 'mle'."
            )
        if scenario.logit_family() is None:
            raise ScenarioError(
                f"estimator {estimator!r} fits a logit, but the scenario's link is {scenario.link!r}: "
                f"its true effects would be on another scale. Use 'mle' (same link) instead."
            )


def estimator_label(estimator: str | Callable[..., Any]) -> str:
    """A stable name for an estimator (its string, or ``module.qualname`` of a callable)."""
    if isinstance(estimator, str):
        return estimator
    module = getattr(estimator, "__module__", None) or "?"
    name = getattr(estimator, "__qualname__", None) or type(estimator).__qualname__
    return f"{module}.{name}"
