"""Resignations from the US Congress 1901-2018, with a binary scandal outcome.

Data source and licence: FiveThirtyEight, "Congressional resignations"
(github.com/fivethirtyeight/data, ``congress-resignations/``, snapshot
fcf572c), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
Attribution: "FiveThirtyEight, congress-resignations data".  The bundled
table is derived from it (changes: columns split, recoded and added) by
``scripts/derive_congress_resignations.py``; see
``data/congress_resignations_SOURCE.txt``.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from careerrep.errors import DatasetError

__all__ = ["CODES", "SCANDAL_CODES", "congress_resignations"]

#: FiveThirtyEight reason codes and their meaning (source README).
CODES = {
    "X": "Unwanted sexual contact",
    "A": "Consensual sex scandals",
    "B": "Other scandals",
    "C": "Other office",
    "D": "Private sector",
    "E": "Health/family",
    "F": "Other",
    "G": "Left early",
    "H": "Military service",
    "I": "Election overturned",
}
#: codes counted as a scandal exit.
SCANDAL_CODES = ("X", "A", "B")


def congress_resignations() -> pd.DataFrame:
    """Members of the US Congress who resigned or were removed, 1901-2018.

    Source: FiveThirtyEight, congress-resignations data (data behind "We've
    Never Seen Congressional Resignations Like This Before"), CC BY 4.0
    (attribution: "FiveThirtyEight, congress-resignations data"; keep it with
    anything derived).  Covers 1901-03-04 to 2018-01-15.  Derived by
    ``scripts/derive_congress_resignations.py``.

    Rows
        One per resignation (615 rows), nothing dropped.  A member may appear
        more than once (e.g. resigned a House seat for the Senate, later the
        Senate seat).  All rows are exits, so the outcome contrasts *why*
        members left, not whether they left.

    Outcome
        ``scandal`` (int64 0/1): 1 if the FiveThirtyEight reason codes include
        X (unwanted sexual contact), A (consensual sex scandal) or B (other
        scandal); 52 of 615.  Code I (election overturned) is not counted,
        although a few such cases involved fraud or bribery.

    Columns
        ``member`` (string): name as in the source.
        ``party`` (categorical ``D``/``R``): Democrat / Republican.
        ``state`` (categorical): two-letter state code.
        ``chamber`` (categorical ``House``/``Senate``).
        ``district`` (string): source code "ST-NN", "ST-AL" (at large) or
        "ST-SEN".
        ``congress`` (int64): number of the Congress (57 to 115).
        ``resignation_date`` (datetime64); ``year`` (int64): its year.
        ``reason`` (string): FiveThirtyEight's short description.
        ``source`` (string): the news outlet or record cited for it.
        ``category`` (string): raw code(s), e.g. "C" or "B & E".
        ``n_codes`` (int64): number of codes (1 or 2).
        ``code_X`` ... ``code_I`` (int64 0/1): one indicator per code
        (X unwanted sexual contact, A consensual sex scandal, B other scandal,
        C other office, D private sector, E health/family, F other,
        G left early, H military service, I election overturned).
        ``sexual_scandal`` (int64 0/1): code X or A.
        ``scandal`` (int64 0/1): the outcome, code X, A or B.

    Returns
    -------
    pandas.DataFrame
        The table, sorted by ``resignation_date``.
    """
    path = resources.files("careerrep.datasets") / "data" / "congress_resignations.csv"
    with path.open("rb") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False, na_values=[""])

    for col in ["member", "district", "reason", "source", "category"]:
        df[col] = df[col].astype("string")
    df["party"] = pd.Categorical(df["party"], categories=["D", "R"])
    df["state"] = pd.Categorical(df["state"], categories=sorted(df["state"].unique()))
    df["chamber"] = pd.Categorical(df["chamber"], categories=["House", "Senate"])
    df["resignation_date"] = pd.to_datetime(df["resignation_date"], format="%Y-%m-%d").astype(
        "datetime64[ns]"
    )
    int_cols = ["congress", "year", "n_codes"] + [f"code_{c}" for c in CODES] + ["sexual_scandal", "scandal"]
    for col in int_cols:
        df[col] = df[col].astype("int64")
    for col in ["party", "chamber"]:
        if df[col].isna().any():
            raise DatasetError(f"congress_resignations.csv: unexpected values in {col!r}")
    return df
