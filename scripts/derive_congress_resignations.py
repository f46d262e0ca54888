"""Derive ``careerrep/datasets/data/congress_resignations.csv`` from FiveThirtyEight data.

Source
------
FiveThirtyEight, "Congressional resignations" (data behind "We've Never Seen
Congressional Resignations Like This Before"), github.com/fivethirtyeight/data,
``congress-resignations/congressional_resignations.csv`` at fcf572c; licensed
CC BY 4.0.  615 members of Congress who resigned or were removed from office,
1901-03-04 to 2018-01-15.

Usage::

    python scripts/derive_congress_resignations.py [SOURCE_DIR] [--out PATH]

``SOURCE_DIR`` is the ``careers`` folder (containing
``fivethirtyeight-congress-resignations/``) or that folder itself; default
``../shared/data/careers`` relative to the repository root.

Rules
-----
* One row per source row (one resignation); nothing is dropped.  A member can
  appear more than once (17 members resigned twice or more, e.g. a House seat
  to enter the Senate and later the Senate seat).
* ``Category`` holds one code or two joined by " & " (e.g. "B & E").  Codes
  (README.upstream.md): X unwanted sexual contact, A consensual sex scandal,
  B other scandal, C other office, D private sector, E health/family,
  F other, G left early, H military service, I election overturned.  Each
  code becomes a 0/1 indicator ``code_X`` ... ``code_I``.
* ``scandal`` = 1 if the codes include X, A or B (the three scandal
  categories), else 0.  ``sexual_scandal`` = 1 if they include X or A.
  Code I (election overturned) does not count as a scandal although some such
  cases involved fraud or bribery (e.g. William Lorimer, 1912, whose Senate
  election was voided over bribery).
* ``District`` is "ST-NN" for a House district, "ST-AL" for an at-large seat
  or "ST-SEN" for the Senate; ``state`` and ``chamber`` (House/Senate) are
  split from it.  One source value has a leading space (" FL-SEN"); text
  fields are stripped of surrounding whitespace.
* ``congress`` is the number of the Congress ("115th" -> 115).
* ``resignation_date`` is parsed from M/D/YYYY; ``year`` is its year.
* ``party`` keeps the source codes ``D``/``R`` (the only values present).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "careers"
DEFAULT_OUT = REPO_ROOT / "careerrep" / "datasets" / "data" / "congress_resignations.csv"
FOLDER = "fivethirtyeight-congress-resignations"
FILE = "congressional_resignations.csv"

#: category codes in the source README's order, with their meaning.
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
SCANDAL_CODES = ("X", "A", "B")
SEXUAL_SCANDAL_CODES = ("X", "A")

COLUMNS = (
    [
        "member",
        "party",
        "state",
        "chamber",
        "district",
        "congress",
        "resignation_date",
        "year",
        "reason",
        "source",
        "category",
        "n_codes",
    ]
    + [f"code_{c}" for c in CODES]
    + ["sexual_scandal", "scandal"]
)


def _csv_path(source: Path) -> Path:
    source = Path(source)
    for cand in (source / FOLDER / FILE, source / FILE):
        if cand.is_file():
            return cand
    raise FileNotFoundError(f"no {FILE} under {source}")


def derive(source: Path | str = DEFAULT_SOURCE, verbose: bool = False) -> pd.DataFrame:
    """Build the tidy table (one row per resignation) from the source CSV."""
    raw = pd.read_csv(_csv_path(Path(source)), dtype=str, keep_default_na=False)
    raw = raw.apply(lambda s: s.str.strip())

    out = pd.DataFrame(
        {
            "member": raw["Member"],
            "party": raw["Party"],
            "district": raw["District"],
            "reason": raw["Reason"],
            "source": raw["Source"],
            "category": raw["Category"],
        }
    )
    parts = raw["District"].str.extract(r"^(?P<state>[A-Z]{2})-(?P<seat>\d+|AL|SEN)$")
    if parts.isna().any().any():
        bad = raw.loc[parts.isna().any(axis=1), "District"].tolist()
        raise ValueError(f"unparsed District values: {bad}")
    out["state"] = parts["state"]
    out["chamber"] = parts["seat"].map(lambda s: "Senate" if s == "SEN" else "House")
    congress = raw["Congress"].str.extract(r"^(\d+)(?:st|nd|rd|th)$")[0]
    if congress.isna().any():
        raise ValueError("unparsed Congress values")
    out["congress"] = congress.astype("int64")
    out["resignation_date"] = pd.to_datetime(raw["Resignation Date"], format="%m/%d/%Y")
    out["year"] = out["resignation_date"].dt.year.astype("int64")

    codes = raw["Category"].str.split(r"\s*&\s*", regex=True)
    unknown = set(c for cs in codes for c in cs) - set(CODES)
    if unknown:
        raise ValueError(f"unknown category codes: {sorted(unknown)}")
    out["n_codes"] = codes.map(len).astype("int64")
    for c in CODES:
        out[f"code_{c}"] = codes.map(lambda cs, c=c: int(c in cs)).astype("int64")
    out["sexual_scandal"] = codes.map(lambda cs: int(any(c in cs for c in SEXUAL_SCANDAL_CODES))).astype(
        "int64"
    )
    out["scandal"] = codes.map(lambda cs: int(any(c in cs for c in SCANDAL_CODES))).astype("int64")

    out = out[COLUMNS].sort_values(["resignation_date", "member"], ignore_index=True, kind="stable")
    if verbose:
        print(
            f"rows: {len(out)}; scandal: {out['scandal'].value_counts().sort_index().to_dict()}",
            file=sys.stderr,
        )
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
