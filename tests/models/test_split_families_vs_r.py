"""Cumulative (nominal/scale), sequential and adjacent families against R.

Fixtures: ``tests/fixtures/r/make_ordinal_families_fixtures.R`` (R 4.2.2,
ordinal 2022.11-16, VGAM 1.1-7; each fit's exact call is in its JSON record).

Measured agreement (this code vs R, all fits in the files):
clm estimates 4e-14 relative, SEs 1.2e-14, log-likelihood 9e-13, fitted
probabilities 1.1e-14. VGAM estimates 7.8e-7 relative at worst (VGAM's own
convergence: a 4|5.contact coefficient of -0.0015 on wine cloglog; against
the exact glm reference on the expanded at-risk data our logit fits agree to
2e-13), fitted probabilities 1.6e-8 vs VGAM and 1.9e-9 vs the exact reference.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import pytest

from careerrep.models import AdjacentModel, CumulativeModel, SequentialModel
from tests.models.conftest import FIXTURES


def _records(name: str) -> list[dict[str, Any]]:
    path = FIXTURES / "r" / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"R fixture {path} is missing; see tests/fixtures/r/README.md")
    return json.loads(path.read_text())["fits"]


CLM = _records("clm_nominal_scale")
VGAM_FITS = [("pneumo", r) for r in _records("vglm_sequential_pneumo")] + [
    ("wine", r) for r in _records("vglm_sequential_wine")
]
ORDERED = {"rating", "Sat", "SURENESS", "severity"}


def _frame(dataset: str, levels: dict[str, list[str]]) -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / "data" / dataset)
    for column, lv in levels.items():
        frame[column] = pd.Categorical(frame[column].astype(str), categories=lv, ordered=column in ORDERED)
    return frame


WINE_LEVELS = {"rating": list("12345"), "temp": ["cold", "warm"], "contact": ["no", "yes"]}
PNEUMO_LEVELS = {"severity": ["normal", "mild", "severe"]}


def _vgam_model(dataset: str, record: dict[str, Any]) -> tuple[Any, pd.DataFrame]:
    frame = _frame("pneumo.csv", PNEUMO_LEVELS) if dataset == "pneumo" else _frame("wine.csv", WINE_LEVELS)
    weights = "count" if dataset == "pneumo" else None
    if record["family"] == "acat":
        return AdjacentModel(record["formula"], frame, nominal=record["nominal"], weights=weights), frame
    model = SequentialModel(
        record["formula"],
        frame,
        kind=record["family"],
        link=record["link"],
        nominal=record["nominal"],
        weights=weights,
    )
    return model, frame


@pytest.mark.parametrize("record", CLM, ids=[r["call"][14:90] for r in CLM])
def test_cumulative_nominal_scale_matches_clm(record: dict[str, Any]) -> None:
    frame = _frame(record["dataset"], record["factor_levels"])
    model = CumulativeModel(
        record["formula"],
        frame,
        link=record["link"],
        nominal=record["nominal"],
        scale=record["scale"],
        weights=record["weights"],
    )
    result = model.fit()
    assert list(result.params.index) == record["names"]
    assert result.converged
    np.testing.assert_allclose(result.params, pd.Series(record["params"]), rtol=1e-8)
    np.testing.assert_allclose(result.bse, pd.Series(record["bse"]), rtol=1e-6)
    np.testing.assert_allclose(result.cov.to_numpy(), np.array(record["vcov"]), rtol=1e-6, atol=1e-12)
    assert result.loglik == pytest.approx(record["loglik"], abs=1e-8)
    assert result.aic == pytest.approx(record["aic"], abs=1e-7)
    assert result.bic == pytest.approx(record["bic"], abs=1e-7)
    probs = result.predict(frame).to_numpy()
    np.testing.assert_allclose(probs, np.array(record["fitted_probabilities"]), atol=1e-10)


@pytest.mark.parametrize(
    ("dataset", "record"),
    VGAM_FITS,
    ids=[
        f"{d}-{r['family']}-{r['link']}-{'nonparallel' if r['nominal'] else 'parallel'}" for d, r in VGAM_FITS
    ],
)
def test_sequential_and_adjacent_match_vglm(dataset: str, record: dict[str, Any]) -> None:
    model, frame = _vgam_model(dataset, record)
    result = model.fit()
    assert result.converged
    assert list(result.params.index) == record["names"]
    # VGAM stops at ~1e-7 relative on near-zero coefficients (worst: 7.8e-7 on -0.0015), hence atol.
    np.testing.assert_allclose(result.params, pd.Series(record["params"]), rtol=1e-6, atol=1e-8)
    assert result.loglik == pytest.approx(record["loglik_kernel"], abs=1e-8)
    rows = frame.drop_duplicates("group") if dataset == "pneumo" else frame
    probs = result.predict(rows).to_numpy()
    np.testing.assert_allclose(probs, np.array(record["fitted_probabilities"]), atol=3e-8)  # worst 1.6e-8
    exact = record.get("exact_reference")
    if exact is None:  # acat: a canonical multinomial, VGAM's expected information is the observed one
        np.testing.assert_allclose(result.bse, pd.Series(record["bse"]), rtol=1e-6)
        return
    np.testing.assert_allclose(result.params, pd.Series(exact["params"])[result.params.index], rtol=1e-7)
    np.testing.assert_allclose(
        result.predict().to_numpy(), np.array(exact["fitted_probabilities"]), atol=1e-8
    )
    if record["link"] == "logit":  # glm's information is the observed one of this model only here
        np.testing.assert_allclose(result.bse, pd.Series(exact["bse"])[result.params.index], rtol=1e-6)


def test_cratio_and_sratio_logit_are_the_same_model_with_signs_flipped() -> None:
    frame = _frame("wine.csv", WINE_LEVELS)
    c = SequentialModel("rating ~ temp", frame, kind="cratio", nominal="~ contact").fit()
    s = SequentialModel("rating ~ temp", frame, kind="sratio", nominal="~ contact").fit()
    np.testing.assert_allclose(c.params, -s.params, rtol=1e-9)
    assert c.loglik == pytest.approx(s.loglik, abs=1e-10)


@pytest.mark.parametrize("kind", ["cratio", "cumulative"])
def test_separated_nominal_term_warns_with_the_parameters_and_infinite_ses(kind: str) -> None:
    from careerrep.errors import SeparationWarning

    # wine: rating 1 never occurs with warm and rating 5 never with cold, so temp's
    # effects at the first and last splits (and the last threshold) are infinite.
    frame = _frame("wine.csv", WINE_LEVELS)
    if kind == "cratio":
        model: Any = SequentialModel("rating ~ contact", frame, nominal="~ temp")
    else:
        model = CumulativeModel("rating ~ contact", frame, nominal="~ temp")
    with pytest.warns(SeparationWarning, match=r"'1\|2\.temp\[T\.warm\]', '4\|5\.temp\[T\.warm\]'"):
        result = model.fit()
    assert np.isinf(result.bse[["4|5", "1|2.temp[T.warm]", "4|5.temp[T.warm]"]]).all()
    finite = result.bse.drop(["4|5", "1|2.temp[T.warm]", "4|5.temp[T.warm]"])
    assert np.isfinite(finite).all() and (finite < 2).all()
    assert any("Separation detected" in note for note in result.notes)
