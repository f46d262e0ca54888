"""PSIS-LOO for posterior results, and model comparison by it.

The per-case log-likelihood in ``idata.log_likelihood`` is Pareto-smoothed
with ArviZ's ``psislw``. Frequency weights count a row as that many cases:
the elpd is the weighted sum of the rows' leave-one-out log densities (a
case left out of a row of identical cases has the same ratio as any other).
The result is an ArviZ ``ELPDData`` so ``arviz.compare`` accepts it as is.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy.special import logsumexp

from careerrep._warn import warn as warn_user
from careerrep.errors import ModelSpecError, SamplingWarning


def psis_loo(result: Any) -> Any:
    """PSIS-LOO of a :class:`~careerrep.models.bayes.result.PosteriorResult`.

    Returns
    -------
    arviz.ELPDData
        ``elpd_loo``, ``se``, ``p_loo``, ``loo_i`` (per row, weighted),
        ``pareto_k`` and ``warning`` (some Pareto k above ArviZ's threshold,
        also raised as a :class:`SamplingWarning` with the count and max k).
    """
    import arviz as az
    import xarray as xr
    from arviz.stats.stats_utils import ELPDData

    log_lik = result.idata.log_likelihood["y"].stack(__sample__=("chain", "draw"))
    n_samples = log_lik.sizes["__sample__"]
    # Relative efficiency as ArviZ computes it: mean ESS over parameters / draws.
    reff = float(np.clip(result.summary_frame()["ess_bulk"].mean() / n_samples, 0.01, 1.0))
    log_weights, pareto_k = az.psislw(-log_lik, reff)
    ll = log_lik.to_numpy()
    loo_case = logsumexp(log_weights.to_numpy() + ll, axis=-1)
    lppd_case = logsumexp(ll, axis=-1) - np.log(n_samples)
    weights = np.asarray(result.fitted.weights, dtype=float)
    total = weights.sum()
    elpd = float(weights @ loo_case)
    mean = elpd / total
    se = float(np.sqrt(total * (weights @ (loo_case - mean) ** 2) / total))
    p_loo = float(weights @ lppd_case) - elpd
    good_k = min(1 - 1 / np.log10(n_samples), 0.7)
    k_values = pareto_k.to_numpy()
    bad = int((k_values > good_k).sum())
    if bad:
        warn_user(
            f"PSIS-LOO: {bad} of {k_values.size} cases have Pareto k > {good_k:.2f} "
            f"(max {k_values.max():.2f}); their LOO estimates are unreliable",
            SamplingWarning,
        )
    loo_i = xr.DataArray(weights * loo_case, dims=["obs"], name="loo_i")
    return ELPDData(
        data=[
            elpd,
            se,
            p_loo,
            n_samples,
            round(total),
            bool(bad),
            loo_i,
            pareto_k,
            "log",
            good_k,
        ],
        index=[
            "elpd_loo",
            "se",
            "p_loo",
            "n_samples",
            "n_data_points",
            "warning",
            "loo_i",
            "pareto_k",
            "scale",
            "good_k",
        ],
    )


def compare(results: Mapping[str, Any], **kwargs: Any) -> Any:
    """Rank posterior results by PSIS-LOO (``arviz.compare`` on their ``loo()``).

    Parameters
    ----------
    results
        ``{name: PosteriorResult}`` fitted to the same cases.
    **kwargs
        Passed to ``arviz.compare`` (e.g. ``method="BB-pseudo-BMA"``).

    Returns
    -------
    pd.DataFrame
        ArviZ's comparison table: rank, elpd_loo, p_loo, elpd_diff, weight, se, dse, ...
    """
    import arviz as az

    if len(results) < 2:
        raise ModelSpecError(f"compare needs at least two results, got {len(results)}")
    sizes = {name: r.idata.log_likelihood["y"].sizes["obs"] for name, r in results.items()}
    if len(set(sizes.values())) > 1:
        raise ModelSpecError(f"results were fitted to different numbers of cases: {sizes}")
    loos = {name: r.loo() for name, r in results.items()}
    with warnings.catch_warnings():
        # ArviZ 0.23 still sorts with inplace=True, which pandas deprecates.
        warnings.filterwarnings("ignore", message="The inplace keyword in DataFrame.sort_values")
        return az.compare(loos, **kwargs)
