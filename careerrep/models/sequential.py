"""Sequential (continuation-ratio and stopping-ratio) families, as R ``VGAM::cratio``/``sratio``.

A sequential model reads the ordered outcome as a series of decisions, one per
split ``j = 1..K-1``, taken only by the cases that reached category ``j``.
With ``eta_j = theta_j + x'beta + n'gamma_j`` (VGAM's signs, ``reverse = FALSE``):

* ``cratio`` (continuation ratio): ``F(eta_j) = P(Y > j | Y >= j)``, the chance
  of moving beyond ``j`` once there; a positive coefficient moves cases *up*.
* ``sratio`` (stopping ratio): ``F(eta_j) = P(Y = j | Y >= j)``, the chance of
  stopping at ``j``; a positive coefficient moves cases *down*.

For the logit link the two are the same model with every sign flipped (as the
VGAM fixtures show). ``F`` is the logit, probit or cloglog distribution. Terms
given as ``nominal=`` get one coefficient per split (VGAM ``parallel = FALSE ~
term``), reported as ``"lo|hi.<term>"``; the split ``j`` threshold is
``"lo|hi"`` (VGAM ``"(Intercept):j"``).

brms writes its thresholds with the other sign (read off the Stan code of
brms 2.18.0 and checked: careerrep's log-likelihood at brms's draws equals
brms's ``log_lik()``, tests/models/bayes/test_bayes_split_brms.py): brms
``cratio`` is ``P(Y > j | Y >= j) = F(x'b + n'bcs_j - tau_j)``, so its
coefficients equal careerrep's (``gamma_j = bcs_j``) and ``tau_j = -theta_j``;
brms ``sratio`` is ``P(Y = j | Y >= j) = F(tau_j - n'bcs_j - x'b)``, so its
coefficients are *minus* careerrep's ``sratio`` ones and ``tau_j = theta_j``.
Both put ``F`` on the same event as careerrep, so this holds for every link.
The PyMC term (``.sample()``) is in :mod:`careerrep.models.split_pymc`.

The model class is :class:`SequentialModel` (``kind="cratio"`` or
``"sratio"``); the family core below gives the engine in
:mod:`careerrep.models.threshold_likelihood` its per-row derivatives.

Unlike the cumulative model, every parameter value gives valid
probabilities: the log-likelihood is a sum of binary-model terms
``log F(eta_j)`` and ``log(1 - F(eta_j))``, separable in the splits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from careerrep.errors import ModelSpecError
from careerrep.models.link_tails import log_terms
from careerrep.models.links import Link
from careerrep.models.threshold_likelihood import RowDerivatives, SplitFamily
from careerrep.models.threshold_model import SplitModel

SEQUENTIAL_KINDS = ("cratio", "sratio")


class SequentialFamily:
    """``cratio`` or ``sratio`` with a given link (see the module docstring)."""

    location_sign = 1.0
    bandwidth = 0  # separable in the splits: h is diagonal

    def __init__(self, kind: str):
        self.name = kind
        self._continue_is_f = kind == "cratio"  # F(eta) is "move beyond j" (cratio) or "stop" (sratio)

    def row_derivatives(self, eta: np.ndarray, y: np.ndarray, link: Link) -> RowDerivatives:
        """Sum over the splits the case passed (``j < y``) and the one where it stopped (``j = y``)."""
        n, J = eta.shape
        log_f, d_f, d2_f, log_s, d_s, d2_s = log_terms(eta.T, link)  # (J, n) each
        if self._continue_is_f:
            log_go, d_go, d2_go, log_stop, d_stop, d2_stop = log_f, d_f, d2_f, log_s, d_s, d2_s
        else:
            log_go, d_go, d2_go, log_stop, d_stop, d2_stop = log_s, d_s, d2_s, log_f, d_f, d2_f
        split = np.arange(J)[:, None]
        passed = split < y[None, :]
        stopped = split == y[None, :]
        logp = np.where(passed, log_go, 0.0).sum(axis=0) + np.where(stopped, log_stop, 0.0).sum(axis=0)
        g = np.where(passed, d_go, 0.0) + np.where(stopped, d_stop, 0.0)
        h = np.zeros((J, J, n))
        idx = np.arange(J)
        h[idx, idx] = np.where(passed, d2_go, 0.0) + np.where(stopped, d2_stop, 0.0)
        logp = np.where(np.isfinite(logp), logp, -np.inf)
        return RowDerivatives(logp, g, h)

    def effect_text(self, split: str | None) -> str:
        """What ``exp(coefficient)`` is the odds ratio of (logit link), at every split or at one."""
        event = "beyond" if self._continue_is_f else "stop at"
        if split is None:
            return f"{event} each category once reached (all splits)"
        return f"{event} {split.split('|')[0]} once reached"

    def probabilities(self, eta: np.ndarray, link: Link) -> np.ndarray:
        """``P(Y = k) = P(stop at k | reached k) * prod_{j<k} P(go on | reached j)``."""
        cdf = link.cdf(eta)
        go, stop = (cdf, 1.0 - cdf) if self._continue_is_f else (1.0 - cdf, cdf)
        n = len(eta)
        reached = np.cumprod(np.concatenate([np.ones((n, 1)), go], axis=1), axis=1)
        return reached * np.concatenate([stop, np.ones((n, 1))], axis=1)

    def start_thresholds(self, shares: np.ndarray, link: Link) -> np.ndarray:
        """``F^{-1}`` of the marginal conditional probabilities ``P(Y > j | Y >= j)`` (or stop)."""
        at_least = np.cumsum(shares[::-1])[::-1]  # P(Y >= j)
        go_on = np.clip(at_least[1:] / at_least[:-1], 1e-6, 1 - 1e-6)
        return link.ppf(go_on if self._continue_is_f else 1.0 - go_on)

    # ------------------------------------------------------- Bayesian (PyTensor)
    #: Thresholds need no order (brms ``cratio``/``sratio`` declare a plain vector).
    thresholds_ordered = False

    def pymc_loglik(self, eta: Any, slices: list[slice], counts: np.ndarray, link: Link) -> Any:
        """Weighted log-likelihood in PyTensor (see :mod:`careerrep.models.split_pymc`)."""
        from careerrep.models.split_pymc import pt_sequential_loglik

        return pt_sequential_loglik(eta, slices, counts, link, self._continue_is_f)

    def pymc_splits(self, probs: Any, link: Link) -> Any:
        """Split predictors of a case with category probabilities ``probs`` (induced Dirichlet prior)."""
        from careerrep.models.split_pymc import pt_sequential_splits

        return pt_sequential_splits(probs, link, self._continue_is_f)


FAMILIES = {kind: SequentialFamily(kind) for kind in SEQUENTIAL_KINDS}


@dataclass(frozen=True, eq=False, init=False)
class SequentialModel(SplitModel):
    """Continuation-ratio or stopping-ratio model (R ``VGAM::cratio`` / ``sratio``).

    ``kind="cratio"``: ``F(eta_j) = P(Y > j | Y >= j)``; ``kind="sratio"``:
    ``F(eta_j) = P(Y = j | Y >= j)``; ``eta_j = theta_j + x'beta + n'gamma_j``
    (see :mod:`careerrep.models.sequential`, also for brms's signs).

    Parameters
    ----------
    formula, data, weights, levels
        As for :class:`CumulativeModel`.
    kind
        ``"cratio"`` or ``"sratio"``.
    link
        ``"logit"``, ``"probit"`` or ``"cloglog"``.
    nominal
        One-sided formula of the non-parallel (category-specific) terms.
    """

    split_kind: ClassVar[str] = "sequential"
    kind: str

    def __init__(
        self,
        formula: str,
        data: Any,
        kind: str = "cratio",
        link: str = "logit",
        nominal: str | None = None,
        weights: Any = None,
        levels: Sequence[Any] | None = None,
    ) -> None:
        if kind not in SEQUENTIAL_KINDS:
            raise ModelSpecError(f"kind must be one of {SEQUENTIAL_KINDS}, got {kind!r}")
        object.__setattr__(self, "kind", kind)
        self._setup(formula, data, link=link, nominal=nominal, scale=None, weights=weights, levels=levels)

    @property
    def split_family(self) -> SplitFamily:
        """The ``cratio``/``sratio`` family core."""
        return FAMILIES[self.kind]

    def describe(self) -> list[str]:
        """Header lines for summaries."""
        what = "P(Y > j | Y >= j)" if self.kind == "cratio" else "P(Y = j | Y >= j)"
        return [
            f"Sequential model ({self.kind}, {self.link}): {self._spec_line()}",
            f"F(theta_j + x'beta) = {what} (VGAM {self.kind}); outcome order: {' < '.join(self.labels)}",
        ]
