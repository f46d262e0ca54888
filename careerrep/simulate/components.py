"""The distributions a simulated case is drawn from, one frozen part per record field.

A :class:`~careerrep.simulate.scenario.Scenario` is assembled from these
parts. Each part is a frozen value object validated on construction, and each
maps onto one field of :class:`~careerrep.records.CaseRecord`:

* :class:`MentionVolume` -> ``window`` and ``mentions`` (negative binomial
  counts over windows of varying length);
* :class:`SourceMixModel` -> ``source_mix`` (a Beta social share, then the
  social mentions counted out of the mentions);
* :class:`SentimentModel` -> ``publication_sentiment`` (Dirichlet tone shares,
  then multinomial counts of the mentions);
* :class:`CommentModel` -> ``comment_samples`` (posts with a negative-binomial
  number of comments, tones drawn as multinomial counts);
* :class:`GroupEffect` -> ``country`` and a random intercept on the latent scale.

Bad parameters raise :class:`ScenarioError` naming the part, the field and the value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from careerrep.errors import ScenarioError as ScenarioError  # its home is errors.py

TONES = ("negative", "neutral", "positive")


def _number(part: str, name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(f"{part}.{name} = {value!r} is not a finite number")
    return float(value)


def positive(part: str, name: str, value: object) -> float:
    """``value`` as a float, or ScenarioError unless it is finite and > 0."""
    number = _number(part, name, value)
    if number <= 0:
        raise ScenarioError(f"{part}.{name} = {value!r} must be positive")
    return number


def open_share(part: str, name: str, value: object) -> float:
    """``value`` as a float, or ScenarioError unless it lies strictly inside (0, 1)."""
    number = _number(part, name, value)
    if not 0.0 < number < 1.0:
        raise ScenarioError(f"{part}.{name} = {value!r} is not a share strictly between 0 and 1")
    return number


def whole(part: str, name: str, value: object, minimum: int) -> int:
    """``value`` as an int, or ScenarioError unless it is an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ScenarioError(f"{part}.{name} = {value!r} is not an integer >= {minimum}")
    return value


def tone_shares(part: str, name: str, value: object) -> tuple[float, float, float]:
    """Three positive shares (negative, neutral, positive) summing to one."""
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise ScenarioError(f"{part}.{name} = {value!r} is not three shares (negative, neutral, positive)")
    shares = tuple(open_share(part, f"{name}[{i}]", v) for i, v in enumerate(value))
    if abs(sum(shares) - 1.0) > 1e-6:
        raise ScenarioError(f"{part}.{name} = {value!r} sums to {sum(shares):.6g}, not 1")
    return shares  # type: ignore[return-value]


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class MentionVolume:
    """How many mentions a case gets, over an event window of how many days.

    The window length is log-uniform between ``min_days`` and ``max_days``
    (short scandals and months-long coverage are both common). Given the
    window, ``mentions - 1`` is negative binomial with mean
    ``mean_per_day * days - 1`` and size ``dispersion`` (variance
    ``mu + mu^2 / dispersion``), so every case has at least one mention: a
    case nobody wrote about is not in a media-reputation study.

    Attributes
    ----------
    mean_per_day
        Expected mentions per day of window [mentions/day], > 0.
    dispersion
        Negative-binomial size; smaller is more overdispersed, > 0.
    min_days, max_days
        Window length range [days], 1 <= min_days <= max_days.
    """

    mean_per_day: float = 20.0
    dispersion: float = 1.5
    min_days: int = 7
    max_days: int = 180

    def __post_init__(self) -> None:
        _set(self, "mean_per_day", positive("mentions", "mean_per_day", self.mean_per_day))
        _set(self, "dispersion", positive("mentions", "dispersion", self.dispersion))
        whole("mentions", "min_days", self.min_days, 1)
        whole("mentions", "max_days", self.max_days, self.min_days)


@dataclass(frozen=True)
class SourceMixModel:
    """The social-network share of a case's mentions.

    Each case's underlying social share is Beta with mean ``mean_social`` and
    concentration ``concentration`` (``a + b``); its social mentions are then
    binomial out of the case's mentions, so the recorded share is a count
    ratio, as a monitoring system reports it. Mass media get the rest.

    Attributes
    ----------
    mean_social
        Mean social share, in (0, 1).
    concentration
        Beta ``a + b`` (> 0); the share's SD is ``sqrt(m (1 - m) / (c + 1))``.
    """

    mean_social: float = 0.55
    concentration: float = 20.0

    def __post_init__(self) -> None:
        _set(self, "mean_social", open_share("source_mix", "mean_social", self.mean_social))
        _set(self, "concentration", positive("source_mix", "concentration", self.concentration))


