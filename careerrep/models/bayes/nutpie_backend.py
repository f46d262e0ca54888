"""Sample with nutpie's Rust NUTS on careerrep's NumPy log posterior: no PyMC, no compilation.

:mod:`careerrep.models.bayes.log_posterior` gives ``(log density, gradient)``
on PyMC's unconstrained scale; nutpie (an optional dependency) runs its NUTS
with mass-matrix adaptation on it through a Python callback. The draws come
back as an ArviZ InferenceData whose ``posterior`` has the same variables,
names and dims as the PyMC model's, so
:func:`careerrep.models.bayes.sampler.assemble_result` reads them unchanged.

The callback holds the GIL while it runs, so the chains run one after another:
in threads they would take turns at the GIL anyway, and the hand-overs cost
more than they overlap (2 chains x 2,000 steps, measured: 2.7 s against 4.4 s
at 60 cases, 3.3 s against 8.9 s at 1,000, 9.0 s against 14.5 s at 10,000;
see benchmarks/README.md). nutpie gives every chain its own random stream, so
the draws are the same either way.
"""

from __future__ import annotations

import importlib.util
import time
import warnings
from typing import Any

import numpy as np

from careerrep.models.bayes.log_posterior import OrdinalLogPosterior


def nutpie_installed() -> bool:
    """True when the optional ``nutpie`` package can be imported."""
    return importlib.util.find_spec("nutpie") is not None


def sample_log_posterior(
    post: OrdinalLogPosterior,
    coords: dict[str, list[str]],
    *,
    draws: int,
    tune: int,
    chains: int,
    seed: int | None,
    target_accept: float,
    progressbar: bool = False,
) -> Any:
    """Run nutpie's NUTS on ``post``; returns an InferenceData (``posterior``, ``sample_stats``).

    Parameters
    ----------
    post
        The log posterior and its variable layout.
    coords
        Coordinates of the dims named in ``post.blocks()``.
    draws, tune, chains
        Kept draws per chain, warm-up draws per chain, number of chains.
    seed
        Seed of the sampler (and of the initial points); the same seed gives
        the same draws. None draws fresh entropy.
    target_accept
        NUTS target acceptance rate.
    progressbar
        Show nutpie's progress bar.
    """
    import nutpie
    from nutpie.compiled_pyfunc import from_pyfunc

    blocks = post.blocks()
    seed = int(np.random.SeedSequence(seed).generate_state(1)[0] >> 1) if seed is None else int(seed)

    def make_logp_func() -> Any:
        def logp(x: np.ndarray, **_: Any) -> tuple[float, np.ndarray]:
            with np.errstate(all="ignore"):  # wild warm-up proposals are rejected, not errors
                return post(x)

        return logp

    def make_expand_func(seed1: int, seed2: int, chain: int) -> Any:
        def expand(x: np.ndarray, **_: Any) -> dict[str, np.ndarray]:
            return post.expand(x)

        return expand

    def make_initial_point(point_seed: int) -> np.ndarray:
        return post.initial_point(np.random.default_rng([seed, point_seed]))

    compiled = from_pyfunc(
        post.ndim,
        make_logp_func,
        make_expand_func,
        [np.dtype("float64")] * len(blocks),
        [b.shape for b in blocks],
        [b.name for b in blocks],
        coords={k: v for k, v in coords.items() if any(k in b.dims for b in blocks)},
        dims={b.name: b.dims for b in blocks if b.dims},
        make_initial_point_fn=make_initial_point,
    )
    started = time.perf_counter()
    with warnings.catch_warnings():
        # nutpie warns that a Python callback is slower than its compiled backends; known here.
        warnings.filterwarnings("ignore", module="nutpie")
        idata = nutpie.sample(
            compiled,
            draws=draws,
            tune=tune,
            chains=chains,
            cores=1,  # one chain at a time: see the module docstring
            seed=seed,
            target_accept=target_accept,
            progress_bar=progressbar,
        )
    idata.posterior.attrs["sampling_time"] = time.perf_counter() - started
    return idata
