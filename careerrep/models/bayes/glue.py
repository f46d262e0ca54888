"""From a careerrep model object (``OrdinalModel``, ``LogitModel``, ...) to a posterior.

The model classes delegate ``.sample()`` here. This file only translates: the
model's :class:`~careerrep.models.design.Design` becomes a
:class:`~careerrep.models.bayes.arrays.BayesData` (intercept column removed,
latent columns declared), and new data becomes predictors plus group codes.
All statistics live in the array-level modules.

Two options need the model's raw data rather than its design:

* ``latent_shares={"comment_negative_share": (data["neg_count"], data["n_comments"])}``:
  the share column is replaced by a latent true share with a binomial
  likelihood for ``neg_count`` out of ``n_comments`` (count values, or the
  names of columns the model keeps);
* ``missing="model"``: cases whose only gap is a continuous predictor are put
  back and the gap imputed inside the model (the default ``"drop"`` keeps the
  design's listwise deletion, which already warned how many cases it dropped).

Both require the column to enter the formula linearly (its design column has
the variable's own name).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.bayes.arrays import BayesData, LatentShare, MissingCovariate
from careerrep.models.bayes.build import build_model
from careerrep.models.bayes.draws import category_logp, linear_predictor, row_chunks
from careerrep.models.bayes.priors import Priors, resolve_priors
from careerrep.models.bayes.result import PosteriorResult, draw_set, reported_draws
from careerrep.models.bayes.sampler import quiet_prior_predictive, sample_arrays
from careerrep.models.family import Family


def sample_model(
    model: Any,
    draws: int = 1000,
    chains: int = 4,
    seed: int | np.random.Generator | None = None,
    priors: Priors | Mapping[str, Any] | None = None,
    *,
    latent_shares: Mapping[str, tuple[Any, Any]] | None = None,
    missing: str = "drop",
    **kwargs: Any,
) -> PosteriorResult:
    """Sample the posterior of a careerrep model with PyMC (NUTS).

    Parameters
    ----------
    model
        ``OrdinalModel``, ``LogitModel`` or ``MultinomialModel``.
    draws, chains
        Kept draws per chain and number of chains.
    seed
        Integer seed or numpy Generator; the same seed gives the same draws.
    priors
        :class:`Priors`, a dict of overrides (e.g. ``{"thresholds": "normal"}``)
        or None for the defaults described in :mod:`careerrep.models.bayes.priors`.
    latent_shares
        ``{share column: (successes, trials)}``: model the share as a latent
        proportion measured by binomial counts. Each count is its values (one
        per row of the data, e.g. ``data["neg_count"]``) or the name of a column
        the model keeps (a model keeps only the columns its formula uses).
    missing
        ``"drop"`` (default, listwise deletion by the design) or ``"model"``
        (impute missing continuous predictors inside the model).
    **kwargs
        Passed to :func:`~careerrep.models.bayes.sampler.sample_arrays`
        (``tune``, ``cores``, ``target_accept``, ``nuts_sampler``, ``backend``, ``progress``).

    Returns
    -------
    PosteriorResult
    """
    data, row_index = model_arrays(model, latent_shares, missing)
    return sample_arrays(
        data,
        draws=draws,
        chains=chains,
        seed=_integer_seed(seed),
        priors=priors,
        new_design=functools.partial(new_predictors, model),  # picklable, unlike a lambda
        row_index=row_index,
        model=model,
        **kwargs,
    )


def _integer_seed(seed: int | np.random.Generator | None) -> int | None:
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**31 - 1))
    return seed


def model_arrays(
    model: Any,
    latent_shares: Mapping[str, tuple[Any, Any]] | None = None,
    missing: str = "drop",
) -> tuple[BayesData, pd.Index]:
    """The :class:`BayesData` and fitted-row index for ``model``."""
    if missing not in ("drop", "model"):
        raise ModelSpecError(f"missing = {missing!r}; choose 'drop' or 'model'")
    design = model.design
    X, names, y, weights, row_index = (
        design.X,
        list(design.coef_names),
        design.y,
        design.weights,
        design.row_index,
    )
    groups = dict(design.groups)
    missing_specs: tuple[MissingCovariate, ...] = ()
    if missing == "model":
        X, y, weights, row_index, groups, missing_specs = _restore_missing_rows(model)
    X, names = _without_intercept(X, names, model.family)
    shares = tuple(
        _latent_share(model, column, counts, row_index, names)
        for column, counts in (latent_shares or {}).items()
    )
    data = BayesData(
        family=model.family,
        X=X,
        y=y,
        labels=tuple(model.labels),
        coef_names=tuple(names),
        weights=weights,
        groups=groups,
        latent_shares=shares,
        missing=missing_specs,
    )
    return data, row_index


def _without_intercept(X: np.ndarray, names: list[str], family: Family) -> tuple[np.ndarray, list[str]]:
    """Drop the design's intercept column: the sampler adds its own (centred) intercept."""
    if "Intercept" not in family.columns or "Intercept" not in names:
        return X, names
    j = names.index("Intercept")
    return np.delete(X, j, axis=1), [n for n in names if n != "Intercept"]