@dataclass(frozen=True)
class SentimentModel:
    """Publication tone: Dirichlet shares per case, multinomial counts of the mentions.

    Attributes
    ----------
    mean
        Mean shares of (negative, neutral, positive) publications, summing to 1.
    concentration
        Dirichlet concentration (> 0): higher means cases differ less.
    coded_probability
        Probability that a case's publications were tone-coded at all, in
        (0, 1]; an uncoded case has no ``publication_sentiment`` and NaN
        sentiment signals (the paper coded one case of three).
    """

    mean: tuple[float, float, float] = (0.357, 0.074, 0.569)
    concentration: float = 10.0
    coded_probability: float = 1.0

    def __post_init__(self) -> None:
        _set(self, "mean", tone_shares("publication_sentiment", "mean", self.mean))
        _set(self, "concentration", positive("publication_sentiment", "concentration", self.concentration))
        probability = _number("publication_sentiment", "coded_probability", self.coded_probability)
        if not 0.0 < probability <= 1.0:
            raise ScenarioError(
                f"publication_sentiment.coded_probability = {self.coded_probability!r} is not in (0, 1]"
            )
        _set(self, "coded_probability", probability)


@dataclass(frozen=True)
class CommentModel:
    """Coded comments under sampled posts.

    Each case gets one post per entry of ``platforms``. A post's comment count
    is negative binomial (mean ``mean_comments``, size ``dispersion``); the
    case's comment tone shares are Dirichlet (mean ``mean``, concentration
    ``concentration``) and each post's comments are multinomial counts of
    those shares, so a post with few comments gives a noisy share.

    Attributes
    ----------
    platforms
        Platform names of the sampled posts (may be empty: no comment samples).
    mean_comments
        Expected comments per post, > 0.
    dispersion
        Negative-binomial size of the comment count, > 0.
    mean
        Mean comment shares (negative, neutral, positive), summing to 1.
    concentration
        Dirichlet concentration of a case's comment tone, > 0.
    """

    platforms: tuple[str, ...] = ("Facebook", "Instagram", "VKontakte")
    mean_comments: float = 89.0
    dispersion: float = 4.0
    mean: tuple[float, float, float] = (0.414, 0.356, 0.230)
    concentration: float = 5.0

    def __post_init__(self) -> None:
        platforms = self.platforms
        if isinstance(platforms, str) or not isinstance(platforms, tuple | list):
            raise ScenarioError(f"comments.platforms = {platforms!r} is not a sequence of names")
        for i, name in enumerate(platforms):
            if not isinstance(name, str) or not name.strip():
                raise ScenarioError(f"comments.platforms[{i}] = {name!r} is not a non-empty string")
        _set(self, "platforms", tuple(platforms))
        _set(self, "mean_comments", positive("comments", "mean_comments", self.mean_comments))
        _set(self, "dispersion", positive("comments", "dispersion", self.dispersion))
        _set(self, "mean", tone_shares("comments", "mean", self.mean))
        _set(self, "concentration", positive("comments", "concentration", self.concentration))


@dataclass(frozen=True)
class GroupEffect:
    """Countries as groups with a normal random intercept on the latent propensity.

    Cases are spread over ``n_groups`` countries uniformly at random; country
    ``g`` shifts every one of its cases' latent propensity by ``u_g ~ N(0, sd^2)``.
    The ``"mle"`` and ``"bayes"`` estimators then fit ``(1|country)`` (a mixed
    model by maximum likelihood, or by MCMC) and report the SD; ``"logit"`` and
    ``"firth"`` fit the fixed effects only, whose estimates are then
    population-averaged and attenuated towards zero.

    Attributes
    ----------
    n_groups
        Number of countries, >= 2.
    sd
        Standard deviation of the country intercepts on the latent scale, >= 0.
    """

    n_groups: int = 5
    sd: float = 0.5

    def __post_init__(self) -> None:
        whole("groups", "n_groups", self.n_groups, 2)
        sd = _number("groups", "sd", self.sd)
        if sd < 0:
            raise ScenarioError(f"groups.sd = {self.sd!r} is negative")
        _set(self, "sd", sd)
