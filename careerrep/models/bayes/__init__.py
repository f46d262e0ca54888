"""Bayesian (PyMC) posteriors for careerrep's ordinal, logit and multinomial models.

Imported lazily by ``model.sample()`` so that ``import careerrep`` does not
pay for PyMC. Entry points:

* :func:`sample_model` — posterior of a careerrep model (what ``.sample()`` calls);
* :func:`sample_arrays` — the same from plain arrays (:class:`BayesData`);
* :func:`prior_predictive` — what the priors imply for the outcome probabilities;
* :func:`compare` — rank results by PSIS-LOO;
* :class:`Priors` — the prior choices and their overrides.
"""

from careerrep.models.bayes.arrays import BayesData, LatentShare, MissingCovariate
from careerrep.models.bayes.glue import prior_predictive, sample_model
from careerrep.models.bayes.loo import compare
from careerrep.models.bayes.priors import Priors
from careerrep.models.bayes.result import PosteriorResult
from careerrep.models.bayes.sampler import sample_arrays

__all__ = [
    "BayesData",
    "LatentShare",
    "MissingCovariate",
    "PosteriorResult",
    "Priors",
    "compare",
    "prior_predictive",
    "sample_arrays",
    "sample_model",
]
