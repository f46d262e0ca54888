"""``MLEResult``: what a maximum-likelihood fit returns.

A frozen value object: labelled estimates (coefficients then thresholds),
their covariance and the fit statistics, plus ``predict`` and a readable
``summary``. ``conf_int`` gives Wald (estimate -/+ z * SE) or profile-likelihood
intervals (``method=``); ``ci_kind`` is the default kind: Wald for ordinary ML
fits, profile penalised likelihood for Firth logit fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special  # not scipy.stats: it costs ~1 s to import

from careerrep._warn import warn
from careerrep.errors import ModelSpecError


def interval_level(level: float | None = None, *, where: str = "", **old: float | None) -> float:
    """The interval probability from ``level`` (careerrep's one name for it); default 0.95.

    Public entry points pass their deprecated spellings as keywords too:
    ``alpha`` (one minus the level, statsmodels' ``conf_int(alpha)``) or a
    posterior's ``hdi_prob``/``prob`` (the level itself). A value given under an
    old name still works, with a ``FutureWarning`` naming ``where`` and the
    ``level=`` to pass instead.

    Raises
    ------
    ModelSpecError
        Two spellings given, or a level outside (0, 1).
    """
    given = {name: value for name, value in old.items() if value is not None}
    if len(given) + (level is not None) > 1:
        names = (["level"] if level is not None else []) + list(given)
        raise ModelSpecError(f"give {'= or '.join(names)}=, not both: they are the same number (use level=)")
    if not given:
        value: object = 0.95 if level is None else level
        _check_level(value, f"level = {value!r}")
        return float(value)  # type: ignore[arg-type]
    ((name, old_value),) = given.items()
    _check_level(old_value, f"{name} = {old_value!r}", one_minus=name == "alpha")
    value = 1.0 - float(old_value) if name == "alpha" else float(old_value)
    warn(
        f"{where or 'this function'}: {name}={old_value!r} is deprecated and will be removed; "
        f"pass level={value:g} (the interval probability)",
        FutureWarning,
    )
    return float(value)


def tail_probability(level: float) -> float:
    """``1 - level`` as the decimal it stands for: 0.05 for 0.95, not 0.050000000000000044.

    Formulas written with ``alpha`` (``ndtri(1 - alpha / 2)``, quantiles at
    ``alpha / 2``) then give the same bits as when callers passed ``alpha=0.05``
    themselves, so simulation stores written before ``level=`` still resume
    bit-identically. Rounding to 15 significant digits removes only the binary
    representation error of the subtraction.
    """
    return float(f"{1.0 - level:.15g}")


def _check_level(value: object, shown: str, *, one_minus: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0.0 < value < 1.0:
        what = "one minus the interval probability" if one_minus else "the interval probability"
        raise ModelSpecError(f"{shown}: {what} must lie strictly between 0 and 1")


@dataclass(frozen=True, eq=False)
class MLEResult:
    """A fitted maximum-likelihood model.

    Attributes
    ----------
    model
        The model that was fitted (``OrdinalModel``, ``LogitModel`` or ``MultinomialModel``).
    params
        Estimates: coefficients then thresholds (ordinal), or
        ``"<level>:<coef>"`` blocks (multinomial).
    cov
        Covariance of ``params`` (kind ``cov_type``), labelled both ways.
    loglik
        Log-likelihood at the estimate (unpenalised, also for Firth).
    nobs
        Number of cases: the sum of the frequency weights.
    converged, iterations, gradient_norm
        Optimiser report (max |gradient| of the objective at the estimate).
    cov_type
        ``"nonrobust"``, ``"HC0"``, ``"HC1"`` or ``"cluster"``.
    method
        ``"mle"`` or ``"firth"``.
    ci_kind
        Default interval kind of ``conf_int``/``summary``: ``"Wald"`` or
        ``"profile"`` (the default of Firth fits).
    notes
        Extra lines for the summary (e.g. separation diagnostics).
    profile_interval
        ``alpha -> DataFrame`` of profile-likelihood bounds, or None where the
        fit has none (robust covariance); a function, so nothing is cached.
    """

    model: Any
    params: pd.Series
    cov: pd.DataFrame = field(repr=False)
    loglik: float
    nobs: float
    converged: bool
    iterations: int
    gradient_norm: float
    cov_type: str = "nonrobust"
    method: str = "mle"
    ci_kind: str = "Wald"
    notes: tuple[str, ...] = ()
    profile_interval: Callable[[float], pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def bse(self) -> pd.Series:
        """Standard errors (square roots of the covariance diagonal)."""
        return pd.Series(np.sqrt(np.diag(self.cov.to_numpy())), index=self.params.index)

    @property
    def zvalues(self) -> pd.Series:
        """Wald statistics ``params / bse``."""
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values of the Wald statistics (standard normal)."""
        return pd.Series(2.0 * special.ndtr(-np.abs(self.zvalues)), index=self.params.index)

    @property
    def df_model(self) -> int:
        """Number of estimated parameters (including thresholds)."""
        return len(self.params)

    @property
    def aic(self) -> float:
        """Akaike information criterion ``-2 loglik + 2 k``."""
        return -2.0 * self.loglik + 2.0 * self.df_model

    @property
    def bic(self) -> float:
        """Bayesian information criterion ``-2 loglik + k log(nobs)``."""
        return -2.0 * self.loglik + np.log(self.nobs) * self.df_model

    def cov_params(self) -> pd.DataFrame:
        """Covariance matrix of ``params`` (a copy), labelled by parameter name."""
        return self.cov.copy()

    def conf_int(
        self, alpha: float | None = None, method: str | None = None, *, level: float | None = None
    ) -> pd.DataFrame:
        """Confidence intervals with probability ``level`` (default 0.95).

        Parameters
        ----------
        alpha
            Deprecated: one minus ``level`` (statsmodels' spelling). Still
            accepted, with a ``FutureWarning``; pass ``level=`` instead.
        method
            ``None`` (the result's default kind, ``self.ci_kind``: ``"Wald"``
            for ML fits, ``"profile"`` for Firth), ``"wald"`` (estimate -/+ z SE,
            with this result's covariance) or ``"profile"`` (profile likelihood,
            as R's ``confint`` for ``glm``/``polr``/``clm``; profile penalised
            likelihood for Firth). Profile intervals are computed on every call
            (two root searches of constrained refits per parameter, see
            :mod:`careerrep.models.profile`) and exist only for fits with
            ``cov="nonrobust"``.
        level
            The interval probability, in (0, 1); default 0.95.

        Returns
        -------
        pandas.DataFrame
            Columns ``"lower"`` and ``"upper"``, one row per parameter (parameter
            units); a profile bound is ``-inf``/``inf`` where the likelihood never
            falls far enough (separation).

        Raises
        ------
        ModelSpecError
            For an unknown ``method``, or ``"profile"`` on a fit without it.
        """
        alpha = 1.0 - interval_level(level, where="MLEResult.conf_int", alpha=alpha)
        kind = self.ci_kind if method is None else method
        if not isinstance(kind, str) or kind.lower() not in ("wald", "profile"):
            raise ModelSpecError(f"method must be None, 'wald' or 'profile', got {method!r}")
        if kind.lower() == "profile":
            if self.profile_interval is None:
                raise ModelSpecError(self._why_no_profile())
            return self.profile_interval(alpha)
        z = special.ndtri(1.0 - alpha / 2.0)
        return pd.DataFrame({"lower": self.params - z * self.bse, "upper": self.params + z * self.bse})

    def _why_no_profile(self) -> str:
        if self.cov_type != "nonrobust":
            why = (
                f"it was fitted with cov={self.cov_type!r}, and profile intervals rest on the "
                f"model's own likelihood: refit with cov='nonrobust'"
            )
        else:
            why = "the estimator does not provide them"
        return f"this fit has no profile-likelihood intervals: {why}, or use method='wald'"

    def predict(self, newdata: Any = None) -> pd.DataFrame:
        """Outcome probabilities for ``newdata`` (default: the fitted rows).

        Returns
        -------
        pandas.DataFrame
            One column per outcome label (two for a logit), rows summing to one.
        """
        return self.model.predict_probabilities(self.params.to_numpy(), newdata)

    def summary_frame(self, alpha: float | None = None, *, level: float | None = None) -> pd.DataFrame:
        """Per parameter: estimate, standard error, z, p and the interval (``level``, default 0.95).

        Returns
        -------
        pandas.DataFrame
            Columns ``estimate, std_error, z, p_value, lower, upper`` (always these,
            whatever ``level``); the interval's kind is ``self.ci_kind``.
            ``alpha`` is deprecated (``level = 1 - alpha``; a ``FutureWarning``).
        """
        ci = self.conf_int(level=interval_level(level, where="MLEResult.summary_frame", alpha=alpha))
        return pd.DataFrame(
            {
                "estimate": self.params,
                "std_error": self.bse,
                "z": self.zvalues,
                "p_value": self.pvalues,
                "lower": ci["lower"],
                "upper": ci["upper"],
            }
        )

    def summary(self, alpha: float | None = None, *, level: float | None = None) -> Any:
        """A readable table: estimate, SE, z, p and interval, with fit statistics and pseudo-R².

        Returns a :class:`careerrep.report.summary.Summary`: a ``str`` that
        also renders as HTML in notebooks and holds the numbers as ``.frame``
        (the same as :meth:`summary_frame`). ``alpha`` is deprecated (``level = 1 - alpha``).
        """
        from careerrep.report.summary import mle_summary  # report imports models: import late

        return mle_summary(self, interval_level(level, where="MLEResult.summary", alpha=alpha))

    def __repr__(self) -> str:
        from careerrep.report.summary import short_repr

        return short_repr(self)

    def __str__(self) -> str:
        return self.summary()
