"""``MixedResult``: what a mixed-model fit returns (plain, picklable data).

Everything is stored as numbers and tables; nothing holds a closure or the
optimiser. Profile intervals and predictions are recomputed from the model
and the stored estimates when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models.result import interval_level


@dataclass(frozen=True, eq=False)
class MixedResult:
    """A fitted mixed model.

    Attributes
    ----------
    model
        The :class:`~careerrep.models.mixed.model.MixedModel` fitted.
    params
        Coefficients, thresholds, then variance components: ``sd(1|group)``
        for a random intercept, ``sd(col|group)`` and ``cor(col1,col2|group)``
        for a term with a slope (latent-scale SDs).
    cov
        Covariance of ``params`` in their units (delta method for SDs and
        correlations); NaN rows for a component on its boundary (see ``notes``).
    loglik
        Marginal log-likelihood (Laplace or quadrature) at the estimate.
    nobs
        Sum of the frequency weights.
    n_agq, method
        Quadrature nodes (1 = Laplace) and the method in words.
    converged, iterations, gradient_norm
        Optimiser report (max |gradient| on the reported scale).
    reported, reported_cov
        Estimates and covariance on the Wald scale: log SD and atanh correlation.
    variance_components
        One row per SD / correlation: term, group, kind, estimate, SE, boundary flag.
    group_effects
        ``term -> DataFrame`` of conditional modes and conditional SDs per group level.
    icc
        Latent-scale intraclass correlation of each random intercept.
    lr_tests
        Boundary-corrected LR test of each term (None if not requested).
    fixed_loglik
        Log-likelihood of the model without any random term.
    notes
        Warnings repeated for the summary.
    """

    model: Any = field(repr=False)
    params: pd.Series
    cov: pd.DataFrame = field(repr=False)
    loglik: float
    nobs: float
    n_agq: int
    method: str
    converged: bool
    iterations: int
    gradient_norm: float
    reported: pd.Series = field(repr=False)
    reported_cov: pd.DataFrame = field(repr=False)
    variance_components: pd.DataFrame = field(repr=False)
    group_effects: dict[str, pd.DataFrame] = field(repr=False)
    icc: pd.DataFrame = field(repr=False)
    lr_tests: pd.DataFrame | None = field(repr=False)
    fixed_loglik: float = float("nan")
    notes: tuple[str, ...] = ()

    # ---------------------------------------------------------------- numbers
    @property
    def bse(self) -> pd.Series:
        """Standard errors of ``params`` (NaN for a component on its boundary)."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    @property
    def zvalues(self) -> pd.Series:
        """Wald statistics of the fixed part (NaN for variance components: no test of 0 there)."""
        return (self.params / self.bse).where(~self._variance_mask())

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided Wald p-values of the fixed part (NaN for variance components; see ``lr_tests``)."""
        return pd.Series(2.0 * special.ndtr(-np.abs(self.zvalues)), index=self.params.index)

    @property
    def layout(self) -> Any:
        """Every parameter with its role (``Role.VARIANCE`` SDs, ``Role.CORRELATION``)."""
        return self.model.layout

    @property
    def ci_kind(self) -> str:
        """Default interval kind: ``"Wald"`` (log-SD / atanh scale for the components)."""
        return "Wald"

    @property
    def cov_type(self) -> str:
        """Covariance kind: always model-based (``"nonrobust"``)."""
        return "nonrobust"

    @property
    def roles(self) -> pd.Series:
        """Role of each parameter: coefficient, intercept, threshold, variance, correlation."""
        return pd.Series(self.model.param_roles, index=self.params.index)

    @property
    def fixed_effects(self) -> pd.Series:
        """Coefficients and thresholds only."""
        return self.params[~self._variance_mask()]

    @property
    def df_model(self) -> int:
        """Number of estimated parameters, variance components included."""
        return len(self.params)

    @property
    def aic(self) -> float:
        """``-2 loglik + 2 k``."""
        return -2.0 * self.loglik + 2.0 * self.df_model

    @property
    def bic(self) -> float:
        """``-2 loglik + k log(nobs)``."""
        return -2.0 * self.loglik + np.log(self.nobs) * self.df_model

    def cov_params(self) -> pd.DataFrame:
        """Covariance matrix of ``params`` (a copy)."""
        return self.cov.copy()

    def conf_int(
        self, alpha: float | None = None, method: str | None = "wald", *, level: float | None = None
    ) -> pd.DataFrame:
        """Confidence intervals with probability ``level`` (default 0.95).

        Parameters
        ----------
        alpha
            Deprecated: one minus ``level`` (statsmodels' spelling); still
            accepted, with a ``FutureWarning``.
        level
            The interval probability, in (0, 1).
        method
            ``"wald"``: estimate -/+ z SE for coefficients and thresholds; for SDs
            and correlations on the log / atanh scale, mapped back (so they stay
            positive / inside (-1, 1)). ``"profile"``: profile likelihood for every
            parameter (a refit per trial value, see
            :mod:`careerrep.models.mixed.profile_curve`); an SD's lower bound is 0 when
            the profile never falls far enough on the way to 0.

        Returns
        -------
        pandas.DataFrame
            Columns ``lower``, ``upper`` per parameter (parameter units).
        """
        alpha = 1.0 - interval_level(level, where="MixedResult.conf_int", alpha=alpha)
        method = "wald" if method is None else str(method).lower()
        if method == "profile":
            from careerrep.models.mixed.profile_curve import mixed_profile_bounds

            return mixed_profile_bounds(self, alpha)
        if method != "wald":
            raise ModelSpecError(f"method must be 'wald' or 'profile', got {method!r}")
        z = special.ndtri(1.0 - alpha / 2.0)
        centre = self.reported.to_numpy()
        half = z * np.sqrt(np.diag(self.reported_cov.to_numpy()))
        lower, upper = centre - half, centre + half
        kinds = self._kinds()
        lower = np.where(kinds == "sd", np.exp(lower), np.where(kinds == "cor", np.tanh(lower), lower))
        upper = np.where(kinds == "sd", np.exp(upper), np.where(kinds == "cor", np.tanh(upper), upper))
        return pd.DataFrame({"lower": lower, "upper": upper}, index=self.params.index)

    def profile_intervals(
        self, alpha: float | None = None, parameters: Any = None, *, level: float | None = None
    ) -> pd.DataFrame:
        """Profile-likelihood intervals of ``parameters`` (default: the variance components).

        Each bound costs several refits of the model; the variance components
        are where Wald intervals are least trustworthy. ``level`` is the
        interval probability (default 0.95; ``alpha = 1 - level`` is deprecated).
        Returns ``lower``, ``upper`` per parameter (SD / correlation units).
        """
        from careerrep.models.mixed.profile_curve import mixed_profile_bounds

        probability = interval_level(level, where="MixedResult.profile_intervals", alpha=alpha)
        chosen = list(self.variance_components.index) if parameters is None else list(parameters)
        return mixed_profile_bounds(self, 1.0 - probability, chosen)

    def _variance_mask(self) -> pd.Series:
        return self.roles.isin(["variance", "correlation"])

    def _kinds(self) -> np.ndarray:
        kinds = np.array(["fixed"] * len(self.params), dtype=object)
        for name, kind in self.variance_components["kind"].items():
            kinds[self.params.index.get_loc(name)] = kind
        return kinds

    # ------------------------------------------------------------ predictions
    def predict(self, newdata: Any = None, kind: str = "conditional", at: str = "modes") -> pd.DataFrame:
        """Outcome probabilities, conditional on group effects or marginal over them.

        Parameters
        ----------
        newdata
            Rows with the predictor (and, for ``at="modes"``, grouping) columns;
            default the fitted rows.
        kind
            ``"conditional"``: ``P(Y | x, b)`` at given group effects;
            ``"marginal"``: ``P(Y | x)`` averaged over ``b ~ N(0, Sigma)``
            (the population-average probability).
        at
            For ``kind="conditional"``: ``"modes"`` (each row's estimated group
            effects; 0 for a level not in the fit) or ``"zero"`` (a typical group).

        Returns
        -------
        pandas.DataFrame
            One column per outcome label; ``attrs["prediction"]`` says which kind.
        """
        from careerrep.models.mixed.predict import predict_probabilities

        return predict_probabilities(self, newdata, kind, at)

    def marginal_effects(
        self,
        variable: str,
        kind: str = "marginal",
        alpha: float | None = None,
        levels: Any = None,
        *,
        level: float | None = None,
    ) -> pd.DataFrame:
        """Average marginal effect of ``variable`` on each outcome probability.

        A numeric variable gets the derivative, a categorical one (or one
        whose ``levels`` are given, reference first) the discrete change from
        its reference level to each other level. ``kind="marginal"``
        (population average over the group effects) or ``"conditional"`` (at
        group effects 0), delta-method intervals of probability ``level``
        (default 0.95; ``alpha = 1 - level`` is deprecated); see
        :mod:`careerrep.models.mixed.effects`. ``attrs["effect"]`` labels the kind.
        """
        from careerrep.models.mixed.effects import average_marginal_effects

        probability = interval_level(level, where="MixedResult.marginal_effects", alpha=alpha)
        return average_marginal_effects(self, variable, kind, probability, levels)

    # ---------------------------------------------------------------- reports
    def summary_frame(self, alpha: float | None = None, *, level: float | None = None) -> pd.DataFrame:
        """Estimate, SE, z, p (fixed part) and Wald interval (``level``, default 0.95) per parameter.

        ``alpha = 1 - level`` is deprecated (a ``FutureWarning``).
        """
        ci = self.conf_int(level=interval_level(level, where="MixedResult.summary_frame", alpha=alpha))
        bse = self.bse
        zvalues = (self.params / bse).where(~self._variance_mask())
        return pd.DataFrame(
            {
                "estimate": self.params,
                "std_error": bse,
                "z": zvalues,
                "p_value": 2.0 * special.ndtr(-np.abs(zvalues)),
                "lower": ci["lower"],
                "upper": ci["upper"],
            }
        )

    def summary(self, alpha: float | None = None, *, level: float | None = None) -> str:
        """Readable text: fixed effects, variance components, ICC, LR tests and notes.

        Intervals of probability ``level`` (default 0.95; ``alpha = 1 - level`` is deprecated).
        """
        probability = interval_level(level, where="MixedResult.summary", alpha=alpha)
        level_text = f"{100 * probability:g}%"
        frame = self.summary_frame(level=probability).rename(
            columns={
                "std_error": "std.err",
                "p_value": "p",
                "lower": f"{level_text} lower",
                "upper": f"{level_text} upper",
            }
        )

        def fmt(v: float) -> str:
            return f"{v:.4g}"

        fixed = frame[~self._variance_mask()].to_string(float_format=fmt)
        table = frame[self._variance_mask()].drop(columns=["z", "p"])
        shown = table.map(lambda v: fmt(v) if np.isfinite(v) else "nan").astype(object)
        boundary = self.variance_components["on_boundary"].reindex(table.index).fillna(False).astype(bool)
        # A component held at its boundary has no Wald SE or interval: say so in the table.
        shown.loc[boundary.to_numpy(), shown.columns[1:]] = "on boundary"
        variance = shown.to_string()
        header = [
            *self.model.describe(),
            f"Method: {self.method}   N = {self.nobs:g}   log-likelihood = {self.loglik:.4f}   "
            f"AIC = {self.aic:.2f}   BIC = {self.bic:.2f}",
            f"Converged: {self.converged} ({self.iterations} iterations, "
            f"max |gradient| = {self.gradient_norm:.2g})",
        ]
        lines = [
            *header,
            "",
            "Fixed effects:",
            fixed,
            "",
            "Variance components (latent scale; Wald on log SD):",
            variance,
        ]
        lines += ["", "ICC (latent scale):", self.icc[["icc"]].to_string(float_format=fmt)]
        if self.lr_tests is not None:
            lines += ["", *self.lr_tests["note"]]
        if self.notes:
            lines += ["", *self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
