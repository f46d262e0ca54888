"""``PosteriorResult``: what a Bayesian fit returns.

A frozen value object around an ArviZ ``InferenceData`` (groups posterior,
posterior_predictive, log_likelihood, observed_data, sample_stats) that
answers the same questions as the MLE result: ``params`` (posterior means,
coefficients then thresholds, named as in the MLE), ``predict``,
``summary``; plus what only draws can give: ``predict_interval``,
``param_draws`` (for effects computed from draws), ``loo``; and how much
the data moved each parameter from its prior (``prior_sd`` and the
``contraction`` column of ``summary_frame``, see
:mod:`~careerrep.models.bayes.contraction`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError, UnknownParameterError
from careerrep.models.bayes.arrays import BayesData
from careerrep.models.bayes.contraction import contraction, weakly_informed_notes
from careerrep.models.bayes.diagnostics import Diagnostics, parameter_table
from careerrep.models.bayes.draws import DrawSet, category_logp, linear_predictor, row_chunks
from careerrep.models.bayes.priors import Priors
from careerrep.models.family import Family, ParameterLayout, Role
from careerrep.models.result import interval_level


@dataclass(frozen=True)
class FittedCases:
    """The cases the posterior was fitted to (for in-sample predictions and LOO)."""

    X: np.ndarray
    y: np.ndarray
    weights: np.ndarray
    group_codes: Mapping[str, np.ndarray]
    group_levels: Mapping[str, tuple[str, ...]]
    latent: Mapping[int, np.ndarray] = field(default_factory=dict)


def reported_names(data: BayesData) -> tuple[str, ...]:
    """Parameter names in reported order, as the MLE names them (``data.layout``).

    The family's parameters (the MLE's ``param_names``: ordinal coefficients
    then ``"low|high"`` thresholds; logit ``Intercept`` and coefficients in
    design order; multinomial ``"<level>:<coef>"`` blocks per non-reference
    level), then one ``"sd(1|group)"`` per group term (per contrast for
    multinomial models: ``"<level>:sd(1|group)"``).
    """
    return data.layout.names


def _flat(posterior: Any, name: str) -> np.ndarray:
    values = np.asarray(posterior[name])
    return values.reshape(-1, *values.shape[2:])


def draw_set(posterior: Any, family: Family, group_names: Mapping[str, str]) -> DrawSet:
    """The family's parameters and the group effects of every draw, as a :class:`DrawSet`."""
    has_intercept = "Intercept" in family.columns
    params = family.posterior_params(posterior, has_intercept)
    effects = {term: _flat(posterior, f"r_{name}") for term, name in group_names.items()}
    at = family.columns.index("Intercept") if has_intercept else None
    return DrawSet(family, params, at, effects)


def reported_draws(
    posterior: Any, family: Family, layout: ParameterLayout, group_names: Mapping[str, str]
) -> np.ndarray:
    """(S, m) draws of every reported parameter in ``layout`` order (variance components last)."""
    fixed = draw_set(posterior, family, group_names).params
    columns = [fixed]
    contrasts = (
        family.pymc_coords().get(family.pymc_predictor_dims()[0]) if family.pymc_predictor_dims() else None
    )
    for parameter in layout.of_role(Role.VARIANCE):
        sd = _flat(posterior, f"sd_{group_names[str(parameter.block)]}")
        if sd.ndim == 2 and contrasts is not None:
            sd = sd[:, list(contrasts).index(str(parameter.column))]
        columns.append(sd.reshape(-1, 1))
    return np.concatenate(columns, axis=1)


