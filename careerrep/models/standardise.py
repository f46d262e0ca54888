"""Fit on centred, scaled location columns when a column's mean dwarfs its spread; map back exactly.

Why: for a column ``x = m + s u`` with ``|m| >> s`` the Hessian ``X'WX`` formed
in float64 holds ``sum(w x^2) ~ n m^2``, and the variance part ``n s^2`` falls
below its rounding once ``(s / m)^2 < 2^-52``. Newton then never sees the
curvature along the slope (issue 18: a logit slope of 1.04e-2 instead of 0.72
with ``x + 1e9``), and no preconditioning of the formed Hessian can recover
what rounding threw away. R's ``glm`` survives through a QR of the design; we
instead fit on ``u = (x - m) / s`` and map the parameters back.

The map is linear, ``params = T params_tilde``: the slope of a centred column is
``beta = beta_tilde / s``, and each parameter that absorbs a shift of the column
(the family says which, with which sign: :meth:`Family.shift_absorbers`) moves
by ``sign * m * beta_tilde / s``. So the estimate maps as ``T theta``, the
covariance (model-based and sandwich alike: the scores map with ``T^-T``) as
``T V T'``, and the log-likelihood is unchanged.

When: only for columns with ``|mean| > 1e3 sd`` (:data:`MEAN_TO_SD_LIMIT`).
Below that every fit is exactly today's (the R fixtures stay bit-stable, the
sorted-block fast paths see the same arrays). At a ratio ``r`` the cancellation
in the slope's Schur complement ``sum(w x^2) - (sum(w x))^2 / sum(w)`` costs
``log10(r^2)`` digits of float64's ~16: at ``r = 1e3`` ten digits remain, far
more than Newton's tolerances (and the 1e-6 agreement with peers) need; past
``r ~ 1e5`` less than six remain and the fit visibly degrades.

Profile intervals: a profile is invariant under a reparametrisation, but the
absorbers (an intercept or threshold at ``x = 0``, which lies ``|m| / s`` spreads
outside the data) are linear *combinations* of the fitted parameters, which the
profile code does not profile; :class:`CentredProfileIntervals` refuses them
with a ``ModelSpecError`` that says to centre the column, rather than return
numbers it cannot vouch for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.family import Family

#: Centre a column when ``|weighted mean| > MEAN_TO_SD_LIMIT * weighted sd`` (see module docstring).
MEAN_TO_SD_LIMIT = 1e3


@dataclass(frozen=True, eq=False)
class LocationStandardisation:
    """Which design columns the fit centres and scales, and the parameter map back.

    Attributes
    ----------
    columns
        Names of the centred design columns.
    positions
        Their indices in the design matrix.
    means, scales
        The (frequency-weighted) mean and standard deviation of each, in data units.
    transform
        ``T``, ``(m, m)``: reported parameters ``= T @`` parameters of the centred fit.
    absorbers
        Names of the parameters that took a shift (intercepts, thresholds).
    """

    columns: tuple[str, ...]
    positions: np.ndarray
    means: np.ndarray
    scales: np.ndarray
    transform: np.ndarray
    absorbers: tuple[str, ...]

    def design(self, X: np.ndarray) -> np.ndarray:
        """The design with the chosen columns replaced by ``(x - mean) / sd``."""
        out = np.array(X, dtype=np.float64, copy=True)
        out[:, self.positions] = (out[:, self.positions] - self.means) / self.scales
        return out

    def params(self, centred: np.ndarray) -> np.ndarray:
        """Reported parameters from those of the centred fit (``T theta``)."""
        return self.transform @ np.asarray(centred, dtype=np.float64)

    def covariance(self, centred: np.ndarray) -> np.ndarray:
        """Reported covariance from that of the centred fit (``T V T'``)."""
        T = self.transform
        return T @ np.asarray(centred, dtype=np.float64) @ T.T

    def wald_note(self) -> str:
        """Summary line for a fit whose default profile intervals gave way to Wald ones."""
        return (
            f"Wald intervals: column(s) {list(self.columns)} were centred for the fit (mean over "
            f"{MEAN_TO_SD_LIMIT:g} sd from zero), so {list(self.absorbers)} cannot be profiled; "
            f"centre the column(s) in the data for profile intervals."
        )

    def moved_with(self, positions: Iterable[int]) -> tuple[int, ...]:
        """Every reported parameter that depends on any of the centred fit's ``positions``.

        (A slope running off to infinity under separation takes its absorbers with it.)
        """
        wanted = sorted(set(positions))
        if not wanted:
            return ()
        rows = np.flatnonzero(np.any(self.transform[:, wanted] != 0.0, axis=1))
        return tuple(int(i) for i in rows)


def plan_standardisation(
    family: Family, X: np.ndarray, weights: np.ndarray
) -> LocationStandardisation | None:
    """The columns of ``X`` to centre for ``family``'s fit, or None (fit the design as it is).

    A column is centred when ``|mean| > MEAN_TO_SD_LIMIT * sd`` (frequency
    weights ``weights``), its sd is positive, and every parameter that
    multiplies it has absorbers (:meth:`Family.shift_absorbers`); otherwise it
    keeps today's raw fit.
    """
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0 or w.sum() <= 0:
        return None
    layout = family.layout
    m = len(layout)
    transform = np.eye(m)
    chosen: list[tuple[str, int, float, float]] = []
    absorbers: dict[str, None] = {}
    total = float(w.sum())
    # One pass per moment screens every column (the n = 1e6 ordinal fit must not
    # slow down). E[x^2] - E[x]^2 loses ~log10(mean^2 / var) digits, so near the limit
    # (var / mean^2 = 1e-6) it still has ~10: enough to decide. Columns that pass the
    # screen get the accurate two-pass mean and sd below.
    first = (w @ X) / total
    second = np.einsum("i,ij,ij->j", w, X, X) / total  # no (n, p) temporary
    with np.errstate(invalid="ignore"):
        screened = np.flatnonzero(second - first**2 < (first / MEAN_TO_SD_LIMIT) ** 2 * 4.0)
    for j in screened:
        name = family.columns[j]
        column = X[:, j]
        mean = float(np.average(column, weights=w))
        sd = float(np.sqrt(np.average((column - mean) ** 2, weights=w)))
        if not (sd > 0.0 and abs(mean) > MEAN_TO_SD_LIMIT * sd):
            continue
        uses = [(i, p) for i, p in enumerate(layout) if p.column == name]
        moves = [family.shift_absorbers(p) for _, p in uses]
        if not uses or any(found is None for found in moves):
            continue  # something multiplies the column that no parameter can absorb a shift of
        for (i, _), found in zip(uses, moves, strict=True):
            transform[i, i] = 1.0 / sd
            for position, sign in found or ():
                transform[position, i] += sign * mean / sd
                absorbers.setdefault(layout.parameters[position].name, None)
        chosen.append((name, int(j), mean, sd))
    if not chosen:
        return None
    return LocationStandardisation(
        columns=tuple(c[0] for c in chosen),
        positions=np.array([c[1] for c in chosen], dtype=np.int64),
        means=np.array([c[2] for c in chosen]),
        scales=np.array([c[3] for c in chosen]),
        transform=transform,
        absorbers=tuple(absorbers),
    )


@dataclass(frozen=True, eq=False)
class CentredProfileIntervals:
    """Profile intervals of a fit made on centred columns: refused, naming the absorbers.

    A profile of an intercept or threshold would be a profile of a linear
    combination of the centred fit's parameters, which is not implemented;
    rather than drop those rows or guess, the call raises.
    """

    standardisation: LocationStandardisation

    def __call__(self, alpha: float) -> pd.DataFrame:
        """Raise ``ModelSpecError``: say which parameters and columns, and what to do."""
        plan = self.standardisation
        columns = ", ".join(
            f"{name!r} (mean {mean:.6g}, sd {sd:.3g})"
            for name, mean, sd in zip(plan.columns, plan.means, plan.scales, strict=True)
        )
        raise ModelSpecError(
            f"profile-likelihood intervals for {list(plan.absorbers)} are not available: the fit "
            f"centred column {columns}, whose mean is over {MEAN_TO_SD_LIMIT:g} sd from zero, so "
            f"these parameters (at {', '.join(repr(c) for c in plan.columns)} = 0, far outside the "
            f"data) cannot be profiled; centre the column in the data (x - mean) and refit, or use "
            f"Wald intervals (method='wald')"
        )
