"""Detect (quasi-)complete separation before fitting, by linear programming.

Under separation some maximum-likelihood estimates are infinite: Newton
"converges" to huge coefficients with huge standard errors that look like
results. Following Konis (2007) and R's ``detectseparation``, separation is a
linear-programming question: is there a nonzero direction ``b`` along which
every case's linear predictor moves its own outcome's probability towards one?

* binary: ``s_i x_i'b >= 0`` for all ``i`` (``s = +1`` for events, ``-1`` otherwise);
* ordinal: ``c_{y-1} <= x'b <= c_y`` for ordered ``c`` (the cut points move with ``b``);
* multinomial: ``x_i'(b_{y_i} - b_j) >= 0`` for every other category ``j``.

Maximising the total slack with ``b`` in the box ``[-1, 1]`` gives zero exactly
when no such direction exists; otherwise the nonzero components of the
solution name the estimates that run off to infinity. Columns are scaled to
``[-1, 1]`` first so the tolerance means the same for every variable. Only
distinct rows matter, so duplicates are removed; above ``MAX_LP_ROWS``
distinct rows the check is skipped (separation is then very unlikely).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, sparse

from careerrep._warn import warn as warn_user
from careerrep.errors import SeparationWarning

MAX_LP_ROWS = 20_000
_TOL = 1e-7


@dataclass(frozen=True)
class SeparationCheck:
    """Result of a separation check.

    Attributes
    ----------
    separated
        True if some estimates are infinite.
    directions
        Indices of parameters with a nonzero component in the separating
        direction (their MLEs are infinite).
    rising
        ``(index, sign)`` pairs, ``sign`` +1 or -1: some separating direction
        moves parameter ``index`` towards ``sign * inf``. Along it the
        likelihood never falls, so the profile of that parameter stays above
        any level on that side (an infinite profile bound); on a side not
        listed the profile falls to ``-inf``. Empty when unknown (a screen that
        does not solve the linear program) or not separated.
    """

    separated: bool
    directions: tuple[int, ...]
    rising: tuple[tuple[int, int], ...] = ()


def _distinct(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    keep = w > 0
    if keep.sum() > MAX_LP_ROWS:
        # Cheap count of distinct rows first (one float key per row, fixed
        # irrational coefficients): sorting 1e6 keys is fast, sorting rows is not.
        key_coefs = np.sqrt(np.arange(2, X.shape[1] + 2, dtype=np.float64))
        keys = X[keep] @ key_coefs + y[keep] * np.pi
        if len(np.unique(keys)) > MAX_LP_ROWS:
            return None
    rows = np.unique(np.c_[X[keep], y[keep]], axis=0)
    if len(rows) > MAX_LP_ROWS:
        return None
    scale = np.max(np.abs(rows[:, :-1]), axis=0)
    scale[scale == 0] = 1.0
    return rows[:, :-1] / scale, rows[:, -1].astype(np.int64)


def _solve(
    objective: np.ndarray,
    A: sparse.csr_matrix,
    bounds: list,
    n_dir: int,
    n_rows: int,
    n_signed: int | None = None,
) -> SeparationCheck:
    """Is the maximal total slack positive, and which ways can separating directions go?

    ``A v <= 0`` are the separation constraints on ``v`` (a cone, cut to the
    box ``bounds``) and ``objective @ v`` is the total slack. If the maximal
    slack is positive there is separation. Coordinate ``j`` can run towards
    ``sign * inf`` when some direction of the cone has ``sign * v_j > 0``;
    one LP solution shows some of these, every other one is probed by
    maximising ``sign * v_j`` over the cone. The estimates that diverge
    (``directions``) are the first ``n_dir`` coordinates that can move;
    ``n_signed`` (default ``n_dir``) coordinates get their signs recorded.
    """
    n_signed = n_dir if n_signed is None else n_signed
    zeros = np.zeros(A.shape[0])
    phase1 = optimize.linprog(-objective, A_ub=A, b_ub=zeros, bounds=bounds, method="highs")
    if phase1.status != 0 or -phase1.fun <= _TOL * max(n_rows, 1):
        return SeparationCheck(False, ())
    rising = set()
    for j in range(n_signed):
        for sign in (1, -1):
            if sign * phase1.x[j] > 1e-6:
                rising.add((j, sign))
                continue
            probe = np.zeros(A.shape[1])
            probe[j] = -sign
            found = optimize.linprog(probe, A_ub=A, b_ub=zeros, bounds=bounds, method="highs")
            if found.status == 0 and -found.fun > 1e-6:
                rising.add((j, sign))
    used = sorted({j for j, _ in rising if j < n_dir})
    return SeparationCheck(True, tuple(used), tuple(sorted(rising)))


def check_binary_separation(X: np.ndarray, y: np.ndarray, w: np.ndarray) -> SeparationCheck | None:
    """Konis' LP for a binary outcome (``y`` in {0, 1}); None if skipped as too large."""
    rows = _distinct(X, y, w)
    if rows is None:
        return None
    Xd, yd = rows
    signed = Xd * np.where(yd == 1, 1.0, -1.0)[:, None]
    p = X.shape[1]
    return _solve(signed.sum(axis=0), sparse.csr_matrix(-signed), [(-1.0, 1.0)] * p, p, len(yd))


