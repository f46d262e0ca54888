"""Derive ``careerrep/datasets/data/uk_ministers.csv`` from the IfG Ministers Database.

Source
------
Institute for Government, *IfG Ministers Database* (UK government ministers
since May 1979), github.com/instituteforgov/ifg-ministers-database-public,
snapshot 92e2270 (commit dated 2026-06-19).  Licensed CC BY 4.0.
Attribution: "Institute for Government, IfG Ministers Database".
The derived CSV is an adaptation of that database (rows re-shaped, an outcome
derived, columns added); the IfG does not endorse it.

Usage::

    python scripts/derive_uk_ministers.py [SOURCE_DIR] [--out PATH]

``SOURCE_DIR`` is the ``careers`` folder (containing ``ifg-ministers/``) or the
``ifg-ministers`` folder itself; default ``../shared/data/careers`` relative to
the repository root.  Output defaults to
``careerrep/datasets/data/uk_ministers.csv``.  Only ``appointment.csv``,
``appointment_characteristics.csv``, ``person.csv``, ``post.csv``,
``organisation.csv`` and ``event.csv`` are read.

Unit of observation
-------------------
One row per *ended* ministerial appointment (IfG ``appointment`` table: one
person in one post from ``start_date`` to ``end_date``) whose next career step
can be determined.  Excluded appointments (counts printed by the script):

* ongoing: ``end_date`` is null (still in post at the end of the data);
* censored: ended less than ``GAP_DAYS`` before the data end date (the latest
  start or end date in ``appointment.csv``) and no later post is observed yet,
  so "left government" cannot be told apart from "not yet re-appointed";
* secondary posts: while the appointment ended, the person also held a
  *strictly more senior* post that they had held for more than
  ``OVERLAP_TOLERANCE_DAYS`` before this one ended and that was still held on
  its last day.  Such an appointment is a side portfolio (e.g. a Minister for
  Women held alongside a Secretary of State post); comparing its rank with the
  person's senior post would mislabel its end as a "promotion".  The end of
  the person's principal post is its own row.

Source corrections
------------------
Two appointments end before they start (``end_date`` 2025-05-14); the year is
evidently mistyped and is corrected to 2026-05-14 (see ``CORRECTIONS``).  The
script fails loudly if any other appointment ends before it starts.

Rank ladder (``rank``)
----------------------
IfG codes each post's ``rank_equivalence`` as PM (1), DPM (2), SoS (3),
MoS (4), PUSS (5), Parl. lead. (6), Parl. (7) (``rank_equivalence_value``,
smaller = more senior).  "Parl. lead." (Leaders of the two Houses, the two
Chief Whips) and "Parl." (whips, deputy leaders, lords/baronesses in waiting)
are a parliamentary-management track that the IfG values place below PUSS,
which would make e.g. a move from Leader of the House of Commons (a Cabinet
post) to a Secretary of State post a "promotion".  The ladder used here,
most senior first, is therefore::

    PM > DPM > Cabinet > MoS > PUSS > Parl.

* ``PM`` and ``DPM`` (Deputy PM / First Secretary of State) as IfG;
* ``Cabinet``: IfG rank SoS, or IfG rank "Parl. lead.", or *any* post held
  with IfG ``cabinet_status == "Full cabinet"`` (e.g. Chief Secretary to the
  Treasury, Minister without Portfolio, which IfG ranks MoS);
* ``MoS``, ``PUSS`` as IfG (unless Full cabinet, see above);
* ``Parl.``: IfG rank "Parl." (whips etc.), the most junior level, as IfG.

"Attends cabinet" does not raise the rank.  Cabinet status can change during
an appointment (``appointment_characteristics``); the status in force on the
relevant day is used: the appointment's last day for the focal appointment,
and ``max(start of the other post, last day of the focal one)`` for a
following or continuing post.  ``ifg_rank`` keeps IfG's raw label.

Outcome (``outcome``)
---------------------
Ordered ``left_government < demoted < same_rank < promoted``.  Let ``e`` be
the focal appointment's ``end_date``.  The person's *posts held after* it are
their other appointments that start no later than ``e + GAP_DAYS``
(``GAP_DAYS = 30``) and that end after ``e`` (or are ongoing): posts that
start from ``e - OVERLAP_TOLERANCE_DAYS`` up to 30 days after ``e`` (new
posts; IfG almost always dates the new post on the day the old one ends) and
posts that started earlier and are kept (concurrent posts).  A concurrent
post only counts if it is kept for more than ``OVERLAP_TOLERANCE_DAYS`` (7)
days after ``e``: a side post given up a day after the main one (Amber Rudd
resigned as Home Secretary on 2018-04-29; her Minister for Women and
Equalities appointment ends 2018-04-30) is part of the same exit.  If that
set is empty the outcome is ``left_government``; otherwise the most senior
post in it (ties: a newly started post before a continuing one, then the
earliest start) is the *next post*, and its ladder rank is compared with the focal appointment's:
higher = ``promoted``, equal = ``same_rank``, lower = ``demoted``.

Why 30 days: of the gaps between one appointment ending and the person's next
one starting, 1,777 of 2,394 are 0 days and 71 are 1-30 days (e.g. the
September 1981 reshuffle, dated over two weeks); gaps above 30 days are
almost all real exits and returns (e.g. the ministers who resigned from the
Johnson government in July 2022 and returned under Truss or Sunak in
September/October 2022).  A ``left_government`` row can therefore be a
resignation, a sacking, retirement, or an election defeat of the governing
party (see ``near_government_change``); the data carry no exit reason.

Notes on some outcomes
----------------------
* A ``same_rank`` row may be a pure continuation: re-appointment to the same
  post (``next_same_post``, rare: IfG does not split appointments at
  elections) or a move caused by a departmental restructure
  (``department_ended``; the IfG ``organisation_link`` table that would
  allow merging such appointments is not in the snapshot).  Both are kept
  and flagged so users can drop them.
* The ladder is coarse: all Cabinet-level posts are one level, so a move
  that commentators call a demotion within Cabinet (e.g. Michael Gove,
  Education Secretary to Chief Whip in 2014) is ``same_rank``.
* Joint posts at the same level held concurrently are each a row, so one
  reshuffle move of such a person can appear more than once
  (``concurrent_post`` flags rows where another post was held on the last
  day).
* The PM's appointments are rows too (all end in ``left_government``).
* Acting appointments are kept and flagged (``acting``).

Predictors and other columns: see the loader ``careerrep.datasets.uk_ministers``
(its docstring lists every column with units).  ``government_party`` is the
party of the *government* (the IfG snapshot has no per-person party): for the
2010-15 coalition it is "Conservative-Liberal Democrat coalition", since a
coalition minister's own party is not in the data.
"""

