"""Run NUTS on a built model and package the draws as a :class:`PosteriorResult`.

:func:`sample_arrays` is the array-level entry point (tests and simulations
use it directly); :func:`careerrep.models.bayes.glue.sample_model` wraps it for
careerrep model objects.

After sampling, the InferenceData gets three more groups computed in numpy
from the reported parameters: ``log_likelihood`` (one value per case, for
PSIS-LOO), ``posterior_predictive`` (one simulated outcome per case and draw)
and ``observed_data``. Diagnostics are computed here (PyMC's own checks are
switched off) and a :class:`~careerrep.errors.SamplingWarning` is raised when
they fail.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from careerrep.errors import ModelSpecError
from careerrep.models.bayes.arrays import BayesData
from careerrep.models.bayes.build import BuiltModel, build_model
from careerrep.models.bayes.contraction import reported_prior_sd
from careerrep.models.bayes.diagnostics import check, parameter_table, warn_if_unreliable
from careerrep.models.bayes.draws import DrawSet, linear_predictor, row_chunks
from careerrep.models.bayes.priors import Priors, resolve_priors
from careerrep.models.bayes.result import (
    FittedCases,
    PosteriorResult,
    draw_set,
    reported_draws,
)
from careerrep.progress import progress_enabled

NewDesign = Callable[[Any], tuple[np.ndarray, dict[str, np.ndarray]]]


def sample_arrays(
    data: BayesData,
    *,
    draws: int = 1000,
    chains: int = 4,
    seed: int | None = None,
    priors: Priors | Mapping[str, Any] | None = None,
    tune: int = 1000,
    cores: int | None = None,
    target_accept: float = 0.9,
    nuts_sampler: str = "pymc",
    backend: str = "auto",
    progress: bool | None = None,
    new_design: NewDesign | None = None,
    row_index: pd.Index | None = None,
    model: Any = None,
) -> PosteriorResult:
    """Sample the posterior of the model described by ``data``.

    Parameters
    ----------
    data
        Model arrays.
    draws, chains, tune
        Kept draws per chain, number of chains, warm-up draws per chain.
    seed
        Seed for the sampler and the posterior-predictive draws; the same
        seed gives the same draws. None draws fresh entropy.
    priors
        :class:`Priors`, a dict of overrides, or None for the defaults.
    cores
        PyMC backend: chains run at once (PyMC's default when None). The nutpie
        backend runs its chains one after another whatever ``cores`` says (its
        NumPy density holds Python's interpreter lock, and two chains contending
        for it were 1.6-2.7x slower than one after the other); the draws do not
        depend on it.
    target_accept
        NUTS target acceptance rate (0.9 by default: fewer divergences on the
        small samples this library expects).
    nuts_sampler
        PyMC backend only: ``"pymc"`` (default) or ``"nutpie"`` (PyMC's model
        compiled for nutpie; needs the optional nutpie package).
    backend
        ``"nutpie"``: nutpie's Rust NUTS on careerrep's NumPy log posterior
        (no PyMC import, no compilation; the cumulative logit family without
        latent columns, see :func:`careerrep.models.bayes.log_posterior.supports`).
        ``"pymc"``: the PyMC model. ``"auto"`` (default): nutpie where it is
        installed and supports the model and ``nuts_sampler`` is ``"pymc"``, else PyMC.
    progress
        The sampler's progress bar: ``None`` (default) shows it when stderr is
        a terminal, ``False`` never; the rule of every careerrep progress bar
        (:func:`careerrep.progress.progress_enabled`).
    new_design
        Function mapping new data to ``(X, group codes)`` for ``predict``.
    row_index
        Labels of the fitted rows (default 0..n-1).
    model
        The careerrep model object, kept for reference.

    Returns
    -------
    PosteriorResult
    """
    resolved = resolve_priors(priors)
    show_progress = progress_enabled(progress)
    if choose_backend(backend, data, nuts_sampler) == "nutpie":
        return _sample_nutpie(
            data,
            draws,
            chains,
            seed,
            resolved,
            tune,
            target_accept,
            show_progress,
            new_design,
            row_index,
            model,
        )
    import pymc as pm

    started = time.perf_counter()
    built = build_model(data, resolved)
    # Floating-point errors at wild early warm-up proposals are expected: NUTS
    # rejects such points and counts them as divergences, which we report.
    with built.model, warnings.catch_warnings(), np.errstate(all="ignore"):
        # pip-installed PyTensor says once that it found no BLAS to link; that
        # only slows large matrix products and is not about these draws.
        warnings.filterwarnings("ignore", message="PyTensor could not link to a BLAS")
        kwargs: dict[str, Any] = {}
        if nuts_sampler != "pymc":
            kwargs["nuts_sampler"] = nuts_sampler
        idata = pm.sample(
            draws=draws,
            tune=tune,
            chains=chains,
            cores=cores,
            random_seed=seed,
            target_accept=target_accept,
            progressbar=show_progress,
            compute_convergence_checks=False,
            **kwargs,
        )
    total = time.perf_counter() - started
    sampling = float(idata.posterior.attrs.get("sampling_time", np.nan))
    timing = {"total_seconds": total, "sampling_seconds": sampling}
    return assemble_result(built, idata, seed, timing, new_design, row_index, model, resolved)


def choose_backend(backend: str, data: BayesData, nuts_sampler: str = "pymc") -> str:
    """The backend ``sample_arrays`` runs: ``"nutpie"`` or ``"pymc"`` (see its ``backend``)."""
    from careerrep.models.bayes.log_posterior import supports
    from careerrep.models.bayes.nutpie_backend import nutpie_installed

    if backend == "pymc":
        return "pymc"
    if backend == "nutpie":
        if not supports(data):
            raise ModelSpecError(
                f"backend='nutpie' covers the cumulative logit family without latent columns; "
                f"this model ({data.family.label}, link {data.link}) needs backend='pymc'"
            )
        if not nutpie_installed():
            raise ModelSpecError("backend='nutpie' needs the nutpie package (pip install nutpie)")
        return "nutpie"
    if backend != "auto":
        raise ModelSpecError(f"backend = {backend!r}; choose 'auto', 'nutpie' or 'pymc'")
    return "nutpie" if nuts_sampler == "pymc" and supports(data) and nutpie_installed() else "pymc"


def _sample_nutpie(
    data: BayesData,
    draws: int,
    chains: int,
    seed: int | None,
    priors: Priors,
    tune: int,
    target_accept: float,
    show_progress: bool,
    new_design: NewDesign | None,
    row_index: pd.Index | None,
    model: Any,
) -> PosteriorResult:
    """``sample_arrays`` on nutpie's NUTS with the NumPy log posterior (no PyMC model)."""
    from careerrep.models.bayes.build import group_variable_name, model_inputs
    from careerrep.models.bayes.log_posterior import ordinal_log_posterior
    from careerrep.models.bayes.nutpie_backend import sample_log_posterior

    started = time.perf_counter()
    post = ordinal_log_posterior(data, priors)
    collapsed, _, x_mean, _, prior_sd = model_inputs(data, priors)
    group_names = {term: group_variable_name(term) for term in data.groups}
    built = BuiltModel(None, data, collapsed, x_mean, group_names, {}, prior_sd)
    idata = sample_log_posterior(
        post,
        post.coords(data),
        draws=draws,
        tune=tune,
        chains=chains,
        seed=seed,
        target_accept=target_accept,
        progressbar=show_progress,
    )
    total = time.perf_counter() - started
    timing = {"total_seconds": total, "sampling_seconds": float(idata.posterior.attrs["sampling_time"])}
    return assemble_result(built, idata, seed, timing, new_design, row_index, model, priors)


def assemble_result(
    built: BuiltModel,
    idata: Any,
    seed: int | None,
    timing: Mapping[str, float],
    new_design: NewDesign | None,
    row_index: pd.Index | None,
    model: Any,
    priors: Priors,
) -> PosteriorResult:
    """Add log-likelihood, predictive and observed groups; check diagnostics."""
    data = built.data
    chains, n_draws = idata.posterior.sizes["chain"], idata.posterior.sizes["draw"]
    drawset = draw_set(idata.posterior, data.family, built.group_names)
    latent = latent_values(built, idata.posterior)
    fitted = FittedCases(
        X=data.X,
        y=data.y,
        weights=np.asarray(data.weights),
        group_codes={t: np.asarray(c) for t, (c, _) in data.groups.items()},
        group_levels={t: tuple(levels) for t, (_, levels) in data.groups.items()},
        latent=latent,
    )
    loglik, predictive = _casewise_groups(drawset, fitted, seed)
    shape = (chains, n_draws, data.X.shape[0])
    idata.add_groups(
        log_likelihood=_case_dataset(loglik.reshape(shape)),
        posterior_predictive=_case_dataset(predictive.reshape(shape)),
    )
    observed = xr.DataArray(data.y, dims=["obs"], coords={"obs": np.arange(shape[2])})
    if "observed_data" in idata.groups():  # latent-share counts are observed too
        idata.observed_data["y"] = observed
    else:
        idata.add_groups(observed_data=xr.Dataset({"y": observed}))
    layout = data.layout
    names = layout.names
    flat = reported_draws(idata.posterior, data.family, layout, built.group_names)
    table = parameter_table(flat.reshape(chains, n_draws, -1), names)
    divergences = int(idata.sample_stats["diverging"].sum())
    diagnostics = check(table, divergences, chains, n_draws)
    warn_if_unreliable(diagnostics)
    return PosteriorResult(
        idata=idata,
        family=data.family,
        link=data.link,
        labels=tuple(data.labels),
        coef_names=tuple(data.coef_names),
        param_names=names,
        diagnostics=diagnostics,
        fitted=fitted,
        new_design=new_design,
        row_index=row_index if row_index is not None else pd.RangeIndex(data.X.shape[0]),
        timing=dict(timing),
        priors=priors,
        model=model,
        group_names=dict(built.group_names),
        latent_columns=dict(built.latent_columns),
        prior_sd=pd.Series(reported_prior_sd(built, priors), index=pd.Index(names, name="parameter")),
        layout=layout,
    )


def _case_dataset(values: np.ndarray) -> Any:
    """(chain, draw, obs) array as an xarray Dataset with variable ``y``."""
    dims = ("chain", "draw", "obs")
    coords = {name: np.arange(size) for name, size in zip(dims, values.shape, strict=True)}
    return xr.Dataset({"y": (dims, values)}, coords=coords)


def latent_values(built: BuiltModel, posterior: Any) -> dict[int, np.ndarray]:
    """(S, n) draws of each latent predictor column, keyed by column index."""
    data = built.data
    out: dict[int, np.ndarray] = {}
    flat = lambda name: np.asarray(posterior[name]).reshape(-1, *posterior[name].shape[2:])  # noqa: E731
    for share in data.latent_shares:
        out[data.coef_names.index(share.column)] = flat(built.latent_columns[share.column])
    for miss in data.missing:
        j = data.coef_names.index(miss.column)
        values = np.broadcast_to(data.X[:, j], (flat("beta").shape[0], data.X.shape[0])).copy()
        values[:, np.asarray(miss.missing, dtype=bool)] = flat(built.latent_columns[miss.column])
        out[j] = values
    return out


def _casewise_groups(
    drawset: DrawSet, fitted: FittedCases, seed: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """(S, n) per-case log-likelihood and posterior-predictive outcome codes."""
    S, n, K = drawset.n_draws, fitted.X.shape[0], drawset.n_categories
    loglik = np.empty((S, n))
    dtype = np.int8 if K < 128 else np.int32
    predictive = np.empty((S, n), dtype=dtype)
    # A seed-derived stream distinct from the sampler's, so results are reproducible.
    rng = np.random.default_rng(None if seed is None else [seed, 20_26])
    for rows in row_chunks(n, S, K):
        codes = {t: c[rows] for t, c in fitted.group_codes.items()}
        latent = {j: v[:, rows] for j, v in fitted.latent.items()}
        eta = linear_predictor(drawset, fitted.X[rows], codes, latent)
        loglik[:, rows], predictive[:, rows] = drawset.family.observed_logp_and_replicates(
            drawset.params, eta, fitted.y[rows], rng
        )
    return loglik, predictive


def quiet_prior_predictive(model: Any, draws: int, seed: int | None) -> Any:
    """``pm.sample_prior_predictive`` without the Potential warning (expected here)."""
    import pymc as pm

    with model, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*Potential.*", category=UserWarning)
        return pm.sample_prior_predictive(draws=draws, random_seed=seed)
