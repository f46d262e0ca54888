"""``careerrep simulate``: a power study of a preset scenario over several cohort sizes.

``--scenario`` picks a preset (:data:`careerrep.simulate.PRESETS`: the
four-outcome Kazakhstan scenario, its binary variant for ``--estimator
logit``/``firth``, and a variant with country random intercepts);
``--effect NAME=VALUE`` (repeatable) sets the true effect of a signal,
replacing the preset's value or adding a signal, and the thresholds are
recalibrated to the preset's outcome mix.

Prints the power table (and, with country groups, the recovery and coverage
of the country SD) and writes into ``--out``: the per-replicate table
(``replicates.parquet`` and/or ``replicates.csv``), ``power.csv``,
``recovery.csv``, ``coverage.csv`` and the power curve ``power_curve.png``.
Finished replicates are also kept in ``--out/runs/`` as they finish, so
rerunning the same command after an interruption resumes instead of
starting over.

Every output is written to a temporary file and moved into place, so a run
killed while it rewrites them leaves the previous good copy. SIGTERM is
handled like Ctrl-C (pending work cancelled, workers shut down, exit 143);
after SIGKILL the workers notice their parent is gone and exit.
"""

from __future__ import annotations

import argparse
import math
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from careerrep._atomic import atomic_write
from careerrep.errors import SimulateArgumentError as SimulateArgumentError  # its home is errors.py

SCENARIOS = ("kazakhstan", "kazakhstan-binary", "kazakhstan-countries")  # = careerrep.simulate.PRESETS
ESTIMATORS = ("mle", "logit", "firth", "bayes")
FORMATS = ("parquet", "csv")


def cohort_sizes(text: str) -> list[int]:
    """``"20,50,100"`` -> ``[20, 50, 100]`` (distinct integers >= 2)."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--n-cases {text!r} is not a comma-separated list of integers"
        ) from None
    if not sizes or any(n < 2 for n in sizes) or len(set(sizes)) != len(sizes):
        raise argparse.ArgumentTypeError(f"--n-cases {text!r}: give distinct cohort sizes of at least 2")
    return sizes


def positive_int(text: str) -> int:
    """An integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return value


def formats(text: str) -> list[str]:
    """``"parquet,csv"`` -> the list, each one of :data:`FORMATS`."""
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(f"--format {text!r}: choose from {', '.join(FORMATS)}")
    return chosen


def effect_setting(text: str) -> tuple[str, float]:
    """``"social_share=0.5"`` -> ``("social_share", 0.5)`` (a name and a finite number)."""
    name, sep, value = text.partition("=")
    name = name.strip()
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not sep or not name or not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"--effect {text!r} is not NAME=NUMBER, e.g. social_share=0.5")
    return name, number


def preset_effects(preset: str, settings: list[tuple[str, float]] | None) -> dict[str, float] | None:
    """The preset's effects with ``settings`` applied (None when there are none).

    A signal of the preset gets the new value; another simulated signal is
    added. An unknown name is refused with the known ones.
    """
    if not settings:
        return None
    from careerrep.simulate import PRESETS
    from careerrep.simulate.scenario import EFFECT_SIGNALS

    effects = PRESETS[preset]().true_effects
    seen: set[str] = set()
    for name, value in settings:
        if name not in EFFECT_SIGNALS:
            others = sorted(set(EFFECT_SIGNALS) - set(effects))
            raise SimulateArgumentError(
                f"--effect {name!r} is not a simulated signal; the {preset!r} scenario has effects on "
                f"{', '.join(effects)}, and these signals can be added: {', '.join(others)}"
            )
        if name in seen:
            raise SimulateArgumentError(f"--effect {name!r} is given twice")
        seen.add(name)
        effects[name] = value
    return effects


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise SimulateArgumentError(
            "--scheduler needs dask.distributed: pip install 'careerrep[dask]'"
        ) from None
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise SimulateArgumentError(f"cannot reach the Dask scheduler at {address!r}: {error}") from None


class Terminated(SystemExit):
    """Raised in the main thread on SIGTERM, so ``finally`` blocks shut the pool down."""


@contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """Within the block, SIGTERM exits through the normal unwinding (exit code 143)."""

    def stop(signum: int, frame: Any) -> None:
        raise Terminated(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. called from a test runner's worker thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(args: argparse.Namespace) -> int:
    """Run the power study and write its outputs."""
    with sigterm_as_exit():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from careerrep.simulate import PRESETS, power_curve

    scenario = PRESETS[args.scenario](effects=preset_effects(args.scenario, args.effect))
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise SimulateArgumentError(f"--out {str(out)!r} exists and is not a folder")
    blocking = next((parent for parent in out.parents if parent.exists() and not parent.is_dir()), None)
    if blocking is not None:
        raise SimulateArgumentError(f"--out {str(out)!r}: {str(blocking)!r} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    client = _client(args.scheduler) if args.scheduler else None
    try:
        curve = power_curve(
            scenario,
            args.n_cases,
            args.reps,
            args.estimator,
            seed=args.seed,
            executor=client,
            progress=None,
            results_path=out / "runs",
            workers=args.workers,
        )
    finally:
        if client is not None:
            client.close()
    table = curve.table
    if "parquet" in args.format:
        atomic_write(out / "replicates.parquet", lambda tmp: table.to_parquet(tmp, index=False))
    if "csv" in args.format:
        atomic_write(out / "replicates.csv", lambda tmp: table.to_csv(tmp, index=False))
    power = curve.power()
    atomic_write(out / "power.csv", lambda tmp: power.to_csv(tmp))
    recovery, coverage = curve.recovery(), curve.coverage()
    atomic_write(out / "recovery.csv", lambda tmp: recovery.to_csv(tmp))
    atomic_write(out / "coverage.csv", lambda tmp: coverage.to_csv(tmp))
    figure = curve.plot()
    atomic_write(out / "power_curve.png", lambda tmp: figure.savefig(tmp, dpi=120, format="png"))

    print(scenario.describe())
    print(f"{args.reps} replicates per cohort size, estimator {args.estimator!r}, seed {args.seed}")
    print()
    shown = power[["true_value", "power", "power_mcse", "failed", "not_converged", "warned"]]
    print(shown.to_string(float_format=lambda v: f"{v:.3f}"))
    group = scenario.group_parameter()
    if group is not None and group.name in recovery.index.get_level_values("parameter"):
        sd = recovery.xs(group.name, level="parameter")[["true_value", "mean_estimate", "bias", "bias_mcse"]]
        sd = sd.join(coverage.xs(group.name, level="parameter")[["coverage", "coverage_mcse"]])
        print()
        print(f"{group.name} (country SD, Wald interval on the log-SD scale):")
        print(sd.to_string(float_format=lambda v: f"{v:.3f}"))
    print()
    written = [f"replicates.{f}" for f in args.format] + ["power.csv", "recovery.csv", "coverage.csv"]
    print(f"wrote {', '.join(written)}, power_curve.png to {out}")
    sys.stdout.flush()
    return 0


def register(commands: Any) -> None:
    """Add the ``simulate`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser(
        "simulate",
        help="power, recovery and coverage of a preset scenario over cohort sizes",
        description="Simulate cohorts from a preset scenario, fit each replicate and report how often "
        "each effect is detected, for several cohort sizes. Runs on local processes, or on a Dask "
        "cluster with --scheduler. Rerunning the same command resumes from --out/runs.",
        epilog="scenarios (assumptions for planning, not data; see docs/simulation.md):\n"
        "  kazakhstan            fired < resigned < retained < promoted (estimators mle, bayes)\n"
        "  kazakhstan-binary     left < stayed (estimators mle, logit, firth, bayes)\n"
        "  kazakhstan-countries  as kazakhstan, cases in 10 countries with random intercepts of SD 0.75;\n"
        "                        mle fits (1|country) by maximum likelihood and reports sd(1|country)\n\n"
        "examples:\n"
        "  careerrep simulate --scenario kazakhstan --n-cases 20,50,100,200 --reps 500 --seed 1 \\\n"
        "      --out power-study\n"
        "  careerrep simulate --scenario kazakhstan-binary --estimator firth --n-cases 30,60 \\\n"
        "      --effect social_share=2 --effect net_sentiment=0",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scenario", choices=SCENARIOS, default="kazakhstan", help="preset scenario")
    parser.add_argument(
        "--effect",
        type=effect_setting,
        action="append",
        default=None,  # not []: argparse appends to the default list itself, across parses
        metavar="NAME=VALUE",
        help="true effect of a signal column on the latent scale, e.g. log_mentions_per_day=0.5; "
        "repeat for several (default: the preset's effects)",
    )
    parser.add_argument(
        "--n-cases",
        type=cohort_sizes,
        required=True,
        metavar="N,N,...",
        help="comma-separated cohort sizes, e.g. 20,50,100,200",
    )
    parser.add_argument("--reps", type=positive_int, default=500, help="replicates per cohort size")
    parser.add_argument("--estimator", choices=ESTIMATORS, default="mle", help="how each replicate is fitted")
    parser.add_argument("--seed", type=int, default=1, help="root seed (same seed, same results)")
    parser.add_argument("--workers", type=positive_int, default=None, help="local worker processes")
    parser.add_argument(
        "--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://host:8786"
    )
    parser.add_argument("--out", default="simulation", metavar="DIR", help="output folder")
    parser.add_argument(
        "--format",
        type=formats,
        default=["parquet", "csv"],
        metavar="FMT[,FMT]",
        help="per-replicate table format(s): parquet, csv",
    )
    parser.set_defaults(handler=run)
