"""Is the parallel-lines (proportional odds) assumption of an ordinal fit tenable?

Two checks, reported together:

* **Brant (1990) Wald test.** Fit the ``K - 1`` binary models
  ``P(Y > k) = G(gamma_k + x'beta_k)`` separately (``G(t) = 1 - F(-t)``, the
  logistic for the logit link), estimate the joint covariance of the stacked
  slopes with Brant's formula
  ``Cov(b_k, b_l) = I_k^{-1} X' diag(w c_k c_l (pi_l - pi_k pi_l)) X I_l^{-1}``
  (``l >= k``, ``c = g / (pi (1 - pi))``, which is 1 for the logit), and test
  ``beta_1 = ... = beta_{K-1}`` overall (df ``p (K - 2)``) and per variable
  (df ``K - 2``). This is what R's ``brant`` package computes.
* **Likelihood ratio against the multinomial logit** with the same
  predictors: ``2 (l_multinomial - l_ordinal)`` on ``p (K - 2)`` df. The
  proportional-odds model is not strictly nested in the multinomial, so read
  this as an approximate, complementary check.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import linalg, special

from careerrep.errors import ModelSpecError
from careerrep.models.families.ordinal import CumulativeFamily
from careerrep.models.family import Role
from careerrep.models.links import get_link
from careerrep.models.multinomial import multinomial_derivatives
from careerrep.models.newton import NewtonOutcome, maximize, warn_if_not_converged
from careerrep.models.result import MLEResult
from careerrep.models.separation import (
    SeparationCheck,
    check_binary_separation,
    check_multinomial_separation,
    warn_if_separated,
)


@dataclass(frozen=True, eq=False)
class ProportionalOddsCheck:
    """Brant tests and the LR comparison with the multinomial model.

    Attributes
    ----------
    table
        Tidy DataFrame, columns ``test``, ``term``, ``statistic``, ``df``,
        ``p_value``; rows: Brant omnibus, Brant per design column, LR vs multinomial.
    link
        Link of the ordinal model tested.
    terms
        Brant test per formula *term* (a factor's columns jointly): columns
        ``term``, ``columns``, ``statistic``, ``df``, ``p_value``, ``breaks``
        (``p_value < alpha``).
    alpha
        Level at which a term counts as breaking proportional odds.
    model
        The ordinal model tested (for :meth:`nominal_model`).
    """

    table: pd.DataFrame = field(repr=False)
    link: str
    terms: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    alpha: float = 0.05
    model: Any = field(default=None, repr=False)

    @property
    def breaking_terms(self) -> tuple[str, ...]:
        """Formula terms whose Brant test rejects equal slopes across splits at ``alpha``."""
        if self.terms.empty:
            return ()
        return tuple(self.terms.loc[self.terms["breaks"], "term"])

    def suggestion(self) -> str | None:
        """The ``CumulativeModel`` call that relaxes proportional odds for the breaking terms, or None."""
        if not self.breaking_terms or self.model is None:
            return None
        location, nominal = _relaxed_formulas(self.model, self.breaking_terms)
        return (
            f'CumulativeModel("{location}", data, link="{self.link}", nominal="{nominal}")'
            " -- then careerrep.compare(po_fit, nominal_fit)"
        )

    def nominal_model(self) -> Any:
        """The cumulative model with the breaking terms category-specific (``nominal=``), same rows.

        Raises
        ------
        ModelSpecError
            If no term breaks proportional odds at ``alpha``.
        """
        if not self.breaking_terms or self.model is None:
            raise ModelSpecError(f"no term breaks proportional odds at alpha = {self.alpha}")
        from careerrep.models.cumulative_general import CumulativeModel

        model = self.model
        location, nominal = _relaxed_formulas(model, self.breaking_terms)
        rows = model.data.loc[model.design.row_index]
        outcome = model.formula.split("~", 1)[0].strip()
        values = rows[outcome]
        levels = None
        if not (isinstance(values.dtype, pd.CategoricalDtype) and values.dtype.ordered):
            by_label = {str(v): v for v in pd.unique(values)}
            levels = [by_label[label] for label in model.labels]
        return CumulativeModel(
            location, rows, link=self.link, nominal=nominal, weights=model.design.weights, levels=levels
        )

    def summary(self) -> str:
        """Readable text report."""
        body = self.table.to_string(index=False, float_format=lambda v: f"{v:.4g}")
        lines = [
            f"Proportional odds check (cumulative {self.link} model)",
            "Brant: Wald test that the slopes of the K-1 binary splits are equal;",
            "LR: ordinal vs multinomial logit (not strictly nested: approximate).",
            "Small p-values speak against proportional odds.",
            body,
        ]
        if not self.terms.empty:
            lines.append("Brant test per formula term:")
            lines.append(self.terms.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
            suggestion = self.suggestion()
            if suggestion is None:
                lines.append(f"No term breaks proportional odds at alpha = {self.alpha}.")
            else:
                lines.append(
                    f"Terms breaking proportional odds at alpha = {self.alpha}: {list(self.breaking_terms)}. "
                    f"Relax them with: {suggestion}"
                )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _relaxed_formulas(model: Any, breaking: tuple[str, ...]) -> tuple[str, str]:
    """Location formula without the breaking terms, and ``"~ breaking"`` for ``nominal=``."""
    outcome = model.formula.split("~", 1)[0].strip()
    kept = [t for t in _formula_terms(model) if t not in breaking]
    return f"{outcome} ~ {' + '.join(kept) if kept else '1'}", f"~ {' + '.join(breaking)}"


def _formula_terms(model: Any) -> list[str]:
    return [str(t) for t in model.predictors.model_spec.terms if str(t) != "1"]


def _term_columns(model: Any) -> list[tuple[str, list[int]]]:
    """Each formula term with the positions of its columns in ``model.coef_names``."""
    spec = model.predictors.model_spec
    names = list(model.coef_names)
    out = []
    for term, cols in spec.term_slices.items():
        if str(term) == "1":
            continue
        members = [names.index(c) for c in spec.column_names[cols] if c in names]
        if members:
            out.append((str(term), members))
    return out


def _warn_unless_converged(
    outcome: NewtonOutcome, what: str, separation: SeparationCheck | None, names: list[str]
) -> None:
    """Name the cause when an auxiliary fit fails: separation if the LP finds it, else non-convergence.

    An auxiliary fit whose data are separated drifts towards infinite estimates with a tiny
    gradient; calling that "not converged" would hide the real problem.
    """
    if outcome.converged:
        return
    advice = (
        f"This makes the {what} unreliable; merge sparse outcome levels or categories of the variables named."
    )
    if not warn_if_separated(separation, names, advice):
        warn_if_not_converged(outcome, what)


def _binary_split_fit(
    Xi: np.ndarray, z: np.ndarray, w: np.ndarray, link_name: str, names: list[str], split: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fit ``P(z = 1) = G(Xi gamma)`` by Fisher scoring; return gamma, pi, c, I^{-1}."""
    link = get_link(link_name)

    def pieces(gamma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = Xi @ gamma
        pi = 1.0 - link.cdf(-t)  # G(t)
        return pi, link.pdf(-t)  # G'(t) = f(-t)

    def objective(gamma: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        pi, g = pieces(gamma)
        with np.errstate(divide="ignore", invalid="ignore"):
            loglik = float(w @ (z * np.log(pi) + (1 - z) * np.log1p(-pi)))
            c = g / (pi * (1.0 - pi))
        grad = Xi.T @ (w * c * (z - pi))
        info = Xi.T @ (Xi * (w * c * g)[:, None])
        return loglik, grad, -info

    outcome = maximize(objective, np.zeros(Xi.shape[1]))
    if not outcome.converged:
        what = f"binary split {split} of the Brant test ({link_name})"
        _warn_unless_converged(outcome, what, check_binary_separation(Xi, z, w), names)
    pi, g = pieces(outcome.x)
    c = g / (pi * (1.0 - pi))
    with warnings.catch_warnings():
        if not outcome.converged:  # already reported above; the inverse is ill-conditioned
            warnings.simplefilter("ignore", linalg.LinAlgWarning)
        inverse = linalg.inv(-outcome.hessian)
    return outcome.x, pi, c, inverse


def check_proportional_odds(result: MLEResult, alpha: float = 0.05) -> ProportionalOddsCheck:
    """Brant tests and LR-vs-multinomial for an ordinal ``MLEResult``; which terms break it.

    Parameters
    ----------
    result
        A fit of an ``OrdinalModel`` with at least one predictor and three outcome levels.
    alpha
        Level of the per-term Brant tests that decides which terms "break"
        proportional odds (``breaking_terms``) and go into the proposed
        ``nominal=`` fit (``suggestion()``, ``nominal_model()``).

    Returns
    -------
    ProportionalOddsCheck
        Tidy ``table``, per-term ``terms``, ``summary()`` text.
    """
    if not 0.0 < alpha < 1.0:
        raise ModelSpecError(f"alpha must be in (0, 1), got {alpha}")
    model = result.model
    family = getattr(model, "family", None)
    # The Brant test is about the cumulative link model's parallel lines, so it
    # asks for that family (a family with category-specific effects has none to test).
    if not isinstance(family, CumulativeFamily) or family.layout.of_role(Role.CATEGORY_SPECIFIC):
        raise ModelSpecError("check_proportional_odds needs the result of an OrdinalModel fit")
    design = model.design
    K, p = len(model.labels), design.X.shape[1]
    if K < 3 or p == 0:
        raise ModelSpecError("the proportional odds check needs >= 3 outcome levels and a predictor")
    Xi = np.column_stack([np.ones(len(design.y)), design.X])
    w = design.weights

    names = ["Intercept", *model.coef_names]
    fits = [
        _binary_split_fit(
            Xi, (design.y > k).astype(np.float64), w, family.link.name, names, f"'{model.labels[k]}' vs above"
        )
        for k in range(K - 1)
    ]
    slopes = np.concatenate([gamma[1:] for gamma, _, _, _ in fits])
    joint = np.zeros(((K - 1) * p, (K - 1) * p))
    for k in range(K - 1):
        for m in range(k, K - 1):
            _, pi_k, c_k, inv_k = fits[k]
            _, pi_m, c_m, inv_m = fits[m]
            middle = Xi.T @ (Xi * (w * c_k * c_m * (pi_m - pi_k * pi_m))[:, None])
            block = (inv_k @ middle @ inv_m)[1:, 1:]
            joint[k * p : (k + 1) * p, m * p : (m + 1) * p] = block
            joint[m * p : (m + 1) * p, k * p : (k + 1) * p] = block.T

    def wald(rows: np.ndarray) -> tuple[float, int]:
        diff = rows @ slopes
        stat = float(diff @ np.linalg.solve(rows @ joint @ rows.T, diff))
        return stat, rows.shape[0]

    # Contrasts beta_1 - beta_k for k = 2..K-1, for every variable (or one).
    def contrasts(variables: list[int]) -> np.ndarray:
        rows = []
        for k in range(1, K - 1):
            for j in variables:
                row = np.zeros((K - 1) * p)
                row[j], row[k * p + j] = 1.0, -1.0
                rows.append(row)
        return np.array(rows)

    records = []
    stat, df = wald(contrasts(list(range(p))))
    records.append(("Brant", "Omnibus", stat, df))
    for j, name in enumerate(model.coef_names):
        stat, df = wald(contrasts([j]))
        records.append(("Brant", name, stat, df))

    y, n_free = design.y, K - 1
    multinomial = maximize(
        lambda params: multinomial_derivatives(Xi, y, w, params, K, 0), np.zeros(n_free * (p + 1))
    )
    if not multinomial.converged:
        multinomial_names = [f"{label}:{name}" for label in model.labels[1:] for name in names]
        separation = check_multinomial_separation(Xi, y, w, K, 0)
        _warn_unless_converged(multinomial, "multinomial LR test", separation, multinomial_names)
    lr = 2.0 * (multinomial.value - result.loglik)
    records.append(("LR vs multinomial", "all", lr, p * (K - 2)))

    table = pd.DataFrame(records, columns=["test", "term", "statistic", "df"])
    table["p_value"] = special.chdtrc(table["df"], table["statistic"].clip(lower=0.0))
    per_term = []
    for term, members in _term_columns(model):
        stat, df = wald(contrasts(members))
        per_term.append((term, ", ".join(model.coef_names[j] for j in members), stat, df))
    terms = pd.DataFrame(per_term, columns=["term", "columns", "statistic", "df"])
    terms["p_value"] = special.chdtrc(terms["df"], terms["statistic"].clip(lower=0.0))
    terms["breaks"] = terms["p_value"] < alpha
    return ProportionalOddsCheck(table=table, link=family.link.name, terms=terms, alpha=alpha, model=model)
