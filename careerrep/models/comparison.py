"""Which model? Likelihood-ratio tests, information criteria and pseudo-R^2.

:func:`compare` takes two or more fits of the same cases and picks the test
that fits their type, and says which it used:

* maximum-likelihood fits (:class:`MLEResult`): a table of log-likelihood,
  number of parameters, AIC, BIC and McFadden/Nagelkerke pseudo-R^2 per fit,
  and a likelihood-ratio test of each fit against the next smaller one *when
  the smaller is nested in it* (same family and link, its terms a subset:
  a parallel term of the smaller may be category-specific in the larger, as
  proportional odds inside ``nominal=``). Non-nested pairs (cumulative vs
  sequential, logit vs probit) get no LR test, only AIC/BIC, and the note says so.
* posterior fits (``PosteriorResult``): PSIS-LOO via ArviZ
  (:func:`careerrep.models.bayes.loo.compare`).

Pseudo-R^2 compare the fit with the thresholds-only (intercept-only) model of
the same outcome, whose log-likelihood is ``sum_k n_k log(n_k / n)``:
McFadden ``1 - l / l0``; Nagelkerke (Cragg-Uhler)
``(1 - exp(2 (l0 - l) / n)) / (1 - exp(2 l0 / n))``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from careerrep.errors import ModelSpecError

# A maximum-likelihood fit (an ``MLEResult``, a ``MixedResult``): anything with a log-likelihood
# and no posterior. Not imported as a class: report.summary uses this module and
# models.result uses report.summary, so importing models.result here would close a cycle.
MLEResult = Any


def _is_ml_fit(result: Any) -> bool:
    return hasattr(result, "loglik") and not hasattr(result, "idata")


_THRESHOLD_FAMILIES = ("ordinal", "cumulative", "sequential", "adjacent")


def _family_name(model: Any) -> str:
    """The model's family name, whether ``family`` is a name or a family object with a ``name``."""
    family = getattr(model, "family", "")
    return family if isinstance(family, str) else str(getattr(family, "name", type(family).__name__))


def null_loglik(result: MLEResult) -> float:
    """Log-likelihood of the thresholds-only (intercept-only) model of the same cases.

    Raises
    ------
    ModelSpecError
        For a logit or multinomial fit without an intercept (no null model nested in it).
    """
    model = result.model
    if _family_name(model) not in _THRESHOLD_FAMILIES and "Intercept" not in model.coef_names:
        raise ModelSpecError("pseudo-R^2 needs a model with an intercept (or thresholds)")
    counts = np.bincount(model.design.y, weights=model.design.weights, minlength=len(model.labels))
    counts = counts[counts > 0]
    return float(counts @ np.log(counts / counts.sum()))


def mcfadden_r2(result: MLEResult) -> float:
    """McFadden's pseudo-R^2, ``1 - loglik / loglik_null`` (0 = no better than the shares)."""
    return 1.0 - result.loglik / null_loglik(result)


def nagelkerke_r2(result: MLEResult) -> float:
    """Nagelkerke's (Cragg-Uhler) pseudo-R^2: Cox-Snell rescaled to reach 1 at a perfect fit."""
    l0, n = null_loglik(result), result.nobs
    return float(-np.expm1(2.0 * (l0 - result.loglik) / n) / -np.expm1(2.0 * l0 / n))


def _signature(result: MLEResult) -> tuple[tuple[str, ...], set[str], set[str], set[str]]:
    """Family key and the location, category-specific and scale columns of a fit."""
    model = result.model
    family = _family_name(model)
    key = {"ordinal": "cumulative"}.get(family, family)
    nominal = set(getattr(getattr(model, "nominal_terms", None), "names", ()))
    scale = set(getattr(getattr(model, "scale_terms", None), "names", ()))
    return (
        (key, getattr(model, "kind", ""), getattr(model, "link", "")),
        set(model.coef_names),
        nominal,
        scale,
    )


def is_nested(small: MLEResult, large: MLEResult) -> bool:
    """Whether ``small`` is a special case of ``large`` (same family and link, fewer terms).

    A location term of ``small`` may be a location or a category-specific
    (nominal) term of ``large``; nominal and scale terms must stay.
    """
    key_s, loc_s, nom_s, scale_s = _signature(small)
    key_l, loc_l, nom_l, scale_l = _signature(large)
    return (
        key_s == key_l
        and loc_s <= loc_l | nom_l
        and nom_s <= nom_l
        and scale_s <= scale_l
        and small.df_model < large.df_model
    )


