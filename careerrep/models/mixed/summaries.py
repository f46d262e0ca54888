"""Tables a mixed fit reports: variance components, group effects, ICC, LR tests.

* Conditional modes ``b_hat = Lambda u_hat`` per group with conditional SDs
  from ``Lambda (A'WA + I)^-1 Lambda'`` (lme4's ``condVar``, ordinal's
  ``condVar``).
* ICC on the latent scale: a term's intercept variance over the sum of the
  intercept variances and the link's residual variance (``pi^2/3`` logit,
  1 probit, ``pi^2/6`` cloglog); slopes do not enter (the ICC is at slope
  covariates 0).
* LR test of each term against the model without it (or, for an intercept
  and slope term, without the slope). The null value of a variance is on the
  boundary of its space, so the statistic is not chi-square: it is a 50:50
  mixture of ``chi2(q)`` and ``chi2(q + 1)`` (Self & Liang 1987; Stram & Lee
  1994), ``q = 0`` for a random intercept.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd
from scipy import linalg, special

from careerrep.models.mixed.laplace import InnerSolution
from careerrep.models.mixed.parameters import sd_corr

# Variance of the standard latent error of each link.
LATENT_VARIANCE = {"logit": np.pi**2 / 3.0, "probit": 1.0, "cloglog": np.pi**2 / 6.0}


def variance_table(model: Any, estimate: Any, cov: np.ndarray) -> pd.DataFrame:
    """One row per SD and correlation: term, group, kind, estimate, SE, boundary flag."""
    rows = []
    n_fixed = len(model.coef_names) + len(model.thresholds)
    position = n_fixed
    names = model.param_names
    for term in model.terms:
        kinds = [("sd", c) for c in term.columns]
        if term.size == 2:
            kinds.append(("cor", f"{term.columns[0]},{term.columns[1]}"))
        for kind, column in kinds:
            value = estimate.z[position]
            estimate_value = float(np.exp(value)) if kind == "sd" else float(np.tanh(value))
            rows.append(
                {
                    "parameter": names[position],
                    "term": term.spec.label,
                    "group": term.spec.group,
                    "kind": kind,
                    "column": column,
                    "estimate": estimate_value,
                    "std_error": float(np.sqrt(cov[position, position])),
                    "on_boundary": not bool(estimate.free[position]),
                }
            )
            position += 1
    return pd.DataFrame(rows).set_index("parameter")


def group_effects(
    model: Any, solution: InnerSolution, factors: tuple[np.ndarray, ...]
) -> dict[str, pd.DataFrame]:
    """Per term: conditional modes of the group effects and their conditional SDs.

    Returns
    -------
    dict
        ``term label -> DataFrame`` indexed by group level, columns ``<col>`` (mode,
        latent-scale units) and ``cond_sd(<col>)`` for each random column.
    """
    out: dict[str, pd.DataFrame] = {}
    dense_inverse = None
    if solution.dense is not None:
        dense_inverse = linalg.cho_solve(
            linalg.cho_factor(solution.dense, lower=True), np.eye(len(solution.dense))
        )
    offset = 0
    for term, lam in zip(model.terms, factors, strict=True):
        r, groups = term.size, term.n_groups
        u = solution.u[offset : offset + r * groups].reshape(groups, r)
        if solution.blocks is not None:
            inner = np.linalg.inv(solution.blocks)
        else:
            assert dense_inverse is not None
            idx = offset + np.arange(groups)[:, None] * r + np.arange(r)[None, :]
            inner = dense_inverse[idx[:, :, None], idx[:, None, :]]
        modes = u @ lam.T
        cond_cov = lam[None, :, :] @ inner @ lam.T[None, :, :]
        cond_sd = np.sqrt(np.maximum(np.diagonal(cond_cov, axis1=1, axis2=2), 0.0))
        frame = pd.DataFrame(
            modes, index=pd.Index(term.levels, name=term.spec.group), columns=list(term.columns)
        )
        for k, column in enumerate(term.columns):
            frame[f"cond_sd({column})"] = cond_sd[:, k]
        out[term.spec.label] = frame
        offset += r * groups
    return out


def icc_table(model: Any, factors: tuple[np.ndarray, ...]) -> pd.DataFrame:
    """Latent-scale ICC of each term's random intercept (NaN for a term without one)."""
    residual = LATENT_VARIANCE[model.link]
    intercept_var = []
    for term, lam in zip(model.terms, factors, strict=True):
        sd, _ = sd_corr(lam)
        intercept_var.append(float(sd[0] ** 2) if term.columns[0] == "Intercept" else np.nan)
    total = np.nansum(intercept_var) + residual
    return pd.DataFrame(
        {
            "term": [t.spec.label for t in model.terms],
            "intercept_variance": intercept_var,
            "latent_residual_variance": residual,
            "icc": [v / total for v in intercept_var],
        }
    ).set_index("term")


def mixture_p_value(statistic: float, df_low: int) -> float:
    """``P(T >= statistic)`` under the 50:50 mixture of ``chi2(df_low)`` and ``chi2(df_low + 1)``."""
    stat = max(float(statistic), 0.0)

    def tail(df: int) -> float:
        if df == 0:
            return 1.0 if stat <= 0.0 else 0.0
        return float(special.chdtrc(df, stat))

    return 0.5 * tail(df_low) + 0.5 * tail(df_low + 1)


def lr_test_row(model: Any, index: int, loglik: float, fixed_loglik: float, n_agq: int) -> dict[str, Any]:
    """LR test of term ``index``: refit without it (or without its slope) and compare."""
    from careerrep.models.mixed.estimate import maximise
    from careerrep.models.mixed.problem import _start, build_problem, fixed_effects_fit

    term = model.terms[index]
    if term.size == 2 and term.columns[0] == "Intercept":
        reduced = dataclasses.replace(term, columns=term.columns[:1], values=term.values[:, :1].copy())
        null_terms = (*model.terms[:index], reduced, *model.terms[index + 1 :])
        null_desc, df_low = f"{term.spec.group} with a random intercept only", 1
    else:
        null_terms = (*model.terms[:index], *model.terms[index + 1 :])
        null_desc, df_low = f"no {term.spec.label} term", term.size * (term.size + 1) // 2 - 1
    if null_terms:
        problem = build_problem(model, terms=null_terms, n_agq=n_agq if len(null_terms) == 1 else 1)
        fixed_start, _ = fixed_effects_fit(model)
        null_loglik = maximise(problem, _start(fixed_start, problem.layout)).loglik
    else:
        null_loglik = fixed_loglik
    statistic = 2.0 * (loglik - null_loglik)
    # Both fits are maximised to ~1e-9 in the log-likelihood: a smaller statistic is 0
    # (the estimate is on the boundary), which the chi-square(0) half puts at p = 1.
    statistic = 0.0 if statistic < 1e-7 else statistic
    p_value = mixture_p_value(statistic, df_low)
    note = (
        f"LR test of {term.spec.label} against {null_desc}: LR = {statistic:.4g}, p = {p_value:.4g}. "
        f"Under the null a variance sits on the boundary of its parameter space (an SD of 0), so p "
        f"is from a 50:50 mixture of chi-square({df_low}) and chi-square({df_low + 1}), not from "
        f"chi-square({df_low + 1}); the naive p would be {special.chdtrc(df_low + 1, statistic):.4g}."
    )
    return {
        "term": term.spec.label,
        "null_model": null_desc,
        "loglik": loglik,
        "null_loglik": null_loglik,
        "statistic": statistic,
        "mixture": f"0.5 chi2({df_low}) + 0.5 chi2({df_low + 1})",
        "p_value": p_value,
        "note": note,
    }
