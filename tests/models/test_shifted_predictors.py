"""A predictor with a huge mean (issue 18 item 10): the fit centres it and maps back exactly.

``z = a * x + c`` with ``|c| >> a * sd(x)``: in float64 the variance part of
``sum(z^2)`` is below rounding, so Newton on the raw design never sees it. The
fit must work on the centred column and return ``beta_z = beta_x / a`` and every
parameter that absorbs the shift moved by exactly ``c * beta_z`` (sign by the
family's convention), with the same standard errors and no warning.
"""

from __future__ import annotations

import json
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import special

from careerrep.errors import ModelSpecError
from careerrep.models import LogitModel, MultinomialModel, OrdinalModel
from tests.models.conftest import FIXTURES
from tests.seeds import shifted

# (a, c): shift only; scale and shift. With a = 1e-3 the stored z = 1e-3 x + 1e6 keeps
# x to ~1e-7 (the spacing of doubles near 1e6 is 1.2e-10), so the fit on z must agree
# with the fit on x to the 1e-6 asked for.
TRANSFORMS = [(1.0, 1e9), (1e-3, 1e6), (1.0, -1e9)]


def _frame(seed: int, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    w = rng.normal(size=n)
    latent = 0.7 * x - 0.4 * w + rng.logistic(size=n)
    ordinal = np.digitize(latent, [-1.0, 0.2, 1.3])
    binary = (rng.uniform(size=n) < special.expit(0.3 + 0.7 * x - 0.4 * w)).astype(int)
    scores = np.column_stack([np.zeros(n), 0.2 + 0.8 * x - 0.3 * w, -0.4 - 0.6 * x + 0.5 * w])
    gumbel = rng.gumbel(size=(n, 3))
    nominal = np.argmax(scores + gumbel, axis=1)
    return pd.DataFrame(
        {
            "x": x,
            "w": w,
            "e": binary,
            "y": pd.Categorical(
                np.array(["lo", "mid", "hi", "top"])[ordinal], ["lo", "mid", "hi", "top"], ordered=True
            ),
            "m": pd.Categorical(np.array(["a", "b", "c"])[nominal], ["a", "b", "c"]),
        }
    )


def _fit_quietly(model: object, **kwargs: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ConvergenceWarning, no collinearity warning
        return model.fit(**kwargs)  # type: ignore[attr-defined]


def _shifted_frame(frame: pd.DataFrame, a: float, c: float) -> pd.DataFrame:
    out = frame.copy()
    out["x"] = a * frame["x"] + c
    return out


def _stored(moved: pd.DataFrame, a: float, c: float) -> pd.DataFrame:
    """What the moved column holds, mapped back to x's units: storing a x + c rounded x by
    ~1e-7, which moves the log-likelihood by ~1e-7 too, so that is compared on these data."""
    return moved.assign(x=(moved["x"] - c) / a)


@pytest.mark.parametrize(("a", "c"), TRANSFORMS)
@pytest.mark.parametrize("cov", ["nonrobust", "HC1"])
def test_logit_shift_maps_back(a: float, c: float, cov: str) -> None:
    frame = _frame(shifted(1810))
    plain = _fit_quietly(LogitModel("e ~ x + w", frame), cov=cov)
    moved_frame = _shifted_frame(frame, a, c)
    moved = _fit_quietly(LogitModel("e ~ x + w", moved_frame), cov=cov)
    stored = _fit_quietly(LogitModel("e ~ x + w", _stored(moved_frame, a, c)), cov=cov)
    slope = plain.params["x"] / a
    assert moved.params["x"] == pytest.approx(slope, rel=1e-6)
    assert moved.params["w"] == pytest.approx(plain.params["w"], rel=1e-6)
    # logit: alpha + beta x = (alpha - c beta_z) + beta_z z
    assert moved.params["Intercept"] == pytest.approx(plain.params["Intercept"] - c * slope, rel=1e-6)
    assert moved.bse["x"] == pytest.approx(plain.bse["x"] / a, rel=1e-5)
    assert moved.bse["w"] == pytest.approx(plain.bse["w"], rel=1e-5)
    assert moved.loglik == pytest.approx(stored.loglik, rel=1e-11)
    assert moved.converged
    probs = moved.model.predict_probabilities(moved.params.to_numpy())
    np.testing.assert_allclose(probs, plain.model.predict_probabilities(plain.params.to_numpy()), atol=1e-5)


@pytest.mark.parametrize(("a", "c"), TRANSFORMS)
@pytest.mark.parametrize("link", ["logit", "probit"])
def test_ordinal_shift_moves_every_threshold(a: float, c: float, link: str) -> None:
    frame = _frame(shifted(1811))
    plain = _fit_quietly(OrdinalModel("y ~ x + w", frame, link=link))
    moved_frame = _shifted_frame(frame, a, c)
    moved = _fit_quietly(OrdinalModel("y ~ x + w", moved_frame, link=link))
    stored = _fit_quietly(OrdinalModel("y ~ x + w", _stored(moved_frame, a, c), link=link))
    slope = plain.params["x"] / a
    assert moved.params["x"] == pytest.approx(slope, rel=1e-6)
    assert moved.params["w"] == pytest.approx(plain.params["w"], rel=1e-6)
    # P(Y <= k) = F(theta_k - beta x) = F((theta_k + c beta_z) - beta_z z)
    for threshold in moved.model.thresholds:
        assert moved.params[threshold] == pytest.approx(plain.params[threshold] + c * slope, rel=1e-6)
    assert moved.bse["x"] == pytest.approx(plain.bse["x"] / a, rel=1e-5)
    assert moved.bse["w"] == pytest.approx(plain.bse["w"], rel=1e-5)
    assert moved.loglik == pytest.approx(stored.loglik, rel=1e-11)


@pytest.mark.parametrize(("a", "c"), TRANSFORMS)
def test_multinomial_shift_moves_each_block_intercept(a: float, c: float) -> None:
    frame = _frame(shifted(1812))
    plain = _fit_quietly(MultinomialModel("m ~ x + w", frame), cov="HC0")
    moved_frame = _shifted_frame(frame, a, c)
    moved = _fit_quietly(MultinomialModel("m ~ x + w", moved_frame), cov="HC0")
    stored = _fit_quietly(MultinomialModel("m ~ x + w", _stored(moved_frame, a, c)), cov="HC0")
    for level in ("b", "c"):
        slope = plain.params[f"{level}:x"] / a
        assert moved.params[f"{level}:x"] == pytest.approx(slope, rel=1e-6)
        assert moved.params[f"{level}:w"] == pytest.approx(plain.params[f"{level}:w"], rel=1e-6)
        intercept = plain.params[f"{level}:Intercept"] - c * slope
        assert moved.params[f"{level}:Intercept"] == pytest.approx(intercept, rel=1e-6)
        assert moved.bse[f"{level}:x"] == pytest.approx(plain.bse[f"{level}:x"] / a, rel=1e-5)
    assert moved.loglik == pytest.approx(stored.loglik, rel=1e-11)


def test_tiny_scale_matches_the_stored_column() -> None:
    # z = 1e-9 x + 1e6: doubles near 1e6 are 1.2e-10 apart, so storing z already rounds x by
    # ~10 %; no fit can recover the slope of x. The fit on z must be the fit on what z holds,
    # (z - 1e6) * 1e9 (the subtraction is exact), mapped back.
    frame = _frame(shifted(1813))
    moved_frame = _shifted_frame(frame, 1e-9, 1e6)
    stored = frame.assign(x=(moved_frame["x"] - 1e6) * 1e9)
    plain = _fit_quietly(LogitModel("e ~ x + w", stored))
    moved = _fit_quietly(LogitModel("e ~ x + w", moved_frame))
    assert moved.params["x"] == pytest.approx(plain.params["x"] * 1e9, rel=1e-6)
    assert moved.params["Intercept"] == pytest.approx(
        plain.params["Intercept"] - 1e6 * plain.params["x"] * 1e9, rel=1e-6
    )
    assert moved.bse["x"] == pytest.approx(plain.bse["x"] * 1e9, rel=1e-5)


def test_small_means_keep_todays_fit_bit_for_bit() -> None:
    # A mean of 50 sd is far below the 1e3-sd threshold: the raw design is fitted as before.
    frame = _frame(shifted(1814))
    moved = frame.assign(x=frame["x"] + 50.0)
    fitted = _fit_quietly(LogitModel("e ~ x + w", moved))
    model = LogitModel("e ~ x + w", moved)
    problem = model.family.problem(model.design.X, model.design.y, model.design.weights)
    np.testing.assert_array_equal(fitted.params.to_numpy(), problem.maximize(100).x)


def test_profile_refuses_the_absorbers_of_a_centred_column() -> None:
    frame = _frame(shifted(1815))
    moved = _fit_quietly(LogitModel("e ~ x + w", _shifted_frame(frame, 1.0, 1e9)))
    with pytest.raises(ModelSpecError, match=r"Intercept.*'x'.*centre"):
        moved.conf_int(method="profile")
    restored = pickle.loads(pickle.dumps(moved))  # results keep the refusal, no closure
    with pytest.raises(ModelSpecError, match=r"Intercept.*'x'.*centre"):
        restored.conf_int(method="profile")
    ordinal = _fit_quietly(OrdinalModel("y ~ x + w", _shifted_frame(frame, 1.0, 1e9)))
    with pytest.raises(ModelSpecError, match=r"lo\|mid.*'x'.*centre"):
        ordinal.conf_int(method="profile")


def test_profile_of_a_model_without_absorbers_is_unchanged() -> None:
    # Without an intercept nothing absorbs a shift: the column is fitted raw, as before.
    frame = _frame(shifted(1816))
    plain = _fit_quietly(LogitModel("e ~ 0 + x + w", frame))
    assert "Intercept" not in plain.params.index
    ci = plain.conf_int(method="profile")
    assert (ci["lower"] < plain.params).all() and (plain.params < ci["upper"]).all()


@pytest.mark.parametrize("key", ["shifted", "scaled_shifted"])
def test_matches_r_glm_on_a_shifted_column(key: str) -> None:
    # stats::glm(low ~ <column> + smoke, binomial, birthwt) (QR on the design; see the JSON call).
    records = json.loads((FIXTURES / "r" / "glm_birthwt_shifted.json").read_text())
    plain, record = records["plain"], records[key]
    frame = pd.read_csv(FIXTURES / "data" / record["dataset"])
    frame = frame.assign(lwt_shifted=frame["lwt"] + 1e9, lwt_scaled_shifted=frame["lwt"] * 1e-3 + 1e6)
    column = record["column"]
    result = _fit_quietly(LogitModel(record["formula"], frame))
    for name, value in record["params"].items():
        assert result.params[name] == pytest.approx(value, rel=1e-6), name
    for name, value in record["bse"].items():
        assert result.bse[name] == pytest.approx(value, rel=1e-5), name
    assert result.loglik == pytest.approx(record["loglik"], abs=1e-7)
    # R's sandwich breaks down on the shifted design itself; the robust covariance of the
    # slopes is that of the unshifted fit (scaled), which R gets right.
    robust = _fit_quietly(LogitModel(record["formula"], frame), cov="HC1")
    scale = 1.0 if key == "shifted" else 1e-3
    hc1 = np.asarray(plain["vcov_HC1"])
    assert robust.cov_params().loc[column, column] == pytest.approx(hc1[1, 1] / scale**2, rel=1e-5)
    assert robust.cov_params().loc["smoke", "smoke"] == pytest.approx(hc1[2, 2], rel=1e-5)
    assert robust.cov_params().loc[column, "smoke"] == pytest.approx(hc1[1, 2] / scale, rel=1e-5)


def test_firth_shift_maps_back_with_wald_intervals() -> None:
    # Firth's penalty, log det I(theta), only gains a constant under a linear reparametrisation,
    # so the penalised estimate maps back exactly too. Its default profile intervals cannot
    # cover the intercept of a centred column: the fit says so and defaults to Wald.
    frame = _frame(shifted(1817), n=120)
    plain = _fit_quietly(LogitModel("e ~ x + w", frame), method="firth")
    moved = _fit_quietly(LogitModel("e ~ x + w", _shifted_frame(frame, 1.0, 1e9)), method="firth")
    assert moved.params["x"] == pytest.approx(plain.params["x"], rel=1e-6)
    assert moved.params["Intercept"] == pytest.approx(
        plain.params["Intercept"] - 1e9 * plain.params["x"], rel=1e-6
    )
    assert moved.bse["x"] == pytest.approx(plain.bse["x"], rel=1e-5)
    assert plain.ci_kind == "profile" and moved.ci_kind == "Wald"
    assert any("centred" in note for note in moved.notes)
    with pytest.raises(ModelSpecError, match=r"Intercept.*'x'.*centre"):
        LogitModel("e ~ x + w", _shifted_frame(frame, 1.0, 1e9)).fit(method="firth", ci="profile")
