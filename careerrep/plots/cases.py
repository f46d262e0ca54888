"""Case descriptives as figures, like the paper's Figures 1-2 and Tables 4, 6 and 7.

* :func:`source_mix_figure`: per case, the mass-media vs social-network share
  of mentions (Figure 1), and the platform breakdown where the records give it;
* :func:`sentiment_figure`: per case, the tone of publications (Figure 2);
  cases without coded publication sentiment are labelled, not drawn as zero;
* :func:`comments_figure`: per case, the tone of sampled comments and the
  commentators' gender, pooled over posts (Tables 4, 6, 7).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from careerrep.descriptives import comment_summary, publication_sentiment_table, source_mix_table
from careerrep.errors import ArgumentError
from careerrep.plots._figure import colour, new_figure

TONE_COLOURS = {"negative": "#D55E00", "neutral": "#999999", "positive": "#009E73"}


def _stacked_bars(axes: Any, frame: pd.DataFrame, colours: list[str]) -> None:
    """Horizontal 100 % bars, one per row of ``frame`` (columns = parts, shares in [0, 1])."""
    left = np.zeros(len(frame))
    y = np.arange(len(frame))
    for column, shade in zip(frame.columns, colours, strict=True):
        values = frame[column].to_numpy(dtype=float)
        axes.barh(y, values, left=left, color=shade, label=str(column))
        for yi, (start, width) in enumerate(zip(left, values, strict=True)):
            if width >= 0.06:
                axes.text(
                    start + width / 2,
                    yi,
                    f"{100 * width:.1f}%",
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="white",
                )
        left = left + values
    axes.set_yticks(y, [str(i) for i in frame.index])
    axes.invert_yaxis()
    axes.set_xlim(0, 1)


def source_mix_figure(table: Any) -> Figure:
    """Mass media vs social networks per case, with the platform breakdown (Figure 1)."""
    mix = source_mix_table(table)
    if mix.empty:
        raise ArgumentError("the table has no cases")
    platforms = {r.case_id: dict(getattr(r.source_mix.platforms, "items", ()) or ()) for r in table}
    has_platforms = any(platforms.values())
    figure = new_figure(7.0, 1.6 + 0.5 * len(mix) * (2 if has_platforms else 1))
    panels = figure.subplots(2 if has_platforms else 1, 1, squeeze=False)[:, 0]
    shares = mix[["mass_media", "social"]].rename(
        columns={"mass_media": "mass media", "social": "social networks"}
    )
    _stacked_bars(panels[0], shares, [colour(0), colour(1)])
    panels[0].set_title("Share of mentions by source type", fontsize="small")
    panels[0].legend(
        fontsize="x-small", frameon=False, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.12)
    )
    if has_platforms:
        frame = pd.DataFrame(platforms).T.fillna(0.0)
        frame = frame[frame.sum().sort_values(ascending=False).index]
        # Platform shares are shares of the social-network mentions; the rest is unreported.
        frame["other / not reported"] = np.clip(1.0 - frame.sum(axis=1), 0.0, None)
        _stacked_bars(panels[1], frame.loc[mix.index], [colour(i) for i in range(frame.shape[1])])
        panels[1].set_title("Social-network mentions by platform", fontsize="small")
        panels[1].legend(
            fontsize="x-small", frameon=False, ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.15)
        )
    return figure


def sentiment_figure(table: Any) -> Figure:
    """Tone of publications per case (Figure 2); uncoded cases are marked as such."""
    cases = [r.case_id for r in table]
    if not cases:
        raise ArgumentError("the table has no cases")
    coded = publication_sentiment_table(table)
    shares = pd.DataFrame(
        {tone: coded.get(f"{tone}_share", pd.Series(dtype=float)) for tone in TONE_COLOURS}
    ).reindex(cases)
    figure = new_figure(7.0, 1.4 + 0.5 * len(cases))
    axes = figure.add_subplot()
    _stacked_bars(axes, shares.fillna(0.0), list(TONE_COLOURS.values()))
    for y, case in enumerate(cases):
        if shares.loc[case].isna().all():
            axes.text(
                0.5,
                y,
                "publication sentiment not coded",
                ha="center",
                va="center",
                fontsize="small",
                color="0.3",
            )
    axes.set_title("Tone of publications (share of coded publications)", fontsize="small")
    axes.legend(fontsize="x-small", frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    return figure


def comments_figure(table: Any) -> Figure:
    """Tone of comments and commentators' gender per case, pooled over sampled posts."""
    summary = comment_summary(table)
    if summary.empty:
        raise ArgumentError("the table has no cases")
    figure = new_figure(7.0, 2.0 + 0.9 * len(summary))
    tone_axes, gender_axes = figure.subplots(2, 1)
    _stacked_bars(tone_axes, summary[list(TONE_COLOURS)].fillna(0.0), list(TONE_COLOURS.values()))
    labels = [f"{case} ({int(n)} comments)" for case, n in summary["comments"].items()]
    tone_axes.set_yticks(range(len(summary)), labels)
    tone_axes.set_title("Tone of sampled comments", fontsize="small")
    tone_axes.legend(
        fontsize="x-small", frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12)
    )
    _stacked_bars(
        gender_axes, summary[["male", "female", "undefined"]].fillna(0.0), [colour(0), colour(3), "#BBBBBB"]
    )
    gender_axes.set_title("Commentators by gender", fontsize="small")
    gender_axes.legend(
        fontsize="x-small", frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.12)
    )
    return figure