from __future__ import annotations

import argparse
import bisect
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "careers"
DEFAULT_OUT = REPO_ROOT / "careerrep" / "datasets" / "data" / "uk_ministers.csv"

#: maximum days between the end of an appointment and the start of the next
#: post for the person to count as continuing in government.
GAP_DAYS = 30
#: a more senior post that started at most this many days before the focal
#: appointment ended is treated as its successor (handover overlap), not as a
#: concurrent senior post that makes the focal appointment secondary.
OVERLAP_TOLERANCE_DAYS = 7
#: an appointment ending within this many days of its department's end date is
#: flagged ``department_ended``.
DEPARTMENT_END_TOLERANCE_DAYS = 7

#: corrections of evident errors in the source, keyed by appointment id:
#: (column, value in the source, corrected value).  Both appointments end
#: *before* they start (end 2025-05-14), and in both cases the person's next
#: appointment starts on 2026-05-14, so the year was mistyped:
#: James Murray, Chief Secretary to the Treasury from 2025-09-01 (Secretary of
#: State for Health and Social Care from 2026-05-14); Lucy Rigby, Economic
#: Secretary from 2025-09-06 (Chief Secretary to the Treasury from 2026-05-14).
#: A correction is applied only if the source still holds the erroneous value.
CORRECTIONS = {
    "b10eac21-75f5-4c95-9ee5-780f42d73a12": ("end_date", "2025-05-14", "2026-05-14"),
    "acf055e5-8475-4b2c-8063-be34b3e754da": ("end_date", "2025-05-14", "2026-05-14"),
}

