"""Discrete-time hazard models on person-period rows.

On person-period rows (:func:`careerrep.exits.person_periods`) the discrete
hazard ``h(t | x) = P(exit in period t | in post at its start)`` is an
ordinary binary model of the ``event`` column, and competing exits are an
ordinary multinomial model of ``exit_type`` against staying (``"none"``).
The likelihoods are exactly those of careerrep's model families, so the fits
are theirs, through the public model API only:

* ``link="logit"``: :class:`careerrep.models.LogitModel` (R ``glm(binomial)``);
* ``link="cloglog"``: :class:`careerrep.models.OrdinalModel` with
  ``link="cloglog"`` on the two levels (event, stay), where
  ``P(event) = 1 - exp(-exp(theta - x'beta))``; reported on R's
  ``glm(binomial(link = "cloglog"))`` scale, intercept ``theta`` and slopes
  ``-beta``. ``exp(slope)`` is a hazard ratio of the grouped-time
  proportional-hazards model. Standard errors come from the observed
  information (as ``ordinal::clm``); ``glm`` reports the expected
  information for this non-canonical link, which differs slightly;
* competing exits: :class:`careerrep.models.MultinomialModel` with reference
  ``"none"`` (R ``nnet::multinom``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from formulaic import model_matrix
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.exits.person_period import NO_EXIT
from careerrep.models import LogitModel, MultinomialModel, OrdinalModel
from careerrep.models.result import interval_level, tail_probability

__all__ = ["CompetingHazardModel", "DiscreteHazardModel", "HazardFit"]

_LINKS = ("logit", "cloglog")


@dataclass(frozen=True, eq=False)
class HazardFit:
    """A fitted discrete-time hazard model on R's parameter scale.

    Attributes
    ----------
    params, cov
        Estimates and their covariance (``glm``/``multinom`` naming: the
        intercept is ``"Intercept"``; competing exits ``"<exit>:<coef>"``).
    link
        ``"logit"``, ``"cloglog"`` or ``"multinomial"``.
    exits
        The exit types whose hazards the model gives (``("exit",)`` for a
        binary model).
    loglik, nobs, converged
        From the underlying family's fit (refit ``model.model.fit()`` for its
        own ``MLEResult``; it is not kept, so this result pickles).
    design_spec
        formulaic ``ModelSpec`` of the predictors (intercept included), so
        effects can rebuild the design of new rows at any parameter draw.
    """

    params: pd.Series
    cov: pd.DataFrame = field(repr=False)
    link: str
    exits: tuple[str, ...]
    loglik: float
    nobs: float
    converged: bool
    design_spec: Any = field(repr=False)

    @property
    def bse(self) -> pd.Series:
        """Standard errors."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    def conf_int(self, alpha: float | None = None, *, level: float | None = None) -> pd.DataFrame:
        """Wald intervals at ``level`` (default 0.95): columns ``lower``, ``upper``.

        ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).
        """
        tail = tail_probability(interval_level(level, where="HazardFit.conf_int", alpha=alpha))
        z = special.ndtri(1.0 - tail / 2.0)
        return pd.DataFrame({"lower": self.params - z * self.bse, "upper": self.params + z * self.bse})

    def hazard(self, newdata: pd.DataFrame) -> pd.DataFrame:
        """Per-period hazard of each exit type for person-period rows ``newdata``.

        Returns one column per exit type (probability of that exit in the row's
        period given in post at its start), rows as ``newdata``.
        """
        hazards = self.hazards_at(self.params.to_numpy(), self.design(newdata))
        return pd.DataFrame(hazards, columns=list(self.exits), index=newdata.index)

    def design(self, newdata: pd.DataFrame) -> np.ndarray:
        """``(n, p)`` predictor matrix of person-period rows ``newdata`` (columns as one parameter block)."""
        return np.asarray(self.design_spec.get_model_matrix(newdata), dtype=np.float64)

    def hazards_at(self, params: np.ndarray, X: np.ndarray) -> np.ndarray:
        """``(..., n, K)`` per-period hazards of the ``K`` exit types at parameter vectors ``(..., P)``.

        ``params`` on this fit's scale (``self.params`` order); ``X`` from :meth:`design`.
        """
        shape = np.shape(params)[:-1]
        blocks = np.asarray(params, dtype=np.float64).reshape(*shape, len(self.exits), X.shape[1])
        eta = np.einsum("np,...kp->...nk", X, blocks)
        if self.link == "logit":
            return np.asarray(special.expit(eta))
        if self.link == "cloglog":
            return -np.expm1(-np.exp(eta))
        stay = np.zeros((*eta.shape[:-1], 1))
        return np.asarray(special.softmax(np.concatenate([stay, eta], axis=-1), axis=-1)[..., 1:])


