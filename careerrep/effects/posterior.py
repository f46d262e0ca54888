"""Posterior statements about an effect, computed from its draws.

* **Probability of direction** (Makowski et al. 2019, ``bayestestR::p_direction``):
  the share of draws on the more probable side of the null value, in
  [0.5, 1]. 0.975 corresponds roughly to a two-sided p-value of 0.05.
* **Probability beyond the ROPE**: the share of draws outside a region of
  practical equivalence ``[low, high]`` the researcher sets in the effect's
  units (e.g. +-0.02 on a probability, 0.9 to 1.1 on an odds ratio): the
  posterior probability that the effect is large enough to matter.
"""

from __future__ import annotations

import numpy as np

from careerrep.errors import ModelSpecError


def probability_of_direction(draws: np.ndarray, null: float = 0.0) -> np.ndarray:
    """Per column of ``(S, q)`` draws: ``max(P(d > null), P(d < null))``.

    Draws exactly at ``null`` count for neither side.
    """
    values = np.asarray(draws, dtype=np.float64)
    above = np.mean(values > null, axis=0)
    below = np.mean(values < null, axis=0)
    return np.maximum(above, below)


def rope_bounds(rope: float | tuple[float, float] | None, null: float = 0.0) -> tuple[float, float] | None:
    """Normalise a ROPE: a half-width ``r`` means ``[null - r, null + r]``.

    Raises
    ------
    ModelSpecError
        If the bounds are not finite and increasing.
    """
    if rope is None:
        return None
    if isinstance(rope, int | float):
        bounds = (null - float(rope), null + float(rope))
    else:
        try:
            low, high = (float(v) for v in rope)
        except (TypeError, ValueError) as error:
            raise ModelSpecError(f"rope must be a half-width or a (low, high) pair, got {rope!r}") from error
        bounds = (low, high)
    if not (np.isfinite(bounds[0]) and np.isfinite(bounds[1]) and bounds[0] < bounds[1]):
        raise ModelSpecError(f"rope = {rope!r} must give finite bounds low < high")
    return bounds


def probability_beyond_rope(draws: np.ndarray, rope: tuple[float, float]) -> np.ndarray:
    """Per column of ``(S, q)`` draws: the share of draws outside ``[low, high]``."""
    values = np.asarray(draws, dtype=np.float64)
    low, high = rope
    return np.mean((values < low) | (values > high), axis=0)