OUTCOMES = ["left_government", "demoted", "same_rank", "promoted"]
#: ladder labels, junior to senior (position = numeric level).
RANKS = ["Parl.", "PUSS", "MoS", "Cabinet", "DPM", "PM"]
IFG_RANK_TO_RANK = {
    "PM": "PM",
    "DPM": "DPM",
    "SoS": "Cabinet",
    "Parl. lead.": "Cabinet",
    "MoS": "MoS",
    "PUSS": "PUSS",
    "Parl.": "Parl.",
}
RANK_LEVEL = {r: i for i, r in enumerate(RANKS)}
CABINET_LEVEL = RANK_LEVEL["Cabinet"]

#: party of each PM's government.
PM_PARTY = {
    "Thatcher": "Conservative",
    "Major": "Conservative",
    "Blair": "Labour",
    "Brown": "Labour",
    "Cameron": "Conservative",
    "May": "Conservative",
    "Johnson": "Conservative",
    "Truss": "Conservative",
    "Sunak": "Conservative",
    "Starmer": "Labour",
}
COALITION = "Cameron-Clegg coalition"
COALITION_PARTY = "Conservative-Liberal Democrat coalition"

#: column order of the output CSV.
COLUMNS = [
    "appointment_id",
    "person_id",
    "person_name",
    "gender",
    "post_id",
    "post_name",
    "department",
    "department_short",
    "ifg_rank",
    "rank",
    "cabinet_status",
    "acting",
    "start_date",
    "end_date",
    "start_year",
    "tenure_days",
    "tenure_years",
    "government",
    "government_party",
    "near_government_change",
    "concurrent_post",
    "department_ended",
    "next_appointment_id",
    "next_post_name",
    "next_rank",
    "next_start_date",
    "gap_days",
    "next_same_post",
    "outcome",
]


def _ifg_dir(source: Path) -> Path:
    """Accept either the ``careers`` folder or ``careers/ifg-ministers``."""
    source = Path(source)
    if (source / "ifg-ministers" / "appointment.csv").is_file():
        return source / "ifg-ministers"
    if (source / "appointment.csv").is_file():
        return source
    raise FileNotFoundError(f"no IfG appointment.csv under {source}")


def _read(path: Path, dates=()) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for col in dates:
        df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
    return df


def _governments(appt: pd.DataFrame, post: pd.DataFrame, person: pd.DataFrame, event: pd.DataFrame):
    """Return (sorted start dates, labels) of governments.

    A government is a PM's tenure (from the IfG PM appointments), with
    Cameron's split at the 2015 general election into the coalition and the
    Conservative majority government.
    """
    pm_posts = set(post.loc[post["rank_equivalence"] == "PM", "id"])
    pm = appt[appt["post_id"].isin(pm_posts)].merge(
        person.drop_duplicates("id")[["id", "short_name"]],
        left_on="person_id",
        right_on="id",
        suffixes=("", "_person"),
    )
    pm = pm.sort_values("start_date")
    starts, labels = [], []
    for row in pm.itertuples():
        starts.append(row.start_date)
        labels.append(COALITION if row.short_name == "Cameron" else row.short_name)
    election_2015 = event.loc[event["name"] == "2015 general election", "date"].iloc[0]
    # the Conservative majority government starts the day after polling day
    starts.append(election_2015 + pd.Timedelta(days=1))
    labels.append("Cameron")
    order = np.argsort(starts, kind="stable")
    return [starts[i] for i in order], [labels[i] for i in order]


def _government_on(date, gov_starts, gov_labels) -> str:
    i = bisect.bisect_right(gov_starts, date) - 1
    if i < 0:
        raise ValueError(f"{date} is before the first government in the data")
    return gov_labels[i]


