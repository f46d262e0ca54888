"""UK government ministers 1979-2026: what happened after each appointment ended.

Data source and licence: Institute for Government, IfG Ministers Database
(github.com/instituteforgov/ifg-ministers-database-public, snapshot 92e2270,
2026-06-19), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
Attribution: "Institute for Government, IfG Ministers Database".  The bundled
table is derived from it (changes: reshaped, outcome derived, columns added,
two dates corrected) by ``scripts/derive_uk_ministers.py``; see
``data/uk_ministers_SOURCE.txt``.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from careerrep.errors import DatasetError

__all__ = ["OUTCOMES", "RANKS", "uk_ministers"]

#: outcome categories, worst to best.
OUTCOMES = ["left_government", "demoted", "same_rank", "promoted"]
#: rank ladder, junior to senior.
RANKS = ["Parl.", "PUSS", "MoS", "Cabinet", "DPM", "PM"]
#: IfG ``rank_equivalence`` labels in IfG's order (most senior first).
IFG_RANKS = ["PM", "DPM", "SoS", "MoS", "PUSS", "Parl. lead.", "Parl."]
#: governments in chronological order.
GOVERNMENTS = [
    "Thatcher",
    "Major",
    "Blair",
    "Brown",
    "Cameron-Clegg coalition",
    "Cameron",
    "May",
    "Johnson",
    "Truss",
    "Sunak",
    "Starmer",
]
GOVERNMENT_PARTIES = ["Conservative", "Labour", "Conservative-Liberal Democrat coalition"]
CABINET_STATUSES = [
    "Full cabinet",
    "Attends cabinet",
    "Attends cabinet when ministerial responsibilities are on the agenda",
    "Non-cabinet",
]

_STRING_COLUMNS = [
    "appointment_id",
    "person_id",
    "person_name",
    "post_id",
    "post_name",
    "department_short",
    "next_appointment_id",
    "next_post_name",
]
_DATE_COLUMNS = ["start_date", "end_date", "next_start_date"]
_BOOL_COLUMNS = [
    "acting",
    "near_government_change",
    "concurrent_post",
    "department_ended",
    "next_same_post",
]


def uk_ministers() -> pd.DataFrame:
    """UK ministerial appointments 1979-2026 with an ordinal "next post" outcome.

    Source: Institute for Government, IfG Ministers Database, CC BY 4.0
    (attribution: "Institute for Government, IfG Ministers Database"; keep it
    with anything derived).  Derived by ``scripts/derive_uk_ministers.py``,
    whose docstring has the full rules.  No exit reason or media variable is
    in the source: ``left_government`` pools resignations, sackings,
    retirements and election defeats.

    Rows
        One per ended appointment (one person in one post, IfG ``appointment``
        table) whose next step can be determined: 3,416 rows.  Excluded:
        appointments still ongoing at the end of the data (latest date
        2026-06-12); appointments that ended within 30 days of that date with
        no later post yet (censored); *secondary* posts, i.e. those ended
        while the person held a strictly more senior post they had held for
        more than 7 days and still held on the last day (a side portfolio;
        the person's principal post is its own row).  Two source end dates
        that precede the start (2025-05-14) are corrected to 2026-05-14.

    Rank ladder (``rank``, ``next_rank``)
        ``Parl. < PUSS < MoS < Cabinet < DPM < PM``.  From IfG's
        ``rank_equivalence``: SoS -> Cabinet; "Parl. lead." (Leaders of the
        Houses, Chief Whips) -> Cabinet; "Parl." (whips, deputy leaders,
        lords in waiting) -> Parl., the lowest level as in IfG; any post held
        as a *full* Cabinet member (IfG ``cabinet_status``) is raised to
        Cabinet (e.g. Chief Secretary to the Treasury).  Cabinet status is
        taken on the appointment's last day (for the next post, on the later
        of its start and the focal appointment's end).

    Outcome (``outcome``, ordered categorical)
        ``left_government < demoted < same_rank < promoted``.  The person's
        posts held after the appointment ended on day ``e`` are their other
        appointments that start by ``e + 30`` days and are still held after
        ``e`` (a concurrent post started earlier must be kept more than 7 days
        after ``e``).  None: ``left_government``.  Otherwise the most senior of
        them is the *next post* and its rank is compared with this
        appointment's rank: higher ``promoted``, equal ``same_rank``, lower
        ``demoted``.

    Columns
        ``appointment_id``, ``person_id``, ``post_id`` (string): IfG UUIDs.
        ``person_name`` (string): name in force at the start of the
        appointment (e.g. before/after a peerage).
        ``gender`` (categorical ``F``/``M``).
        ``post_name`` (string): IfG post display name.
        ``department`` (categorical), ``department_short`` (string): the
        organisation of the post and its initialism (not unique).
        ``ifg_rank`` (categorical): IfG ``rank_equivalence`` (PM, DPM, SoS,
        MoS, PUSS, Parl. lead., Parl.).
        ``rank`` (ordered categorical): ladder rank used for the outcome.
        ``cabinet_status`` (categorical): IfG cabinet status on the last day.
        ``acting`` (bool): held in an acting capacity at some point.
        ``start_date``, ``end_date`` (datetime64): appointment dates.
        ``start_year`` (int): calendar year of ``start_date``.
        ``tenure_days`` (int, days): ``end_date - start_date``.
        ``tenure_years`` (float, years): ``tenure_days / 365.25``.
        ``government`` (categorical, chronological): the government in office
        on ``start_date``, named by PM; Cameron split at the 2015 general
        election into "Cameron-Clegg coalition" and "Cameron".
        ``government_party`` (categorical): party of that government
        (Conservative, Labour, or "Conservative-Liberal Democrat coalition").
        The source has no per-person party, so this is not the minister's own
        party for Liberal Democrats in the coalition.
        ``near_government_change`` (bool): ``end_date`` within 7 days of a
        change of government (new PM, or the end of the coalition) -- many
        ``left_government`` rows are election defeats or new PMs' line-ups.
        ``concurrent_post`` (bool): the person held another post on the last
        day of this one (joint posts at the same level each give a row).
        ``department_ended`` (bool): the appointment ended within 7 days of
        its department's end date (restructure; a move to the successor
        department is then usually ``same_rank``).
        ``next_appointment_id`` (string), ``next_post_name`` (string),
        ``next_rank`` (ordered categorical), ``next_start_date`` (datetime64):
        the next post; missing when ``left_government``.
        ``gap_days`` (Int64, days): ``next_start_date - end_date``; negative
        when the next post was already held concurrently; missing when
        ``left_government``.
        ``next_same_post`` (bool): re-appointed to the same IfG post.
        ``outcome`` (ordered categorical): see above.

    Returns
    -------
    pandas.DataFrame
        The table, sorted by ``start_date``.
    """
    path = resources.files("careerrep.datasets") / "data" / "uk_ministers.csv"
    with path.open("rb") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False, na_values=[""])

    for col in _STRING_COLUMNS:
        df[col] = df[col].astype("string")
    for col in _DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col], format="%Y-%m-%d").astype("datetime64[ns]")
    for col in _BOOL_COLUMNS:
        df[col] = df[col].map({"True": True, "False": False}).astype(bool)
    df["start_year"] = df["start_year"].astype("int64")
    df["tenure_days"] = df["tenure_days"].astype("int64")
    df["tenure_years"] = df["tenure_years"].astype("float64")
    df["gap_days"] = pd.to_numeric(df["gap_days"]).astype("Int64")

    df["gender"] = pd.Categorical(df["gender"], categories=["F", "M"])
    df["ifg_rank"] = pd.Categorical(df["ifg_rank"], categories=IFG_RANKS)
    df["rank"] = pd.Categorical(df["rank"], categories=RANKS, ordered=True)
    df["next_rank"] = pd.Categorical(df["next_rank"], categories=RANKS, ordered=True)
    df["cabinet_status"] = pd.Categorical(df["cabinet_status"], categories=CABINET_STATUSES)
    df["government"] = pd.Categorical(df["government"], categories=GOVERNMENTS)
    df["government_party"] = pd.Categorical(df["government_party"], categories=GOVERNMENT_PARTIES)
    df["department"] = pd.Categorical(df["department"], categories=sorted(df["department"].unique()))
    df["outcome"] = pd.Categorical(df["outcome"], categories=OUTCOMES, ordered=True)
    for col in [
        "gender",
        "ifg_rank",
        "rank",
        "cabinet_status",
        "government",
        "government_party",
        "outcome",
    ]:
        # a label outside the declared categories would silently become NaN
        if df[col].isna().any():
            raise DatasetError(f"uk_ministers.csv: unexpected or missing values in {col!r}")
    return df
