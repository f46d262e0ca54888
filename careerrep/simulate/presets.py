"""Ready-made scenarios: ``kazakhstan_scenario()``, calibrated on the paper's magnitudes."""

from __future__ import annotations

from collections.abc import Mapping

from careerrep.scale import CAREER_SCALE
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
        mentions=MentionVolume(mean_per_day=20.0, dispersion=3.0, min_days=7, max_days=180),
        source_mix=SourceMixModel(mean_social=0.55, concentration=20.0),
        publication_sentiment=SentimentModel(mean=(0.357, 0.074, 0.569), concentration=10.0),
        comments=CommentModel(
            platforms=("Facebook", "Instagram", "VKontakte"),
            mean_comments=89.0,
            dispersion=4.0,
            mean=(0.414, 0.356, 0.230),
            concentration=5.0,
        ),
        groups=groups,
        name="kazakhstan",
        country="Kazakhstan (simulated)",
    )
