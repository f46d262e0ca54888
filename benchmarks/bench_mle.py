"""Time careerrep's ML fits against statsmodels on the same seeded data.

Run:  python benchmarks/bench_mle.py [--max-n 100000] [--all] [--seed 0]

Data: p = 5 standard-normal covariates, 4 outcome categories, n = 1e3 .. 1e6.
For each n it fits the ordinal (logit link), binary logit and multinomial
models with careerrep and with statsmodels (``OrderedModel`` with BFGS,
``Logit``, ``MNLogit``; Newton defaults otherwise), and prints wall and CPU
times (``time.process_time``; the machine may be shared, so CPU time is the
steadier number), the wall-time ratio statsmodels / careerrep and the largest
absolute difference between the estimates. careerrep times include building
the design matrix from the formula; statsmodels gets ready-made numpy arrays.
Peak memory of the careerrep ordinal fit is measured with tracemalloc (numpy
allocations) in a separate, untimed run, because tracing slows Python code.
statsmodels' OrderedModel is skipped at n = 1e6 unless ``--all`` (~40 s).
Set ``OPENBLAS_NUM_THREADS=1`` for single-thread numbers.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings

import numpy as np
import pandas as pd
from statsmodels.discrete.discrete_model import Logit, MNLogit
from statsmodels.miscmodels.ordinal_model import OrderedModel

from careerrep.models import LogitModel, MultinomialModel, OrdinalModel

P = 5
LABELS = ["fired", "resigned", "retained", "promoted"]
FORMULA = "outcome ~ " + " + ".join(f"x{j}" for j in range(1, P + 1))


def simulate(n: int, seed: int) -> pd.DataFrame:
    """Ordinal-logit data with known effects (thresholds -1, 0, 1)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, P))
    beta = np.linspace(-0.5, 0.5, P)
    latent = X @ beta + rng.logistic(size=n)
    codes = np.digitize(latent, [-1.0, 0.0, 1.0])
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(1, P + 1)])
    frame["outcome"] = pd.Categorical.from_codes(codes, categories=LABELS, ordered=True)
    frame["binary"] = (codes >= 2).astype(int)
    return frame


def timed(func):  # type: ignore[no-untyped-def]
    """Run ``func``; return ((wall s, CPU s), its value)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    return (time.perf_counter() - wall, time.process_time() - cpu), value


def peak_mib(func) -> float:  # type: ignore[no-untyped-def]
    """Peak traced (numpy + Python) memory of ``func()`` in MiB."""
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def row(
    name: str, n: int, ours: tuple[float, float], peer: tuple[float, float] | None, diff: float | None
) -> str:
    ratio = f"{peer[0] / ours[0]:8.1f}x" if peer else "       -"
    peer_s = f"{peer[0]:9.3f}{peer[1]:9.3f}" if peer else "  skipped        -"
    diff_s = f"{diff:.1e}" if diff is not None else "-"
    return f"{name:<12}{n:>9}{ours[0]:>10.3f}{ours[1]:>9.3f}{peer_s}{ratio}   {diff_s}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-n", type=int, default=1_000_000)
    parser.add_argument("--all", action="store_true", help="also run OrderedModel at n = 1e6")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{'model':<12}{'n':>9}{'ours s':>10}{'cpu s':>9}{'peer s':>9}{'cpu s':>9}{'ratio':>9}   max|diff|")
    for n in (1_000, 10_000, 100_000, 1_000_000):
        if n > args.max_n:
            break
        frame = simulate(n, args.seed)
        X = frame[[f"x{j}" for j in range(1, P + 1)]].to_numpy()
        codes = frame["outcome"].cat.codes.to_numpy()

        ours_t, ours = timed(lambda frame=frame: OrdinalModel(FORMULA, frame).fit())
        peer_t, diff = None, None
        if n < 1_000_000 or args.all:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                peer_t, peer = timed(
                    lambda X=X, codes=codes: OrderedModel(codes, X, distr="logit").fit(
                        method="bfgs", disp=False, maxiter=5000, gtol=1e-10
                    )
                )
            # statsmodels stores threshold increments on the log scale; map back.
            sm = np.asarray(peer.params)
            cuts = np.cumsum(np.r_[sm[P], np.exp(sm[P + 1 :])])
            diff = float(np.max(np.abs(np.r_[sm[:P], cuts] - ours.params.to_numpy())))
        peak = peak_mib(lambda frame=frame: OrdinalModel(FORMULA, frame).fit())
        print(row("ordinal", n, ours_t, peer_t, diff) + f"   peak {peak:.0f} MiB")

        formula = FORMULA.replace("outcome", "binary")
        ours_t, ours = timed(lambda frame=frame, f=formula: LogitModel(f, frame).fit())
        Xc = np.column_stack([np.ones(n), X])
        binary = frame["binary"].to_numpy()
        peer_t, peer = timed(lambda Xc=Xc, y=binary: Logit(y, Xc).fit(disp=False, tol=1e-12))
        diff = float(np.max(np.abs(np.asarray(peer.params) - ours.params.to_numpy())))
        print(row("logit", n, ours_t, peer_t, diff))

        ours_t, ours = timed(lambda frame=frame: MultinomialModel(FORMULA, frame).fit())
        peer_t, peer = timed(lambda Xc=Xc, codes=codes: MNLogit(codes, Xc).fit(disp=False, tol=1e-12))
        sm = np.asarray(peer.params).T.ravel()  # (K-1) blocks of p+1, like ours
        diff = float(np.max(np.abs(sm - ours.params.to_numpy())))
        print(row("multinomial", n, ours_t, peer_t, diff))


if __name__ == "__main__":
    main()
