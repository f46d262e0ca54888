"""The bundled demo corpus: 85 short synthetic posts for the docs and examples.

``data/demo_corpus.csv`` was written by hand for careerrep's documentation; no
post is scraped or quoted from a real account. Posts are in English, Russian
and (two) Kazakh, dated 2019, on six platforms. Most belong to one of three
cases modelled loosely on Bokayev et al.'s Kazakhstan cases -- ``B-2019`` (an
official's video from a luxury trip abroad, dismissed), ``K-2019`` (a
plagiarised dissertation, resigned), ``G-2019`` (a regional mayor promoted to
the capital) -- and the rest (no case id) talk about budgets, corruption and
protests in general. Columns: ``post_id, date, platform, case_id, language,
text``.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from careerrep.text.corpus import Corpus

DEMO_CORPUS_FILE = "demo_corpus.csv"


def demo_corpus_frame() -> pd.DataFrame:
    """The demo corpus as a DataFrame (all columns as strings, missing case id as "")."""
    source = resources.files("careerrep.text").joinpath("data", DEMO_CORPUS_FILE)
    with source.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def load_demo_corpus() -> Corpus:
    """The demo corpus as a :class:`Corpus` (posts without a case have ``case_id`` None)."""
    return Corpus.from_frame(demo_corpus_frame())
