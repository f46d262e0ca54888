"""``log F``, ``log(1 - F)`` and their first two derivatives, exact in both tails.

The sequential families are sums of ``log F(eta)`` and ``log(1 - F(eta))``
terms, and the outer categories of a cumulative model are one such term each.
Written as ``f / F`` these underflow to ``0 / 0`` far in a tail (cloglog's
``1 - F(17) = exp(-2e7)``); the closed forms below (logistic, inverse Mills
ratio, the cloglog hazard) stay finite everywhere.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import special

from careerrep.models.links import Link

_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_INV_SQRT_2 = float(1.0 / np.sqrt(2.0))


class LogTerms(NamedTuple):
    """``log F``, ``d log F``, ``d2 log F``, ``log S``, ``d log S``, ``d2 log S`` (``S = 1 - F``)."""

    log_f: np.ndarray
    d_f: np.ndarray
    d2_f: np.ndarray
    log_s: np.ndarray
    d_s: np.ndarray
    d2_s: np.ndarray


def log_terms(x: np.ndarray, link: Link) -> LogTerms:
    """The six tail quantities of ``link`` at ``x`` (finite for every finite ``x``)."""
    x = np.asarray(x, dtype=np.float64)
    if link.name == "logit":
        p = special.expit(x)
        q = special.expit(-x)
        curvature = -p * q
        return LogTerms(special.log_expit(x), q, curvature, special.log_expit(-x), -p, curvature)
    if link.name == "probit":
        log_cdf, log_sf = special.log_ndtr(x), special.log_ndtr(-x)
        # phi / Phi = sqrt(2/pi) / erfcx(-x/sqrt 2): exp(log_phi - log_cdf) cancels two numbers
        # near -x^2/2 and overflows for |x| ~ 1e10 (a Newton trial step with scale terms).
        r = _SQRT_2_OVER_PI / special.erfcx(-x * _INV_SQRT_2)  # phi / Phi, d r / dx = -r (x + r)
        m = _SQRT_2_OVER_PI / special.erfcx(x * _INV_SQRT_2)  # phi / (1 - Phi), d m / dx = m (m - x)
        return LogTerms(log_cdf, r, -r * (x + r), log_sf, -m, -m * (m - x))
    # cloglog: F = 1 - exp(-e^x), log S = -e^x, f / F = e^x / expm1(e^x), f' / f = 1 - e^x
    ex = np.exp(np.minimum(x, 700.0))
    with np.errstate(over="ignore"):
        r = np.where(ex > 1e-300, ex / np.expm1(ex), 1.0)  # -> 1 as x -> -inf
    log_f = np.log(-np.expm1(-ex))
    return LogTerms(log_f, r, (1.0 - ex) * r - r * r, -ex, -ex, -ex)
