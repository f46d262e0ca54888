"""The cumulative-logit log posterior in NumPy, with its analytic gradient.

It is the same model as :func:`careerrep.models.bayes.build.build_model` builds
in PyMC, on the same unconstrained scale, so that a sampler needing only
``(log density, gradient)`` (nutpie's Rust NUTS, see
:mod:`careerrep.models.bayes.nutpie_backend`) can run it without PyMC's graph
compilation. The unconstrained vector is, in this order:

* ``beta`` (p): coefficients of the centred predictors, ``Normal(prior_mean, prior_sd)``;
* the thresholds (K - 1): with the induced Dirichlet prior the first K - 1
  coordinates of PyMC's simplex transform of ``category_probs``
  (``probs = softmax([y, -sum(y)])``, log-Jacobian ``log K + sum(log probs)``),
  cut points ``logit(clip(cumsum(probs)[:-1]))`` on the centred scale; with the
  ordered normal prior PyMC's ordered transform of the reported thresholds
  (``t_0 = y_0``, ``t_i = t_{i-1} + exp(y_i)``, log-Jacobian ``sum(y[1:])``);
* per group term: ``log sd`` (``sd ~ HalfNormal(group_sd_scale)``, log-Jacobian
  ``log sd``) and the non-centred ``z`` (one per level, ``Normal(0, 1)``);
  the effects are ``sd * z``.

The likelihood uses the identity ``F(b) - F(a) = F(b) (1 - F(a)) (1 - exp(a - b))``
of the logistic CDF: with ``b = c_k - eta`` and ``a = c_{k-1} - eta`` its last
factor depends on the category only, so a row costs two log-sigmoids, and the
derivative in ``eta`` is ``F(a) - F(b)`` (no division). Every constant of PyMC's
log densities is kept, so the value equals ``model.compile_logp()`` exactly.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from careerrep.errors import ModelSpecError
from careerrep.models.bayes.arrays import BayesData
from careerrep.models.bayes.build import group_variable_name, model_inputs
from careerrep.models.bayes.priors import Priors
from careerrep.models.families.ordinal import CumulativeFamily
from careerrep.models.links import get_link

_LOG_2PI = math.log(2.0 * math.pi)
_LOG_2 = math.log(2.0)
_CLIP = 1e-12  # as the PyMC model: keeps the logit of a cumulative sum finite


def _exp(x: float) -> float:
    """``math.exp`` that overflows to ``inf`` as NumPy does (wild warm-up proposals)."""
    return math.exp(x) if x < 709.0 else math.inf


def _gap_terms(cuts: list[float]) -> tuple[list[float], list[float]]:
    """Per pair of neighbouring cut points: ``log(1 - exp(-gap))`` and ``1 / expm1(gap)``.

    ``F(b) - F(a) = F(b) (1 - F(a)) (1 - exp(a - b))`` for the logistic ``F``: the
    last factor of a middle category depends on its two cut points only. A gap
    that is not positive is outside the model (``-inf``).
    """
    log_gap, inv_gap = [], []
    for lower, upper in itertools.pairwise(cuts):
        gap = upper - lower
        if not gap > 0.0:
            log_gap.append(-math.inf)
            inv_gap.append(math.inf)
            continue
        # log(-expm1(-g)) is exact for small gaps, log1p(-exp(-g)) for large ones.
        log_gap.append(math.log(-math.expm1(-gap)) if gap < _LOG_2 else math.log1p(-math.exp(-gap)))
        inv_gap.append(1.0 / math.expm1(gap) if gap < 709.0 else 0.0)
    return log_gap, inv_gap


def supports(data: BayesData) -> bool:
    """True when :class:`OrdinalLogPosterior` writes exactly this model.

    The cumulative family with the logit link, any group intercepts, either
    threshold prior; not latent predictor columns (shares, imputation).
    """
    family = data.family
    return (
        type(family) is CumulativeFamily and family.link == get_link("logit") and not data.has_latent_columns
    )


@dataclass(frozen=True)
class Block:
    """One posterior variable reported by :meth:`OrdinalLogPosterior.expand`."""

    name: str
    shape: tuple[int, ...]
    dims: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class OrdinalLogPosterior:
    """Log posterior and gradient of the cumulative-logit model (see the module docstring).

    Build it with :func:`ordinal_log_posterior`. Call it on an unconstrained
    vector of length :attr:`ndim` for ``(log density, gradient)``.
    """

    Xt: np.ndarray  # (p, u) centred predictors of the collapsed rows, transposed (contiguous rows)
    counts: np.ndarray  # (u,) row weights
    hi_rows: slice  # rows with an upper cut point (outcome < K - 1)
    lo_rows: slice  # rows with a lower cut point (outcome > 0)
    hi_cut: np.ndarray  # index of the upper cut point of each hi row
    lo_cut: np.ndarray  # index of the lower cut point of each lo row
    middle_weight: np.ndarray  # (K - 2,) summed weight of categories 1..K-2
    x_mean: np.ndarray  # (p,)
    prior_mean: np.ndarray  # (p,)
    prior_sd: np.ndarray  # (p,)
    dirichlet: bool
    alpha: np.ndarray  # (K,) Dirichlet concentration
    threshold_mu: float
    threshold_sigma: float
    group_sd_scale: float
    group_codes: tuple[np.ndarray, ...]  # per group term: (u,) level codes
    group_levels: tuple[int, ...]
    group_names: tuple[str, ...]  # variable suffixes, "country" for "(1|country)"

    @property
    def n_coef(self) -> int:
        """Number of coefficients p."""
        return self.Xt.shape[0]

    @property
    def n_cuts(self) -> int:
        """Number of cut points K - 1."""
        return self.alpha.size - 1

    @property
    def ndim(self) -> int:
        """Length of the unconstrained vector."""
        return self.n_coef + self.n_cuts + sum(1 + L for L in self.group_levels)

    def blocks(self) -> list[Block]:
        """The variables :meth:`expand` returns, with PyMC's names and dims."""
        out = [Block("beta", (self.n_coef,), ("coef",)), Block("thresholds", (self.n_cuts,), ("threshold",))]
        if self.dirichlet:
            out.append(Block("category_probs", (self.n_cuts + 1,), ("outcome",)))
        for name, L in zip(self.group_names, self.group_levels, strict=True):
            out += [
                Block(f"sd_{name}", (), ()),
                Block(f"z_{name}", (L,), (f"{name}_level",)),
                Block(f"r_{name}", (L,), (f"{name}_level",)),
            ]
        return out

    # ------------------------------------------------------------ thresholds
    # The threshold transform works on K - 1 numbers: Python floats cost a tenth of a
    # NumPy call on arrays that small (it was half of every density evaluation).
    def _cuts(self, theta_cuts: np.ndarray, shift: float) -> tuple[np.ndarray, float, Any]:
        """Centred cut points, their log prior + log-Jacobian, and what the gradient needs."""
        y = theta_cuts.tolist()
        if self.dirichlet:
            v = [*y, -math.fsum(y)]
            top = max(v)
            log_total = top + math.log(sum(math.exp(x - top) for x in v))
            log_probs = [x - log_total for x in v]
            probs = [math.exp(x) for x in log_probs]
            raw = list(itertools.accumulate(probs[:-1]))
            cumulative = [min(max(r, _CLIP), 1.0 - _CLIP) for r in raw]
            cuts = np.array([math.log(c) - math.log1p(-c) for c in cumulative])
            alpha = self.alpha.tolist()
            lp = (
                self._dirichlet_log_norm
                + sum((a - 1.0) * lq for a, lq in zip(alpha, log_probs, strict=True))
                + math.log(len(v))
                + sum(log_probs)
            )
            inside = [_CLIP < r < 1.0 - _CLIP for r in raw]
            return cuts, lp, (probs, cumulative, inside)
        thresholds = list(itertools.accumulate([y[0], *(_exp(t) for t in y[1:])]))
        s = self.threshold_sigma
        resid = [(t - self.threshold_mu) / s for t in thresholds]
        lp = -0.5 * sum(r * r for r in resid) - len(thresholds) * (math.log(s) + 0.5 * _LOG_2PI)
        lp += sum(y[1:])
        return np.array(thresholds) - shift, lp, (thresholds, resid)

    def _cuts_gradient(self, theta_cuts: np.ndarray, g: list[float], extra: Any) -> np.ndarray:
        """Gradient in the threshold coordinates, given d loglik / d centred cut points ``g``."""
        if self.dirichlet:
            probs, cumulative, inside = extra
            g_cum = [
                gc / (c * (1.0 - c)) if ok else 0.0 for gc, c, ok in zip(g, cumulative, inside, strict=True)
            ]
            g_probs = [*list(itertools.accumulate(g_cum[::-1]))[::-1], 0.0]  # d cum_j / d probs_i, i <= j
            # (alpha - 1) from the prior, 1 from the Jacobian
            g_log = [gp * pr + a for gp, pr, a in zip(g_probs, probs, self.alpha.tolist(), strict=True)]
            total = sum(g_log)
            g_v = [gl - pr * total for gl, pr in zip(g_log, probs, strict=True)]
            return np.array([gv - g_v[-1] for gv in g_v[:-1]])
        _, resid = extra
        g_t = [gc - r / self.threshold_sigma for gc, r in zip(g, resid, strict=True)]
        g_y = [*itertools.accumulate(g_t[::-1])][::-1]  # d t_i / d y_j = exp(y_j) for i >= j (j > 0)
        y = theta_cuts.tolist()
        return np.array([g_y[0], *(gy * _exp(t) + 1.0 for gy, t in zip(g_y[1:], y[1:], strict=True))])

    @functools.cached_property
    def _coef_log_norm(self) -> float:
        """``sum log prior_sd + p/2 log(2 pi)``, the coefficient prior's constant."""
        return float(np.log(self.prior_sd).sum()) + 0.5 * self.n_coef * _LOG_2PI

    @functools.cached_property
    def _dirichlet_log_norm(self) -> float:
        """``log Gamma(sum alpha) - sum log Gamma(alpha)``, the Dirichlet's constant."""
        return math.lgamma(float(self.alpha.sum())) - sum(math.lgamma(a) for a in self.alpha.tolist())

    # ------------------------------------------------------------ density
    def __call__(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        """``(log posterior, gradient)`` at the unconstrained vector ``theta``."""
        p, m = self.n_coef, self.n_cuts
        beta = theta[:p]
        shift = float(self.x_mean @ beta)
        cuts, lp, extra = self._cuts(theta[p : p + m], shift)
        eta = beta @ self.Xt
        grad = np.empty_like(theta)
        pos = p + m
        effects = []
        for codes, L in zip(self.group_codes, self.group_levels, strict=True):
            log_sd, z = theta[pos], theta[pos + 1 : pos + 1 + L]
            sd = math.exp(log_sd)
            eta = eta + (sd * z)[codes]
            scale = self.group_sd_scale
            lp += math.log(2.0) - 0.5 * _LOG_2PI - math.log(scale) - 0.5 * (sd / scale) ** 2 + log_sd
            lp += float(-0.5 * z @ z) - 0.5 * L * _LOG_2PI
            effects.append((pos, sd, z, codes, L))
            pos += 1 + L
        resid = (beta - self.prior_mean) / self.prior_sd
        lp += float(-0.5 * resid @ resid) - self._coef_log_norm

        # Upper cut b = c_k - eta: log F(b); lower cut a = c_{k-1} - eta: log(1 - F(a)).
        b = cuts[self.hi_cut] - eta[self.hi_rows]
        a = cuts[self.lo_cut] - eta[self.lo_rows]
        w_hi, w_lo = self.counts[self.hi_rows], self.counts[self.lo_rows]
        e_b, e_a = np.exp(-np.abs(b)), np.exp(-np.abs(a))
        l_b, l_a = np.log1p(e_b), np.log1p(e_a)
        log_f_b = np.minimum(b, 0.0) - l_b
        log_sf_a = np.minimum(-a, 0.0) - l_a
        sf_b = np.where(b > 0.0, e_b, 1.0) / (1.0 + e_b)  # 1 - F(b)
        f_a = np.where(a > 0.0, 1.0, e_a) / (1.0 + e_a)  # F(a)
        log_gap, inv_gap = _gap_terms(cuts.tolist())
        loglik = float(w_hi @ log_f_b + w_lo @ log_sf_a)
        loglik += sum(mw * lg for mw, lg in zip(self.middle_weight.tolist(), log_gap, strict=True))
        lp += loglik

        wsf_b, wf_a = w_hi * sf_b, w_lo * f_a
        g_eta = np.zeros(eta.size)
        g_eta[self.hi_rows] -= wsf_b
        g_eta[self.lo_rows] += wf_a
        g_cuts = (
            np.bincount(self.hi_cut, weights=wsf_b, minlength=m)
            - np.bincount(self.lo_cut, weights=wf_a, minlength=m)
        ).tolist()
        for k, (mw, ig) in enumerate(zip(self.middle_weight.tolist(), inv_gap, strict=True)):
            g_cuts[k + 1] += mw * ig
            g_cuts[k] -= mw * ig
        grad[:p] = self.Xt @ g_eta - resid / self.prior_sd
        if not self.dirichlet:
            # centred cuts = thresholds - x_mean'beta
            grad[:p] -= self.x_mean * sum(g_cuts)
        grad[p : p + m] = self._cuts_gradient(theta[p : p + m], g_cuts, extra)
        for pos, sd, z, codes, L in effects:
            g_effect = np.bincount(codes, weights=g_eta, minlength=L)
            scale = self.group_sd_scale
            grad[pos] = sd * float(g_effect @ z) - (sd / scale) ** 2 + 1.0
            grad[pos + 1 : pos + 1 + L] = sd * g_effect - z
        if not np.isfinite(lp):
            return -math.inf, np.zeros_like(theta)
        return lp, grad

    def expand(self, theta: np.ndarray) -> dict[str, np.ndarray]:
        """The posterior variables at ``theta``, named and shaped as in the PyMC model."""
        p, m = self.n_coef, self.n_cuts
        beta = theta[:p].copy()
        shift = float(self.x_mean @ beta)
        cuts, _, extra = self._cuts(theta[p : p + m], shift)
        out = {"beta": beta, "thresholds": cuts + shift}
        if self.dirichlet:
            out["category_probs"] = np.array(extra[0])
        pos = p + m
        for name, L in zip(self.group_names, self.group_levels, strict=True):
            sd = math.exp(theta[pos])
            z = theta[pos + 1 : pos + 1 + L].copy()
            out |= {f"sd_{name}": np.asarray(sd), f"z_{name}": z, f"r_{name}": sd * z}
            pos += 1 + L
        return out

    def initial_point(self, rng: np.random.Generator) -> np.ndarray:
        """PyMC's ``jitter+adapt_diag`` start: the initial values plus Uniform(-1, 1) jitter.

        Initial values are zeros on the unconstrained scale, except the ordered
        normal thresholds, which start at PyMC's ``initval`` (evenly spaced).
        """
        start = np.zeros(self.ndim)
        if not self.dirichlet:
            m = self.n_cuts
            t = np.linspace(-1.0, 1.0, m) * min(2.0, self.threshold_sigma)
            start[self.n_coef : self.n_coef + m] = np.concatenate([t[:1], np.log(np.diff(t))])
        return start + rng.uniform(-1.0, 1.0, self.ndim)

    def coords(self, data: BayesData) -> dict[str, list[str]]:
        """Coordinates of the dims of :meth:`blocks`."""
        out: dict[str, list[str]] = {
            "coef": list(data.coef_names),
            "outcome": list(data.labels),
            **data.family.pymc_coords(),
        }
        for term, (_, levels) in data.groups.items():
            out[f"{group_variable_name(term)}_level"] = list(levels)
        return out


def ordinal_log_posterior(data: BayesData, priors: Priors) -> OrdinalLogPosterior:
    """The log posterior of the PyMC model :func:`build_model` would build for ``data``.

    Raises
    ------
    ModelSpecError
        When :func:`supports` is false for ``data``.
    """
    if not supports(data):
        raise ModelSpecError("ordinal_log_posterior needs the cumulative logit family without latent columns")
    collapsed, _, x_mean, prior_mean, prior_sd = model_inputs(data, priors)
    K = data.n_categories
    y = collapsed.y
    bounds = np.searchsorted(y, np.arange(K + 1))
    hi_rows = slice(0, int(bounds[K - 1]))
    lo_rows = slice(int(bounds[1]), y.size)
    counts = np.asarray(collapsed.counts, dtype=float)
    middle_weight = np.array([counts[bounds[k] : bounds[k + 1]].sum() for k in range(1, K - 1)])
    terms = list(data.groups)
    return OrdinalLogPosterior(
        Xt=np.ascontiguousarray((collapsed.X - x_mean).T),
        counts=counts,
        hi_rows=hi_rows,
        lo_rows=lo_rows,
        hi_cut=np.ascontiguousarray(y[hi_rows]),
        lo_cut=np.ascontiguousarray(y[lo_rows] - 1),
        middle_weight=middle_weight,
        x_mean=x_mean,
        prior_mean=prior_mean,
        prior_sd=prior_sd,
        dirichlet=priors.thresholds == "dirichlet",
        alpha=priors.alpha_vector(K),
        threshold_mu=float(priors.threshold_mu),
        threshold_sigma=float(priors.threshold_sigma),
        group_sd_scale=float(priors.group_sd_scale),
        group_codes=tuple(np.asarray(collapsed.group_codes[t], dtype=np.intp) for t in terms),
        group_levels=tuple(len(data.groups[t][1]) for t in terms),
        group_names=tuple(group_variable_name(t) for t in terms),
    )
