"""The PyMC term of the split families (cumulative nominal/scale, cratio, sratio, acat).

:class:`~careerrep.models.families.split.SplitLinkFamily` delegates its
Bayesian methods here. The model is the maximum-likelihood one, parameter for
parameter (same names and roles), in careerrep's (R ``clm``/``VGAM``) signs:

    eta_ij = (theta_j + sign x_i'beta + n_i'gamma_j) * exp(-z_i'zeta)

Posterior variables: ``beta`` (location slopes, dim ``location_term``),
``beta_cs`` (category-specific slopes, dims ``nominal_term`` x ``threshold``),
``zeta`` (log-scale slopes, dim ``scale_term``), ``thresholds`` (dim
``threshold``; with the default prior a deterministic of ``category_probs``).

Priors, as the other families:

* every slope (location, each split's nominal slope, log-scale) gets the
  coefficient prior of its design column (``Normal(0, 2.5 / sd(x))`` by
  default, see :mod:`careerrep.models.bayes.priors`);
* thresholds: the induced Dirichlet (default) puts ``Dirichlet(alpha)`` on the
  category probabilities of the typical case (every column at its weighted
  mean) and inverts the family's own probability formula for that case's
  split predictors (``pymc_splits`` of the core); ``thresholds="normal"``
  puts ``Normal(mu, sigma)`` on each reported threshold, restricted to
  increasing order for the cumulative family only (as brms: ``ordered`` for
  ``cumulative``, a plain vector for ``cratio``/``sratio``/``acat``).

The log-likelihood is one ``pm.Potential`` over collapsed, outcome-sorted
rows (:mod:`careerrep.models.split_pymc`); no ``n x K`` probabilities are kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# A careerrep.models.families.split.SplitLinkFamily. Not imported, not even for type
# checking: split.py imports this module, and the package keeps no import cycles.
SplitLinkFamily = Any


def pymc_coords(family: SplitLinkFamily) -> dict[str, list[str]]:
    """Coordinates of the family's variables (only the non-empty ones)."""
    coords = {
        "threshold": list(family.thresholds),
        "location_term": list(family.columns[: family.n_location]),
        "nominal_term": list(family.nominal),
        "scale_term": list(family.scale),
    }
    return {name: values for name, values in coords.items() if values}


def pymc_coefficients(family: SplitLinkFamily, mean: np.ndarray, sd: np.ndarray) -> Any:
    """Declare ``beta``, ``beta_cs``, ``zeta``; return the ``(p + q + r, K)`` predictor matrix.

    Column ``j < K - 1`` of the matrix gives split ``j``'s data part
    ``sign x'beta + n'gamma_j``, the last column the log scale ``z'zeta``: so
    ``X @ B`` is exactly :meth:`SplitLinkFamily.predictor` (centred when ``X`` is).
    """
    import pymc as pm
    import pytensor.tensor as pt

    p, q, r, J = family.n_location, len(family.nominal), len(family.scale), family.n_categories - 1
    blocks = []
    if p:
        beta = pm.Normal("beta", mu=mean[:p], sigma=sd[:p], dims="location_term")
        location = family.core.location_sign * beta[:, None] * pt.ones((1, J))
        blocks.append(pt.concatenate([location, pt.zeros((p, 1))], axis=1))
    if q:
        gamma = pm.Normal(
            "beta_cs",
            mu=mean[p : p + q, None] * np.ones((1, J)),
            sigma=sd[p : p + q, None] * np.ones((1, J)),
            dims=("nominal_term", "threshold"),
        )
        blocks.append(pt.concatenate([gamma, pt.zeros((q, 1))], axis=1))
    if r:
        zeta = pm.Normal("zeta", mu=mean[p + q :], sigma=sd[p + q :], dims="scale_term")
        blocks.append(pt.concatenate([pt.zeros((r, J)), zeta[:, None]], axis=1))
    if not blocks:
        return pt.zeros((0, J + 1))
    return pt.concatenate(blocks, axis=0)


def pymc_likelihood(family: SplitLinkFamily, eta: Any, shift: Any, collapsed: Any, priors: Any) -> Any:
    """Thresholds and the summed log-likelihood, from the centred ``(u, K)`` predictors."""
    import pytensor.tensor as pt

    J = family.n_categories - 1
    log_scale_shift = shift[J] if family.scale else pt.constant(0.0)
    theta = _thresholds(family, priors, shift[:J], log_scale_shift)
    unscaled = theta[None, :] + shift[None, :J] + eta[:, :J]
    splits = unscaled * pt.exp(-(eta[:, J] + shift[J]))[:, None] if family.scale else unscaled
    slices = collapsed.category_slices(family.n_categories)
    return family.core.pymc_loglik(splits, slices, collapsed.counts, family.link)


def _thresholds(family: SplitLinkFamily, priors: Any, split_shift: Any, log_scale_shift: Any) -> Any:
    """The reported thresholds ``theta_j`` (a ``thresholds`` variable or deterministic)."""
    import pymc as pm
    import pytensor.tensor as pt

    K = family.n_categories
    if priors.thresholds == "dirichlet":
        probs = pm.Dirichlet("category_probs", a=priors.alpha_vector(K), dims="outcome")
        # The typical case's split predictors are (theta_j + shift_j) exp(-log_scale_shift).
        typical = family.core.pymc_splits(probs, family.link)
        theta = typical * pt.exp(log_scale_shift) - split_shift
        return pm.Deterministic("thresholds", theta, dims="threshold")
    if family.core.thresholds_ordered:
        start = np.linspace(-1.0, 1.0, K - 1) * min(2.0, priors.threshold_sigma)
        return pm.Normal(
            "thresholds",
            mu=priors.threshold_mu,
            sigma=priors.threshold_sigma,
            dims="threshold",
            transform=pm.distributions.transforms.ordered,
            initval=start,
        )
    return pm.Normal("thresholds", mu=priors.threshold_mu, sigma=priors.threshold_sigma, dims="threshold")


def posterior_params(family: SplitLinkFamily, posterior: Any) -> np.ndarray:
    """``(S, m)`` draws in layout order: location, scale, thresholds, nominal (term-major).

    With the ordered normal prior (cumulative) forward prior draws ignore the
    ordered transform; sorting them gives exactly that prior's law (and is a
    no-op for posterior draws).
    """
    p, q, r = family.n_location, len(family.nominal), len(family.scale)
    thresholds = _flat(posterior, "thresholds")
    if family.core.thresholds_ordered and "category_probs" not in posterior:
        thresholds = np.sort(thresholds, axis=1)
    S = thresholds.shape[0]
    parts = [
        _flat(posterior, "beta") if p else np.zeros((S, 0)),
        _flat(posterior, "zeta") if r else np.zeros((S, 0)),
        thresholds,
        _flat(posterior, "beta_cs").reshape(S, -1) if q else np.zeros((S, 0)),
    ]
    return np.concatenate(parts, axis=1)


def _flat(posterior: Any, name: str) -> np.ndarray:
    """Draws of ``name`` with chains and draws stacked: ``(S, ...)``."""
    values = np.asarray(posterior[name])
    return values.reshape(-1, *values.shape[2:])
