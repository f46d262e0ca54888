"""Descriptive tables recomputed from case records (the paper's Tables 4, 6, 7 and 8).

All shares are fractions in [0, 1]; :func:`paper_report` prints them as
percentages with one decimal, the way the paper does.
"""

from __future__ import annotations

import pandas as pd

from careerrep.records import CaseRecord
from careerrep.table import CaseTable

TONES = ("negative", "neutral", "positive")
GENDERS = ("male", "female", "undefined")


def comment_table(record: CaseRecord) -> pd.DataFrame:
    """One row per sampled post, as in the paper's Tables 4, 6 and 7.

    Returns
    -------
    pandas.DataFrame
        Columns ``platform, likes, comments, reposts, views``, the counts
        ``negative, neutral, positive, male, female, undefined`` and the
        shares of the post's comments ``negative_share`` ... ``undefined_share``.
        Engagement figures the source does not give are ``<NA>``; gender
        counts of a post whose gender was not coded are ``<NA>``.
    """
    rows = []
    for sample in record.comment_samples:
        row: dict[str, object] = {
            "platform": sample.platform,
            "likes": sample.likes,
            "comments": sample.comments,
            "reposts": sample.reposts,
            "views": sample.views,
        }
        for tone in TONES:
            row[tone] = getattr(sample.sentiment, tone)
        for gender in GENDERS:
            row[gender] = None if sample.gender is None else getattr(sample.gender, gender)
        rows.append(row)
    frame = pd.DataFrame(
        rows, columns=["platform", "likes", "comments", "reposts", "views", *TONES, *GENDERS]
    )
    for column in ("likes", "comments", "reposts", "views", *TONES, *GENDERS):
        frame[column] = frame[column].astype("Int64")
    for column in (*TONES, *GENDERS):
        frame[f"{column}_share"] = (frame[column] / frame["comments"]).astype("Float64")
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="post")
    return frame


def comment_summary(table: CaseTable) -> pd.DataFrame:
    """Per case, the comments of all sampled posts pooled (the paper's in-text shares).

    Returns
    -------
    pandas.DataFrame
        Indexed by case id: ``posts``, ``comments``, the tone shares
        ``negative, neutral, positive`` and the commentator shares
        ``male, female, undefined`` (over the posts whose gender was coded).
    """
    rows = []
    for record in table:
        samples = record.comment_samples
        total = sum(s.comments for s in samples)
        row: dict[str, object] = {
            "case_id": record.case_id,
            "posts": len(samples),
            "comments": total,
        }
        for tone in TONES:
            row[tone] = sum(getattr(s.sentiment, tone) for s in samples) / total if total else float("nan")
        gendered = [s.gender for s in samples if s.gender is not None]
        gender_total = sum(g.total for g in gendered)
        for gender in GENDERS:
            count = sum(getattr(g, gender) for g in gendered)
            row[gender] = count / gender_total if gender_total else float("nan")
        rows.append(row)
    return pd.DataFrame(rows).set_index("case_id")


def source_mix_table(table: CaseTable) -> pd.DataFrame:
    """Per case: mentions, window, mass-media and social shares, and the largest breakdown parts.

    Returns
    -------
    pandas.DataFrame
        Indexed by case id: ``start, end, days, mentions, mass_media, social``
        and text columns ``media_types``, ``platforms``, ``regions`` listing the
        reported parts, largest first (``"Facebook 52.75 %, ..."``).
    """

    def describe(shares: object) -> str:
        items = getattr(shares, "items", ())
        return ", ".join(f"{key} {100 * value:.2f} %" for key, value in items) or "not reported"

    rows = []
    for record in table:
        mix = record.source_mix
        rows.append(
            {
                "case_id": record.case_id,
                "start": record.window.start,
                "end": record.window.end,
                "days": record.days,
                "mentions": record.mentions,
                "mass_media": mix.mass_media,
                "social": mix.social,
                "media_types": describe(mix.media_types),
                "platforms": describe(mix.platforms),
                "regions": describe(mix.regions),
            }
        )
    return pd.DataFrame(rows).set_index("case_id")


def publication_sentiment_table(table: CaseTable) -> pd.DataFrame:
    """Per case with coded publication sentiment: counts and shares of each tone."""
    rows = []
    for record in table:
        sentiment = record.publication_sentiment
        if sentiment is None:
            continue
        row: dict[str, object] = {"case_id": record.case_id, "publications": sentiment.total}
        shares = sentiment.shares()
        for tone in TONES:
            row[tone] = getattr(sentiment, tone)
            row[f"{tone}_share"] = shares[tone]
        rows.append(row)
    columns = ["case_id", "publications", *(c for t in TONES for c in (t, f"{t}_share"))]
    return pd.DataFrame(rows, columns=columns).set_index("case_id")


