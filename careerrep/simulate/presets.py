"""Ready-made scenarios, calibrated on the magnitudes of the paper's three cases.

* :func:`kazakhstan_scenario`: the four-outcome career scale (estimators ``"mle"``, ``"bayes"``);
* :func:`kazakhstan_binary_scenario`: left office (fired or resigned) or stayed
  (estimators ``"logit"``, ``"firth"`` as well);
* :func:`kazakhstan_countries_scenario`: the four-outcome scale with cases spread
  over countries that shift the career propensity (a random intercept; ``"mle"``
  fits the mixed model and reports the country SD).

:data:`PRESETS` maps the command-line names to these functions; each takes
``effects=`` to replace the assumed effects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from careerrep.scale import CAREER_SCALE, OutcomeScale
from careerrep.simulate.components import (
    CommentModel,
    GroupEffect,
    MentionVolume,
    SentimentModel,
    SourceMixModel,
)
from careerrep.simulate.scenario import Scenario

# Plausible effects (an assumption, see the docstring): per unit of each signal, on the latent scale.
KAZAKHSTAN_EFFECTS: dict[str, float] = {
    "log_mentions_per_day": -0.5,
    "social_share": 1.0,
    "comment_negative_share": -3.0,
    "net_sentiment": 1.5,
}

# Assumed outcome mix of such cases: fired, resigned, retained, promoted.
KAZAKHSTAN_OUTCOME_SHARES = (0.2, 0.2, 0.4, 0.2)

#: The binary preset's scale, low to high: left office (fired or resigned) or stayed (retained or promoted).
EXIT_SCALE = OutcomeScale(["left", "stayed"])
#: Its outcome mix: the four-outcome preset's, merged (0.2 + 0.2 left, 0.4 + 0.2 stayed).
EXIT_OUTCOME_SHARES = (0.4, 0.6)

#: The country preset's groups: ten countries whose intercepts have SD 0.75 on the latent scale.
COUNTRY_GROUPS = GroupEffect(n_groups=10, sd=0.75)


def _coverage_parts() -> dict[str, Any]:
    """The coverage distributions every Kazakhstan preset shares (see :func:`kazakhstan_scenario`)."""
    return {
        "mentions": MentionVolume(mean_per_day=20.0, dispersion=3.0, min_days=7, max_days=180),
        "source_mix": SourceMixModel(mean_social=0.55, concentration=20.0),
        "publication_sentiment": SentimentModel(mean=(0.357, 0.074, 0.569), concentration=10.0),
        "comments": CommentModel(
            platforms=("Facebook", "Instagram", "VKontakte"),
            mean_comments=89.0,
            dispersion=4.0,
            mean=(0.414, 0.356, 0.230),
            concentration=5.0,
        ),
    }


def kazakhstan_scenario(
    effects: Mapping[str, float] | None = None,
    outcome_shares: tuple[float, ...] = KAZAKHSTAN_OUTCOME_SHARES,
    link: str = "logit",
    groups: GroupEffect | None = None,
) -> Scenario:
    """A scenario whose coverage looks like the three Kazakhstan cases (Bokayev et al., 2019).

    **This is an assumption, not data.** Three cases cannot estimate a
    distribution, let alone an effect. The preset only borrows the cases'
    *magnitudes* so that simulated cohorts look like the study's cases:

    * mentions: hundreds to thousands per window (567 in 9 days, 529 in 74,
      3182 in 161): windows of 7-180 days (log-uniform), 20 mentions per day
      on average, negative binomial with size 3;
    * source mix: 30-70 % social (the cases had 70.6 %, 39.7 %, 58.1 %):
      social share Beta with mean 0.55 and concentration 20 (SD 0.11);
    * publication sentiment split as case 3 (35.7 % negative, 7.4 % neutral,
      56.9 % positive of 3182), Dirichlet with concentration 10, coded for every case;
    * comments: three sampled posts (Facebook, Instagram, VKontakte) with 89
      comments on average (the paper's nine posts had 39-184), negative
      binomial with size 4; tone pooled over the nine posts (41.4 % negative,
      35.6 % neutral, 23.0 % positive), Dirichlet with concentration 5.

    The effects and the outcome mix are plausible guesses for planning, not
    estimates: ``log_mentions_per_day = -0.5`` (doubling coverage intensity
    multiplies the odds of a better outcome by 0.71), ``social_share = +1.0``,
    ``comment_negative_share = -3.0`` (10 points more negative comments: odds
    x 0.74) and ``net_sentiment = +1.5``; outcomes 20 % fired, 20 % resigned,
    40 % retained, 20 % promoted. Replace them with your own assumptions.

    Parameters
    ----------
    effects
        True effects by signal column; the defaults above when None.
    outcome_shares
        Target share of fired, resigned, retained, promoted.
    link
        ``"logit"`` or ``"probit"``.
    groups
        Optional country random intercepts.

    Returns
    -------
    Scenario
    """
    return Scenario.calibrated(
        effects=dict(KAZAKHSTAN_EFFECTS if effects is None else effects),
        outcome_shares=tuple(outcome_shares),
        scale=CAREER_SCALE,
        link=link,
        **_coverage_parts(),
        groups=groups,
        name="kazakhstan",
        country="Kazakhstan (simulated)",
    )


def kazakhstan_binary_scenario(
    effects: Mapping[str, float] | None = None,
    outcome_shares: tuple[float, ...] = EXIT_OUTCOME_SHARES,
) -> Scenario:
    """The Kazakhstan preset with a binary outcome: did the official leave office?

    The same coverage distributions and assumed effects as
    :func:`kazakhstan_scenario` (an assumption, not data), on the two-label
    scale ``left < stayed`` (:data:`EXIT_SCALE`; fired or resigned, against
    retained or promoted) with the merged outcome mix 40 % left, 60 % stayed
    and the logit link, so the binary logit ``outcome ~ <signals>`` is
    correctly specified and the ``"logit"`` and ``"firth"`` estimators apply
    (its true intercept is ``-theta``).

    Parameters
    ----------
    effects
        True effects by signal column; the four-outcome preset's when None.
    outcome_shares
        Target shares of ``left`` and ``stayed``.

    Returns
    -------
    Scenario
    """
    return Scenario.calibrated(
        effects=dict(KAZAKHSTAN_EFFECTS if effects is None else effects),
        outcome_shares=tuple(outcome_shares),
        scale=EXIT_SCALE,
        link="logit",
        **_coverage_parts(),
        name="kazakhstan-binary",
        country="Kazakhstan (simulated)",
    )


def kazakhstan_countries_scenario(
    effects: Mapping[str, float] | None = None,
    groups: GroupEffect = COUNTRY_GROUPS,
) -> Scenario:
    """The Kazakhstan preset with cases spread over countries (a random intercept per country).

    The same coverage, effects and outcome mix as :func:`kazakhstan_scenario`
    (an assumption, not data), with the cases spread uniformly over ten
    countries whose intercepts on the latent scale are ``N(0, 0.75^2)``
    (:data:`COUNTRY_GROUPS`; an assumed between-country spread, about the size
    of the preset's social-share effect over its whole range). The thresholds
    give the outcome mix averaged over countries. The ``"mle"`` estimator fits
    ``outcome ~ <signals> + (1|country)`` by maximum likelihood and reports the
    country SD ``sd(1|country)``; ``"bayes"`` fits the same model by MCMC.

    Parameters
    ----------
    effects
        True effects by signal column; the four-outcome preset's when None.
    groups
        Number of countries and the SD of their intercepts.

    Returns
    -------
    Scenario
    """
    return Scenario.calibrated(
        effects=dict(KAZAKHSTAN_EFFECTS if effects is None else effects),
        outcome_shares=KAZAKHSTAN_OUTCOME_SHARES,
        scale=CAREER_SCALE,
        link="logit",
        **_coverage_parts(),
        groups=groups,
        name="kazakhstan-countries",
        country="Country",
    )


#: The presets by their command-line name (``careerrep simulate --scenario NAME``).
PRESETS: dict[str, Callable[..., Scenario]] = {
    "kazakhstan": kazakhstan_scenario,
    "kazakhstan-binary": kazakhstan_binary_scenario,
    "kazakhstan-countries": kazakhstan_countries_scenario,
}
