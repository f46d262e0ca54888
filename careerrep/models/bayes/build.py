"""Build the PyMC model for one :class:`~careerrep.models.bayes.arrays.BayesData`.

Every family shares the same skeleton:

1. identical rows are merged into counts (exact; see ``collapse_rows``);
2. predictors are centred at their weighted means, so the intercept (or the
   Dirichlet prior on the category probabilities) speaks about a *typical*
   case and is nearly uncorrelated with the slopes;
3. the linear predictor gets group-level intercepts, non-centred
   (``effect = sd * z``, ``z ~ Normal(0, 1)``), which samples well when groups
   carry little information;
4. the log-likelihood is a single ``pm.Potential`` of the count-weighted sum,
   written with stable PyTensor ops (no n x K probability matrix is stored);
   the family writes it and declares its own variables
   (:meth:`~careerrep.models.family.Family.pymc_likelihood`).

Reported parameters are on the raw predictor scale: thresholds and intercepts
are shifted back by ``mean(x)'beta`` in deterministic nodes.

Posterior variable names: ``beta`` (dim ``coef``; multinomial adds
``contrast``), ``thresholds`` (dim ``threshold``) and ``category_probs`` (the
Dirichlet simplex at the typical case) for ordinal models, ``Intercept`` for
logit / ``intercepts`` for multinomial models, ``sd_<g>`` / ``r_<g>`` for the
group-level sds and effects, ``<column>_latent`` for latent predictor values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from careerrep.models.bayes.arrays import BayesData, Collapsed, collapse_rows
from careerrep.models.bayes.priors import Priors, coefficient_prior


@dataclass(frozen=True)
class BuiltModel:
    """A PyMC model plus what is needed to read its draws back."""

    model: Any  # pm.Model
    data: BayesData
    collapsed: Collapsed
    x_mean: np.ndarray  # (p,) weighted predictor means used for centring
    group_names: dict[str, str]  # term "(1|country)" -> variable suffix "country"
    latent_columns: dict[str, str]  # predictor column -> posterior variable name
    coef_prior_sd: np.ndarray  # (p,) prior sds of the coefficients as used (after scaling/overrides)


def group_variable_name(term: str) -> str:
    """Variable-safe name of a group term: ``"(1|country)"`` -> ``"country"``."""
    match = re.search(r"\|\s*([^)]+?)\s*\)?$", term)
    core = match.group(1) if match else term
    return re.sub(r"\W+", "_", core).strip("_") or "group"


def latent_variable_name(column: str) -> str:
    """Posterior variable name of a latent predictor column."""
    return re.sub(r"\W+", "_", column).strip("_") + "_latent"


def build_model(data: BayesData, priors: Priors) -> BuiltModel:
    """Create the PyMC model for ``data`` under ``priors``.

    Parameters
    ----------
    data
        Model arrays (see :class:`BayesData`).
    priors
        Resolved prior choices.

    Returns
    -------
    BuiltModel
    """
    import pymc as pm

    collapsed, observed_x, x_mean, prior_mean, prior_sd = model_inputs(data, priors)
    group_names = {term: group_variable_name(term) for term in data.groups}
    family = data.family
    coords: dict[str, Any] = {"coef": list(data.coef_names), "outcome": list(data.labels)}
    coords.update(family.pymc_coords())
    for term, (_, levels) in data.groups.items():
        coords[f"{group_names[term]}_level"] = list(levels)
    extra_dims = family.pymc_predictor_dims()  # () for one linear predictor, ("contrast",) for K - 1

    with pm.Model(coords=coords) as model:
        beta_dims = ("coef", *extra_dims)
        mu = prior_mean[:, None] if extra_dims else prior_mean
        sd = prior_sd[:, None] if extra_dims else prior_sd
        beta = family.pymc_coefficients(mu, sd, beta_dims)
        Xc = _centred_predictors(data, collapsed, x_mean, observed_x)
        eta = _matrix_times(Xc, beta)
        for term in data.groups:
            name = group_names[term]
            level_dim = f"{name}_level"
            group_sd = pm.HalfNormal(
                f"sd_{name}", sigma=priors.group_sd_scale, dims=extra_dims if extra_dims else None
            )
            z = pm.Normal(f"z_{name}", 0.0, 1.0, dims=(level_dim, *extra_dims))
            effect = pm.Deterministic(f"r_{name}", z * group_sd, dims=(level_dim, *extra_dims))
            eta = eta + effect[collapsed.group_codes[term]]
        shift = _matrix_times(x_mean[None, :], beta)[0]  # mean(x)'beta: centred -> raw
        loglik = family.pymc_likelihood(eta, shift, collapsed, priors, data.intercept)
        pm.Potential("loglik", loglik)
    latent_columns = {s.column: latent_variable_name(s.column) for s in data.latent_shares}
    latent_columns |= {m.column: latent_variable_name(m.column) for m in data.missing}
    return BuiltModel(model, data, collapsed, x_mean, group_names, latent_columns, prior_sd)


def model_inputs(
    data: BayesData, priors: Priors
) -> tuple[Collapsed, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """What every sampling backend builds its model from, without PyMC.

    Returns
    -------
    (collapsed, observed_x, x_mean, prior_mean, prior_sd)
        The collapsed rows, the (n, p) observed-entry mask, the (p,) weighted
        predictor means used for centring, and the (p,) coefficient prior
        means and sds on the raw predictor scale.
    """
    collapsed = collapse_rows(data)
    observed_x = _observed_mask(data)
    weights = np.asarray(data.weights, dtype=float)
    x_mean = np.array(
        [
            np.average(data.X[observed_x[:, j], j], weights=weights[observed_x[:, j]])
            if observed_x[:, j].any()
            else 0.0
            for j in range(data.X.shape[1])
        ]
    )
    prior_mean, prior_sd = coefficient_prior(
        np.where(observed_x, data.X, x_mean), weights, data.coef_names, priors
    )
    return collapsed, observed_x, x_mean, prior_mean, prior_sd


def _matrix_times(X: Any, beta: Any) -> Any:
    """X @ beta as elementwise product and sum.

    pip-installed PyTensor finds no BLAS and runs ``dot`` as a slow Python op;
    with a handful of predictors the elementwise form is C code and faster.
    """
    import pytensor.tensor as pt

    if beta.ndim == 1:
        return pt.sum(X * beta[None, :], axis=1)
    return pt.sum(X[:, :, None] * beta[None, :, :], axis=1)


def _observed_mask(data: BayesData) -> np.ndarray:
    """(n, p) True where X holds an observed value (not a placeholder)."""
    observed = np.ones(data.X.shape, dtype=bool)
    for m in data.missing:
        observed[:, data.coef_names.index(m.column)] = ~np.asarray(m.missing, dtype=bool)
    return observed


def _centred_predictors(
    data: BayesData, collapsed: Collapsed, x_mean: np.ndarray, observed_x: np.ndarray
) -> Any:
    """Centred predictor matrix; latent columns become PyMC variables in it."""
    import pymc as pm
    import pytensor.tensor as pt

    Xc: Any = pt.as_tensor_variable(collapsed.X - x_mean)
    for share in data.latent_shares:
        j = data.coef_names.index(share.column)
        n = data.X.shape[0]
        name = latent_variable_name(share.column)
        # Logit-normal population of true shares, non-centred; the binomial
        # counts then pin each case's share as tightly as its sample allows.
        centre = pm.Normal(f"{name}_logit_mean", 0.0, 1.5)
        spread = pm.HalfNormal(f"{name}_logit_sd", 1.0)
        z = pm.Normal(f"{name}_z", 0.0, 1.0, shape=n)
        true_share = pm.Deterministic(name, pm.math.invlogit(centre + spread * z))
        pm.Binomial(
            f"{name}_counts",
            n=np.asarray(share.trials, dtype=np.int64),
            p=true_share,
            observed=np.asarray(share.successes, dtype=np.int64),
        )
        Xc = pt.set_subtensor(Xc[:, j], true_share[collapsed.source_row] - x_mean[j])
    for miss in data.missing:
        j = data.coef_names.index(miss.column)
        observed = observed_x[:, j]
        values = data.X[observed, j]
        location, scale = float(values.mean()), float(values.std()) or 1.0
        name = latent_variable_name(miss.column)
        mu = pm.Normal(f"{name}_mu", location, 2.5 * scale)
        sigma = pm.HalfNormal(f"{name}_sigma", 2.5 * scale)
        pm.Normal(f"{name}_observed", mu, sigma, observed=values)
        imputed = pm.Normal(name, mu, sigma, shape=int((~observed).sum()))
        positions = collapsed.row_to_unique[np.flatnonzero(~observed)]
        Xc = pt.set_subtensor(Xc[positions, j], imputed - x_mean[j])
    return Xc
