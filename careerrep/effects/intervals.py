"""Uncertainty of an effect: delta method for MLE fits, draws for posteriors.

An effect is a smooth function ``g`` of the parameters (an average marginal
effect, a difference of average probabilities, a coefficient). The same
``g`` (written for a batch of parameter vectors, see
:mod:`careerrep.effects.kernels`) is summarised in one of two ways:

* **MLE**: estimate ``g(theta_hat)``; standard error by the delta method,
  ``sqrt(diag(J Sigma J'))``, with the Jacobian ``J`` from a five-point
  central-difference stencil (truncation error of order ``h^4``; the step is
  ``h_j = 0.005 * SE(theta_j)``, the scale on which the data pin the
  parameter down); Wald interval ``estimate -/+ z * SE`` and two-sided p-value.
* **Posterior**: ``g`` on every draw; the estimate is the posterior mean, the
  interval a highest-density interval (HDI, the narrowest interval holding
  ``level`` of the draws, computed as ArviZ does) or an equal-tailed interval
  (ETI, the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles); plus the
  probability of direction and the probability of lying outside a region of
  practical equivalence (ROPE). The standard error column is NaN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats

from careerrep.effects.posterior import probability_beyond_rope, probability_of_direction
from careerrep.effects.source import EffectSource
from careerrep.errors import ModelSpecError

# Five-point central-difference weights for f'(0): (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) / 12h.
_STENCIL_OFFSETS = np.array([-2.0, -1.0, 1.0, 2.0])
_STENCIL_WEIGHTS = np.array([1.0, -8.0, 8.0, -1.0]) / 12.0
_RELATIVE_STEP = 0.005

BatchFunction = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Summary:
    """Summaries of ``q`` effects (arrays of length ``q``) and the interval label."""

    estimate: np.ndarray
    std_error: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    p_value: np.ndarray
    p_direction: np.ndarray
    p_beyond_rope: np.ndarray
    interval: str
    draws: np.ndarray | None = None


def check_level(level: float) -> None:
    """Raise ``ModelSpecError`` unless ``0 < level < 1``."""
    if not 0.0 < level < 1.0:
        raise ModelSpecError(f"level must be in (0, 1), e.g. 0.95; got {level!r}")


def interval_label(kind: str, level: float) -> str:
    """``"Wald 95%"``, ``"HDI 95%"``, ``"ETI 90%"``, ``"profile 95%"``."""
    return f"{kind} {100 * level:g}%"


def hdi(draws: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Highest-density interval of each column of ``(S, q)`` draws.

    The narrowest window of ``floor(level * S)`` consecutive sorted draws (the
    rule of ``arviz.hdi`` for unimodal posteriors).

    Returns
    -------
    (lower, upper)
        Arrays of length ``q``.
    """
    check_level(level)
    ordered = np.sort(np.asarray(draws, dtype=np.float64), axis=0)
    n = ordered.shape[0]
    inside = int(np.floor(level * n))
    if inside < 1 or inside >= n:
        raise ModelSpecError(f"{n} draws are too few for a {100 * level:g}% HDI")
    widths = ordered[inside:] - ordered[: n - inside]
    start = np.argmin(widths, axis=0)
    columns = np.arange(ordered.shape[1])
    return ordered[start, columns], ordered[start + inside, columns]


def equal_tailed(draws: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Equal-tailed interval (the two tail quantiles) of each column of ``(S, q)`` draws."""
    check_level(level)
    low, high = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return low, high


def jacobian(function: BatchFunction, point: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """``(q, m)`` Jacobian of ``function`` at ``point`` by the five-point stencil.

    ``function`` maps ``(S, m)`` parameter vectors to ``(S, q)`` values; all
    ``4 m`` perturbed vectors are evaluated in one call.
    """
    m = len(point)
    offsets = steps[None, :, None] * _STENCIL_OFFSETS[:, None, None] * np.eye(m)[None, :, :]
    batch = (point[None, None, :] + offsets).reshape(4 * m, m)
    values = np.asarray(function(batch)).reshape(4, m, -1)
    derivative = np.einsum("o,ojq->jq", _STENCIL_WEIGHTS, values) / steps[:, None]
    return derivative.T


def delta_steps(source: EffectSource) -> np.ndarray:
    """Finite-difference steps per parameter: a fraction of its standard error."""
    if source.cov is None:
        raise ModelSpecError("the delta method needs a covariance matrix")
    se = np.sqrt(np.clip(np.diag(source.cov), 0.0, None))
    fallback = 1e-4 * np.maximum(1.0, np.abs(source.estimate))
    return np.where(np.isfinite(se) & (se > 0), _RELATIVE_STEP * se, fallback)


def summarize(
    source: EffectSource,
    function: BatchFunction,
    *,
    level: float = 0.95,
    interval: str = "hdi",
    rope: tuple[float, float] | None = None,
    null: float = 0.0,
) -> Summary:
    """Estimate, uncertainty and interval of the effects ``function(params)``.

    Parameters
    ----------
    source
        The result's :class:`EffectSource`.
    function
        Maps ``(S, m)`` parameter vectors to ``(S, q)`` effects.
    level
        Interval probability (0.95 by default).
    interval
        Posteriors only: ``"hdi"`` (default) or ``"eti"``. MLE intervals are Wald.
    rope
        Posteriors only: ``(low, high)`` region of practical equivalence on the
        effect's scale; ``p_beyond_rope`` is the posterior probability outside it.
    null
        The no-effect value for the p-value and the probability of direction.
    """
    check_level(level)
    if source.is_posterior:
        if source.draws is None:
            raise ModelSpecError("posterior source without draws")
        values = np.asarray(function(source.draws))
        if interval == "hdi":
            lower, upper = hdi(values, level)
        elif interval == "eti":
            lower, upper = equal_tailed(values, level)
        else:
            raise ModelSpecError(f"posterior interval must be 'hdi' or 'eti', got {interval!r}")
        q = values.shape[1]
        return Summary(
            estimate=values.mean(axis=0),
            std_error=values.std(axis=0, ddof=1) if values.shape[0] > 1 else np.full(q, np.nan),
            lower=lower,
            upper=upper,
            p_value=np.full(q, np.nan),
            p_direction=probability_of_direction(values, null),
            p_beyond_rope=(probability_beyond_rope(values, rope) if rope is not None else np.full(q, np.nan)),
            interval=interval_label(interval.upper(), level),
            draws=values,
        )
    if source.cov is None:
        raise ModelSpecError("an MLE source needs a covariance matrix")
    estimate = np.asarray(function(source.estimate[None, :]))[0]
    jac = jacobian(function, source.estimate, delta_steps(source))
    variance = np.einsum("qm,mn,qn->q", jac, source.cov, jac)
    se = np.sqrt(np.clip(variance, 0.0, None))
    z = stats.norm.ppf(0.5 + level / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_value = 2.0 * stats.norm.sf(np.abs(estimate - null) / se)
    q = len(estimate)
    return Summary(
        estimate=estimate,
        std_error=se,
        lower=estimate - z * se,
        upper=estimate + z * se,
        p_value=p_value,
        p_direction=np.full(q, np.nan),
        p_beyond_rope=np.full(q, np.nan),
        interval=interval_label("Wald", level),
    )
