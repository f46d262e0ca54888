"""Link functions for binary and cumulative link models.

A link is the inverse of a distribution function: a cumulative link model says
``P(Y <= k) = F(theta_k - x'beta)`` and a binary model ``P(Y = 1) = F(x'beta)``.
Fitting with an analytic Hessian needs ``F`` (``cdf``), its density ``f``
(``pdf``) and the density's derivative ``f'`` (``dpdf``); the effects module
needs the same three for delta-method standard errors. All functions are pure
numpy, vectorised and accept ``-inf``/``+inf`` (the open ends of the outer
categories) without producing NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from careerrep.errors import ModelSpecError

_SQRT_2PI = np.sqrt(2.0 * np.pi)


@dataclass(frozen=True)
class Link:
    """A link function given by its distribution: ``cdf``, ``pdf``, ``dpdf``, ``ppf``.

    Attributes
    ----------
    name
        ``"logit"``, ``"probit"`` or ``"cloglog"``.
    r_polr_name
        The name ``MASS::polr(method=...)`` uses (``"logistic"`` for logit).
    """

    name: str
    r_polr_name: str

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """Distribution function ``F(x)`` (a probability in [0, 1])."""
        if self.name == "logit":
            return special.expit(x)
        if self.name == "probit":
            return special.ndtr(x)
        # cloglog: F(x) = 1 - exp(-exp(x)); -expm1 keeps precision for small exp(x).
        return -np.expm1(-np.exp(x))

    def pdf(self, x: np.ndarray) -> np.ndarray:
        """Density ``f(x) = F'(x)``; exactly 0 at +-inf."""
        if self.name == "logit":
            p = special.expit(x)
            return p * (1.0 - p)
        if self.name == "probit":
            return np.exp(-0.5 * x * x) / _SQRT_2PI
        # cloglog: f(x) = exp(x - exp(x)). Written with a cap on x because
        # exp(inf - inf) is NaN; at x = 40 the density is already exp(-2e17) = 0.
        xc = np.minimum(x, 40.0)
        return np.exp(xc - np.exp(xc))

    def dpdf(self, x: np.ndarray) -> np.ndarray:
        """Derivative of the density ``f'(x)``; exactly 0 at +-inf."""
        if self.name == "logit":
            p = special.expit(x)
            return p * (1.0 - p) * (1.0 - 2.0 * p)
        if self.name == "probit":
            xf = np.where(np.isfinite(x), x, 0.0)  # -x * f(x) -> 0 at +-inf, avoid inf * 0
            return -xf * np.exp(-0.5 * xf * xf) / _SQRT_2PI * np.isfinite(x)
        xc = np.minimum(x, 40.0)
        ex = np.exp(xc)
        return np.exp(xc - ex) * (1.0 - ex)

    def cdf_pdf_dpdf(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``F``, ``f`` and ``f'`` together (the logit shares one ``expit`` for all three)."""
        if self.name == "logit":
            p = special.expit(x)
            density = p * (1.0 - p)
            return p, density, density * (1.0 - 2.0 * p)
        return self.cdf(x), self.pdf(x), self.dpdf(x)

    def ppf(self, q: np.ndarray) -> np.ndarray:
        """Quantile function ``F^{-1}(q)`` for ``q`` in (0, 1) (used for starting values)."""
        if self.name == "logit":
            return special.logit(q)
        if self.name == "probit":
            return special.ndtri(q)
        return np.log(-np.log1p(-q))


LINKS: dict[str, Link] = {
    "logit": Link("logit", "logistic"),
    "probit": Link("probit", "probit"),
    "cloglog": Link("cloglog", "cloglog"),
}

# Spellings other packages use for the same links (R polr says "logistic").
_ALIASES = {"logistic": "logit", "normal": "probit"}


def get_link(name: str) -> Link:
    """Return the :class:`Link` called ``name`` (``"logit"``, ``"probit"``, ``"cloglog"``).

    Raises
    ------
    ModelSpecError
        If the name is not a supported link.
    """
    key = _ALIASES.get(name, name)
    if key not in LINKS:
        raise ModelSpecError(f"link={name!r} is not supported; choose one of {sorted(LINKS)}")
    return LINKS[key]