def _design_spec(formula: str, data: pd.DataFrame, names: Sequence[str]) -> Any:
    """The formulaic spec of the right-hand side, checked against the fitted coefficient names."""
    spec = model_matrix(formula.split("~", 1)[1], data).model_spec
    built = list(spec.column_names)
    if built != list(names):
        raise ModelSpecError(
            f"cannot rebuild the design of {formula!r}: columns {built} != coefficients {list(names)}"
        )
    return spec


def _event_levels(data: pd.DataFrame, formula: str) -> str:
    lhs = formula.split("~")[0].strip()
    if lhs not in data.columns:
        raise ModelSpecError(f"outcome column {lhs!r} is not in the data")
    values = pd.to_numeric(data[lhs], errors="coerce")
    if values.isna().any() or not values.isin([0, 1]).all():
        raise ModelSpecError(f"event column {lhs!r} must be 0/1 on every person-period row")
    return lhs


@dataclass(frozen=True, eq=False, init=False)
class DiscreteHazardModel:
    """Discrete-time hazard of any exit: ``g(h(t | x)) = x'beta`` with ``g`` logit or cloglog.

    Parameters
    ----------
    formula
        ``"event ~ predictors"`` on person-period rows; put the baseline
        hazard in the predictors (``C(period)``, ``np.log(stop)``...).
    data
        Person-period rows.
    link
        ``"logit"`` or ``"cloglog"``.
    """

    formula: str
    link: str
    model: Any = field(repr=False)
    data: pd.DataFrame = field(repr=False)

    def __init__(self, formula: str, data: pd.DataFrame, link: str = "logit") -> None:
        if link not in _LINKS:
            raise ModelSpecError(f"link must be one of {_LINKS}, got {link!r}")
        outcome = _event_levels(data, formula)
        frame = data.assign(**{outcome: pd.to_numeric(data[outcome]).astype(np.int64)})
        if link == "logit":
            model: Any = LogitModel(formula, frame, levels=[0, 1])
        else:
            # P(Y <= "1") = P(event) = F(theta - x'beta): the exit level comes first.
            model = OrdinalModel(formula, frame, link="cloglog", levels=[1, 0])
        object.__setattr__(self, "formula", formula)
        object.__setattr__(self, "link", link)
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "data", frame)

    def fit(self, cov: str = "nonrobust", groups: Any = None) -> HazardFit:
        """Maximum likelihood; ``cov="cluster"`` with ``groups`` (e.g. the official) for robust SEs."""
        result = self.model.fit(cov=cov, groups=_cluster_values(self.data, groups))
        params, covariance = result.params, result.cov_params()
        if self.link == "cloglog":
            params, covariance = _glm_scale(params, covariance)
        return HazardFit(
            params=params,
            cov=covariance,
            link=self.link,
            exits=("exit",),
            loglik=float(result.loglik),
            nobs=float(result.nobs),
            converged=bool(result.converged),
            design_spec=_design_spec(self.formula, self.data, list(params.index)),
        )

    def sample(self, draws: int = 1000, chains: int = 4, seed: Any = None, **kwargs: Any) -> Any:
        """Bayesian fit of the same hazard model with PyMC (the underlying family's ``sample``).

        Returns its ``PosteriorResult``. Parameters are on that family's scale:
        for ``link="logit"`` the same as :meth:`fit`; for ``link="cloglog"`` the
        ordinal scale, where the threshold is the glm intercept and each
        coefficient is minus the glm slope (``exp(-coef)`` is the hazard ratio).
        Keywords (``priors=``, ``tune=``...) go to the family's ``sample``.
        """
        return self.model.sample(draws=draws, chains=chains, seed=seed, **kwargs)


