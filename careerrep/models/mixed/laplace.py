"""The marginal log-likelihood by Laplace approximation or adaptive Gauss-Hermite quadrature.

Group effects are written ``b = Lambda u`` with ``u ~ N(0, I)`` and
``Lambda`` block diagonal (one lower-triangular Cholesky factor per term,
repeated for every group), as in lme4; ``Lambda`` may be singular (an SD of
0), which keeps the objective smooth up to and on the boundary. With
``A = Z Lambda`` and the conditional log-likelihood ``l(eta)``::

    h(u) = sum_i w_i l_i(x_i'beta + (A u)_i) - u'u / 2            (penalised log-likelihood)
    laplace = h(u_hat) - log det(A' W A + I) / 2,   W = diag(-w_i l_i'')

(the ``(2 pi)^(q/2)`` of the Gaussian integral cancels with the prior's).
``u_hat`` comes from an inner Newton (concave, so it converges from the last
mode in a few steps); it is run to machine precision because the outer
optimiser differentiates ``laplace`` numerically.

With one grouping factor, ``A' W A + I`` is block diagonal (one ``r x r``
block per group), which is solved group by group; otherwise it is a dense
``q x q`` matrix built from the sparse ``A``. Adaptive Gauss-Hermite
quadrature (one factor, scalar effect) integrates each group's ``exp(h_j)``
on nodes centred at its mode and scaled by its conditional SD; one node is the
Laplace approximation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse

from careerrep.errors import FitError
from careerrep.models.mixed.conditional import CumulativeRows
from careerrep.models.mixed.terms import RandomTerm

_INNER_MAX_ITER = 60


@dataclass(frozen=True)
class RandomDesign:
    """Sparse layout of the group effects: which ``u`` each row loads on.

    ``u`` is ordered term by term, then group by group, then by random column
    (lme4's order). ``columns[i, :]`` are the ``u`` indices row ``i`` loads on;
    one per random column of every term.
    """

    terms: tuple[RandomTerm, ...]
    columns: np.ndarray
    offsets: tuple[int, ...]
    n_effects: int

    @classmethod
    def from_terms(cls, terms: tuple[RandomTerm, ...]) -> RandomDesign:
        """Lay out ``u`` for ``terms`` (evaluated on the same rows)."""
        offsets: list[int] = []
        cols: list[np.ndarray] = []
        start = 0
        for term in terms:
            offsets.append(start)
            base = start + term.codes * term.size
            cols.extend(base + k for k in range(term.size))
            start += term.n_groups * term.size
        return cls(tuple(terms), np.column_stack(cols).astype(np.int64), tuple(offsets), start)

    @property
    def single_factor(self) -> bool:
        """One grouping factor: the inner Hessian is block diagonal."""
        return len(self.terms) == 1

    def loadings(self, factors: tuple[np.ndarray, ...]) -> np.ndarray:
        """``(n, R)`` values of ``A = Z Lambda`` at ``columns`` for Cholesky ``factors``."""
        return np.column_stack([term.values @ lam for term, lam in zip(self.terms, factors, strict=True)])

    def matrix(self, loadings: np.ndarray) -> sparse.csr_matrix:
        """``A`` as a sparse ``(n, q)`` matrix."""
        n, width = loadings.shape
        indptr = np.arange(0, n * width + 1, width)
        return sparse.csr_matrix((loadings.ravel(), self.columns.ravel(), indptr), shape=(n, self.n_effects))


@dataclass
class InnerSolution:
    """The conditional mode and what the outer objective needs from it."""

    u: np.ndarray
    penalised: float
    log_det: float
    blocks: np.ndarray | None  # (G, r, r) inner Hessian blocks (one factor)
    dense: np.ndarray | None  # (q, q) inner Hessian (several factors)
    iterations: int


def apply(design: RandomDesign, loadings: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``A u`` row by row."""
    return np.einsum("ij,ij->i", loadings, u[design.columns])


def transpose_apply(design: RandomDesign, loadings: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``A' v``."""
    return np.bincount(design.columns.ravel(), (loadings * v[:, None]).ravel(), minlength=design.n_effects)


def _hessian(
    design: RandomDesign, loadings: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``A' diag(weight) A + I``: per-group blocks for one factor, else dense."""
    if design.single_factor:
        term = design.terms[0]
        r, groups = term.size, term.n_groups
        blocks = np.empty((groups, r, r))
        for j in range(r):
            for k in range(j, r):
                value = np.bincount(term.codes, weight * loadings[:, j] * loadings[:, k], minlength=groups)
                blocks[:, j, k] = value
                blocks[:, k, j] = value
        blocks += np.eye(r)
        return blocks, None
    a = design.matrix(loadings)
    dense = (a.T @ sparse.diags(weight) @ a).toarray()
    dense[np.diag_indices_from(dense)] += 1.0
    return None, dense


def _solve(
    design: RandomDesign, blocks: np.ndarray | None, dense: np.ndarray | None, g: np.ndarray
) -> tuple[np.ndarray, float]:
    """Newton step ``H^-1 g`` and ``log det H``."""
    if blocks is not None:
        r = blocks.shape[1]
        rhs = g.reshape(-1, r)
        if r == 1:
            return (rhs[:, 0] / blocks[:, 0, 0]), float(np.log(blocks[:, 0, 0]).sum())
        step = np.linalg.solve(blocks, rhs[..., None])[..., 0]
        _, logdet = np.linalg.slogdet(blocks)
        return step.ravel(), float(logdet.sum())
    assert dense is not None
    factor = linalg.cho_factor(dense, lower=True, check_finite=False)
    step = linalg.cho_solve(factor, g, check_finite=False)
    return step, float(2.0 * np.log(np.diag(factor[0])).sum())


def inner_mode(
    rows: CumulativeRows,
    design: RandomDesign,
    eta_fixed: np.ndarray,
    thresholds: np.ndarray,
    loadings: np.ndarray,
    u_start: np.ndarray,
) -> InnerSolution:
    """Maximise the penalised log-likelihood ``h(u)`` over ``u`` by Newton with step halving.

    Returns the mode, ``h`` there, and ``log det`` of the negative Hessian
    (``A' W A + I``) at the mode. Raises ``FitError`` if Newton cannot
    improve from a non-finite start.
    """
    u = u_start.copy()
    w = rows.w

    def evaluate(u_now: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        eta = eta_fixed + apply(design, loadings, u_now)
        logp, d1, d2 = rows.derivatives(thresholds, eta)
        return float(w @ logp - 0.5 * u_now @ u_now), d1, d2

    value, d1, d2 = evaluate(u)
    if not np.isfinite(value):
        u = np.zeros_like(u)
        value, d1, d2 = evaluate(u)
    small_steps = 0
    for iteration in range(1, _INNER_MAX_ITER + 1):
        grad = transpose_apply(design, loadings, w * d1) - u
        blocks, dense = _hessian(design, loadings, -w * d2)
        step, log_det = _solve(design, blocks, dense, grad)
        size = float(np.max(np.abs(step))) if step.size else 0.0
        # Two consecutive tiny steps: the second is quadratically smaller, so u is
        # at the mode to rounding; h and log det are those of this point.
        if size < 1e-9:
            small_steps += 1
            if small_steps == 2 or size == 0.0:
                return InnerSolution(u, value, log_det, blocks, dense, iteration)
        t = 1.0
        while True:
            candidate = u + t * step
            new_value, new_d1, new_d2 = evaluate(candidate)
            if np.isfinite(new_value) and new_value >= value - 1e-12 * (1.0 + abs(value)):
                break
            t *= 0.5
            if t < 1e-10:
                return InnerSolution(u, value, log_det, blocks, dense, iteration)
        u, value, d1, d2 = candidate, new_value, new_d1, new_d2
    raise FitError(f"the inner Newton over the group effects did not converge in {_INNER_MAX_ITER} steps")


def laplace_loglik(solution: InnerSolution) -> float:
    """Laplace approximation of the marginal log-likelihood at ``solution``."""
    return solution.penalised - 0.5 * solution.log_det


def agq_loglik(
    rows: CumulativeRows,
    design: RandomDesign,
    eta_fixed: np.ndarray,
    thresholds: np.ndarray,
    loadings: np.ndarray,
    solution: InnerSolution,
    n_agq: int,
) -> float:
    """Adaptive Gauss-Hermite approximation with ``n_agq`` nodes (one factor, scalar effect).

    Per group ``j``: ``log integral = log sum_k w_k e^(x_k^2) exp(h_j(u_j + sqrt(2) s_j x_k))
    + log(sqrt(2) s_j) - log(2 pi)/2`` with ``s_j`` the conditional SD of ``u_j``
    (``h_j`` here excludes the constant of the standard normal density).
    """
    term = design.terms[0]
    assert solution.blocks is not None
    nodes, weights = np.polynomial.hermite.hermgauss(n_agq)
    scale = np.sqrt(2.0) / np.sqrt(solution.blocks[:, 0, 0])  # sqrt(2) * conditional SD
    codes, groups = term.codes, term.n_groups
    load = loadings[:, 0]
    per_node = np.empty((n_agq, groups))
    for k, x in enumerate(nodes):
        u_k = solution.u + scale * x
        logp = rows.log_probability(thresholds, eta_fixed + load * u_k[codes])
        per_node[k] = np.bincount(codes, rows.w * logp, minlength=groups) - 0.5 * u_k**2 + x**2
    log_terms = per_node + np.log(weights)[:, None]
    top = log_terms.max(axis=0)
    log_sum = top + np.log(np.exp(log_terms - top).sum(axis=0))
    return float((log_sum + np.log(scale) - 0.5 * np.log(2.0 * np.pi)).sum())