def check_ordinal_separation(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, n_categories: int
) -> SeparationCheck | None:
    """LP for a cumulative link model (``X`` without intercept); None if skipped."""
    if X.shape[1] == 0:
        return SeparationCheck(False, ())
    rows = _distinct(X, y, w)
    if rows is None:
        return None
    Xd, yd = rows
    n, p = Xd.shape
    n_thr = n_categories - 1
    blocks, objective = [], np.zeros(p + n_thr)
    below = yd <= n_thr - 1  # has an upper cut point: x'b - c_y <= 0
    if below.any():
        cut = sparse.csr_matrix(
            (-np.ones(below.sum()), (np.arange(below.sum()), yd[below])), shape=(below.sum(), n_thr)
        )
        blocks.append(sparse.hstack([sparse.csr_matrix(Xd[below]), cut]))
        objective += np.r_[-Xd[below].sum(axis=0), np.bincount(yd[below], minlength=n_thr)]
    above = yd >= 1  # has a lower cut point: c_{y-1} - x'b <= 0
    if above.any():
        cut = sparse.csr_matrix(
            (np.ones(above.sum()), (np.arange(above.sum()), yd[above] - 1)),
            shape=(above.sum(), n_thr),
        )
        blocks.append(sparse.hstack([sparse.csr_matrix(-Xd[above]), cut]))
        objective += np.r_[Xd[above].sum(axis=0), -np.bincount(yd[above] - 1, minlength=n_thr)]
    order = sparse.lil_matrix((max(n_thr - 1, 0), p + n_thr))
    for k in range(n_thr - 1):  # c_k - c_{k+1} <= 0
        order[k, p + k], order[k, p + k + 1] = 1.0, -1.0
    blocks.append(order.tocsr())
    bounds = [(-1.0, 1.0)] * p + [(-(p + 1.0), p + 1.0)] * n_thr
    # Signs for the cut points too: they are parameters (after the coefficients) and can run off.
    return _solve(objective, sparse.vstack(blocks).tocsr(), bounds, p, n, n_signed=p + n_thr)


def check_multinomial_separation(
    X: np.ndarray, y: np.ndarray, w: np.ndarray, n_categories: int, reference: int
) -> SeparationCheck | None:
    """LP for a baseline-category logit; directions index ``"<level>:<coef>"`` params."""
    rows = _distinct(X, y, w)
    if rows is None:
        return None
    Xd, yd = rows
    n, p = Xd.shape
    free = [k for k in range(n_categories) if k != reference]
    column = {k: i for i, k in enumerate(free)}
    blocks, objective = [], np.zeros(p * len(free))
    for j in range(n_categories):
        rows_j = yd != j
        if not rows_j.any():
            continue
        # -(x'(b_y - b_j)) <= 0, with b_reference = 0
        A = np.zeros((rows_j.sum(), p * len(free)))
        for i, yi in enumerate(yd[rows_j]):
            xi = Xd[rows_j][i]
            if yi != reference:
                A[i, column[yi] * p : (column[yi] + 1) * p] -= xi
            if j != reference:
                A[i, column[j] * p : (column[j] + 1) * p] += xi
        blocks.append(sparse.csr_matrix(A))
        objective -= A.sum(axis=0)
    bounds = [(-1.0, 1.0)] * (p * len(free))
    return _solve(objective, sparse.vstack(blocks).tocsr(), bounds, p * len(free), n)


def fit_looks_separated(converged: bool, observed_probability: np.ndarray) -> bool:
    """Cheap screen run after a fit: is the LP check worth running?

    Under separation Newton cannot converge (the estimates run off) and the
    fitted probability of the observed outcome reaches 1 for some cases. A
    converged fit with no such case cannot be separated data, so the LP is
    skipped, which keeps large fits fast.
    """
    return (not converged) or bool(np.any(observed_probability > 1.0 - 1e-10))


def warn_if_separated(check: SeparationCheck | None, names: Sequence[str], advice: str = "") -> bool:
    """Warn ``SeparationWarning`` naming the parameters with infinite estimates.

    Returns
    -------
    bool
        True if separation was found (and warned about).
    """
    if check is None or not check.separated:
        return False
    named = [names[j] for j in check.directions]
    warn_user(
        f"complete or quasi-complete separation: the maximum-likelihood estimates of {named} "
        f"are infinite or not identified (a linear combination of them predicts the outcome "
        f"perfectly). "
        f"{advice or 'Merge sparse categories, drop the variable, or use a prior (.sample()).'}",
        SeparationWarning,
    )
    return True
