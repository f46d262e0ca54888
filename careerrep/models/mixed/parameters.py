"""Parameter vectors of a mixed model, on the optimiser's scale and on the reported scale.

Optimiser scale ``x``: coefficients ``beta``, thresholds as ``(theta_1, log
increments)`` (always ordered), then per random term the lower triangle of
its Cholesky factor in lme4's column-major order (``l11`` for a scalar term;
``l11, l21, l22`` for an intercept and a slope), diagonals ``>= 0``.

Reported scale ``z``: ``beta``, cut points, then per term ``log SD`` of each
random column and, for two columns, ``atanh`` of their correlation. Wald
intervals for SDs and correlations are formed on this scale (so they stay in
``(0, inf)`` and ``(-1, 1)``) and mapped back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Layout:
    """Sizes of the parameter blocks.

    Attributes
    ----------
    n_coef
        Fixed coefficients ``p``.
    n_thresholds
        Estimated cut points (``K - 1``; 0 for a binary model, whose cut point is fixed at 0).
    term_sizes
        Random columns ``r`` of each term (1 or 2).
    """

    n_coef: int
    n_thresholds: int
    term_sizes: tuple[int, ...]

    @property
    def n_fixed(self) -> int:
        """Coefficients plus thresholds."""
        return self.n_coef + self.n_thresholds

    @property
    def n_variance(self) -> int:
        """Variance parameters (``r (r + 1) / 2`` per term)."""
        return sum(r * (r + 1) // 2 for r in self.term_sizes)

    @property
    def size(self) -> int:
        """Length of ``x`` and ``z``."""
        return self.n_fixed + self.n_variance

    def variance_slices(self) -> list[slice]:
        """Slice of each term's variance parameters in ``x`` or ``z``."""
        out, start = [], self.n_fixed
        for r in self.term_sizes:
            width = r * (r + 1) // 2
            out.append(slice(start, start + width))
            start += width
        return out

    def diagonal_positions(self) -> list[int]:
        """Positions in ``x`` of the Cholesky diagonals (bounded below by 0)."""
        positions = []
        for r, part in zip(self.term_sizes, self.variance_slices(), strict=True):
            positions.extend([part.start] if r == 1 else [part.start, part.start + 2])
        return positions

    # ------------------------------------------------------------ optimiser x
    def split(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
        """``x -> (beta, cut points, Cholesky factors)``."""
        beta = x[: self.n_coef]
        thresholds = (
            thresholds_from_internal(x[self.n_coef : self.n_fixed]) if self.n_thresholds else np.zeros(1)
        )
        factors = tuple(
            cholesky_from_entries(x[part], r)
            for r, part in zip(self.term_sizes, self.variance_slices(), strict=True)
        )
        return beta, thresholds, factors

    # ------------------------------------------------------------ reported z
    def to_reported(self, x: np.ndarray) -> np.ndarray:
        """Optimiser ``x`` -> reported ``z`` (log SD of a zero SD is ``-inf``)."""
        beta, thresholds, factors = self.split(x)
        parts = [beta, thresholds if self.n_thresholds else np.zeros(0)]
        with np.errstate(divide="ignore"):
            for lam in factors:
                sd, corr = sd_corr(lam)
                parts.append(np.log(sd))
                if len(sd) == 2:
                    parts.append(np.array([np.arctanh(np.clip(corr, -1.0, 1.0))]))
        return np.concatenate(parts)

    def from_reported(self, z: np.ndarray) -> np.ndarray:
        """Reported ``z`` -> optimiser ``x`` (cut points must be increasing)."""
        parts = [z[: self.n_coef]]
        if self.n_thresholds:
            parts.append(internal_from_thresholds(z[self.n_coef : self.n_fixed]))
        for r, part in zip(self.term_sizes, self.variance_slices(), strict=True):
            block = z[part]
            sd = np.exp(block[:r])
            if r == 1:
                parts.append(sd)
            else:
                rho = np.tanh(block[2])
                parts.append(np.array([sd[0], rho * sd[1], sd[1] * np.sqrt(max(1.0 - rho * rho, 0.0))]))
        return np.concatenate(parts)


def cholesky_from_entries(entries: np.ndarray, r: int) -> np.ndarray:
    """Lower-triangular ``r x r`` factor from its column-major lower-triangle entries."""
    lam = np.zeros((r, r))
    if r == 1:
        lam[0, 0] = entries[0]
    else:
        lam[0, 0], lam[1, 0], lam[1, 1] = entries
    return lam


def sd_corr(lam: np.ndarray) -> tuple[np.ndarray, float]:
    """SDs of the random columns and (for two) their correlation, from a Cholesky factor."""
    cov = lam @ lam.T
    sd = np.sqrt(np.diag(cov))
    if len(sd) == 1:
        return sd, float("nan")
    denom = sd[0] * sd[1]
    return sd, float(cov[1, 0] / denom) if denom > 0 else float("nan")


def thresholds_from_internal(alpha: np.ndarray) -> np.ndarray:
    """Cut points from ``(theta_1, log increments)``: always strictly increasing."""
    return alpha[0] + np.concatenate([[0.0], np.cumsum(np.exp(alpha[1:]))])


def internal_from_thresholds(theta: np.ndarray) -> np.ndarray:
    """Inverse of :func:`thresholds_from_internal` (``theta`` strictly increasing)."""
    return np.concatenate([[theta[0]], np.log(np.diff(theta))])
