"""Derive ``careerrep/datasets/data/uk_minister_spells.csv``: UK ministers as rank spells, competing exits.

Source
------
Institute for Government, *IfG Ministers Database*, the same snapshot and
files as ``scripts/derive_uk_ministers.py`` (whose rank ladder, source
corrections, government dating and tolerances are reused, imported from it).
Licensed CC BY 4.0; attribution "Institute for Government, IfG Ministers
Database". The derived CSV is an adaptation; the IfG does not endorse it.

Usage::

    python scripts/derive_uk_minister_spells.py [SOURCE_DIR] [--out PATH]

Unit of observation: a rank spell
---------------------------------
Survival analysis needs spells of one official that do not overlap, and the
IfG appointments of one person do (joint and side posts). A *rank spell* is a
maximal period during which a person continuously holds a ministerial post
and their most senior post is at one level of the ladder
``Parl. < PUSS < MoS < Cabinet < DPM < PM`` (level of an appointment: its IfG
``rank_equivalence``, raised to Cabinet when the post is held with "Full
cabinet" status on its last day, or on the data end date if ongoing). A move
between posts at the same level (most reshuffle moves) continues the spell.

Day by day, a person's level is the highest level of the appointments they
hold (an appointment covers ``[start_date, end_date)``). Runs of the same
level are merged; a run at another level that lasts ``OVERLAP_TOLERANCE_DAYS``
(7) days or less is a hand-over artefact (e.g. a side post given up a day
after the main one) and is absorbed by the run before it; a gap without any
post of ``GAP_DAYS`` (30) days or less is bridged when the same level resumes
and otherwise ends the spell at its last day in post.

Exit types and censoring (column ``exit``)
------------------------------------------
For each spell, the next thing that happens to the person:

* ``promoted``: the next run (within ``GAP_DAYS``) is at a higher level;
* ``demoted``: at a lower level;
* ``mid_term_exit``: no post within ``GAP_DAYS`` and the spell did not end
  within ``OVERLAP_TOLERANCE_DAYS`` of a change of government (new PM, or the
  2015 election's change from coalition to majority). Resignations, sackings
  and retirements are pooled: the source carries no exit reason;
* ``government_change``: no post within ``GAP_DAYS`` and the spell ended
  within 7 days of a change of government (the minister left with their
  government or was not kept by the new PM). The bundled scale treats this as
  *censoring* (the exit is caused by the end of the government, not by the
  minister's own record); make it an exit type with
  ``ExitScale(("mid_term_exit", "demoted", "promoted", "government_change"), ("in_post",))``;
* ``in_post``: censored: still in post on the data end date (the latest date
  in ``appointment.csv``), or ended within ``GAP_DAYS`` of the data end with
  no later post yet observed (a successor post may not be in the data yet).

An ongoing spell ends on the data end date. Columns: ``case_id``
(``<person_id>:<spell number>``), ``official`` (person id), ``person_name``,
``gender``, ``rank`` (ladder label), ``start``, ``end`` (dates), ``exit``,
``spell_number`` (1-based, per person), ``government`` and
``government_party`` at the spell's start, ``start_year``, ``tenure_days``.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import derive_uk_ministers as base  # the sibling script: shared rules

DEFAULT_OUT = base.REPO_ROOT / "careerrep" / "datasets" / "data" / "uk_minister_spells.csv"
COLUMNS = [
    "case_id",
    "official",
    "person_name",
    "gender",
    "rank",
    "start",
    "end",
    "exit",
    "spell_number",
    "government",
    "government_party",
    "start_year",
    "tenure_days",
]


def _appointments(d: Path) -> tuple[pd.DataFrame, pd.Timestamp]:
    appt = base._read(d / "appointment.csv")
    for appt_id, (col, wrong, right) in base.CORRECTIONS.items():
        appt.loc[(appt["id"] == appt_id) & (appt[col] == wrong), col] = right
    for col in ["start_date", "end_date"]:
        appt[col] = pd.to_datetime(appt[col], format="%Y-%m-%d")
    if (appt["end_date"] < appt["start_date"]).any():
        bad = appt.loc[appt["end_date"] < appt["start_date"], "id"].tolist()
        raise ValueError(f"appointments ending before they start: {bad}")
    data_end = max(appt["start_date"].max(), appt["end_date"].max())
    post = base._read(d / "post.csv")
    appt = appt.merge(
        post[["id", "rank_equivalence"]].rename(columns={"id": "post_id", "rank_equivalence": "ifg_rank"}),
        on="post_id",
        how="left",
        validate="many_to_one",
    )
    chars = base._read(d / "appointment_characteristics.csv", ["start_date", "end_date"])
    appt["last_day"] = appt["end_date"].fillna(data_end)
    # cabinet status in force on the last day: the latest record starting on or before it
    merged = appt[["id", "last_day"]].merge(
        chars.drop(columns="id"), left_on="id", right_on="appointment_id", how="left"
    )
    merged = merged[merged["start_date"].isna() | (merged["start_date"] <= merged["last_day"])]
    status = merged.sort_values("start_date").groupby("id")["cabinet_status"].last()
    appt["full_cabinet"] = appt["id"].map(status).eq("Full cabinet")
    level = appt["ifg_rank"].map(base.IFG_RANK_TO_RANK).map(base.RANK_LEVEL)
    if level.isna().any():
        raise ValueError("unexpected or missing IfG rank_equivalence values")
    appt["level"] = np.where(appt["full_cabinet"], np.maximum(level, base.CABINET_LEVEL), level).astype(int)
    return appt, data_end


def _runs(rows: pd.DataFrame, data_end: pd.Timestamp) -> list[list]:
    """[level, first day, end (exclusive)] runs of one person's top level; level None = no post."""
    cuts = sorted(set(rows["start_date"]) | set(rows["end_date"].fillna(data_end)))
    runs: list[list] = []
    ends = rows["end_date"].fillna(data_end + pd.Timedelta(days=1))
    for a, b in itertools.pairwise(cuts):
        held = rows[(rows["start_date"] <= a) & (ends > a)]
        level = int(held["level"].max()) if len(held) else None
        if runs and runs[-1][0] == level:
            runs[-1][2] = b
        else:
            runs.append([level, a, b])
    tol = pd.Timedelta(days=base.OVERLAP_TOLERANCE_DAYS)
    merged: list[list] = []
    for run in runs:
        short = run[0] is not None and run[2] - run[1] <= tol
        if merged and (run[0] == merged[-1][0] or (short and merged[-1][0] is not None)):
            merged[-1][2] = run[2]  # same level resumes, or a short hand-over tail: absorbed
        else:
            merged.append(run)
    # bridge short gaps when the same level resumes
    gap = pd.Timedelta(days=base.GAP_DAYS)
    out: list[list] = []
    for run in merged:
        if len(out) >= 2 and out[-1][0] is None and out[-1][2] - out[-1][1] <= gap and out[-2][0] == run[0]:
            out.pop()
            out[-1][2] = run[2]
        else:
            out.append(run)
    return out


