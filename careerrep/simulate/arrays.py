"""The numpy core of data generation: a cohort's counts, signals and outcomes as arrays.

:func:`draw_counts` draws everything a record holds (window lengths, mention
counts, social mentions, tone counts, comments per post) from a scenario's
parts; :func:`signal_arrays` computes from those counts exactly the signals
:func:`careerrep.signals.signals` computes from the records; and
:func:`latent_propensity` / :func:`outcome_codes` turn the signals into
outcomes. :func:`careerrep.simulate.draw.draw` wraps them into validated
records.

The order in which random numbers are taken is fixed (it is the order of the
code below), so one generator state always gives one cohort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from careerrep.models.links import Link, get_link
from careerrep.simulate.components import (
    CommentModel,
    GroupEffect,
    MentionVolume,
    SentimentModel,
    SourceMixModel,
)


class GeneratingProcess(Protocol):
    """What drawing a cohort reads from a scenario (a :class:`~careerrep.simulate.scenario.Scenario`).

    A protocol rather than the class itself, so that this module and
    :mod:`careerrep.simulate.calibrate` (which the scenario uses) do not
    import the scenario module back: no import cycle.
    """

    @property
    def mentions(self) -> MentionVolume:
        """Mention volume and window lengths."""
        ...

    @property
    def source_mix(self) -> SourceMixModel:
        """Social vs mass-media shares."""
        ...

    @property
    def publication_sentiment(self) -> SentimentModel:
        """Tone of publications."""
        ...

    @property
    def comments(self) -> CommentModel:
        """Comment samples."""
        ...

    @property
    def groups(self) -> GroupEffect | None:
        """Country random intercepts, if any."""
        ...

    @property
    def link(self) -> str:
        """Link of the outcome model."""
        ...

    @property
    def true_effects(self) -> dict[str, float]:
        """``{signal: beta}``."""
        ...


@dataclass(frozen=True)
class CohortCounts:
    """Everything drawn for ``n`` cases, as arrays (one row per case).

    Attributes
    ----------
    days, mentions, social
        Window length [days], mentions and social-network mentions.
    window_offset
        Start of each window in days after 1 January 2019.
    coded
        Whether the case's publications were tone-coded.
    sentiment
        ``(n, 3)`` publication counts (negative, neutral, positive); rows of
        uncoded cases are zero and unused.
    comments
        ``(n, posts, 3)`` comment tone counts per sampled post.
    group
        Country index per case (all 0 without groups).
    group_intercepts
        The countries' random intercepts ``u_g`` (empty without groups).
    """

    days: np.ndarray
    window_offset: np.ndarray
    mentions: np.ndarray
    social: np.ndarray
    coded: np.ndarray
    sentiment: np.ndarray
    comments: np.ndarray
    group: np.ndarray
    group_intercepts: np.ndarray

    def __len__(self) -> int:
        return len(self.days)


def negative_binomial(
    rng: np.random.Generator, mean: np.ndarray | float, size: float, n: int | tuple[int, ...]
) -> np.ndarray:
    """Negative-binomial counts with the given mean and size (variance ``mu + mu^2 / size``)."""
    mean = np.broadcast_to(np.asarray(mean, dtype=np.float64), n)
    return rng.negative_binomial(size, size / (size + mean)).astype(np.int64)


def draw_counts(scenario: GeneratingProcess, n: int, rng: np.random.Generator) -> CohortCounts:
    """Draw the coverage of ``n`` cases from ``scenario``'s parts.

    Parameters
    ----------
    scenario
        The data-generating process.
    n
        Number of cases.
    rng
        The generator every random number comes from.

    Returns
    -------
    CohortCounts
    """
    volume = scenario.mentions
    log_days = rng.uniform(np.log(volume.min_days), np.log(volume.max_days + 1), size=n)
    days = np.clip(np.floor(np.exp(log_days)), volume.min_days, volume.max_days).astype(np.int64)
    window_offset = rng.integers(0, 365, size=n)
    # At least one mention: mentions - 1 is NB with mean (expected volume - 1).
    expected = np.maximum(volume.mean_per_day * days - 1.0, 1e-9)
    mentions = 1 + negative_binomial(rng, expected, volume.dispersion, n)

    mix = scenario.source_mix
    a = mix.mean_social * mix.concentration
    social_p = rng.beta(a, mix.concentration - a, size=n)
    social = rng.binomial(mentions, social_p).astype(np.int64)

    tone = scenario.publication_sentiment
    coded = rng.random(n) < tone.coded_probability
    tone_p = rng.dirichlet(np.asarray(tone.mean) * tone.concentration, size=n)
    sentiment = rng.multinomial(mentions, tone_p).astype(np.int64)
    sentiment[~coded] = 0

    model = scenario.comments
    posts = len(model.platforms)
    per_post = negative_binomial(rng, model.mean_comments, model.dispersion, (n, posts))
    comment_p = rng.dirichlet(np.asarray(model.mean) * model.concentration, size=n)
    comments = rng.multinomial(per_post, comment_p[:, None, :]).astype(np.int64).reshape(n, posts, 3)

    groups = scenario.groups
    if groups is None:
        group = np.zeros(n, dtype=np.int64)
        intercepts = np.zeros(0)
    else:
        group = rng.integers(0, groups.n_groups, size=n)
        intercepts = rng.normal(0.0, groups.sd, size=groups.n_groups)
    return CohortCounts(days, window_offset, mentions, social, coded, sentiment, comments, group, intercepts)


def _share(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan)


def signal_arrays(counts: CohortCounts) -> dict[str, np.ndarray]:
    """The simulated signal columns computed from the counts, as :func:`careerrep.signals.signals` does.

    Returns
    -------
    dict of numpy.ndarray
        One array per effect-capable signal column (NaN where the records say nothing).
    """
    mentions = counts.mentions.astype(np.float64)
    days = counts.days.astype(np.float64)
    social_share = counts.social / mentions
    mass_share = (counts.mentions - counts.social) / mentions
    with np.errstate(divide="ignore", invalid="ignore"):
        logratio = np.where((social_share > 0) & (mass_share > 0), np.log(social_share / mass_share), np.nan)
    coded_total = np.where(counts.coded, counts.sentiment.sum(axis=1), 0)
    tone = {
        name: np.where(counts.coded, _share(counts.sentiment[:, i], coded_total), np.nan)
        for i, name in enumerate(("negative", "neutral", "positive"))
    }
    pooled = counts.comments.sum(axis=1)
    total_comments = pooled.sum(axis=1)
    return {
        "mentions": mentions,
        "days": days,
        "mentions_per_day": mentions / days,
        "log_mentions_per_day": np.log(mentions / days),
        "social_share": social_share,
        "mass_media_share": mass_share,
        "logratio_social_mass": logratio,
        "sentiment_negative": tone["negative"],
        "sentiment_neutral": tone["neutral"],
        "sentiment_positive": tone["positive"],
        "net_sentiment": tone["positive"] - tone["negative"],
        "comments": total_comments.astype(np.float64),
        "comment_negative": pooled[:, 0].astype(np.float64),
        "comment_neutral": pooled[:, 1].astype(np.float64),
        "comment_positive": pooled[:, 2].astype(np.float64),
        "comment_negative_share": _share(pooled[:, 0], total_comments),
        "comment_neutral_share": _share(pooled[:, 1], total_comments),
        "comment_positive_share": _share(pooled[:, 2], total_comments),
    }


def latent_propensity(
    scenario: GeneratingProcess, counts: CohortCounts, signals: dict[str, np.ndarray]
) -> np.ndarray:
    """``eta = sum_j beta_j signal_j + u_country`` per case (NaN where a signal is missing)."""
    eta = np.zeros(len(counts))
    for name, beta in scenario.true_effects.items():
        eta = eta + beta * signals[name]
    if counts.group_intercepts.size:
        eta = eta + counts.group_intercepts[counts.group]
    return eta


def outcome_codes(
    eta: np.ndarray, cut_points: np.ndarray, link: str | Link, rng: np.random.Generator
) -> np.ndarray:
    """Outcome codes ``k`` with ``theta_{k-1} < eta + e <= theta_k`` (0 = lowest label).

    ``e`` has the link's distribution (standard logistic for ``"logit"``,
    standard normal for ``"probit"``, minimum Gumbel for ``"cloglog"``; see
    :meth:`careerrep.models.links.Link.noise`), so the outcome follows the
    cumulative link model ``P(Y <= k) = F(theta_k - eta)`` the estimators fit.
    A case with a missing signal (NaN ``eta``) gets code -1.
    """
    latent = eta + get_link(link).noise(rng, len(eta))
    codes = np.searchsorted(np.asarray(cut_points), latent, side="left").astype(np.int64)
    codes[np.isnan(latent)] = -1
    return codes
