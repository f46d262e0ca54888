"""Every model family x link x option the conformance suite runs. A new family adds one line here.

Each case is ``(id, build)``: ``build(frame, weights)`` returns a model on the
shared data set of :func:`conformance_frame` (a continuous predictor ``x``, a
three-level factor ``g``, a case weight column ``w`` and outcomes for every
family). ``weights`` is None or the weight column's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from careerrep.models.adjacent import AdjacentModel
from careerrep.models.cumulative_general import CumulativeModel
from careerrep.models.logit import LogitModel
from careerrep.models.multinomial import MultinomialModel
from careerrep.models.ordinal import OrdinalModel
from careerrep.models.sequential import SequentialModel

Build = Callable[[pd.DataFrame, str | None], Any]

CASES: list[tuple[str, Build]] = [
    ("ordinal-logit", lambda d, w: OrdinalModel("rank ~ x + g", d, weights=w)),
    ("ordinal-probit", lambda d, w: OrdinalModel("rank ~ x + g", d, link="probit", weights=w)),
    ("ordinal-cloglog", lambda d, w: OrdinalModel("rank ~ x + g", d, link="cloglog", weights=w)),
    ("logit", lambda d, w: LogitModel("event ~ x + g", d, weights=w)),
    ("multinomial", lambda d, w: MultinomialModel("choice ~ x + g", d, weights=w)),
    ("multinomial-ref-b", lambda d, w: MultinomialModel("choice ~ x + g", d, weights=w, reference="b")),
    # The SplitModel families, through careerrep.models.families.split; the checks take the
    # family's columns from model.family_matrix, so nominal and scale columns are covered.
    ("cratio-logit", lambda d, w: SequentialModel("rank ~ x + g", d, kind="cratio", weights=w)),
    (
        "sratio-probit",
        lambda d, w: SequentialModel("rank ~ x + g", d, kind="sratio", link="probit", weights=w),
    ),
    ("acat", lambda d, w: AdjacentModel("rank ~ x + g", d, weights=w)),
    (
        "cumulative-nominal-scale-logit",
        lambda d, w: CumulativeModel("rank ~ x", d, nominal="~ g", scale="~ x", weights=w),
    ),
    (
        "cumulative-scale-probit",
        lambda d, w: CumulativeModel("rank ~ x + g", d, link="probit", scale="~ g + x", weights=w),
    ),
    (
        "cumulative-nominal-cloglog",
        lambda d, w: CumulativeModel("rank ~ g", d, link="cloglog", nominal="~ x", weights=w),
    ),
    ("cratio-nominal", lambda d, w: SequentialModel("rank ~ x", d, kind="cratio", nominal="~ g", weights=w)),
    ("acat-nominal", lambda d, w: AdjacentModel("rank ~ g", d, nominal="~ x", weights=w)),
    ("acat-probit", lambda d, w: AdjacentModel("rank ~ x", d, link="probit", nominal="~ g", weights=w)),
    ("acat-cloglog", lambda d, w: AdjacentModel("rank ~ x + g", d, link="cloglog", weights=w)),
]

#: Fitting methods beyond ML, per case id (Firth for the logit).
METHODS: dict[str, tuple[str, ...]] = {"logit": ("mle", "firth")}


def conformance_frame(n: int = 400, seed: int = 7) -> pd.DataFrame:
    """Simulated cases with a known structure and every outcome column the families need."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    g = rng.choice(["low", "mid", "high"], size=n)
    shift = np.select([g == "mid", g == "high"], [0.4, -0.3], 0.0)
    latent = 0.9 * x + shift + rng.logistic(size=n)
    rank = pd.Categorical(
        np.array(["fired", "resigned", "retained", "promoted"])[np.digitize(latent, [-1.2, 0.2, 1.3])],
        categories=["fired", "resigned", "retained", "promoted"],
        ordered=True,
    )
    event = (0.5 + 0.8 * x + shift + rng.logistic(size=n) > 0).astype(int)
    utilities = np.column_stack([np.zeros(n), 0.7 * x + shift, -0.5 * x]) + rng.gumbel(size=(n, 3))
    choice = np.array(["a", "b", "c"])[utilities.argmax(axis=1)]
    return pd.DataFrame(
        {
            "x": x,
            "g": pd.Categorical(g, categories=["low", "mid", "high"]),
            "w": rng.integers(1, 4, size=n).astype(float),
            "rank": rank,
            "event": event,
            "choice": choice,
        }
    )