def group_column(term: str) -> str:
    """Data column of a random-intercept term: ``"(1|country)"`` -> ``"country"``."""
    match = re.fullmatch(r"\(\s*1\s*\|\s*(.+?)\s*\)", term)
    return match.group(1) if match else term


def new_predictors(model: Any, newdata: Any) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(X without intercept, group codes) for new data; unseen group levels get -1."""
    X = model.design_matrix(newdata)
    X, _ = _without_intercept(X, list(model.design.coef_names), model.family)
    frame = newdata if isinstance(newdata, pd.DataFrame) else newdata.signals()
    codes = {}
    for term, (_, levels) in model.design.groups.items():
        column = group_column(term)
        lookup = {level: code for code, level in enumerate(levels)}
        values = frame[column] if column in frame else pd.Series([None] * len(frame))
        codes[term] = np.array([lookup.get(str(v), -1) for v in values], dtype=np.int64)
    return X, codes


def _latent_share(
    model: Any, column: str, counts: tuple[Any, Any], row_index: pd.Index, names: list[str]
) -> LatentShare:
    if column not in names:
        raise ModelSpecError(
            f"latent share {column!r} must enter the formula linearly as a predictor; "
            f"predictor columns: {names}"
        )
    successes_col, trials_col = counts
    successes = _count_values(model, successes_col, row_index, column)
    trials = _count_values(model, trials_col, row_index, column)
    bad = ~np.isfinite(successes) | ~np.isfinite(trials) | (successes < 0) | (successes > trials)
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        raise ModelSpecError(
            f"row {row_index[at]!r}: {_label(successes_col, 'successes')} = {successes[at]!r} out of "
            f"{_label(trials_col, 'trials')} = {trials[at]!r} is not a valid count pair"
        )
    return LatentShare(column, successes.astype(np.int64), trials.astype(np.int64))


def _label(counts: Any, fallback: str) -> str:
    return counts if isinstance(counts, str) else fallback


def _count_values(model: Any, counts: Any, row_index: pd.Index, share: str) -> np.ndarray:
    """Counts per used row from a column the model keeps, or from values (one per row of the data).

    A model keeps only the columns its formula uses, so count columns outside
    it are passed as values: ``(data["neg_count"], data["n_comments"])``.
    """
    frame = model.data
    if isinstance(counts, str):
        if counts not in frame.columns:
            raise ModelSpecError(
                f"count column {counts!r} for latent share {share!r} is not among the columns the "
                f"model keeps ({list(frame.columns)}); pass the values, e.g. data[{counts!r}]"
            )
        return np.asarray(frame.loc[row_index, counts].to_numpy(dtype=float))
    values = np.asarray(counts, dtype=float)
    if values.shape == (len(frame),):
        return np.asarray(pd.Series(values, index=frame.index).loc[row_index].to_numpy())
    if values.shape == (len(row_index),):
        return values
    raise ModelSpecError(
        f"counts for latent share {share!r} have shape {values.shape}; expected "
        f"({len(frame)},) (one per row of the data) or ({len(row_index)},) (one per used row)"
    )


def _restore_missing_rows(model: Any) -> tuple[Any, ...]:
    """Design arrays with the cases whose only gap is a continuous predictor put back."""
    design, frame = model.design, model.data
    if not np.allclose(design.weights, 1.0):
        raise ModelSpecError("missing='model' is implemented for unweighted models only")
    if design.groups:
        raise ModelSpecError("missing='model' cannot be combined with (1|group) terms yet")
    lhs = model.formula.split("~", 1)[0].strip()
    gaps = [c for c in design.coef_names if c in frame.columns and frame[c].isna().any()]
    if not gaps:
        return design.X, design.y, design.weights, design.row_index, dict(design.groups), ()
    for column in gaps:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise ModelSpecError(f"missing='model' imputes numeric columns only; {column!r} is not")
    others = [c for c in frame.columns if c not in gaps]
    needed = [lhs] + [c for c in others if c in _formula_variables(model.formula)]
    usable = frame[needed].notna().all(axis=1)
    rows = frame.loc[usable]
    filled = rows.copy()
    for column in gaps:
        filled[column] = filled[column].fillna(filled[column].mean())
    X = model.design_matrix(filled)
    lookup = {label: code for code, label in enumerate(model.labels)}
    y = np.array([lookup[str(v)] for v in rows[lhs]], dtype=np.int64)
    names = list(design.coef_names)
    specs = tuple(MissingCovariate(c, rows[c].isna().to_numpy()) for c in gaps if c in names)
    return X, y, np.ones(len(rows)), rows.index, {}, specs


def _formula_variables(formula: str) -> set[str]:
    from formulaic import Formula

    rhs = formula.split("~", 1)[1]
    rhs = re.sub(r"\+?\s*\(\s*1\s*\|[^)]*\)", " ", rhs).strip() or "1"
    return set(Formula(rhs).required_variables)


def prior_predictive(
    model_or_data: Any,
    draws: int = 500,
    seed: int | None = None,
    priors: Priors | Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """What the priors imply, before seeing the outcomes.

    Parameters
    ----------
    model_or_data
        A careerrep model or a :class:`BayesData`.
    draws
        Number of prior draws.
    seed
        Seed for the prior draws.
    priors
        Prior choices as in :func:`sample_model`.

    Returns
    -------
    pd.DataFrame
        One row per prior draw: the reported parameters (named as in
        ``params``), then ``P(<label>)``, the implied probability of each
        outcome averaged over the model's cases.
    """
    data = model_or_data if isinstance(model_or_data, BayesData) else model_arrays(model_or_data)[0]
    resolved = resolve_priors(priors)
    built = build_model(data, resolved)
    prior = quiet_prior_predictive(built.model, draws, seed).prior

    drawset = draw_set(prior, data.family, built.group_names)
    S = drawset.n_draws
    codes = {t: np.asarray(c) for t, (c, _) in data.groups.items()}
    weights = np.asarray(data.weights)
    totals = np.zeros((S, data.n_categories))
    for rows in row_chunks(data.X.shape[0], S, data.n_categories):
        eta = linear_predictor(drawset, data.X[rows], {t: c[rows] for t, c in codes.items()})
        probs = np.exp(category_logp(drawset, eta))
        totals += np.einsum("snk,n->sk", probs, weights[rows])
    shares = totals / weights.sum()
    layout = data.layout
    params = reported_draws(prior, data.family, layout, built.group_names)
    columns = [*layout.names, *(f"P({label})" for label in data.labels)]
    return pd.DataFrame(np.concatenate([params, shares], axis=1), columns=columns)
