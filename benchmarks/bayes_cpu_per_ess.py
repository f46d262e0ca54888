"""Min bulk ESS per CPU second of one Bayesian ordinal fit, for comparing two checkouts.

Run each checkout's python against its own source tree, alternating the two, e.g.

    OPENBLAS_NUM_THREADS=1 venv-a/bin/python benchmarks/bayes_cpu_per_ess.py /path/a signals 1
    OPENBLAS_NUM_THREADS=1 venv-b/bin/python benchmarks/bayes_cpu_per_ess.py /path/b signals 1

Data: ``signals`` is benchmarks/bayes_data.py, ``normal`` five N(0, 1) covariates with four
categories; n = 10,000; one chain, 1,000 draws after 1,000 tuning, in-process (``cores=1``) so
the process CPU time covers the whole sampler (a short warm-up fit first fills the compile
cache). CPU time, not wall time, because the machine may be shared: wall-clock ESS/s under
load swings by 2x between identical runs. Equal min ESS in the two checkouts means the draws
are the same, so the ratio of CPU seconds is the whole difference.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

N = 10_000


def normal_frame(n: int) -> tuple[pd.DataFrame, str]:
    """Five standard-normal covariates, four ordered categories (cumulative logit)."""
    rng = np.random.default_rng(7)
    X = rng.standard_normal((n, 5))
    latent = X @ np.linspace(-0.5, 0.5, 5) + rng.logistic(size=n)
    codes = np.digitize(latent, [-1.0, 0.0, 1.0])
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(1, 6)])
    labels = ["fired", "resigned", "retained", "promoted"]
    frame["outcome"] = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    return frame, "outcome ~ x1 + x2 + x3 + x4 + x5"


def main() -> None:
    source, which, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    sys.path.insert(0, str(source / "benchmarks"))
    from bayes_data import FORMULA, benchmark_frame

    from careerrep.models import OrdinalModel

    frame, formula = (benchmark_frame(N), FORMULA) if which == "signals" else normal_frame(N)
    warnings.simplefilter("ignore")  # sampler chatter; this script reports ESS itself
    OrdinalModel(formula, frame).sample(draws=50, tune=50, chains=1, cores=1, seed=seed)
    started = time.process_time()
    result = OrdinalModel(formula, frame).sample(draws=1000, tune=1000, chains=1, cores=1, seed=seed)
    cpu = time.process_time() - started
    ess = float(result.summary_frame()["ess_bulk"].min())
    print(f"{which} seed={seed} cpu_s={cpu:.1f} min_bulk_ess={ess:.0f} ess_per_cpu_s={ess / cpu:.1f}")


if __name__ == "__main__":
    main()
