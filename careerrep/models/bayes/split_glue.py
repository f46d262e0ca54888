"""From a split model (``CumulativeModel``, ``SequentialModel``, ``AdjacentModel``) to a posterior.

Those models keep their location design in ``design.X`` and the nominal and
scale columns beside it (``N``, ``Z``); their family's columns are all three
(:class:`~careerrep.models.families.split.SplitLinkFamily`). This file puts
the three side by side as :class:`~careerrep.models.bayes.arrays.BayesData`
and hands it to the shared sampler; the PyMC term is the family's
(:mod:`careerrep.models.families.split_bayes`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from careerrep.errors import ModelSpecError
from careerrep.models.bayes.arrays import BayesData
from careerrep.models.bayes.glue import _integer_seed, new_predictors, prior_predictive
from careerrep.models.bayes.priors import Priors
from careerrep.models.bayes.result import PosteriorResult
from careerrep.models.bayes.sampler import sample_arrays


def split_model_arrays(model: Any) -> BayesData:
    """The model's rows as :class:`BayesData`: location, nominal, then scale columns."""
    design = model.design
    if design.groups:
        raise ModelSpecError(
            f"random intercepts {list(design.groups)} are not available for {type(model).__name__}; drop them"
        )
    family = model.family
    X = np.hstack([design.X, model.N, model.Z])
    return BayesData(
        family=family,
        X=X,
        y=design.y,
        labels=tuple(model.labels),
        coef_names=tuple(family.columns),
        weights=design.weights,
    )


def sample_split_model(
    model: Any,
    draws: int = 1000,
    chains: int = 4,
    seed: int | np.random.Generator | None = None,
    priors: Priors | Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> PosteriorResult:
    """Sample the posterior of a split model with PyMC (NUTS), as ``sample_model`` does.

    ``kwargs`` go to :func:`~careerrep.models.bayes.sampler.sample_arrays`
    (``tune``, ``cores``, ``target_accept``, ``nuts_sampler``, ``backend``, ``progress``).
    """
    return sample_arrays(
        split_model_arrays(model),
        draws=draws,
        chains=chains,
        seed=_integer_seed(seed),
        priors=priors,
        new_design=functools.partial(new_predictors, model),
        row_index=model.design.row_index,
        model=model,
        **kwargs,
    )


def split_prior_predictive(
    model: Any, draws: int = 500, seed: int | None = None, priors: Priors | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Prior draws of the parameters and the implied outcome shares (as ``prior_predictive``)."""
    return prior_predictive(split_model_arrays(model), draws=draws, seed=seed, priors=priors)
