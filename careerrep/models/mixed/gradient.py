"""Analytic gradient of the Laplace log-likelihood in the coefficients and cut points.

With ``H = A' diag(w c) A + I``, ``c_i = -l''_i`` and the mode ``u_hat``, the
Laplace log-likelihood is ``L = h(u_hat) - log det H / 2``. For a fixed-part
parameter ``phi`` (a coefficient or a cut point) the envelope theorem gives
``dh/dphi`` at fixed ``u``, and the log-determinant needs the change of every
``c_i`` through ``phi`` and through the mode::

    dL/dphi = dh/dphi - 1/2 sum_i w_i s_i dc_i/dphi,      s_i = a_i' H^-1 a_i
    dc_i/dphi = -(d l''_i / dphi |_eta + l'''_i deta_i/dphi)
    deta/dphi = x_phi + A du/dphi,   du/dphi = H^-1 A' d(w l')/dphi

which needs the conditional log-likelihood's derivatives up to third order in
``eta`` and mixed ones in the cut points, from the link density's first two
derivatives. The variance parameters (one to three per term) are
differentiated numerically by the caller. With ``P = F(a) - F(b)``,
``a = theta_up - eta``, ``b = theta_low - eta`` and ``D_k = f^(k-1)(a) - f^(k-1)(b)``::

    l'   = -D1/P
    l''  = D2/P - (D1/P)^2
    l''' = -D3/P + 3 D1 D2 / P^2 - 2 (D1/P)^3
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from careerrep.models.links import Link
from careerrep.models.mixed.conditional import CumulativeRows
from careerrep.models.mixed.laplace import InnerSolution, RandomDesign, transpose_apply

_SQRT_2PI = np.sqrt(2.0 * np.pi)


def density_derivatives(link: Link, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``f``, ``f'`` and ``f''`` of the link's distribution, exactly 0 at +-inf."""
    if link.name == "logit":
        p = 1.0 / (1.0 + np.exp(-np.clip(x, -700.0, 700.0)))
        f = p * (1.0 - p)
        return f, f * (1.0 - 2.0 * p), f * (1.0 - 6.0 * p + 6.0 * p * p)
    finite = np.isfinite(x)
    xf = np.where(finite, x, 0.0)
    if link.name == "probit":
        f = np.exp(-0.5 * xf * xf) / _SQRT_2PI * finite
        return f, -xf * f, (xf * xf - 1.0) * f
    xc = np.minimum(xf, 40.0)
    ex = np.exp(xc)
    f = np.exp(xc - ex) * finite
    return f, f * (1.0 - ex), f * ((1.0 - ex) ** 2 - ex)


class _RowTerms:
    """Per-row derivatives of the conditional log-likelihood at linear predictor ``eta``.

    ``l1, l2, l3``: first to third derivative in ``eta``; ``direct``,
    ``d_l1``, ``d_l2``: partials of ``l``, ``l'``, ``l''`` in each fixed-part
    parameter (coefficients, then estimated cut points) with ``eta`` moving
    through ``x'beta`` but not through the group effects.
    """

    def __init__(
        self, rows: CumulativeRows, X: np.ndarray, thresholds: np.ndarray, n_thr: int, eta: np.ndarray
    ):
        upper, lower = rows.bounds(thresholds)
        a, b = upper - eta, lower - eta
        fa, dfa, d2fa = density_derivatives(rows.link, a)
        fb, dfb, d2fb = density_derivatives(rows.link, b)
        prob = np.maximum(rows._probability(a, b), 1e-300)
        self.logp = np.log(prob)
        r1, r2, r3 = (fa - fb) / prob, (dfa - dfb) / prob, (d2fa - d2fb) / prob
        self.l1 = -r1
        self.l2 = r2 - r1 * r1
        self.l3 = -r3 + 3.0 * r1 * r2 - 2.0 * r1**3
        n, p = X.shape
        m = p + n_thr
        self.direct = np.zeros((n, m))
        self.d_l1 = np.zeros((n, m))
        self.d_l2 = np.zeros((n, m))
        self.direct[:, :p] = self.l1[:, None] * X
        self.d_l1[:, :p] = self.l2[:, None] * X
        if n_thr:
            rows_idx = np.arange(n)
            up = rows.y  # row's upper cut point index (valid below the top category)
            has_up = up < n_thr
            lo = rows.y - 1
            has_lo = lo >= 0
            # The upper cut point moves a only, the lower one b only (opposite sign of D_k).
            up_l = fa / prob
            up_l1 = -dfa / prob + r1 * fa / prob
            up_l2 = d2fa / prob - r2 * fa / prob - 2.0 * r1 * (dfa / prob - r1 * fa / prob)
            lo_l = -fb / prob
            lo_l1 = dfb / prob - r1 * fb / prob
            lo_l2 = -d2fb / prob + r2 * fb / prob + 2.0 * r1 * (dfb / prob - r1 * fb / prob)
            for target, values_up, values_lo in (
                (self.direct, up_l, lo_l),
                (self.d_l1, up_l1, lo_l1),
                (self.d_l2, up_l2, lo_l2),
            ):
                target[rows_idx[has_up], p + up[has_up]] += values_up[has_up]
                target[rows_idx[has_lo], p + lo[has_lo]] += values_lo[has_lo]


