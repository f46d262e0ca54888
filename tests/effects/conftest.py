"""Small simulated data sets shared by the effects tests (seeded, fast)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

LEVELS = ("fired", "resigned", "retained", "promoted")


def simulated_cases(n: int, seed: int) -> pd.DataFrame:
    """Signals-like columns with an ordinal outcome from a proportional-odds model."""
    rng = np.random.default_rng(seed)
    social = rng.uniform(0.15, 0.85, n)
    frame = pd.DataFrame(
        {
            "social_share": social,
            "mass_media_share": 1.0 - social,
            "mentions": rng.integers(50, 3000, n),
            "days": rng.integers(7, 120, n),
            "tone": rng.choice(["negative", "neutral", "positive"], n),
            "x": rng.normal(size=n),
        }
    )
    frame["logratio_social_mass"] = np.log(frame["social_share"] / frame["mass_media_share"])
    frame["mentions_per_day"] = frame["mentions"] / frame["days"]
    frame["log_mentions_per_day"] = np.log(frame["mentions_per_day"])
    latent = (
        -0.7 * frame["logratio_social_mass"]
        - 0.3 * frame["log_mentions_per_day"]
        + 0.6 * (frame["tone"] == "positive")
        + 0.5 * frame["x"]
        + rng.logistic(size=n)
    )
    codes = np.digitize(latent, [-2.2, -1.2, 0.3])
    frame["outcome"] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(LEVELS, ordered=True))
    frame["event"] = (codes <= 1).astype(int)
    frame["weight"] = rng.integers(1, 4, n).astype(float)
    return frame


@pytest.fixture(scope="session")
def cases() -> pd.DataFrame:
    return simulated_cases(400, seed=11)
