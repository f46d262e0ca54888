"""From a split-family model to an :class:`MLEResult`: Newton, covariance, profile intervals.

The fit template of :class:`~careerrep.models.threshold_model.SplitModel`,
kept free of ``BaseModel`` so the new families do not depend on how the
shared model base is organised: it uses only the shared machinery
(:mod:`.newton`, :mod:`.covariance`, :mod:`.profile`, :class:`MLEResult`).
Everything a result keeps is picklable (the objective is a small class, not a
closure), so results can be saved and profile intervals computed later.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models import covariance
from careerrep.models.links import Link
from careerrep.models.newton import NewtonOutcome
from careerrep.models.profile import LikelihoodProfile, profile_intervals
from careerrep.models.result import MLEResult
from careerrep.models.separation import SeparationCheck, fit_looks_separated
from careerrep.models.threshold_likelihood import SplitData, SplitFamily, split_derivatives, split_predictors


@dataclass(frozen=True, eq=False)
class SplitObjective:
    """``params -> (loglik, gradient, Hessian)`` of one model's data (picklable)."""

    data: SplitData
    family: SplitFamily
    link: Link

    def __call__(self, params: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        d, _ = split_derivatives(self.data, params, self.family, self.link)
        return d.loglik, d.gradient, d.hessian


def observed_probabilities(
    data: SplitData, params: np.ndarray, family: SplitFamily, link: Link
) -> np.ndarray:
    """``P(Y = y_i)`` of each row (rows in ``data``'s order), by the family's fastest route."""
    sorted_route = getattr(family, "sorted_log_probabilities", None)
    logp = sorted_route(data, params, link) if sorted_route is not None else None
    if logp is None:
        pred = split_predictors(params, data.X, data.A, data.Z, data.K, family.location_sign)
        logp = family.row_derivatives(pred.eta, data.y, link).logp
    return np.exp(logp)


def separation_screen(outcome: NewtonOutcome, objective: SplitObjective) -> SeparationCheck | None:
    """Infinite estimates? The directions in which the information matrix vanishes, if any.

    Run only when the fit looks separated (no convergence, or an observed
    outcome with probability 1; :func:`careerrep.models.separation.fit_looks_separated`).
    The information is scaled to unit diagonal first (so a predictor's units
    do not matter); a direction whose scaled eigenvalue is below ``1e-8`` is a
    direction along which the likelihood keeps rising towards a limit, and the
    parameters with a weight above 0.1 in it are reported.
    """
    data, family, link = objective.data, objective.family, objective.link
    observed = observed_probabilities(data, outcome.x, family, link)
    if not fit_looks_separated(outcome.converged, observed):
        return None
    info = -np.asarray(outcome.hessian)
    if not np.all(np.isfinite(info)):
        return SeparationCheck(True, tuple(range(len(outcome.x))))
    d = np.diag(info)
    # A parameter whose own information has vanished (its probabilities saturated) ...
    saturated = d < 1e-12 * max(float(d.max()), 1e-300)
    keep = np.flatnonzero(~saturated)
    # ... and combinations along which the information vanishes (scaled to unit diagonal).
    root = np.sqrt(d[keep])
    values, vectors = np.linalg.eigh(info[np.ix_(keep, keep)] / np.outer(root, root))
    flat = values < 1e-8 * max(float(values.max()), 1e-300)
    in_flat = keep[np.sqrt((vectors[:, flat] ** 2).sum(axis=1)) > 0.1] if flat.any() else keep[:0]
    directions = sorted({*np.flatnonzero(saturated).tolist(), *in_flat.tolist()})
    return SeparationCheck(True, tuple(int(j) for j in directions)) if directions else None


def check_fit_arguments(cov: str, method: str, cluster_type: str, max_iter: int, what: str) -> None:
    """Refuse unknown covariance kinds, methods, cluster factors and iteration limits by name."""
    if cov not in covariance.COV_TYPES:
        raise ModelSpecError(f"cov must be one of {covariance.COV_TYPES}, got {cov!r}")
    if method != "mle":
        raise ModelSpecError(f"{what}.fit: method must be 'mle' (the only one), got {method!r}")
    if cluster_type not in ("HC0", "HC1"):
        raise ModelSpecError(f"cluster_type must be 'HC0' or 'HC1', got {cluster_type!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ModelSpecError(f"max_iter must be a positive integer, got {max_iter!r}")


def not_held(groups: str, held: pd.Index) -> ModelSpecError:
    """The error for ``groups="name"`` naming a column the model does not keep."""
    return ModelSpecError(
        f"groups column {groups!r} is not among the columns the model keeps ({list(held)}: a model "
        f"holds only what its formula and weights use); pass the values, groups=data[{groups!r}]"
    )


def cluster_codes(data: pd.DataFrame, row_index: pd.Index, n_used: int, groups: Any) -> np.ndarray:
    """Integer cluster code per used row (design order), from a column name or an array.

    ``groups`` may have one entry per row of ``data`` or per used row; a name
    must be a column the model keeps (``data`` is the model's own copy).
    """
    if groups is None:
        raise ModelSpecError('cov="cluster" needs groups= (a column name or an array)')
    if isinstance(groups, str):
        if groups not in data.columns:
            raise not_held(groups, data.columns)
        values = data.loc[row_index, groups]
    else:
        array = np.asarray(groups)
        if array.shape == (len(data),):
            values = pd.Series(array, index=data.index).loc[row_index]
        elif array.shape == (n_used,):
            values = pd.Series(array)
        else:
            raise ModelSpecError(f"groups has shape {array.shape}; expected ({len(data)},) or ({n_used},)")
    if values.isna().any():
        raise ModelSpecError("groups has missing values in rows used by the model")
    codes, _ = pd.factorize(values, sort=True)
    return codes.astype(np.int64)


def assemble_result(
    model: Any,
    outcome: NewtonOutcome,
    objective: SplitObjective,
    cov: str,
    clusters: np.ndarray | None,
    cluster_type: str,
    separation: SeparationCheck | None = None,
    ci_kind: str = "Wald",
) -> MLEResult:
    """The :class:`MLEResult` of a converged (or warned-about) Newton outcome.

    ``clusters`` must be in the row order of ``objective.data`` (sorted by outcome).
    Profile-likelihood intervals are attached for ``cov="nonrobust"`` only, as
    for the other families: they rest on the model's own likelihood.
    """
    data = objective.data
    separated = separation is not None and separation.separated
    k = len(outcome.x)
    # Under separation the other parameters' covariance is taken given the diverging
    # ones (at where the optimiser stopped); the diverging ones get infinite variances.
    infinite = np.asarray(separation.directions if separated and separation else (), dtype=np.int64)
    rest = np.setdiff1d(np.arange(k), infinite)
    hessian = outcome.hessian[np.ix_(rest, rest)]
    if cov == "nonrobust":
        sub = covariance.model_based(hessian, separated)
    else:
        _, scores = split_derivatives(data, outcome.x, objective.family, objective.link, scores=True)
        if scores is None:  # outside the model at the estimate: cannot happen after a finite fit
            raise ModelSpecError("no per-row scores at the estimate: the fit left the model")
        sub = covariance.robust(hessian, scores[:, rest], data.w, cov, clusters, cluster_type, separated)
    matrix = np.full((k, k), np.nan)
    matrix[np.ix_(rest, rest)] = sub
    matrix[infinite, infinite] = np.inf
    notes: tuple[str, ...] = ()
    if separated:
        notes = (
            "Separation detected: some estimates are infinite; the finite numbers shown "
            "are where the optimiser stopped.",
        )
    names = list(model.param_names)
    profile = None
    if cov == "nonrobust" and not separated:
        likelihood = LikelihoodProfile(
            objective, outcome.x.copy(), float(outcome.value), outcome.hessian, tuple(names)
        )
        profile = functools.partial(profile_intervals, likelihood)
    return MLEResult(
        model=model,
        params=pd.Series(outcome.x, index=names, name="estimate"),
        cov=pd.DataFrame(matrix, index=names, columns=names),
        loglik=float(outcome.value),
        nobs=float(data.w.sum()),
        converged=outcome.converged,
        iterations=outcome.iterations,
        gradient_norm=outcome.gradient_norm,
        cov_type=cov,
        ci_kind=ci_kind,
        notes=notes,
        profile_interval=profile,
    )