def _same_cases(results: list[Any]) -> None:
    first = results[0].model.design
    for r in results[1:]:
        d = r.model.design
        same = (
            len(d.y) == len(first.y)
            and np.array_equal(d.row_index, first.row_index)
            and np.array_equal(d.weights, first.weights)
            and tuple(r.model.labels) == tuple(results[0].model.labels)
            and np.array_equal(d.y, first.y)
        )
        if not same:
            raise ModelSpecError(
                "compare needs fits of the same cases (rows, outcome and weights); "
                f"got nobs {[x.nobs for x in results]}"
            )


@dataclass(frozen=True, eq=False)
class Comparison:
    """Result of :func:`compare`.

    Attributes
    ----------
    test
        Which comparison was made, in words.
    table
        One row per fit (ML: ``loglik, df, nobs, aic, bic, mcfadden_r2,
        nagelkerke_r2, lr_chi2, lr_df, p_value, against``; the LR columns are
        NaN / empty where no nested smaller fit exists). Posterior: ArviZ's table.
    notes
        What the reader must know (non-nested pairs, the test used).
    descriptions
        One line per fit: its name and model header.
    """

    test: str
    table: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()

    def summary(self) -> str:
        """Readable text: the test used, the fits, the table, the notes."""
        body = self.table.to_string(float_format=lambda v: f"{v:.4g}")
        return "\n".join([f"Model comparison: {self.test}", *self.descriptions, body, *self.notes])

    def __str__(self) -> str:
        return self.summary()


def compare(*results: Any, names: list[str] | None = None) -> Comparison:
    """Compare fits of the same cases with the test their type calls for.

    Parameters
    ----------
    *results
        Two or more ``MLEResult`` (likelihood-ratio tests for nested pairs, AIC,
        BIC, pseudo-R^2) or two or more ``PosteriorResult`` (PSIS-LOO). Not mixed.
    names
        Row labels (default ``"model 1"``, ...).

    Returns
    -------
    Comparison
        ML fits are ordered by number of parameters; each fit is tested against
        the largest smaller fit nested in it (``against``).

    Raises
    ------
    ModelSpecError
        Fewer than two fits, mixed result types, or fits of different cases.
    """
    if len(results) < 2:
        raise ModelSpecError(f"compare needs at least two fits, got {len(results)}")
    labels = names if names is not None else [f"model {i + 1}" for i in range(len(results))]
    if len(labels) != len(results):
        raise ModelSpecError(f"names has {len(labels)} entries for {len(results)} fits")
    if all(_is_ml_fit(r) for r in results):
        return _compare_mle(list(results), labels)
    if all(hasattr(r, "idata") for r in results):
        from careerrep.models.bayes.loo import compare as loo_compare

        table = loo_compare(dict(zip(labels, results, strict=True)))
        return Comparison("PSIS-LOO (expected log predictive density, ArviZ compare)", table)
    kinds = sorted({type(r).__name__ for r in results})
    raise ModelSpecError(f"compare needs fits of one kind (all ML or all posterior), got {kinds}")


def _compare_mle(results: list[MLEResult], labels: list[str]) -> Comparison:
    _same_cases(results)
    order = sorted(range(len(results)), key=lambda i: results[i].df_model)
    rows, notes = [], []
    for pos, i in enumerate(order):
        r = results[i]
        row: dict[str, Any] = {
            "model": labels[i],
            "loglik": r.loglik,
            "df": r.df_model,
            "nobs": r.nobs,
            "aic": r.aic,
            "bic": r.bic,
            "mcfadden_r2": mcfadden_r2(r),
            "nagelkerke_r2": nagelkerke_r2(r),
            "lr_chi2": np.nan,
            "lr_df": np.nan,
            "p_value": np.nan,
            "against": "",
        }
        smaller = [j for j in order[:pos] if is_nested(results[j], r)]
        if smaller:
            j = smaller[-1]
            stat = max(2.0 * (r.loglik - results[j].loglik), 0.0)
            df = r.df_model - results[j].df_model
            row.update(lr_chi2=stat, lr_df=df, p_value=float(special.chdtrc(df, stat)), against=labels[j])
        elif pos > 0:
            notes.append(
                f"{labels[i]} nests none of the smaller fits (different family, link or terms): "
                f"compare it by AIC/BIC only"
            )
        rows.append(row)
    if any(r.cov_type != "nonrobust" for r in results):
        notes.append("LR tests use the model likelihood; the fits' robust covariances do not enter them")
    table = pd.DataFrame(rows).set_index("model")
    descriptions = tuple(f"  {labels[i]}: {results[i].model.describe()[0]}" for i in order)
    test = "likelihood-ratio tests of nested ML fits; AIC/BIC for all"
    return Comparison(test, table, tuple(notes), descriptions)
