"""The bundled stop lists are R tm 0.7-11's (sizes and spot checks from `tm::stopwords`)."""

from __future__ import annotations

from careerrep.text.stopwords import ENGLISH, RUSSIAN


def test_sizes_match_tm() -> None:
    # length(stopwords("english")) == 174, length(stopwords("russian")) == 159 in tm 0.7-11.
    assert len(ENGLISH) == 174
    assert len(RUSSIAN) == 159


def test_spot_checks() -> None:
    assert {"the", "and", "i'm", "very"} <= ENGLISH
    assert {"и", "в", "не", "между"} <= RUSSIAN
    assert "will" not in ENGLISH  # the study's third most frequent term