def derive(source: Path | str = base.DEFAULT_SOURCE, verbose: bool = False) -> pd.DataFrame:
    """Build the rank-spell table from the source CSVs."""
    d = base._ifg_dir(Path(source))
    appt, data_end = _appointments(d)
    person = base._read(d / "person.csv", ["start_date", "end_date"])
    post = base._read(d / "post.csv")
    event = base._read(d / "event.csv", ["date"])
    gov_starts, gov_labels = base._governments(appt, post, person, event)
    changes = gov_starts[1:]
    names: dict[str, list[tuple]] = {}
    for row in person.itertuples():
        names.setdefault(row.id, []).append((row.start_date, row.end_date, row.name, row.gender))

    def person_on(pid: str, date: pd.Timestamp) -> tuple[str, str]:
        """Name and gender in force on ``date`` (person.csv splits a person when the name changed)."""
        for start, end, name, gender in names[pid]:
            if (pd.isna(start) or start <= date) and (pd.isna(end) or date < end):
                return name, gender
        return names[pid][0][2], names[pid][0][3]

    gap = pd.Timedelta(days=base.GAP_DAYS)
    tol = base.OVERLAP_TOLERANCE_DAYS
    records = []
    for pid, rows in appt.groupby("person_id", sort=False):
        runs = _runs(rows, data_end)
        posts = [i for i, r in enumerate(runs) if r[0] is not None]
        for number, i in enumerate(posts, start=1):
            level, start, end = runs[i]
            following = runs[i + 1] if i + 1 < len(runs) else None
            if following is not None and following[0] is None and following[2] - following[1] <= gap:
                following = runs[i + 2] if i + 2 < len(runs) else None
            elif following is not None and following[0] is None:
                following = None
            ongoing = end >= data_end
            last_day = min(end, data_end)
            if following is not None:
                exit_type = "promoted" if following[0] > level else "demoted"
            elif ongoing or last_day > data_end - gap:
                exit_type = "in_post"
            elif any(abs((last_day - t).days) <= tol for t in changes):
                exit_type = "government_change"
            else:
                exit_type = "mid_term_exit"
            gov = base._government_on(start, gov_starts, gov_labels)
            name, gender = person_on(pid, start)
            records.append(
                {
                    "case_id": f"{pid}:{number}",
                    "official": pid,
                    "person_name": name,
                    "gender": gender,
                    "rank": base.RANKS[level],
                    "start": start,
                    "end": last_day,
                    "exit": exit_type,
                    "spell_number": number,
                    "government": gov,
                    "government_party": base.COALITION_PARTY if gov == base.COALITION else base.PM_PARTY[gov],
                    "start_year": start.year,
                    "tenure_days": (last_day - start).days,
                }
            )
    out = pd.DataFrame(records, columns=COLUMNS)
    out = out[out["tenure_days"] > 0].sort_values(["start", "case_id"], ignore_index=True)
    if verbose:
        print(f"appointments: {len(appt)}; data end {data_end.date()}; spells: {len(out)}", file=sys.stderr)
        print(out["exit"].value_counts().to_string(), file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(base.DEFAULT_SOURCE))
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    args = parser.parse_args(argv)
    table = derive(args.source, verbose=True)
    for column in ("start", "end"):
        table[column] = table[column].dt.strftime("%Y-%m-%d")
    table.to_csv(args.out, index=False)
    print(f"wrote {len(table)} spells to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
