"""Cleaning: raw text -> tokens -> terms.

The pipeline follows the usual R ``tm`` workflow of the field (Kalkamanova's
study: "text data was cleaned and stemmed"):

1. lower-case the text and drop apostrophes (``"don't"`` -> ``"dont"``, as
   ``tm::removePunctuation`` does);
2. split into tokens on everything that is not a letter (punctuation never
   forms a term), and on digits too unless ``remove_numbers=False``;
3. drop stop words (English and Russian lists bundled; any other list, such
   as Kazakh, supplied by the user) and tokens shorter than ``min_length``;
4. stem with Snowball, choosing the stemmer by the token's alphabet (Latin ->
   English, Cyrillic -> Russian by default). Cyrillic tokens with letters that
   only Kazakh uses (ә, ғ, қ, ң, ө, ұ, ү, һ, і) are left unstemmed: there is no
   maintained Kazakh stemmer, and the Russian one would mangle them.

Steps 3-4 run once per *distinct* token (:func:`terms_for_tokens`), not once
per occurrence: a corpus of 5 million tokens has only tens of thousands of
distinct ones, and Snowball is slow per call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import MappingProxyType

import snowballstemmer

from careerrep.errors import ArgumentError
from careerrep.text.stopwords import BUILTIN_STOPWORDS

# Letters only (\w minus digits and underscore), or letters and digits.
_LETTERS = re.compile(r"[^\W\d_]+")
_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")
# Apostrophes join the two halves of a word rather than splitting it.
_DROP_APOSTROPHES = str.maketrans("", "", "'’ʼ`")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH_ONLY_LETTERS = re.compile(r"[әғқңөұүһі]")
_SCRIPTS = ("latin", "cyrillic")


def _default_stemmers() -> Mapping[str, str]:
    return MappingProxyType({"latin": "english", "cyrillic": "russian"})


@dataclass(frozen=True)
class CleaningOptions:
    """How texts become terms.

    Parameters
    ----------
    stopword_languages
        Bundled stop-word lists to remove (``"english"``, ``"russian"``; the
        lists of R ``tm``).
    extra_stopwords
        More words to remove, e.g. a Kazakh list. They are normalised like the
        texts (lower-cased, apostrophes dropped) before matching.
    remove_numbers
        Drop digits (``"2019"`` is not a term). When false, letters and digits
        together form tokens.
    min_length
        Shortest token kept, in characters, checked before stemming. R ``tm``'s
        ``DocumentTermMatrix`` uses 3 by default; careerrep keeps every token (1).
    stem
        Stem tokens with Snowball.
    stemmers
        Which Snowball language stems which alphabet: ``{"latin": "english",
        "cyrillic": "russian"}`` by default. Any language in
        ``snowballstemmer.algorithms()`` may be named.
    """

    stopword_languages: tuple[str, ...] = ("english", "russian")
    extra_stopwords: frozenset[str] = frozenset()
    remove_numbers: bool = True
    min_length: int = 1
    stem: bool = True
    stemmers: Mapping[str, str] = field(default_factory=_default_stemmers)

    def __post_init__(self) -> None:
        languages = tuple(self.stopword_languages)
        for language in languages:
            if language not in BUILTIN_STOPWORDS:
                raise ArgumentError(
                    f"stopword_languages: no bundled list for {language!r} "
                    f"(bundled: {sorted(BUILTIN_STOPWORDS)}); pass it as extra_stopwords"
                )
        if isinstance(self.min_length, bool) or not isinstance(self.min_length, int):
            raise ArgumentError(f"min_length = {self.min_length!r} is not an integer")
        if self.min_length < 1:
            raise ArgumentError(f"min_length = {self.min_length} must be at least 1")
        available = set(snowballstemmer.algorithms())
        for script, language in self.stemmers.items():
            if script not in _SCRIPTS:
                raise ArgumentError(f"stemmers: script {script!r} is not one of {_SCRIPTS}")
            if language not in available:
                raise ArgumentError(
                    f"stemmers[{script!r}] = {language!r}: no Snowball stemmer for it "
                    f"(available: {sorted(available)})"
                )
        object.__setattr__(self, "stopword_languages", languages)
        object.__setattr__(self, "stemmers", MappingProxyType(dict(self.stemmers)))
        extra = frozenset(w for word in self.extra_stopwords for w in self._normalise(word))
        object.__setattr__(self, "extra_stopwords", extra)

    @property
    def token_pattern(self) -> re.Pattern[str]:
        """The regular expression that finds tokens in lower-cased text."""
        return _LETTERS if self.remove_numbers else _LETTERS_AND_DIGITS

    def _normalise(self, text: str) -> list[str]:
        return self.token_pattern.findall(text.lower().translate(_DROP_APOSTROPHES))

    @cached_property  # built once per options object; cleaning asks for it per call
    def stopwords(self) -> frozenset[str]:
        """Every word removed: the bundled lists, normalised, plus ``extra_stopwords``."""
        bundled = (
            _normalised_stopwords(language, self.remove_numbers) for language in self.stopword_languages
        )
        return frozenset().union(*bundled) | self.extra_stopwords


@cache
def _normalised_stopwords(language: str, remove_numbers: bool) -> frozenset[str]:
    """A bundled stop list normalised like the texts ("don't" -> "dont"), computed once."""
    pattern = _LETTERS if remove_numbers else _LETTERS_AND_DIGITS
    return frozenset(
        w for word in BUILTIN_STOPWORDS[language] for w in pattern.findall(word.translate(_DROP_APOSTROPHES))
    )


def tokenize(text: str, options: CleaningOptions) -> list[str]:
    """Lower-cased tokens of one text, before stop words and stemming."""
    return options._normalise(text)


def tokenize_all(texts: Iterable[str], options: CleaningOptions) -> list[list[str]]:
    """:func:`tokenize` for many texts (one list of tokens per text)."""
    findall = options.token_pattern.findall
    return [findall(text.lower().translate(_DROP_APOSTROPHES)) for text in texts]


def _stemmer_language(token: str, stemmers: Mapping[str, str]) -> str | None:
    """Which Snowball language stems this token (``None``: leave it as it is)."""
    if _CYRILLIC.search(token):
        if _KAZAKH_ONLY_LETTERS.search(token):
            return None
        return stemmers.get("cyrillic")
    return stemmers.get("latin")


def terms_for_tokens(tokens: Sequence[str], options: CleaningOptions) -> list[str | None]:
    """The term of each distinct token, or ``None`` when the token is dropped.

    Parameters
    ----------
    tokens
        Distinct lower-cased tokens (output of :func:`tokenize`).
    options
        Stop words, minimum length and stemming.

    Returns
    -------
    list
        Same length as ``tokens``: the stemmed term, or ``None`` for a stop
        word or a too-short token.
    """
    stopwords = options.stopwords
    terms: list[str | None] = [
        None if len(token) < options.min_length or token in stopwords else token for token in tokens
    ]
    if not options.stem:
        return terms
    # Group by stemmer so each Snowball stemmer is called once, on a list.
    by_language: dict[str, list[int]] = {}
    for position, term in enumerate(terms):
        if term is not None:
            language = _stemmer_language(term, options.stemmers)
            if language is not None:
                by_language.setdefault(language, []).append(position)
    for language, positions in by_language.items():
        stemmer = snowballstemmer.stemmer(language)
        stems = stemmer.stemWords([tokens[p] for p in positions])
        for position, stem in zip(positions, stems, strict=True):
            terms[position] = stem
    return terms


def clean_text(text: str, options: CleaningOptions | None = None) -> list[str]:
    """The terms of one text, in order: tokenised, stop words removed, stemmed.

    Examples
    --------
    >>> clean_text("The Ministers resigned after 3 protests!")
    ['minist', 'resign', 'protest']
    """
    options = options or CleaningOptions()
    tokens = tokenize(text, options)
    distinct = list(dict.fromkeys(tokens))
    term_of = dict(zip(distinct, terms_for_tokens(distinct, options), strict=True))
    return [term for token in tokens if (term := term_of[token]) is not None]
