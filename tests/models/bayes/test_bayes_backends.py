"""Which sampling backend runs, reproducibility on nutpie, and the nutpie path without PyMC."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import ModelSpecError
from careerrep.models import OrdinalModel
from careerrep.models.bayes import BayesData
from careerrep.models.bayes.sampler import choose_backend
from tests.models.bayes.conftest import ROOT
from tests.seeds import shifted

pytestmark = pytest.mark.filterwarnings(
    "ignore:posterior draws may be unreliable:careerrep.errors.SamplingWarning"
)


def _frame(seed: int, n: int = 120) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    codes = np.searchsorted([-0.8, 0.9], 0.7 * x + rng.logistic(size=n))
    y = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(["lo", "mid", "hi"], ordered=True))
    return pd.DataFrame({"y": y, "x": x})


def _arrays(link: str = "logit") -> BayesData:
    rng = np.random.default_rng(shifted(21))
    X = rng.normal(size=(50, 2))
    return BayesData(
        family="ordinal",
        X=X,
        y=rng.integers(0, 3, 50),
        labels=("a", "b", "c"),
        coef_names=("u", "v"),
        link=link,
    )


def test_auto_picks_nutpie_for_the_cumulative_logit_and_pymc_otherwise() -> None:
    assert choose_backend("auto", _arrays()) == "nutpie"
    assert choose_backend("auto", _arrays("probit")) == "pymc"
    assert choose_backend("auto", _arrays(), nuts_sampler="nutpie") == "pymc"  # PyMC's nutpie asked for
    assert choose_backend("pymc", _arrays()) == "pymc"


def test_unsupported_or_unknown_backend_is_a_model_spec_error() -> None:
    with pytest.raises(ModelSpecError, match="backend='pymc'"):
        choose_backend("nutpie", _arrays("probit"))
    with pytest.raises(ModelSpecError, match="'auto', 'nutpie' or 'pymc'"):
        choose_backend("stan", _arrays())


def test_same_seed_gives_the_same_draws_whatever_cores_says() -> None:
    # The nutpie backend runs its chains one after another (docs/models.md); the draws
    # must not depend on cores= (nutpie gives each chain its own stream).
    model = OrdinalModel("y ~ x", _frame(shifted(22)))
    first = model.sample(draws=200, chains=2, seed=shifted(23), tune=200, cores=2, backend="nutpie")
    again = model.sample(draws=200, chains=2, seed=shifted(23), tune=200, cores=1, backend="nutpie")
    other = model.sample(draws=200, chains=2, seed=shifted(24), tune=200, cores=2, backend="nutpie")
    np.testing.assert_array_equal(first.draws("beta"), again.draws("beta"))
    np.testing.assert_array_equal(first.draws("thresholds"), again.draws("thresholds"))
    assert not np.array_equal(first.draws("beta"), other.draws("beta"))
    # Chains start from different points and are different streams.
    assert not np.array_equal(first.draws("beta")[0], first.draws("beta")[1])


def test_nutpie_result_has_the_pymc_result_layout() -> None:
    model = OrdinalModel("y ~ x", _frame(shifted(25)))
    ours = model.sample(draws=300, chains=2, seed=shifted(26), tune=300, backend="nutpie")
    theirs = model.sample(draws=300, chains=2, seed=shifted(26), tune=300, cores=1, backend="pymc")
    assert ours.param_names == theirs.param_names
    assert list(ours.summary_frame().columns) == list(theirs.summary_frame().columns)
    assert set(ours.idata.groups()) >= {"posterior", "sample_stats", "log_likelihood", "posterior_predictive"}
    assert set(theirs.idata.posterior.data_vars) <= set(ours.idata.posterior.data_vars)
    assert ours.idata.log_likelihood["y"].shape == (2, 300, 120)


def test_the_nutpie_path_never_imports_pymc() -> None:
    code = (
        "import sys, numpy as np, pandas as pd\n"
        "from careerrep.models import OrdinalModel\n"
        "rng = np.random.default_rng(1); x = rng.normal(size=60)\n"
        "y = pd.Categorical.from_codes(np.searchsorted([-0.5, 0.5], x + rng.logistic(size=60)),"
        " dtype=pd.CategoricalDtype(['a', 'b', 'c'], ordered=True))\n"
        "model = OrdinalModel('y ~ x', pd.DataFrame({'y': y, 'x': x}))\n"
        "r = model.sample(draws=100, tune=100, chains=2, seed=1)\n"
        "print(sorted(m for m in ('pymc', 'pytensor') if m in sys.modules), r.draws('beta').shape)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == "[] (2, 100, 1)"