def _glm_scale(params: pd.Series, covariance: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Ordinal ``(beta, theta)`` -> glm ``(Intercept = theta, slopes = -beta)`` with the covariance."""
    threshold = params.index[-1]
    order = [threshold, *params.index[:-1]]
    sign = np.array([1.0] + [-1.0] * (len(params) - 1))
    values = params[order].to_numpy() * sign
    matrix = covariance.loc[order, order].to_numpy() * np.outer(sign, sign)
    names = ["Intercept", *params.index[:-1]]
    return pd.Series(values, index=names), pd.DataFrame(matrix, index=names, columns=names)


@dataclass(frozen=True, eq=False, init=False)
class CompetingHazardModel:
    """Discrete-time competing exits: multinomial logit of ``exit_type`` against staying.

    ``log(h_j(t | x) / (1 - sum_k h_k(t | x))) = x'beta_j`` for each exit type
    ``j``. Parameters are named ``"<exit>:<coef>"`` (R ``multinom`` rows).

    Parameters
    ----------
    formula
        ``"exit_type ~ predictors"`` on person-period rows.
    data
        Person-period rows.
    exits
        Exit types in parameter-block order; default: the values other than
        ``"none"``, sorted (or in categorical order).
    """

    formula: str
    exits: tuple[str, ...]
    model: Any = field(repr=False)
    data: pd.DataFrame = field(repr=False)

    def __init__(self, formula: str, data: pd.DataFrame, exits: tuple[str, ...] | None = None) -> None:
        outcome = formula.split("~")[0].strip()
        if outcome not in data.columns:
            raise ModelSpecError(f"outcome column {outcome!r} is not in the data")
        values = data[outcome].astype(str)
        if NO_EXIT not in set(values):
            raise ModelSpecError(
                f"outcome column {outcome!r} has no {NO_EXIT!r} rows (periods without an exit)"
            )
        found = sorted(set(values) - {NO_EXIT})
        if isinstance(data[outcome].dtype, pd.CategoricalDtype):
            found = [str(c) for c in data[outcome].cat.categories if str(c) in found]
        order = tuple(found) if exits is None else tuple(str(e) for e in exits)
        unknown = sorted(set(found) - set(order))
        if unknown:
            raise ModelSpecError(f"exit types {unknown} are in the data but not in exits={list(order)}")
        frame = data.assign(**{outcome: values})
        model = MultinomialModel(formula, frame, levels=[NO_EXIT, *order], reference=NO_EXIT)
        object.__setattr__(self, "formula", formula)
        object.__setattr__(self, "exits", order)
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "data", frame)

    def fit(self, cov: str = "nonrobust", groups: Any = None) -> HazardFit:
        """Maximum likelihood (Newton); ``cov="cluster"`` with ``groups`` for robust SEs."""
        result = self.model.fit(cov=cov, groups=_cluster_values(self.data, groups))
        return HazardFit(
            params=result.params,
            cov=result.cov_params(),
            link="multinomial",
            exits=self.exits,
            loglik=float(result.loglik),
            nobs=float(result.nobs),
            converged=bool(result.converged),
            design_spec=_design_spec(self.formula, self.data, _block_names(result.params, self.exits)),
        )

    def sample(self, draws: int = 1000, chains: int = 4, seed: Any = None, **kwargs: Any) -> Any:
        """Bayesian fit with PyMC (``MultinomialModel.sample``); parameters named as in :meth:`fit`.

        Returns the family's ``PosteriorResult``; keywords go to its ``sample``.
        """
        return self.model.sample(draws=draws, chains=chains, seed=seed, **kwargs)


def _block_names(params: pd.Series, exits: tuple[str, ...]) -> list[str]:
    """Coefficient names of one ``"<exit>:<coef>"`` block."""
    prefix = f"{exits[0]}:"
    return [name[len(prefix) :] for name in params.index if name.startswith(prefix)]


def _cluster_values(frame: pd.DataFrame, groups: Any) -> Any:
    """A ``groups=`` column name as its values (the inner model keeps only its formula's columns)."""
    if not isinstance(groups, str):
        return groups
    if groups not in frame.columns:
        raise ModelSpecError(f"groups column {groups!r} is not in the person-period data")
    return frame[groups].to_numpy()
