"""How many cases does a claim about media reputation need? A small power study.

Simulates cohorts from the Kazakhstan preset (magnitudes of the paper's three
cases; the effects are assumptions, not data), fits the ordinal model to each
and prints how often each effect is detected at several cohort sizes. Writes
the per-replicate table, the power table and the power curve into the folder
in $CAREERREP_OUTPUT (a temporary folder if unset).

    python examples/power_study.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from careerrep.simulate import kazakhstan_scenario, power_curve


def main() -> None:
    out = Path(os.environ.get("CAREERREP_OUTPUT") or tempfile.mkdtemp(prefix="careerrep-power-"))
    out.mkdir(parents=True, exist_ok=True)
    scenario = kazakhstan_scenario()
    print(scenario.describe())
    # 60 replicates per size keep this example under a minute; use >= 500 for decisions.
    curve = power_curve(
        scenario, n_cases=[25, 50, 100, 200], reps=60, estimator="mle", seed=2019, progress=False
    )
    power = curve.power()
    print()
    print(
        power[["true_value", "power", "power_mcse", "failed", "not_converged", "warned"]].round(3).to_string()
    )
    print()
    print("smallest simulated cohort with power >= 0.8:")
    print(curve.cases_needed(0.8).to_string())
    curve.table.to_csv(out / "power_study_replicates.csv", index=False)
    power.to_csv(out / "power_study_power.csv")
    curve.plot().savefig(out / "power_study_curve.png", dpi=120)
    print(f"\nwrote power_study_replicates.csv, power_study_power.csv, power_study_curve.png to {out}")


if __name__ == "__main__":
    main()
