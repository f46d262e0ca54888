"""Text tools: corpora, term tables, associations, Ward clusters, lexicon shares, channels.

The workflow of the field's text-mining studies (Kalkamanova: clean and stem
posts, count terms and n-grams with their support, correlate terms, cluster
posts with Ward's method, compare channels) in one package::

    from careerrep.text import load_demo_corpus, document_term_matrix, find_assocs

    corpus = load_demo_corpus()
    dtm = document_term_matrix(corpus)
    dtm.term_table(top=5)
    find_assocs(dtm, "budget", min_corr=0.3)
"""

from careerrep.plots.dendrogram import plot_dendrogram  # the figure lives with the others
from careerrep.text.associations import column_correlations, find_assocs
from careerrep.text.build import document_term_matrix, term_table
from careerrep.text.channels import Channel, ChannelTable
from careerrep.text.cleaning import CleaningOptions, clean_text, tokenize
from careerrep.text.clustering import ClusterResult, ward_clusters
from careerrep.text.corpus import Corpus
from careerrep.text.demo import demo_corpus_frame, load_demo_corpus
from careerrep.text.dtm import DocumentTermMatrix
from careerrep.text.lexicons import lexicon_shares, matching_texts, shares_wide
from careerrep.text.weighting import inverse_document_frequency, term_frequency, tfidf

__all__ = [
    "Channel",
    "ChannelTable",
    "CleaningOptions",
    "ClusterResult",
    "Corpus",
    "DocumentTermMatrix",
    "clean_text",
    "column_correlations",
    "demo_corpus_frame",
    "document_term_matrix",
    "find_assocs",
    "inverse_document_frequency",
    "lexicon_shares",
    "load_demo_corpus",
    "matching_texts",
    "plot_dendrogram",
    "shares_wide",
    "term_frequency",
    "term_table",
    "tfidf",
    "tokenize",
    "ward_clusters",
]
