"""Convergence diagnostics and the posterior summary table.

Thresholds follow Vehtari et al. (2021): R-hat above 1.01, bulk ESS below 400
or any divergent transition means the draws should not be trusted as they are.
:func:`check` returns a :class:`Diagnostics` value and :func:`warn_if_unreliable`
raises a :class:`~careerrep.errors.SamplingWarning` that carries the numbers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from careerrep._warn import beyond
from careerrep._warn import warn as warn_user
from careerrep.errors import ModelSpecError, SamplingWarning

RHAT_LIMIT = 1.01
ESS_BULK_LIMIT = 400.0


@dataclass(frozen=True)
class Diagnostics:
    """Worst-case sampler diagnostics over the reported parameters."""

    max_rhat: float
    min_ess_bulk: float
    min_ess_tail: float
    divergences: int
    chains: int
    draws: int

    @property
    def problems(self) -> tuple[str, ...]:
        """Human-readable list of the checks that failed (empty when all pass)."""
        found = []
        if self.max_rhat > RHAT_LIMIT:
            found.append(f"max R-hat = {beyond(self.max_rhat, RHAT_LIMIT, digits=3)} > {RHAT_LIMIT}")
        if self.min_ess_bulk < ESS_BULK_LIMIT:
            shown = beyond(self.min_ess_bulk, ESS_BULK_LIMIT, above=False, digits=0)
            found.append(f"min bulk ESS = {shown} < {ESS_BULK_LIMIT:.0f}")
        if self.divergences > 0:
            found.append(f"{self.divergences} divergent transitions")
        return tuple(found)

    def text(self) -> str:
        """One line with every diagnostic number."""
        return (
            f"{self.chains} chains x {self.draws} draws; divergences: {self.divergences}; "
            f"max R-hat: {self.max_rhat:.4f}; min ESS bulk/tail: "
            f"{self.min_ess_bulk:.0f}/{self.min_ess_tail:.0f}"
        )


def parameter_table(samples: np.ndarray, names: Sequence[str], level: float = 0.95) -> pd.DataFrame:
    """Posterior summary of each parameter.

    Parameters
    ----------
    samples
        (chains, draws, m) draws of m parameters.
    names
        The m parameter names (the table's index).
    level
        Probability mass of the highest-density interval (default 0.95).

    Returns
    -------
    pd.DataFrame
        Columns ``mean``, ``std_error`` (the posterior standard deviation, under
        the spread column's name of every careerrep table), ``hdi_<lo>%``, ``hdi_<hi>%`` (e.g. ``hdi_2.5%``
        and ``hdi_97.5%`` for 95 %), ``mcse_mean``, ``r_hat``, ``ess_bulk``,
        ``ess_tail``.
    """
    import arviz as az
    import xarray as xr

    if not 0 < level < 1:
        raise ModelSpecError(f"level = {level!r} must lie strictly between 0 and 1")
    lo_name, hi_name = hdi_column_names(level)
    dataset = xr.Dataset({"p": (("chain", "draw", "param"), samples)})

    def stat(values: xr.Dataset) -> np.ndarray:
        return np.asarray(values["p"], dtype=float).reshape(-1)

    flat = samples.reshape(-1, samples.shape[-1])
    with _numpy_kernels(az):
        bounds = np.array([az.hdi(flat[:, k], hdi_prob=level) for k in range(flat.shape[1])])
        mcse, rhat = stat(az.mcse(dataset, method="mean")), stat(az.rhat(dataset))
        ess_bulk, ess_tail = stat(az.ess(dataset, method="bulk")), stat(az.ess(dataset, method="tail"))
    table = pd.DataFrame(
        {
            "mean": flat.mean(axis=0),
            "std_error": flat.std(axis=0, ddof=1),
            lo_name: bounds[:, 0] if bounds.size else [],
            hi_name: bounds[:, 1] if bounds.size else [],
            "mcse_mean": mcse,
            "r_hat": rhat,
            "ess_bulk": ess_bulk,
            "ess_tail": ess_tail,
        },
        index=pd.Index(list(names), name="parameter"),
    )
    return table


@contextlib.contextmanager
def _numpy_kernels(az: Any) -> Iterator[None]:
    """ArviZ's NumPy code paths for the duration (its numba switch restored afterwards).

    With numba installed ArviZ 0.x compiles numba kernels on its first ``mcse``
    call: ~1.2 s of every fresh process's first ``.sample()`` (numba's cache is
    per user and per machine), for arrays (chains x draws x parameters) on which
    NumPy is as fast. The numbers are the same (tests/models/bayes/test_bayes_diagnostics.py).
    """
    numba: Any = getattr(az, "Numba", None)
    enabled = bool(getattr(numba, "numba_flag", False))
    if enabled:
        numba.disable_numba()
    try:
        yield
    finally:
        if enabled:
            numba.enable_numba()


def hdi_column_names(level: float) -> tuple[str, str]:
    """Names of the HDI bound columns, e.g. ``("hdi_2.5%", "hdi_97.5%")`` for 0.95."""
    tail = 100 * (1 - level) / 2
    return f"hdi_{tail:g}%", f"hdi_{100 - tail:g}%"


def check(table: pd.DataFrame, divergences: int, chains: int, draws: int) -> Diagnostics:
    """Summarise a :func:`parameter_table` and a divergence count into :class:`Diagnostics`."""
    rhat = table["r_hat"].to_numpy(dtype=float)
    return Diagnostics(
        # R-hat needs two or more chains; with one it is NaN for every parameter.
        max_rhat=float(np.nanmax(rhat)) if np.any(np.isfinite(rhat)) else float("nan"),
        min_ess_bulk=float(table["ess_bulk"].min()),
        min_ess_tail=float(table["ess_tail"].min()),
        divergences=int(divergences),
        chains=chains,
        draws=draws,
    )


def warn_if_unreliable(diagnostics: Diagnostics) -> None:
    """Emit a :class:`SamplingWarning` naming every failed check with its number."""
    if diagnostics.problems:
        warn_user(
            "posterior draws may be unreliable: "
            + "; ".join(diagnostics.problems)
            + f" ({diagnostics.chains} chains x {diagnostics.draws} draws). "
            "Sample longer, raise target_accept, or simplify the model.",
            SamplingWarning,
        )
