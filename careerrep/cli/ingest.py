"""``careerrep ingest``: a media-monitoring export and a cases file -> a case table file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from careerrep.errors import IngestError
from careerrep.scale import CAREER_SCALE, OutcomeScale, OutcomeScaleError

OUTPUT_SUFFIXES = (".csv", ".json", ".parquet")
# --coverage choice -> ingest(coverage=...): every export has dates, so the table keeps them by default.
COVERAGE_FREQUENCIES = {"daily": "D", "weekly": "W", "none": None}

EXAMPLES = """\
examples:
  careerrep ingest mentions.csv --cases cases.csv --out table.parquet
  careerrep ingest export.csv --cases cases.csv --comments comments.csv \\
      --mapping mapping.json --lenient --out table.json
  careerrep ingest mentions.jsonl --cases cases.csv --out table.csv
  careerrep ingest mentions.csv --cases cases.csv --scale "dismissed<resigned<kept<promoted" --out table.csv

mapping.json (every key optional; see the docs' Ingest chapter):
  {"columns": {"date": "Дата", "source_type": "Тип источника", "platform": "Соцсеть"},
   "date_format": "%d.%m.%Y %H:%M",
   "platforms": {"Вконтакте": "VKontakte"}}

exit status: 0 success, 2 bad input (one line saying why), 1 internal error
"""


def outcome_scale(text: str) -> OutcomeScale:
    """``--scale "dismissed<resigned<kept<promoted"`` as an :class:`OutcomeScale`, lowest label first.

    Raises
    ------
    IngestError
        Naming the problem: no ``<``, an empty label, fewer than two labels, or
        labels that differ only in case or spacing (outcomes are matched
        case-insensitively, so they could not be told apart).
    """
    from careerrep.ingest.mapping import normalise_label

    shown = f"--scale {text!r}"
    if ">" in text:
        raise IngestError(f"{shown}: write the labels low to high separated by '<' (e.g. fired<resigned)")
    if "<" not in text:
        raise IngestError(
            f"{shown}: separate the labels with '<', lowest first (e.g. \"fired<resigned<retained\")"
        )
    labels = [part.strip() for part in text.split("<")]
    if any(not label for label in labels):
        raise IngestError(f"{shown}: an empty label (two '<' in a row, or one at an end)")
    seen: dict[str, str] = {}
    for label in labels:
        key = normalise_label(label)
        if key in seen:
            raise IngestError(
                f"{shown}: {seen[key]!r} and {label!r} are the same label "
                "(outcomes are matched ignoring case and spacing)"
            )
        seen[key] = label
    try:
        return OutcomeScale(labels)
    except OutcomeScaleError as error:
        raise IngestError(f"{shown}: {error}") from None


def run(args: argparse.Namespace) -> int:
    """Ingest the export, write the table, print what was read and skipped."""
    from careerrep.ingest import ingest

    scale = CAREER_SCALE if args.scale is None else outcome_scale(args.scale)
    out = Path(args.out)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise IngestError(f"--out {out}: the file must end in {', '.join(OUTPUT_SUFFIXES)}")
    if not out.parent.exists():
        raise IngestError(f"--out {out}: folder {out.parent} does not exist")
    if not out.parent.is_dir():
        raise IngestError(f"--out {out}: {out.parent} is a file, not a folder")
    if out.is_dir():
        raise IngestError(
            f"--out {out}: is a folder; give a file name ending in {', '.join(OUTPUT_SUFFIXES)}"
        )
    result = ingest(
        args.export,
        args.cases,
        comments=args.comments,
        mapping=args.mapping,
        strict=not args.lenient,
        chunksize=args.chunksize,
        fmt=args.format,
        coverage=COVERAGE_FREQUENCIES[args.coverage],
        scale=scale,
        progress=None,  # a bar only when stderr is a terminal
    )
    table = result.table
    writer = {".csv": table.to_csv, ".json": table.to_json, ".parquet": table.to_parquet}[out.suffix.lower()]
    writer(out)
    print(result.report.summary())
    if result.comment_report is not None:
        print(result.comment_report.summary())
    print(f"outcome scale: {table.scale}")
    print(f"wrote {len(table)} case(s) to {out}")
    return 0


def register(commands: Any) -> None:
    """Add the ``ingest`` subcommand to ``commands`` (an argparse subparsers object)."""
    parser = commands.add_parser(
        "ingest",
        help="turn a media-monitoring export (one row per mention) into a case table",
        description="Read a mention-level export (CSV, Excel-CSV or JSON lines), place each mention into "
        "the case whose window contains it, count volume, source mix, breakdowns and sentiment per case, "
        "and write the cases as a table (CSV, JSON or Parquet by the --out suffix).",
        epilog=EXAMPLES,
    )
    parser.add_argument(
        "export", metavar="EXPORT", help="the export: .csv (any dialect), .jsonl, .xlsx or .parquet"
    )
    parser.add_argument(
        "--cases",
        required=True,
        metavar="CASES.csv",
        help="one row per case: id, official, window, outcome (.csv or .xlsx)",
    )
    parser.add_argument(
        "--comments",
        metavar="SHEET.csv",
        help="comment coding sheet, .csv or .xlsx (one row per comment or per post)",
    )
    parser.add_argument(
        "--mapping", metavar="mapping.json", help="column names and label aliases, if not the defaults"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--strict", action="store_true", help="fail on the first problem rows (the default)")
    mode.add_argument("--lenient", action="store_true", help="skip problem rows and report them by reason")
    parser.add_argument("--out", required=True, metavar="TABLE", help="output file: .csv, .json or .parquet")
    parser.add_argument(
        "--format",
        choices=("csv", "jsonl", "excel", "parquet"),
        help="export format, if not clear from the suffix",
    )
    parser.add_argument(
        "--coverage",
        choices=tuple(COVERAGE_FREQUENCIES),
        default="daily",
        help="dated coverage kept in each case (mentions per day or week, by source type and sentiment); "
        "default daily, 'none' for the window totals only",
    )
    parser.add_argument(
        "--scale",
        metavar="LOW<...<HIGH",
        default=None,
        help='the study\'s outcome labels, lowest first, e.g. "dismissed<resigned<kept<promoted"; '
        "the cases file's outcomes are matched to them ignoring case, and the table keeps the scale "
        f"for careerrep fit (default: {'<'.join(CAREER_SCALE.labels)})",
    )
    parser.add_argument(
        "--chunksize", type=int, default=250_000, metavar="N", help="rows read at a time (default 250000)"
    )
    parser.set_defaults(handler=run)