def derive(source: Path | str = DEFAULT_SOURCE, verbose: bool = False) -> pd.DataFrame:
    """Build the derived table (one row per ended appointment) from the source CSVs."""
    d = _ifg_dir(Path(source))
    appt = _read(d / "appointment.csv")
    for appt_id, (col, wrong, right) in CORRECTIONS.items():
        hit = (appt["id"] == appt_id) & (appt[col] == wrong)
        appt.loc[hit, col] = right
    for col in ["start_date", "end_date"]:
        appt[col] = pd.to_datetime(appt[col], format="%Y-%m-%d")
    if (appt["end_date"] < appt["start_date"]).any():
        bad = appt.loc[appt["end_date"] < appt["start_date"], "id"].tolist()
        raise ValueError(f"appointments ending before they start: {bad}")
    chars = _read(d / "appointment_characteristics.csv", ["start_date", "end_date"])
    person = _read(d / "person.csv", ["start_date", "end_date"])
    post = _read(d / "post.csv")
    org = _read(d / "organisation.csv", ["start_date", "end_date"])
    event = _read(d / "event.csv", ["date"])

    # --- per-appointment attributes ------------------------------------------
    appt = appt.merge(
        post[["id", "organisation_id", "display_name", "rank_equivalence"]].rename(
            columns={"id": "post_id", "display_name": "post_name", "rank_equivalence": "ifg_rank"}
        ),
        on="post_id",
        how="left",
        validate="many_to_one",
    )
    appt = appt.merge(
        org[["id", "name", "short_name", "end_date"]].rename(
            columns={
                "id": "organisation_id",
                "name": "department",
                "short_name": "department_short",
                "end_date": "org_end_date",
            }
        ),
        on="organisation_id",
        how="left",
        validate="many_to_one",
    )
    if appt["ifg_rank"].isna().any() or not set(appt["ifg_rank"]) <= set(IFG_RANK_TO_RANK):
        raise ValueError("unexpected or missing IfG rank_equivalence values")
    # plain Python lists: the per-appointment loop below is much faster on them
    base_level = appt["ifg_rank"].map(IFG_RANK_TO_RANK).map(RANK_LEVEL).tolist()
    ids = appt["id"].tolist()
    person_ids = appt["person_id"].tolist()
    post_ids = appt["post_id"].tolist()
    post_names = appt["post_name"].tolist()

    # characteristics (cabinet status, acting) per appointment, sorted by start
    chars = chars.sort_values(["appointment_id", "start_date"])
    char_by_appt: dict[str, list[tuple]] = {}
    for row in chars.itertuples():
        char_by_appt.setdefault(row.appointment_id, []).append((row.start_date, row.cabinet_status))
    acting = set(chars.loc[chars["is_acting"] == "True", "appointment_id"])

    def cabinet_status_on(appt_id: str, date) -> str:
        """Cabinet status in force on ``date`` (last record starting on/before it)."""
        recs = char_by_appt.get(appt_id)
        if not recs:  # no characteristics record (none in this snapshot)
            return "Non-cabinet"
        status = recs[0][1]
        for start, st in recs:
            if start <= date:
                status = st
        return status

    def level_on(i: int, date) -> int:
        lvl = base_level[i]
        if cabinet_status_on(ids[i], date) == "Full cabinet":
            lvl = max(lvl, CABINET_LEVEL)
        return int(lvl)

    # person name in force on the appointment's start date (person.csv splits a
    # person into several records when the name changed, e.g. on a peerage;
    # end_date is exclusive: "Peter Mandelson" ends 2008-10-03, the day
    # "Lord Mandelson" starts).
    names: dict[str, list[tuple]] = {}
    for row in person.itertuples():
        names.setdefault(row.id, []).append((row.start_date, row.end_date, row.name, row.gender))

    def person_on(pid: str, date):
        recs = names[pid]
        for start, end, name, gender in recs:
            if (pd.isna(start) or start <= date) and (pd.isna(end) or date < end):
                return name, gender
        return recs[0][2], recs[0][3]

    gov_starts, gov_labels = _governments(appt, post, person, event)
    # dates at which the government changed (excluding the first PM)
    gov_changes = gov_starts[1:]

    data_end = max(appt["start_date"].max(), appt["end_date"].max())
    gap = pd.Timedelta(days=GAP_DAYS)
    tol = pd.Timedelta(days=OVERLAP_TOLERANCE_DAYS)

    by_person: dict[str, list[int]] = {}
    for i, pid in enumerate(person_ids):
        by_person.setdefault(pid, []).append(i)

    starts = appt["start_date"].tolist()
    ends = appt["end_date"].tolist()
    departments = appt["department"].tolist()
    department_shorts = appt["department_short"].tolist()
    ifg_ranks = appt["ifg_rank"].tolist()
    org_ends = appt["org_end_date"].tolist()
    n_ongoing = n_censored = n_secondary = 0
    rows = []
    for i in range(len(appt)):
        e = ends[i]
        if pd.isna(e):
            n_ongoing += 1
            continue
        own_level = level_on(i, e)
        others = [j for j in by_person[person_ids[i]] if j != i]

        # secondary post: a strictly more senior post held since before
        # e - tolerance and still held on e.
        concurrent = [j for j in others if starts[j] < e and (pd.isna(ends[j]) or ends[j] >= e)]
        if any(starts[j] < e - tol and level_on(j, e) > own_level for j in concurrent):
            n_secondary += 1
            continue

        # posts held after the focal one ended
        # posts held after the focal one ended: new posts starting within the
        # gap (and not ended by e), and concurrent posts (started before
        # e - tol) that are kept for more than `tol` days after e -- a side post
        # given up a day after the main one (e.g. Amber Rudd, Home Secretary to
        # 2018-04-29, Minister for Women and Equalities to 2018-04-30) does not
        # count as staying in government.
        after = [
            j
            for j in others
            if starts[j] <= e + gap
            and (pd.isna(ends[j]) or ends[j] > (e + tol if starts[j] < e - tol else e))
        ]
        if not after and e > data_end - gap:
            n_censored += 1
            continue
        if after:
            # most senior; ties: new post (started >= e - tol) first, then earliest start
            nxt = min(
                after,
                key=lambda j: (-level_on(j, max(starts[j], e)), starts[j] < e - tol, starts[j]),
            )
            next_level = level_on(nxt, max(starts[nxt], e))
            if next_level > own_level:
                outcome = "promoted"
            elif next_level == own_level:
                outcome = "same_rank"
            else:
                outcome = "demoted"
            nxt_info = dict(
                next_appointment_id=ids[nxt],
                next_post_name=post_names[nxt],
                next_rank=RANKS[next_level],
                next_start_date=starts[nxt],
                gap_days=(starts[nxt] - e).days,
                next_same_post=post_ids[nxt] == post_ids[i],
            )
        else:
            outcome = "left_government"
            nxt_info = dict(
                next_appointment_id=None,
                next_post_name=None,
                next_rank=None,
                next_start_date=pd.NaT,
                gap_days=np.nan,
                next_same_post=False,
            )

        s = starts[i]
        name, gender = person_on(person_ids[i], s)
        org_end = org_ends[i]
        gov = _government_on(s, gov_starts, gov_labels)
        tenure = (e - s).days
        rows.append(
            dict(
                appointment_id=ids[i],
                person_id=person_ids[i],
                person_name=name,
                gender=gender,
                post_id=post_ids[i],
                post_name=post_names[i],
                department=departments[i],
                department_short=department_shorts[i],
                ifg_rank=ifg_ranks[i],
                rank=RANKS[own_level],
                cabinet_status=cabinet_status_on(ids[i], e),
                acting=ids[i] in acting,
                start_date=s,
                end_date=e,
                start_year=s.year,
                tenure_days=tenure,
                tenure_years=round(tenure / 365.25, 4),
                government=gov,
                government_party=COALITION_PARTY if gov == COALITION else PM_PARTY[gov],
                near_government_change=any(abs((e - t).days) <= OVERLAP_TOLERANCE_DAYS for t in gov_changes),
                concurrent_post=bool(concurrent),
                department_ended=bool(
                    pd.notna(org_end) and abs((e - org_end).days) <= DEPARTMENT_END_TOLERANCE_DAYS
                ),
                outcome=outcome,
                **nxt_info,
            )
        )

    out = pd.DataFrame(rows, columns=COLUMNS)
    out = out.sort_values(["start_date", "person_id", "appointment_id"], ignore_index=True)
    out["gap_days"] = out["gap_days"].astype("Int64")
    if verbose:
        print(
            f"appointments in source: {len(appt)}; data end date: {data_end.date()}",
            file=sys.stderr,
        )
        print(
            f"excluded: ongoing {n_ongoing}, secondary {n_secondary}, censored {n_censored}; kept {len(out)}",
            file=sys.stderr,
        )
        print(out["outcome"].value_counts().reindex(OUTCOMES).to_string(), file=sys.stderr)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "source",
        nargs="?",
        default=str(DEFAULT_SOURCE),
        help="careers data folder (default: %(default)s)",
    )
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output CSV (default: %(default)s)")
    args = ap.parse_args(argv)
    out = derive(args.source, verbose=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(args.out, index=False, date_format="%Y-%m-%d", lineterminator="\n")
    print(f"wrote {len(out)} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
