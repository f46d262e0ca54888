"""Effects tables: wide and long layouts in each format."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from careerrep.effects import marginal_effects
from careerrep.models.ordinal import OrdinalModel
from careerrep.report import effects_table


@pytest.fixture(scope="module")
def effects():
    rng = np.random.default_rng(4)
    n = 250
    frame = pd.DataFrame({"x": rng.normal(size=n), "g": rng.choice(["a", "b"], n)})
    latent = frame["x"] + 0.5 * (frame["g"] == "b") + rng.logistic(size=n)
    frame["y"] = pd.Categorical.from_codes(
        np.digitize(latent, [-1, 0.5, 1.5]), categories=list("ABCD"), ordered=True
    )
    return marginal_effects(OrdinalModel("y ~ x + g", frame).fit())


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "html"])
def test_wide_layout_has_one_column_per_outcome(effects, fmt):
    out = effects_table(effects, fmt).replace("$-$", "-")  # LaTeX prints minus signs as $-$
    assert all(label in out for label in "ABCD")
    first = effects.iloc[0]
    assert f"{first['estimate']:.3f}" in out
    assert f"[{first['lower']:.3f}, {first['upper']:.3f}]" in out
    assert "b - a" in out
    if fmt == "latex":
        assert r"\toprule" in out and r"\bottomrule" in out


def test_long_layout_and_se(effects):
    out = effects_table(effects, "text", layout="long", se=True)
    assert "p-value" in out and f"({effects['std_error'].iloc[0]:.3f})" in out
    assert len([line for line in out.splitlines() if line.startswith(("x", "g"))]) == len(effects)
    with pytest.raises(ValueError, match="lacks"):
        effects_table(effects.drop(columns="interval"))
