"""``careerrep simulate``: outputs, the printed power table, and one-line refusals (exit 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from careerrep.cli import main


def test_simulate_writes_tables_and_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(
        ["simulate", "--n-cases", "30,60", "--reps", "4", "--seed", "3", "--workers", "1", "--out", str(out)]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "comment_negative_share" in printed and "power" in printed
    for name in ("replicates.parquet", "replicates.csv", "power.csv", "power_curve.png"):
        assert (out / name).stat().st_size > 0, name
    table = pd.read_parquet(out / "replicates.parquet")
    assert sorted(table["n_cases"].unique()) == [30, 60]
    assert len(table) == 2 * 4 * 7
    # Same command again: everything is resumed from out/runs, same table.
    assert (
        main(
            [
                "simulate",
                "--n-cases",
                "30,60",
                "--reps",
                "4",
                "--seed",
                "3",
                "--workers",
                "1",
                "--out",
                str(out),
                "--format",
                "parquet",
            ]
        )
        == 0
    )
    pd.testing.assert_frame_equal(pd.read_parquet(out / "replicates.parquet"), table)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--n-cases", "20,x"], "comma-separated"),
        (["--n-cases", "1"], "at least 2"),
        (["--n-cases", "20", "--reps", "0"], "positive"),
        (["--n-cases", "20", "--estimator", "ols"], "invalid choice"),
        (["--n-cases", "20", "--format", "xlsx"], "choose from"),
    ],
)
def test_bad_arguments_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["simulate", *argv])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_unusable_choices_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "simulate",
            "--n-cases",
            "20",
            "--reps",
            "2",
            "--estimator",
            "firth",
            "--workers",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("careerrep: error:") and "binary" in err and "\n" not in err
    assert (
        main(["simulate", "--n-cases", "20", "--seed", "-4", "--workers", "1", "--out", str(tmp_path)]) == 2
    )


# --- issue 18: --out under a file, atomic outputs, workers that die with their parent -------

SIMULATE = [sys.executable, "-m", "careerrep.cli", "simulate", "--n-cases", "20", "--seed", "3"]


def test_out_below_a_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert (
        main(["simulate", "--n-cases", "20", "--reps", "2", "--workers", "1", "--out", str(afile / "sub")])
        == 2
    )
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "internal error" not in err


def test_a_failed_rewrite_keeps_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["simulate", "--n-cases", "20", "--reps", "2", "--seed", "3", "--workers", "1", "--out", str(out)]
    assert main(argv) == 0
    before = {
        name: (out / name).read_bytes() for name in ("replicates.csv", "replicates.parquet", "power.csv")
    }

    def half_then_crash(self: pd.DataFrame, path: object, *args: object, **kwargs: object) -> None:
        Path(str(path)).write_text("rep,se")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_crash)
    assert main(argv) == 2  # a full disk is the machine's trouble, not a careerrep bug: exit 2
    for name, content in before.items():
        assert (out / name).read_bytes() == content, name
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(entry))
    return found


def _describe(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
    except OSError:
        return f"{pid} (gone)"
    keep = [line for line in status.splitlines() if line.startswith(("State", "PPid"))]
    return f"{pid} {command} {keep}"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:\t", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state not in "ZX"  # a zombie has exited; it only waits to be reaped


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to list worker processes")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killing_simulate_kills_its_workers_and_keeps_outputs_whole(tmp_path: Path, how: int) -> None:
    """Bounded in time (at most ~90 s under load), local processes only.

    A first run writes good outputs. A second, larger run (more replicates, so it has work for its
    pool) is killed once its workers are busy; its workers must exit within 10 s, the previous
    outputs must be intact, and the store must resume.
    """
    out = tmp_path / "out"
    first = subprocess.run(
        [*SIMULATE, "--reps", "2", "--workers", "1", "--out", str(out)], capture_output=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    process = subprocess.Popen(
        [*SIMULATE, "--reps", "2000", "--workers", "2", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        store = out / "runs" / "n20" / "replicates.jsonl"
        deadline = time.monotonic() + 90
        workers: list[int] = []
        while time.monotonic() < deadline and process.poll() is None:
            workers = [pid for pid in _children(process.pid) if _alive(pid)]
            if len(workers) >= 2 and store.exists() and len(store.read_text().splitlines()) > 4:
                break
            time.sleep(0.2)
        assert process.poll() is None, "the run ended before it could be killed"
        assert len(workers) >= 2, "no pool workers seen"
        workers = [pid for pid in _children(process.pid) if _alive(pid)]
        process.send_signal(how)
        process.wait(timeout=60)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        survivors = [pid for pid in workers if _alive(pid)]
        assert not survivors, f"workers outlived their parent: {[_describe(pid) for pid in survivors]}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if how == signal.SIGTERM:
        assert process.returncode == 143
    for name, content in before.items():
        assert (out / name).read_bytes() == content, name
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    # The store a kill left behind resumes (a cut last line is repaired, not appended to).
    resumed = subprocess.run(
        [*SIMULATE, "--reps", "2", "--workers", "1", "--out", str(out)], capture_output=True, timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr


def test_killing_simulate_while_it_rewrites_its_outputs_never_leaves_them_broken(tmp_path: Path) -> None:
    """A resumed run has nothing to compute and goes straight to rewriting its outputs; SIGKILL it at
    spread-out moments (3 trials, bounded by the timeouts) and every output is still a whole copy."""
    out = tmp_path / "out"
    argv = [*SIMULATE, "--reps", "3", "--workers", "1", "--out", str(out)]
    assert subprocess.run(argv, capture_output=True, timeout=120).returncode == 0
    before = {
        name: (out / name).read_bytes() for name in ("replicates.csv", "replicates.parquet", "power.csv")
    }
    start = time.monotonic()
    subprocess.run(argv, capture_output=True, timeout=120)
    full_run = time.monotonic() - start
    for fraction in (0.5, 0.75, 0.9):
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full_run * fraction)
        process.kill()
        process.wait(timeout=60)
        for name, content in before.items():
            assert (out / name).read_bytes() == content, (name, fraction)
        assert (out / "power_curve.png").read_bytes().startswith(b"\x89PNG")
    # Leftover temporary files of the killed writers are removed by the next write.
    assert subprocess.run(argv, capture_output=True, timeout=120).returncode == 0
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


# --- issue 16: presets, --effect, defaults in --help (through a subprocess, as a user runs it) ----

CLI = [sys.executable, "-m", "careerrep", "simulate", "--reps", "3", "--seed", "2", "--workers", "1"]
THRESHOLDS = ("fired|resigned", "resigned|retained", "retained|promoted")


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *argv], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("scenario", "estimator", "parameters"),
    [
        ("kazakhstan", "mle", set(THRESHOLDS)),
        ("kazakhstan-binary", "logit", {"Intercept"}),
        ("kazakhstan-binary", "firth", {"Intercept"}),
        ("kazakhstan-countries", "mle", {*THRESHOLDS, "sd(1|country)"}),
    ],
)
def test_each_preset_runs_from_the_command_line(
    tmp_path: Path, scenario: str, estimator: str, parameters: set[str]
) -> None:
    from careerrep.simulate import PRESETS

    out = tmp_path / "out"
    done = _run(["--scenario", scenario, "--estimator", estimator, "--n-cases", "80", "--out", str(out)])
    assert done.returncode == 0, done.stderr
    assert f"Scenario {scenario!r}" in done.stdout
    table = pd.read_parquet(out / "replicates.parquet")
    preset = PRESETS[scenario]()
    assert set(table["parameter"]) == parameters | set(preset.signals)
    truth = table.drop_duplicates("parameter").set_index("parameter")["true_value"]
    for name, beta in preset.true_effects.items():
        assert truth[name] == beta
    for name in ("recovery.csv", "coverage.csv", "power.csv"):
        assert name in done.stdout and (out / name).stat().st_size > 0
    if preset.groups is not None:
        assert truth["sd(1|country)"] == preset.groups.sd and "sd(1|country) (country SD" in done.stdout
        recovery = pd.read_csv(out / "recovery.csv")
        assert "sd(1|country)" in set(recovery["parameter"])


def test_effects_are_set_and_added_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["--n-cases", "60", "--out", str(out), "--effect", "social_share=0.25"]
    done = _run([*argv, "--effect", "sentiment_negative=-1"])
    assert done.returncode == 0, done.stderr
    assert "social_share = +0.25" in done.stdout and "sentiment_negative = -1" in done.stdout
    truth = pd.read_parquet(out / "replicates.parquet").drop_duplicates("parameter")
    truth = truth.set_index("parameter")["true_value"]
    assert truth["social_share"] == 0.25 and truth["sentiment_negative"] == -1.0
    assert truth["log_mentions_per_day"] == -0.5  # the preset's other effects are kept


@pytest.mark.parametrize(
    ("effects", "message"),
    [
        (["--effect", "loudness=1"], "'loudness' is not a simulated signal"),
        (["--effect", "social_share"], "is not NAME=NUMBER"),
        (["--effect", "social_share=big"], "is not NAME=NUMBER"),
        (["--effect", "social_share=1", "--effect", "social_share=2"], "given twice"),
        (["--effect", "mass_media_share=1"], "aliased"),
    ],
)
def test_bad_effects_exit_2_naming_the_known_ones(tmp_path: Path, effects: list[str], message: str) -> None:
    done = _run(["--n-cases", "30", "--out", str(tmp_path / "out"), *effects])
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    if "not a simulated signal" in message:
        # The known names: the preset's effects, and the signals that could be added.
        assert "log_mentions_per_day, social_share, comment_negative_share, net_sentiment" in done.stderr
        assert "sentiment_negative" in done.stderr
    assert not (tmp_path / "out" / "replicates.parquet").exists()


def test_help_shows_the_presets_and_defaults() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "careerrep", "simulate", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    for shown in (
        "(default: kazakhstan)",
        "(default: 500)",
        "(default: mle)",
        "(default: the preset's effects)",
    ):
        assert shown in text, shown
    for preset in ("kazakhstan-binary", "kazakhstan-countries", "--effect NAME=VALUE"):
        assert preset in text
