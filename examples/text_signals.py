"""From raw posts to the text tables of a media-reputation study, and on to a model.

Walks through ``careerrep.text`` on the bundled demo corpus (85 synthetic posts
about three cases, B-2019, K-2019 and G-2019), producing the kinds of tables in
Kalkamanova's study of Kazakh opposition media:

1. most frequent terms with count and support (her Table 3);
2. most frequent two-word terms (her Table 4);
3. the terms most correlated with "budget" (her "nazarbayev ~ billion, r = 0.31");
4. Ward clusters of the posts with sizes and top words (her Table 5), and the
   dendrogram written to a PNG file;
5. channel ratios from her Table 1 (LiveDune figures, January 2020);
6. per-case shares of posts using protest and resignation vocabulary;
7. those shares as a predictor of career outcomes in an ordinal model, fitted
   on a simulated cohort of 120 cases whose posts run through the same pipeline.

Run:  python examples/text_signals.py [OUTPUT_DIR]
The dendrogram goes to OUTPUT_DIR, else $CAREERREP_OUTPUT, else a new temporary
directory; the script prints where.
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from careerrep.models import OrdinalModel
from careerrep.text import (
    ChannelTable,
    CleaningOptions,
    Corpus,
    document_term_matrix,
    find_assocs,
    lexicon_shares,
    load_demo_corpus,
    shares_wide,
    ward_clusters,
)

LEXICONS = {
    "protest": ["protest", "rally", "strike", "picket", "митинг", "протест", "забастовка"],
    "resignation": ["resign", "resignation", "dismissed", "отставка", "уволили"],
}
SCALE = ["fired", "resigned", "retained", "promoted"]


def output_dir() -> Path:
    """Where figures go: argv[1], else $CAREERREP_OUTPUT, else a fresh temporary directory."""
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    elif os.environ.get("CAREERREP_OUTPUT"):
        path = Path(os.environ["CAREERREP_OUTPUT"])
    else:
        path = Path(tempfile.mkdtemp(prefix="careerrep-text-"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def study_table_1() -> ChannelTable:
    """Kalkamanova's Table 1 (January 2020). The DCK leader's Facebook is private: missing."""
    return ChannelTable.from_frame(
        pd.DataFrame(
            {
                "name": ["Nur Otan", "Ak Orda", "Ablyazov (DCK)", "16/12"] * 2,
                "platform": ["youtube"] * 4 + ["instagram"] * 4,
                "subscribers": [2_200, 4_380, 276_000, 539_000, 169_000, 345_000, 228_000, 114_000],
                "views": [590_965, 1_182_747, 77_372_662, 151_995_617, *[math.nan] * 4],
                "posts": [*[math.nan] * 4, 3_441, 1_361, 3_914, 2_841],
                "date": pd.Timestamp("2020-01-31"),
            }
        )
    )


PROTEST_POSTS = [
    "Activists call for a peaceful rally outside the akimat.",
    "Workers strike again: the official must answer.",
    "Митинг у здания министерства, люди требуют ответа.",
    "Another protest against the decision of the official.",
]
OTHER_POSTS = [
    "The official opened a new school in the district.",
    "Budget hearings continue in the regional council.",
    "Чиновник встретился с жителями города.",
    "Road repairs were finished ahead of schedule.",
    "The ministry published its annual report.",
]


def simulate_cohort(n_cases: int, posts_per_case: int, seed: int) -> tuple[Corpus, pd.DataFrame]:
    """Cases whose protest pressure both fills their posts and lowers their outcome.

    Each case has a protest rate in (0, 1); each of its posts is a protest post
    with that probability. The outcome is a cumulative-logit draw with a true
    effect of -4 per unit of rate (higher pressure, worse career).
    """
    rng = np.random.default_rng(seed)
    rates = rng.uniform(0.0, 0.8, size=n_cases)
    ids, texts, case_ids = [], [], []
    for case, rate in enumerate(rates):
        for post in range(posts_per_case):
            pool = PROTEST_POSTS if rng.random() < rate else OTHER_POSTS
            ids.append(f"c{case:03d}-{post:02d}")
            texts.append(pool[rng.integers(len(pool))])
            case_ids.append(f"C{case:03d}")
    latent = -4.0 * rates + rng.logistic(size=n_cases)
    codes = np.digitize(latent, [-3.0, -1.6, 0.0])
    outcomes = pd.DataFrame(
        {
            "case_id": [f"C{case:03d}" for case in range(n_cases)],
            "outcome": pd.Categorical.from_codes(codes, categories=SCALE, ordered=True),
        }
    )
    return Corpus(ids=tuple(ids), texts=tuple(texts), case_ids=tuple(case_ids)), outcomes


def main() -> None:
    out = output_dir()
    corpus = load_demo_corpus()
    options = CleaningOptions()  # English + Russian stop words, Snowball stemming
    print(f"Demo corpus: {len(corpus)} posts, cases {sorted({c for c in corpus.case_ids if c})}\n")

    dtm = document_term_matrix(corpus, ngram=1, options=options)
    print("Most frequent terms (count = occurrences, support = posts containing the term):")
    print(dtm.term_table(top=10).to_string(index=False), "\n")

    bigrams = document_term_matrix(corpus, ngram=2, options=options)
    print("Most frequent two-word terms:")
    print(bigrams.term_table(top=6).to_string(index=False), "\n")

    print("Terms correlated with 'budget' across posts (r >= 0.3):")
    print(find_assocs(dtm, "budget", min_corr=0.3).round(2).to_string(), "\n")

    clusters = ward_clusters(dtm.select_terms(min_support=2), k=6, top_n=6)
    print("Ward clusters of the posts (tf-idf, terms in >= 2 posts):")
    print(clusters.summary.to_string(index=False))
    figure = clusters.dendrogram(title="Demo corpus: Ward clusters")
    png = out / "text_dendrogram.png"
    figure.savefig(png, dpi=100)
    print(f"Dendrogram written to {png}\n")

    channels = study_table_1()
    ratios = channels.relative_to("Ak Orda", metrics=["subscribers"])
    print("Subscribers relative to the president's press office (Ak Orda), Table 1:")
    print(ratios.round(1).to_string(index=False), "\n")

    shares = lexicon_shares(corpus, LEXICONS, options)
    print("Share of posts per case using each vocabulary:")
    print(shares.round(3).to_string(index=False), "\n")

    cohort_posts, outcomes = simulate_cohort(n_cases=120, posts_per_case=25, seed=2019)
    signals = shares_wide(lexicon_shares(cohort_posts, {"protest": LEXICONS["protest"]}, options))
    cases = outcomes.merge(signals, left_on="case_id", right_index=True, validate="one_to_one")
    result = OrdinalModel("outcome ~ protest_share", cases, link="logit").fit()
    print("Simulated cohort (120 cases x 25 posts), true effect of protest share = -4:")
    print(result.summary())


if __name__ == "__main__":
    main()