@dataclass(frozen=True, eq=False)
class PosteriorResult:
    """Posterior draws of a careerrep model, with the MLE result's interface.

    Attributes
    ----------
    idata
        ArviZ InferenceData: ``posterior``, ``posterior_predictive`` (``y``,
        one simulated outcome code per case), ``log_likelihood`` (``y``, per
        case), ``observed_data`` and ``sample_stats``.
    family, link, labels, coef_names
        What was fitted (labels low to high).
    param_names
        Reported parameters: coefficients then thresholds (ordinal),
        ``Intercept`` then coefficients (logit), ``"<level>:<coef>"`` blocks
        (multinomial).
    diagnostics
        Max R-hat, min bulk/tail ESS and divergences over the reported parameters.
    timing
        ``total_seconds`` (model build + compile + sampling) and ``sampling_seconds``.
    prior_sd
        Prior sd of each reported parameter as actually used (after the
        ``2.5 / sd(x)`` scaling and any ``priors=`` override), indexed by
        parameter name; a parameter without a known prior sd is NaN.
    """

    idata: Any
    family: Family
    link: str
    labels: tuple[str, ...]
    coef_names: tuple[str, ...]
    param_names: tuple[str, ...]
    diagnostics: Diagnostics
    fitted: FittedCases = field(repr=False)
    new_design: Callable[[Any], tuple[np.ndarray, dict[str, np.ndarray]]] | None = field(
        default=None, repr=False
    )
    row_index: pd.Index = field(default_factory=lambda: pd.RangeIndex(0), repr=False)
    timing: Mapping[str, float] = field(default_factory=dict)
    priors: Priors = field(default_factory=Priors)
    model: Any = field(default=None, repr=False)
    group_names: Mapping[str, str] = field(default_factory=dict, repr=False)
    latent_columns: Mapping[str, str] = field(default_factory=dict, repr=False)
    prior_sd: pd.Series = field(default_factory=lambda: pd.Series(dtype=float), repr=False)
    layout: ParameterLayout | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ draws

    @property
    def parameters(self) -> ParameterLayout:
        """The reported parameters with their roles (the family's, then variance components)."""
        return self.layout if self.layout is not None else self.family.layout

    @property
    def _drawset(self) -> DrawSet:
        return draw_set(self.idata.posterior, self.family, self.group_names)

    def param_draws(self) -> pd.DataFrame:
        """Draws of every reported parameter: rows = draws (chains stacked), columns = params."""
        flat = reported_draws(self.idata.posterior, self.family, self.parameters, self.group_names)
        return pd.DataFrame(flat, columns=pd.Index(self.param_names, name="parameter"))

    def draws(self, name: str) -> np.ndarray:
        """Raw draws, shaped (chains, draws, ...).

        ``name`` is a posterior variable (``"beta"``, ``"thresholds"``,
        ``"sd_country"``, ...) or a reported parameter name (``"temp[T.warm]"``),
        which gives a (chains, draws) array.
        """
        posterior = self.idata.posterior
        if name in posterior:
            return np.asarray(posterior[name])
        if name in self.param_names:
            column = self.param_draws()[name].to_numpy()
            return column.reshape(posterior.sizes["chain"], posterior.sizes["draw"])
        raise UnknownParameterError(
            f"no draws named {name!r}; variables: {sorted(posterior.data_vars)}, "
            f"parameters: {list(self.param_names)}"
        )

    @property
    def params(self) -> pd.Series:
        """Posterior means of the reported parameters (coefficients then thresholds)."""
        return self.param_draws().mean(axis=0).rename("mean")

    @property
    def nobs(self) -> float:
        """Number of cases: the sum of the frequency weights."""
        return float(np.sum(self.fitted.weights))

    # ---------------------------------------------------------------- summary

    def summary_frame(self, level: float | None = None, *, hdi_prob: float | None = None) -> pd.DataFrame:
        """Posterior summary per parameter, as a table (``summary()`` gives it as text).

        Parameters
        ----------
        level
            Mass of the highest-density interval; 0.95 by default, so the
            bound columns are ``hdi_2.5%`` and ``hdi_97.5%``. ``hdi_prob``
            (ArviZ's spelling of the same number) is deprecated: still
            accepted, with a ``FutureWarning``.

        Returns
        -------
        pd.DataFrame
            ``mean, std_error, hdi_<lo>%, hdi_<hi>%, mcse_mean, r_hat, ess_bulk,
            ess_tail, prior_sd, contraction``; ``std_error`` is the posterior
            standard deviation, under the spread column's name of every
            careerrep table (MLE summaries, effects; ``bse``);
            ``contraction = 1 - std_error^2 / prior_sd^2`` (near 0:
            the posterior mostly restates the prior; near 1: the data pinned the
            parameter down), NaN where no prior sd is known. Variance components
            (``"sd(1|group)"``) are rows like every other parameter.
        """
        probability = interval_level(level, where="PosteriorResult.summary_frame", hdi_prob=hdi_prob)
        posterior = self.idata.posterior
        flat = self.param_draws().to_numpy()
        samples = flat.reshape(posterior.sizes["chain"], posterior.sizes["draw"], -1)
        table = parameter_table(samples, self.param_names, probability)
        prior_sd = self.prior_sd.reindex(list(self.param_names)).to_numpy(dtype=float)
        table["prior_sd"] = prior_sd
        table["contraction"] = contraction(table["std_error"].to_numpy(), prior_sd)
        return table

    def summary(self, level: float | None = None, *, hdi_prob: float | None = None) -> Any:
        """The summary table as text, headed by the model and its sampler diagnostics.

        Like ``MLEResult.summary()``, this returns a text Summary (HTML in notebooks);
        :meth:`summary_frame` gives the numbers as a DataFrame. Below the table, one plain sentence names each
        coefficient whose posterior contraction is under
        :data:`~careerrep.models.bayes.contraction.WEAKLY_INFORMED` (the data
        barely moved it from its prior); well-informed fits get no such lines.
        """
        d = self.diagnostics
        probability = interval_level(level, where="PosteriorResult.summary", hdi_prob=hdi_prob)
        table = self.summary_frame(level=probability)
        header = [
            f"Bayesian {self.family.label} model: outcome {' < '.join(self.labels)}",
            f"N = {self.nobs:g}   {d.text()}",
            f"Intervals: {100 * probability:g}% highest posterior density",
        ]
        if d.problems:
            header.append("WARNING: " + "; ".join(d.problems))
        notes = weakly_informed_notes(table, self.parameters)
        from careerrep.report.summary import posterior_summary  # report imports models: import late

        return posterior_summary(self, header, table, notes)

    def __repr__(self) -> str:
        from careerrep.report.summary import short_repr

        return short_repr(self)

    @property
    def bse(self) -> pd.Series:
        """Posterior standard deviations, indexed like ``params`` (the MLE result's ``bse``).

        The same numbers as the ``std_error`` column of :meth:`summary_frame`.
        """
        spread = self.param_draws().std(axis=0, ddof=1).to_numpy()
        return pd.Series(spread, index=self.params.index)

    def conf_int(
        self, alpha: float | None = None, method: str = "hdi", *, level: float | None = None
    ) -> pd.DataFrame:
        """Credible intervals with probability ``level`` (default 0.95), like ``MLEResult.conf_int``.

        Parameters
        ----------
        alpha
            Deprecated: one minus ``level`` (statsmodels' spelling); still
            accepted, with a ``FutureWarning``.
        method
            ``"hdi"`` (highest density, default) or ``"eti"`` (equal-tailed).
        level
            The interval probability, in (0, 1).

        Returns
        -------
        pandas.DataFrame
            Columns ``"lower"`` and ``"upper"``, one row per parameter.
        """
        from careerrep.effects.intervals import equal_tailed, hdi

        probability = interval_level(level, where="PosteriorResult.conf_int", alpha=alpha)
        draws = self.param_draws()
        if method not in ("hdi", "eti"):
            raise ModelSpecError(f"method must be 'hdi' or 'eti', got {method!r}")
        bounds = hdi if method == "hdi" else equal_tailed
        lower, upper = bounds(draws.to_numpy(), probability)
        return pd.DataFrame({"lower": lower, "upper": upper}, index=self.params.index)

    def __str__(self) -> str:
        return self.summary()

    # ------------------------------------------------------------ predictions

    def _cases(self, newdata: Any) -> tuple[np.ndarray, dict[str, np.ndarray], dict, pd.Index]:
        """(X, group codes, latent columns, index) for the fitted rows or for ``newdata``."""
        if newdata is None:
            f = self.fitted
            return f.X, dict(f.group_codes), dict(f.latent), self.row_index
        if isinstance(newdata, np.ndarray):
            X = np.atleast_2d(np.asarray(newdata, dtype=float))
            return X, {}, {}, pd.RangeIndex(X.shape[0])
        if self.new_design is None:
            raise ModelSpecError("this result has no model to build predictors for new data")
        X, codes = self.new_design(newdata)
        index = newdata.index if isinstance(newdata, pd.DataFrame) else pd.RangeIndex(len(X))
        return X, codes, {}, index

    def _probability_draws(self, newdata: Any) -> tuple[Any, pd.Index]:
        """Generator of (rows, (S, r, K) probabilities) chunks, and the row index."""
        X, codes, latent, index = self._cases(newdata)
        drawset = self._drawset

        def chunks() -> Any:
            for rows in row_chunks(X.shape[0], drawset.n_draws, len(self.labels)):
                chunk_codes = {t: c[rows] for t, c in codes.items()}
                chunk_latent = {j: v[:, rows] for j, v in latent.items()}
                eta = linear_predictor(drawset, X[rows], chunk_codes, chunk_latent)
                yield rows, np.exp(category_logp(drawset, eta))

        return chunks(), index

    def predict(self, newdata: Any = None) -> pd.DataFrame:
        """Posterior mean outcome probabilities.

        Parameters
        ----------
        newdata
            DataFrame with the predictor columns (None: the fitted cases).
            Group levels not seen in fitting get no group effect (a typical new group).

        Returns
        -------
        pd.DataFrame
            One column per outcome label, rows summing to one.
        """
        chunks, index = self._probability_draws(newdata)
        parts = [probs.mean(axis=0) for _, probs in chunks]
        values = np.concatenate(parts, axis=0) if parts else np.empty((0, len(self.labels)))
        return pd.DataFrame(values, index=index, columns=pd.Index(self.labels, name="outcome"))

    def predict_interval(
        self, newdata: Any = None, level: float | None = None, *, prob: float | None = None
    ) -> pd.DataFrame:
        """Posterior mean and equal-tailed ``level`` interval (default 0.95) of each outcome probability.

        ``prob`` is an older spelling of ``level``: deprecated, still accepted
        with a ``FutureWarning``.

        Returns
        -------
        pd.DataFrame
            Tidy long frame with columns ``row`` (index label), ``outcome``,
            ``mean``, ``lower``, ``upper``; one row per case and outcome.
        """
        prob = interval_level(level, where="PosteriorResult.predict_interval", prob=prob)
        chunks, index = self._probability_draws(newdata)
        K = len(self.labels)
        means, lows, highs = [], [], []
        for _, probs in chunks:
            means.append(probs.mean(axis=0))
            lo, hi = np.quantile(probs, [(1 - prob) / 2, (1 + prob) / 2], axis=0)
            lows.append(lo)
            highs.append(hi)
        n = len(index)
        return pd.DataFrame(
            {
                "row": np.repeat(np.asarray(index), K),
                "outcome": np.tile(np.asarray(self.labels, dtype=object), n),
                "mean": np.concatenate(means).reshape(-1) if n else [],
                "lower": np.concatenate(lows).reshape(-1) if n else [],
                "upper": np.concatenate(highs).reshape(-1) if n else [],
            }
        )

    # ---------------------------------------------------------------- model fit

    def loo(self) -> Any:
        """PSIS-LOO estimate of the expected log predictive density (ArviZ ``ELPDData``)."""
        from careerrep.models.bayes.loo import psis_loo

        return psis_loo(self)