def consequences_table(table: CaseTable) -> pd.DataFrame:
    """The paper's Table 8 recomputed: case, number of publications, consequence.

    Returns
    -------
    pandas.DataFrame
        Indexed by case id: ``event`` (what happened), ``publications`` (the
        mentions in the event window) and ``outcome`` (ordered Categorical).
    """
    frame = pd.DataFrame(
        {
            "case_id": [r.case_id for r in table],
            "event": [r.event for r in table],
            "publications": [r.mentions for r in table],
            "outcome": pd.Categorical([r.outcome for r in table], dtype=table.scale.dtype),
        }
    )
    return frame.set_index("case_id")


def _percent(value: object, digits: int = 1) -> str:
    """``0.2945`` as ``"29.45 %"`` (with ``digits`` decimals); missing as ``"-"``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "-"
    return f"{100 * float(value):.{digits}f} %"  # type: ignore[arg-type]


def _count_and_share(count: object, share: object, digits: int = 1) -> str:
    return f"{int(count)} ({_percent(share, digits)})"  # type: ignore[call-overload]


def _source_mix_lines(table: CaseTable) -> list[str]:
    lines = ["Cases and source mix"]
    for case_id, row in source_mix_table(table).iterrows():
        window = f"{row['start']} to {row['end']} ({int(row['days'])} days)"
        shares = f"mass media {_percent(row['mass_media'], 2)}, social {_percent(row['social'], 2)}"
        lines.append(f"  {case_id}: {int(row['mentions'])} mentions, {window}; {shares}")
        lines.append(f"      media types: {row['media_types']}")
        lines.append(f"      platforms:   {row['platforms']}")
        lines.append(f"      regions:     {row['regions']}")
    return lines


def _publication_sentiment_lines(table: CaseTable) -> list[str]:
    sentiment = publication_sentiment_table(table)
    if sentiment.empty:
        return []
    lines = ["", "Publication sentiment (coded cases only)"]
    for case_id, row in sentiment.iterrows():
        tones = ", ".join(
            f"{tone} {_count_and_share(row[tone], row[f'{tone}_share'], 2)}"
            for tone in ("positive", "negative", "neutral")
        )
        lines.append(f"  {case_id}: {int(row['publications'])} publications; {tones}")
    return lines


def _comment_table_lines(record: CaseRecord) -> list[str]:
    columns = (*TONES, *GENDERS)
    lines = ["", f"Comments sampled for {record.case_id} (counts, share of the post's comments)"]
    lines.append(f"  {'post':<4} {'platform':<10} {'comments':>8}  " + "  ".join(f"{c:>16}" for c in columns))
    for number, row in comment_table(record).iterrows():
        cells = [
            f"{'-':>16}" if row[c] is pd.NA else f"{row[c]!s:>5} ({_percent(row[f'{c}_share']):>7})"
            for c in columns
        ]
        lines.append(
            f"  {number:<4} {row['platform']:<10} {row['comments']:>8}  "
            + "  ".join(f"{c:>16}" for c in cells)
        )
    return lines


def _pooled_comment_lines(table: CaseTable) -> list[str]:
    lines = ["", "Comments pooled over the sampled posts"]
    for case_id, row in comment_summary(table).iterrows():
        tones = ", ".join(f"{tone} {_percent(row[tone])}" for tone in TONES)
        genders = ", ".join(f"{gender} {_percent(row[gender])}" for gender in ("female", "male", "undefined"))
        volume = f"{int(row['comments'])} comments from {int(row['posts'])} posts"
        lines.append(f"  {case_id}: {volume}; {tones}; commentators {genders}")
    return lines


def paper_report(table: CaseTable) -> str:
    """A plain-text report of the cases: source mix, comment tables, pooled shares, Table 8."""
    lines = _source_mix_lines(table) + _publication_sentiment_lines(table)
    for record in table:
        if record.comment_samples:
            lines += _comment_table_lines(record)
    lines += _pooled_comment_lines(table)
    lines += ["", "Consequences for a political career (Table 8)"]
    for case_id, row in consequences_table(table).iterrows():
        lines.append(f"  {case_id}: {row['publications']} publications -> {row['outcome']}  ({row['event']})")
    return "\n".join(lines)
