"""Bayesian cumulative-logit model of career outcomes, side by side with the MLE.

Simulates 400 officials (seeded), fits ``OrdinalModel`` by maximum likelihood
and by PyMC with the default priors (autoscaled normal coefficients, induced
Dirichlet thresholds), prints both, the posterior predicted outcome
probabilities for two typical cases with 95 % intervals, and PSIS-LOO.
Runs in well under a minute.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from careerrep.models import OrdinalModel

LABELS = ["fired", "resigned", "retained", "promoted"]


def simulate(n: int, seed: int) -> pd.DataFrame:
    """Cases with net sentiment and mention rate driving an ordered outcome."""
    rng = np.random.default_rng(seed)
    sentiment = np.clip(rng.normal(-0.1, 0.35, n), -1, 1)
    mentions = rng.normal(2.0, 1.0, n)
    latent = 1.5 * sentiment - 0.5 * mentions + rng.logistic(size=n)
    codes = np.searchsorted([-2.0, -0.5, 1.0], latent)
    outcome = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(LABELS, ordered=True))
    return pd.DataFrame({"outcome": outcome, "net_sentiment": sentiment, "log_mentions_per_day": mentions})


def main() -> None:
    cases = simulate(400, seed=2019)
    model = OrdinalModel("outcome ~ net_sentiment + log_mentions_per_day", cases)
    mle = model.fit()
    posterior = model.sample(draws=500, chains=2, seed=2019, cores=1, tune=500)
    print(posterior.summary())
    print("\nPosterior means next to the MLE:")
    print(pd.DataFrame({"posterior mean": posterior.params, "MLE": mle.params}).round(3))
    typical = pd.DataFrame(
        {"net_sentiment": [-0.5, 0.5], "log_mentions_per_day": [2.0, 2.0]},
        index=["hostile press", "friendly press"],
    )
    print("\nPredicted outcome probabilities (posterior mean, 95 % interval):")
    print(posterior.predict_interval(typical, level=0.95).round(3).to_string(index=False))
    loo = posterior.loo()
    print(f"\nPSIS-LOO elpd = {loo['elpd_loo']:.1f} (se {loo['se']:.1f}), p_loo = {loo['p_loo']:.1f}")


if __name__ == "__main__":
    main()
