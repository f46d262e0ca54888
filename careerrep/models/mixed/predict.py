"""Predicted outcome probabilities of a mixed fit: conditional or marginal, labelled.

* Conditional: ``P(Y = k | x, b)`` at the estimated group effects of each
  row's groups (conditional modes; a level not seen in the fit gets 0, which
  the label says), or at ``b = 0`` (a typical group, the median group).
* Marginal: ``P(Y = k | x) = E_b P(Y = k | x, b)``, the population average.
  Per row the random part ``z'b`` is normal with variance ``z' Sigma z``
  (summed over terms), so the expectation is a one-dimensional integral,
  taken with 40-node Gauss-Hermite quadrature (exact to ~1e-12 for these
  smooth integrands).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.design import as_frame
from careerrep.models.links import get_link

_MARGINAL_NODES = 40


def category_probabilities(thresholds: np.ndarray, eta: np.ndarray, link_name: str) -> np.ndarray:
    """``(n, K)`` probabilities ``F(theta_k - eta) - F(theta_{k-1} - eta)``."""
    link = get_link(link_name)
    cum = link.cdf(thresholds[None, :] - eta[:, None])
    ones = np.ones((len(eta), 1))
    return np.diff(np.concatenate([0.0 * ones, cum, ones], axis=1), axis=1)


def _term_covariances(result: Any) -> list[np.ndarray]:
    """``Sigma`` of each term from the reported SDs and correlations."""
    out, params = [], result.params
    entries = result.model.variance_entries
    for term in result.model.terms:
        mine = [e for e in entries if e[3] == term.spec.label]
        sd = np.array([params[e[0]] for e in mine if e[1] == "variance"])
        corr = np.eye(term.size)
        for e in mine:
            if e[1] == "correlation":
                corr[0, 1] = corr[1, 0] = params[e[0]]
        out.append(corr * np.outer(sd, sd))
    return out


def predict_probabilities(result: Any, newdata: Any, kind: str, at: str) -> pd.DataFrame:
    """See :meth:`MixedResult.predict`."""
    model = result.model
    if kind not in ("conditional", "marginal"):
        raise ModelSpecError(f"kind must be 'conditional' or 'marginal', got {kind!r}")
    if at not in ("modes", "zero"):
        raise ModelSpecError(f"at must be 'modes' or 'zero', got {at!r}")
    if newdata is None:
        frame = pd.DataFrame(index=model.design.row_index)  # only its index is used
        X = model.design.X
    else:
        frame = as_frame(newdata)
        X = model.predictors.design_matrix(frame)
    beta = result.params[list(model.coef_names)].to_numpy()
    thresholds = result.params[list(model.thresholds)].to_numpy() if model.thresholds else np.zeros(1)
    eta = X @ beta
    unseen = 0
    if kind == "conditional" and at == "modes" and newdata is not None:
        needed = sorted({c for term in model.terms for c in term.spec.group_columns} - set(frame.columns))
        if needed:
            raise ModelSpecError(
                f"newdata lacks the grouping columns {needed} needed for predictions at the "
                f"estimated group effects; add them, or use at='zero' or kind='marginal'"
            )
    if kind == "conditional" and at == "modes":
        for term in model.terms:
            values = term.values if newdata is None else term.values_for(frame)
            codes = term.codes if newdata is None else term.codes_for(frame)
            modes = result.group_effects[term.spec.label][list(term.columns)].to_numpy()
            known = codes >= 0
            unseen += int((~known).sum())
            eta = eta + np.where(known, np.einsum("ij,ij->i", values, modes[np.maximum(codes, 0)]), 0.0)
        label = "conditional on the estimated group effects (conditional modes)"
        if unseen:
            label += f"; {unseen} rows of groups not in the fit use group effect 0"
        probs = category_probabilities(thresholds, eta, model.link)
    elif kind == "conditional":
        label = "conditional on group effects of 0 (a typical group)"
        probs = category_probabilities(thresholds, eta, model.link)
    else:
        variance = np.zeros(len(eta))
        for term, sigma in zip(model.terms, _term_covariances(result), strict=True):
            values = term.values if newdata is None else term.values_for(frame)
            variance += np.einsum("ij,jk,ik->i", values, sigma, values)
        nodes, weights = np.polynomial.hermite.hermgauss(_MARGINAL_NODES)
        spread = np.sqrt(2.0 * variance)
        probs = np.zeros((len(eta), len(model.labels)))
        for x, w in zip(nodes, weights, strict=True):
            probs += w * category_probabilities(thresholds, eta + spread * x, model.link)
        probs /= np.sqrt(np.pi)
        label = "marginal: averaged over the group-effect distribution N(0, Sigma) (population average)"
    out = pd.DataFrame(probs, index=frame.index, columns=list(model.labels))
    out.attrs["prediction"] = label
    return out
