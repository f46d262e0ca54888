"""Link functions for binary and cumulative link models: numpy and PyTensor forms side by side.

A link is the inverse of a distribution function: a cumulative link model says
``P(Y <= k) = F(theta_k - x'beta)`` and a binary model ``P(Y = 1) = F(x'beta)``.
Fitting with an analytic Hessian needs ``F`` (``cdf``), its density ``f``
(``pdf``) and the density's derivative ``f'`` (``dpdf``); the effects module
needs the same three for delta-method standard errors. All functions are pure
numpy, vectorised and accept ``-inf``/``+inf`` (the open ends of the outer
categories) without producing NaN.

Log-probabilities of intervals (``log(F(b) - F(a))``) lose every digit when
computed as a difference of CDF values near 1, so each link also supplies
stable ``log_cdf``, ``log_sf`` and ``log_interval``:

* logit:   ``log F(b) + log(1 - F(a)) + log1mexp(a - b)`` (exact identity
  ``F(b) - F(a) = F(b) (1 - F(a)) (1 - exp(a - b))``);
* probit:  difference of log-CDFs in the lower tail, of log-survivals in the upper;
* cloglog: ``-exp(a) + log1mexp(-(exp(b) - exp(a)))``.

The methods prefixed ``pt_`` are the same formulas in PyTensor, for the PyMC
likelihood (PyTensor is imported lazily: it is slow to import). A new link
adds one branch to each method here and nothing anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from careerrep.errors import ModelSpecError

_SQRT_2PI = np.sqrt(2.0 * np.pi)
_LOG_HALF = -0.6931471805599453


def _np_log1mexp(x: np.ndarray) -> np.ndarray:
    """``log(1 - exp(x))`` for ``x <= 0``, accurate on both sides of ``log(1/2)``."""
    x = np.minimum(x, 0.0)
    with np.errstate(divide="ignore"):
        return np.where(x < _LOG_HALF, np.log1p(-np.exp(x)), np.log(-np.expm1(x)))


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

    def noise(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` draws of the latent error ``e`` with distribution ``F`` (for simulation).

        Logit and probit use numpy's own logistic and normal generators (the
        random streams earlier versions drew, so seeded studies reproduce);
        other links invert ``F`` at uniform draws.
        """
        if self.name == "logit":
            return rng.logistic(size=size)
        if self.name == "probit":
            return rng.standard_normal(size)
        return self.ppf(rng.random(size))

    # ------------------------------------------------------- stable log forms
    def log_cdf(self, z: np.ndarray) -> np.ndarray:
        """``log F(z)``."""
        if self.name == "logit":
            return special.log_expit(z)
        if self.name == "probit":
            return special.log_ndtr(z)
        return _np_log1mexp(-np.exp(z))

    def log_sf(self, z: np.ndarray) -> np.ndarray:
        """``log(1 - F(z))``."""
        if self.name == "logit":
            return special.log_expit(-z)
        if self.name == "probit":
            return special.log_ndtr(-z)
        return -np.exp(z)

    def log_interval(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``log(F(b) - F(a))`` for ``a < b``, stable in both tails."""
        if self.name == "logit":
            return special.log_expit(b) + special.log_expit(-a) + _np_log1mexp(a - b)
        if self.name == "probit":
            upper = (a + b) > 0
            hi = np.where(upper, special.log_ndtr(-a), special.log_ndtr(b))
            lo = np.where(upper, special.log_ndtr(-b), special.log_ndtr(a))
            return hi + _np_log1mexp(lo - hi)
        return -np.exp(a) + _np_log1mexp(np.exp(b) * np.expm1(a - b))

    # ---------------------------------------------------------------- PyTensor
    def pt_log_cdf(self, z: Any) -> Any:
        """``log F(z)`` as a PyTensor expression."""
        import pytensor.tensor as pt

        if self.name == "logit":
            return -pt.softplus(-z)
        if self.name == "probit":
            from pymc.distributions.dist_math import normal_lcdf

            return normal_lcdf(0.0, 1.0, z)
        return pt.log1mexp(-pt.exp(z))

    def pt_log_sf(self, z: Any) -> Any:
        """``log(1 - F(z))`` as a PyTensor expression."""
        import pytensor.tensor as pt

        if self.name == "logit":
            return -pt.softplus(z)
        if self.name == "probit":
            from pymc.distributions.dist_math import normal_lcdf

            return normal_lcdf(0.0, 1.0, -z)
        return -pt.exp(z)

    def pt_log_interval(self, a: Any, b: Any) -> Any:
        """``log(F(b) - F(a))`` for ``a < b`` as a PyTensor expression."""
        import pytensor.tensor as pt

        if self.name == "logit":
            return -pt.softplus(-b) - pt.softplus(a) + pt.log1mexp(a - b)
        if self.name == "probit":
            # Work in whichever tail the interval sits, so neither CDF rounds to 1.
            upper = pt.gt(a + b, 0)
            hi = pt.switch(upper, self.pt_log_sf(a), self.pt_log_cdf(b))
            lo = pt.switch(upper, self.pt_log_sf(b), self.pt_log_cdf(a))
            return hi + pt.log1mexp(lo - hi)
        return -pt.exp(a) + pt.log1mexp(pt.exp(b) * pt.expm1(a - b))

    def pt_ppf(self, u: Any) -> Any:
        """``F^{-1}(u)`` as a PyTensor expression (Dirichlet cumulative sums -> cut points)."""
        import pytensor.tensor as pt

        if self.name == "logit":
            return pt.log(u) - pt.log1p(-u)
        if self.name == "probit":
            return np.sqrt(2.0) * pt.erfinv(2.0 * u - 1.0)
        return pt.log(-pt.log1p(-u))


LINKS: dict[str, Link] = {
    "logit": Link("logit", "logistic"),
    "probit": Link("probit", "probit"),
    "cloglog": Link("cloglog", "cloglog"),
}

# Spellings other packages use for the same links (R polr says "logistic").
_ALIASES = {"logistic": "logit", "normal": "probit"}

#: The logit link (the default of every family with a link).
LOGIT = LINKS["logit"]


def get_link(name: str | Link) -> Link:
    """Return the :class:`Link` called ``name`` (``"logit"``, ``"probit"``, ``"cloglog"``).

    Raises
    ------
    ModelSpecError
        If the name is not a supported link.
    """
    if isinstance(name, Link):
        return name
    key = _ALIASES.get(name, name) if isinstance(name, str) else name
    if not isinstance(key, str):
        raise ModelSpecError(f"link must be a name like 'logit', got {name!r}")
    if key not in LINKS:
        raise ModelSpecError(f"link={name!r} is not supported; choose one of {sorted(LINKS)}")
    return LINKS[key]
