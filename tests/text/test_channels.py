"""Channel statistics on Kalkamanova's Table 1 (LiveDune figures, January 2020)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from careerrep.errors import IngestError
from careerrep.text import Channel, ChannelTable

# Table 1 of the study (seed 003): YouTube subscribers and views, Instagram
# subscribers and posts, Facebook followers. The DCK leader's Facebook is private.
TABLE_1 = pd.DataFrame(
    {
        "name": ["Nur Otan", "Ak Orda", "Ablyazov (DCK)", "16/12"] * 3,
        "platform": ["youtube"] * 4 + ["instagram"] * 4 + ["facebook"] * 4,
        "subscribers": [
            *(2_200, 4_380, 276_000, 539_000),
            *(169_000, 345_000, 228_000, 114_000),
            *(16_478, 42_676, math.nan, 1_020),
        ],
        "views": [590_965, 1_182_747, 77_372_662, 151_995_617] + [math.nan] * 8,
        "posts": [math.nan] * 4 + [3_441, 1_361, 3_914, 2_841] + [math.nan] * 4,
        "date": pd.Timestamp("2020-01-31"),
    }
)


def test_sixty_three_times_the_press_office() -> None:
    # The study: "Ablyazov has ... 63 times more subscribers than the president press office".
    relative = ChannelTable.from_frame(TABLE_1).relative_to("Ak Orda").set_index(["name", "platform"])
    ratio = relative.loc[("Ablyazov (DCK)", "youtube"), "subscribers_ratio"]
    assert ratio == pytest.approx(276_000 / 4_380)
    assert round(ratio) == 63
    # Missing stays missing: the private Facebook account has no ratio.
    assert math.isnan(relative.loc[("Ablyazov (DCK)", "facebook"), "subscribers_ratio"])
    assert relative.loc[("Ak Orda", "instagram"), "posts_ratio"] == 1.0


def test_per_channel_ratios() -> None:
    ratios = ChannelTable.from_frame(TABLE_1).ratios().set_index(["name", "platform"])
    assert ratios.loc[("16/12", "youtube"), "views_per_subscriber"] == pytest.approx(151_995_617 / 539_000)
    assert ratios.loc[("Ak Orda", "instagram"), "subscribers_per_post"] == pytest.approx(345_000 / 1_361)
    assert np.isnan(ratios.loc[("Nur Otan", "youtube"), "views_per_post"])


def test_zero_divisor_gives_nan_not_inf() -> None:
    table = ChannelTable((Channel("new", "youtube", subscribers=0, views=10, posts=0),))
    ratios = table.ratios()
    assert ratios[["views_per_post", "views_per_subscriber"]].isna().all(axis=None)


def test_validation_names_the_channel() -> None:
    with pytest.raises(IngestError, match=r"channel 'x': views = -1"):
        Channel("x", "youtube", views=-1)
    with pytest.raises(IngestError, match=r"channel 'x': posts = 2.5"):
        Channel("x", "youtube", posts=2.5)
    with pytest.raises(IngestError, match="appears twice"):
        ChannelTable((Channel("x", "youtube"), Channel("x", "youtube")))
    with pytest.raises(ValueError, match="'Khabar' is not in the table"):
        ChannelTable.from_frame(TABLE_1).relative_to("Khabar")