def _sensitivities(
    rows: CumulativeRows,
    design: RandomDesign,
    X: np.ndarray,
    loadings: np.ndarray,
    solution: InnerSolution,
    terms: _RowTerms,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At the mode: ``du/dphi`` (q x m), ``dc/dphi`` (n x m) and the leverages ``s_i``."""
    w = rows.w
    n, p = X.shape
    m = terms.direct.shape[1]
    # du/dphi = H^-1 A' (w d l'/dphi), eta moving through x_phi as well (in d_l1).
    rhs = np.column_stack([transpose_apply(design, loadings, w * terms.d_l1[:, k]) for k in range(m)])
    du, leverage = _solve_and_leverage(design, solution, rhs, loadings)
    deta = np.zeros((n, m))
    deta[:, :p] = X
    deta += np.einsum("ij,ijk->ik", loadings, du[design.columns])
    dc = -(terms.d_l2 + terms.l3[:, None] * deta)
    return du, dc, leverage


def fixed_gradient(
    rows: CumulativeRows,
    design: RandomDesign,
    X: np.ndarray,
    thresholds: np.ndarray,
    estimated_thresholds: bool,
    loadings: np.ndarray,
    solution: InnerSolution,
    eta: np.ndarray,
) -> np.ndarray:
    """``dL/d(beta, cut points)`` of the Laplace log-likelihood at the mode ``solution``.

    ``eta`` is the full linear predictor at the mode. Cut points are included
    only when ``estimated_thresholds`` (a binary model's cut point is fixed at 0).
    """
    n_thr = len(thresholds) if estimated_thresholds else 0
    terms = _RowTerms(rows, X, thresholds, n_thr, eta)
    _, dc, leverage = _sensitivities(rows, design, X, loadings, solution, terms)
    w = rows.w
    return terms.direct.T @ w - 0.5 * ((w * leverage) @ dc)


def agq_fixed_gradient(
    rows: CumulativeRows,
    design: RandomDesign,
    X: np.ndarray,
    thresholds: np.ndarray,
    estimated_thresholds: bool,
    loadings: np.ndarray,
    solution: InnerSolution,
    eta_fixed: np.ndarray,
    n_agq: int,
) -> np.ndarray:
    """``dL/d(beta, cut points)`` of the adaptive Gauss-Hermite log-likelihood (one scalar term).

    Per group ``L_j = log sum_k w_k e^(x_k^2) exp(H_j(t_jk)) + log sigma_j`` with
    nodes ``t_jk = u_j + sigma_j x_k`` and ``sigma_j = sqrt(2 / B_j)``; the mode
    ``u_j`` and the curvature ``B_j`` move with the parameters, so::

        dL_j = sum_k pi_jk [dH_j/dphi(t_jk) + H_j'(t_jk) (du_j + x_k dsigma_j)] + dsigma_j / sigma_j
    """
    term = design.terms[0]
    codes, groups = term.codes, term.n_groups
    blocks = solution.blocks
    if blocks is None:
        raise RuntimeError("adaptive quadrature needs the per-group inner Hessian")
    n_thr = len(thresholds) if estimated_thresholds else 0
    w = rows.w
    load = loadings[:, 0]
    at_mode = _RowTerms(rows, X, thresholds, n_thr, eta_fixed + load * solution.u[codes])
    du, dc, _ = _sensitivities(rows, design, X, loadings, solution, at_mode)
    m = dc.shape[1]
    curvature = blocks[:, 0, 0]
    sigma = np.sqrt(2.0 / curvature)
    d_curv = np.column_stack([np.bincount(codes, w * load**2 * dc[:, k], minlength=groups) for k in range(m)])
    d_sigma = -0.5 * sigma[:, None] * d_curv / curvature[:, None]
    nodes, weights = np.polynomial.hermite.hermgauss(n_agq)
    log_terms = np.empty((n_agq, groups))
    node_parts = np.empty((n_agq, groups, m))
    for k, x in enumerate(nodes):
        t = solution.u + sigma * x
        node = _RowTerms(rows, X, thresholds, n_thr, eta_fixed + load * t[codes])
        h_value = np.bincount(codes, w * node.logp, minlength=groups) - 0.5 * t**2
        h_slope = np.bincount(codes, w * node.l1 * load, minlength=groups) - t
        d_h = np.column_stack([np.bincount(codes, w * node.direct[:, c], minlength=groups) for c in range(m)])
        log_terms[k] = h_value + x * x + np.log(weights[k])
        node_parts[k] = d_h + h_slope[:, None] * (du.reshape(groups, m) + x * d_sigma)
    top = log_terms.max(axis=0)
    pi = np.exp(log_terms - top)
    pi /= pi.sum(axis=0)
    return np.einsum("kg,kgm->m", pi, node_parts) + (d_sigma / sigma[:, None]).sum(axis=0)


def _solve_and_leverage(
    design: RandomDesign, solution: InnerSolution, rhs: np.ndarray, loadings: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``H^-1 rhs`` and ``s_i = a_i' H^-1 a_i`` for every row."""
    if solution.blocks is not None:
        blocks = solution.blocks
        r = blocks.shape[1]
        inverse = np.linalg.inv(blocks)
        groups = blocks.shape[0]
        du = np.einsum("gjk,gkm->gjm", inverse, rhs.reshape(groups, r, -1)).reshape(groups * r, -1)
        codes = design.terms[0].codes
        leverage = np.einsum("ij,ijk,ik->i", loadings, inverse[codes], loadings)
        return du, leverage
    dense = solution.dense
    if dense is None:
        raise RuntimeError("inner solution has no Hessian")
    factor = linalg.cho_factor(dense, lower=True, check_finite=False)
    du = linalg.cho_solve(factor, rhs, check_finite=False)
    inverse = linalg.cho_solve(factor, np.eye(len(dense)), check_finite=False)
    cols = design.columns
    leverage = np.einsum("ij,ijk,ik->i", loadings, inverse[cols[:, :, None], cols[:, None, :]], loadings)
    return du, leverage
