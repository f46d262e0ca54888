"""``Scenario``: a data-generating process for a cohort of officials.

A scenario says how each simulated case's coverage is drawn (the parts in
:mod:`careerrep.simulate.components`) and how the career outcome follows from
it. The outcome is a cumulative link model on the *observed* signals, the
same columns :meth:`~careerrep.table.CaseTable.signals` computes from the
records::

    eta_i  = sum_j beta_j * signal_ij  (+ u_country, if there are groups)
    Y*_i   = eta_i + e_i,   e_i ~ logistic (link "logit"), N(0, 1) ("probit") or min-Gumbel ("cloglog")
    Y_i    = k  if  theta_{k-1} < Y*_i <= theta_k

so ``P(Y <= k) = F(theta_k - eta)``: the sign convention of
:class:`~careerrep.models.OrdinalModel` (and R's ``polr``). An ordinal model
fitted to ``outcome ~ <the effect signals>`` is correctly specified, and its
true parameters are the ``effects`` and the ``cut_points``.

A ``Scenario`` is a validated value: constructing one checks its parameters
and draws nothing. Its thresholds are given directly (``thresholds=``), or
:meth:`Scenario.calibrated` finds the thresholds that give target outcome
shares over the scenario's own signal distribution (a fixed 20,000-case
reference cohort, see :mod:`careerrep.simulate.calibrate`) and returns the
scenario with them set.

The true values a fit should recover are asked by parameter *role*
(:meth:`Scenario.true_values` takes a model's
:class:`~careerrep.models.family.ParameterLayout`), never by comparing family
names: a coefficient's truth is its signal's effect, the ``i``-th threshold's
the ``i``-th cut point, a binary logit's intercept ``-theta`` and a random
intercept's SD the group SD.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from careerrep.models.families.logit import LogitFamily
from careerrep.models.families.ordinal import CumulativeFamily
from careerrep.models.family import Parameter, ParameterLayout, Role, variance_name
from careerrep.models.links import LINKS as MODEL_LINKS
from careerrep.models.links import get_link
from careerrep.scale import CAREER_SCALE, OutcomeScale
from careerrep.simulate.calibrate import thresholds_for_shares
from careerrep.simulate.components import (
    CommentModel,
    GroupEffect,
    MentionVolume,
    ScenarioError,
    SentimentModel,
    SourceMixModel,
)

#: Links a scenario may use: every link the models fit (careerrep.models.links).
LINKS = tuple(MODEL_LINKS)

#: The random term a scenario's country intercepts are fitted with (``Scenario.formula(groups=True)``).
GROUP_TERM = "(1|country)"

# Signal columns a scenario can put an effect on, and the part that must be
# present for the signal to exist (None: always there).
EFFECT_SIGNALS: dict[str, str | None] = {
    "mentions": None,
    "days": None,
    "mentions_per_day": None,
    "log_mentions_per_day": None,
    "social_share": None,
    "mass_media_share": None,
    "logratio_social_mass": None,
    "sentiment_positive": "publication_sentiment",
    "sentiment_neutral": "publication_sentiment",
    "sentiment_negative": "publication_sentiment",
    "net_sentiment": "publication_sentiment",
    "comments": "comments",
    "comment_negative": "comments",
    "comment_neutral": "comments",
    "comment_positive": "comments",
    "comment_negative_share": "comments",
    "comment_neutral_share": "comments",
    "comment_positive_share": "comments",
}

# Sets of signals that are exact linear functions of each other (with the
# thresholds): a model with all of them has aliased predictors and no unique fit.
ALIASED_SETS: tuple[frozenset[str], ...] = (
    frozenset({"social_share", "mass_media_share"}),
    frozenset({"sentiment_positive", "sentiment_neutral", "sentiment_negative"}),
    frozenset({"net_sentiment", "sentiment_positive", "sentiment_negative"}),
    frozenset({"comment_negative_share", "comment_neutral_share", "comment_positive_share"}),
    frozenset({"comments", "comment_negative", "comment_neutral", "comment_positive"}),
)


def _effects(value: object) -> tuple[tuple[str, float], ...]:
    """Effects as ``((signal, beta), ...)`` in the order given, validated."""
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, tuple | list) and all(isinstance(p, tuple | list) and len(p) == 2 for p in value):
        items = [tuple(p) for p in value]
    else:
        raise ScenarioError(f"effects = {value!r} is not a mapping of signal name to effect")
    if not items:
        raise ScenarioError("effects is empty: a scenario needs at least one signal with an effect")
    checked: dict[str, float] = {}
    for name, beta in items:
        if name not in EFFECT_SIGNALS:
            raise ScenarioError(
                f"effects[{name!r}]: not a simulated signal column; choose from {sorted(EFFECT_SIGNALS)}"
            )
        if name in checked:
            raise ScenarioError(f"effects[{name!r}] is given twice")
        if isinstance(beta, bool) or not isinstance(beta, int | float) or not math.isfinite(beta):
            raise ScenarioError(f"effects[{name!r}] = {beta!r} is not a finite number")
        checked[str(name)] = float(beta)
    for aliased in ALIASED_SETS:
        if aliased <= checked.keys():
            raise ScenarioError(
                f"effects on {sorted(aliased)} together are aliased (they are linear functions of "
                f"each other); drop one of them"
            )
    return tuple(checked.items())


def _increasing(name: str, values: object, length: int) -> tuple[float, ...]:
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) != length:
        raise ScenarioError(f"{name} = {values!r} is not a sequence of {length} numbers")
    numbers = []
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ScenarioError(f"{name}[{i}] = {v!r} is not a finite number")
        numbers.append(float(v))
    if any(b <= a for a, b in itertools.pairwise(numbers)):
        raise ScenarioError(f"{name} = {values!r} is not strictly increasing")
    return tuple(numbers)


def _shares(values: object, scale: OutcomeScale) -> tuple[float, ...]:
    k = len(scale)
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) != k:
        raise ScenarioError(f"outcome_shares = {values!r} is not {k} shares (one per label of {scale})")
    shares = []
    for label, v in zip(scale.labels, values, strict=True):
        if isinstance(v, bool) or not isinstance(v, int | float) or not 0.0 < v < 1.0:
            raise ScenarioError(f"outcome_shares[{label!r}] = {v!r} is not a share strictly between 0 and 1")
        shares.append(float(v))
    if abs(sum(shares) - 1.0) > 1e-6:
        raise ScenarioError(f"outcome_shares = {values!r} sums to {sum(shares):.6g}, not 1")
    return tuple(shares)


@dataclass(frozen=True)
class Scenario:
    """A data-generating process: signal distributions, true effects, thresholds, scale.

    Parameters
    ----------
    effects
        True effects on the latent career propensity, by signal column of
        ``CaseTable.signals()`` (e.g. ``{"social_share": 1.0,
        "comment_negative_share": -3.0}``): the change in the latent scale per
        unit of the signal. Positive moves cases up the scale (towards
        ``promoted`` on the default scale).
    thresholds
        The ``len(scale) - 1`` cut points ``theta``, strictly increasing.
        Required: to get them from target outcome shares, build the scenario
        with :meth:`Scenario.calibrated` instead.
    outcome_shares
        The target outcome shares the thresholds were calibrated to (set by
        :meth:`Scenario.calibrated`; recorded for reports and study identity,
        not re-checked: checking would mean simulating), or None.
    scale
        The outcome scale; :data:`~careerrep.scale.CAREER_SCALE` by default. A
        two-label scale makes a binary scenario (estimators ``"logit"``/``"firth"``).
    link
        ``"logit"`` (logistic latent error) or ``"probit"`` (standard normal).
    mentions, source_mix, publication_sentiment, comments
        How the coverage is drawn (see :mod:`careerrep.simulate.components`).
    groups
        Optional country random intercepts (:class:`GroupEffect`).
    name
        A label for reports (``"kazakhstan"`` for the preset).
    country
        Country name of the cases (with groups: ``"<country> 1"``, ...).

    Raises
    ------
    ScenarioError
        For any impossible parameter, naming it and its value.
    """

    effects: Mapping[str, float] | tuple[tuple[str, float], ...]
    thresholds: tuple[float, ...] | None = None
    outcome_shares: tuple[float, ...] | None = None
    scale: OutcomeScale = CAREER_SCALE
    link: str = "logit"
    mentions: MentionVolume = field(default_factory=MentionVolume)
    source_mix: SourceMixModel = field(default_factory=SourceMixModel)
    publication_sentiment: SentimentModel = field(default_factory=SentimentModel)
    comments: CommentModel = field(default_factory=CommentModel)
    groups: GroupEffect | None = None
    name: str = "custom"
    country: str = "Simulated"

    def __post_init__(self) -> None:
        set_ = self._set
        set_("effects", _effects(self.effects))
        if not isinstance(self.scale, OutcomeScale):
            raise ScenarioError(f"scale = {self.scale!r} is not an OutcomeScale")
        if self.link not in LINKS:
            raise ScenarioError(f"link = {self.link!r} is not one of {LINKS}")
        for name, part_type in (
            ("mentions", MentionVolume),
            ("source_mix", SourceMixModel),
            ("publication_sentiment", SentimentModel),
            ("comments", CommentModel),
        ):
            if not isinstance(getattr(self, name), part_type):
                raise ScenarioError(f"{name} = {getattr(self, name)!r} is not a {part_type.__name__}")
        if self.groups is not None and not isinstance(self.groups, GroupEffect):
            raise ScenarioError(f"groups = {self.groups!r} is not a GroupEffect or None")
        for text in ("name", "country"):
            value = getattr(self, text)
            if not isinstance(value, str) or not value.strip():
                raise ScenarioError(f"{text} = {value!r} is not a non-empty string")
        if not self.comments.platforms:
            needing = [s for s, _ in self.effect_pairs if EFFECT_SIGNALS[s] == "comments"]
            if needing:
                raise ScenarioError(
                    f"effects on {needing} need comment samples, but comments.platforms is empty"
                )
        if self.thresholds is None:
            raise ScenarioError(
                "thresholds is missing: give the cut points, or build the scenario with "
                "Scenario.calibrated(effects=..., outcome_shares=...) to compute them from outcome shares"
            )
        set_("thresholds", _increasing("thresholds", self.thresholds, len(self.scale) - 1))
        if self.outcome_shares is not None:
            set_("outcome_shares", _shares(self.outcome_shares, self.scale))

    @classmethod
    def calibrated(
        cls,
        effects: Mapping[str, float] | tuple[tuple[str, float], ...],
        outcome_shares: Sequence[float] | None = None,
        **parts: Any,
    ) -> Scenario:
        """A scenario whose thresholds give ``outcome_shares`` over its own signal distribution.

        Parameters
        ----------
        effects
            True effects by signal column (as for the constructor).
        outcome_shares
            Target marginal share of each outcome label, lowest first, summing
            to 1; None gives every label an equal share.
        **parts
            Every other constructor argument (``scale``, ``link``, ``mentions``,
            ``source_mix``, ``publication_sentiment``, ``comments``, ``groups``,
            ``name``, ``country``); not ``thresholds``.

        Returns
        -------
        Scenario
            With ``thresholds`` solved from a fixed 20,000-case reference
            cohort (the same scenario always gets the same thresholds) and
            ``outcome_shares`` recorded.

        Raises
        ------
        ScenarioError
            For impossible parameters or shares, before anything is drawn.
        """
        if "thresholds" in parts:
            raise ScenarioError("Scenario.calibrated computes the thresholds; do not give thresholds=")
        scale = parts.get("scale", CAREER_SCALE)
        if not isinstance(scale, OutcomeScale):
            raise ScenarioError(f"scale = {scale!r} is not an OutcomeScale")
        shares = _shares(
            (1.0 / len(scale),) * len(scale) if outcome_shares is None else outcome_shares, scale
        )
        # Validate everything else first with stand-in thresholds (calibration does not read them).
        provisional = cls(effects=effects, thresholds=tuple(range(len(scale) - 1)), **parts)
        return dataclasses.replace(
            provisional, thresholds=thresholds_for_shares(provisional, shares), outcome_shares=shares
        )

    def _set(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)

    # ---------------------------------------------------------------- descriptions

    @property
    def cut_points(self) -> tuple[float, ...]:
        """The thresholds ``theta`` (lowest first): ``thresholds`` after validation."""
        return cast(tuple[float, ...], self.thresholds)

    @property
    def effect_pairs(self) -> tuple[tuple[str, float], ...]:
        """The effects as ``((signal, beta), ...)``: how they are stored after validation."""
        return cast(tuple[tuple[str, float], ...], self.effects)

    @property
    def true_effects(self) -> dict[str, float]:
        """The effects as a dict ``{signal: beta}``, in the order given."""
        return dict(self.effect_pairs)

    @property
    def signals(self) -> tuple[str, ...]:
        """The signal columns that carry an effect (the model's predictors)."""
        return tuple(name for name, _ in self.effect_pairs)

    @property
    def is_binary(self) -> bool:
        """True for a two-label scale (binary outcome)."""
        return len(self.scale) == 2

    def formula(self, groups: bool = False) -> str:
        """The correctly specified model formula, ``"outcome ~ s1 + s2"``.

        With ``groups=True`` and a group effect, ``+ (1|country)`` is added
        (a random intercept, :data:`GROUP_TERM`; the ``"mle"`` and ``"bayes"`` estimators fit it).
        """
        rhs = " + ".join(self.signals)
        if groups and self.groups is not None:
            rhs += " + (1|country)"
        return f"outcome ~ {rhs}"

    def cumulative_family(self) -> CumulativeFamily:
        """The family of the correctly specified model: a cumulative link with the scenario's link."""
        return CumulativeFamily(self.scale.labels, self.signals, get_link(self.link))

    def logit_family(self) -> LogitFamily | None:
        """The binary logit on ``Intercept`` + the signals, when it is correctly specified.

        That is when the scale has two labels and the scenario's link is the
        logit family's own (its intercept is then ``-theta``, since
        ``P(Y = upper) = F(eta - theta)``); None otherwise.
        """
        if not self.is_binary:
            return None
        family = LogitFamily(self.scale.labels, ("Intercept", *self.signals))
        return family if family.link == get_link(self.link) else None

    def group_parameter(self) -> Parameter | None:
        """The country-intercept SD as a mixed fit of :meth:`formula` (``groups=True``) reports it."""
        if self.groups is None:
            return None
        return Parameter(variance_name(GROUP_TERM), Role.VARIANCE, "Intercept", GROUP_TERM)

    def model_layout(self) -> ParameterLayout:
        """Parameters of the correctly specified model: cumulative link, plus the group SD if any."""
        layout = self.cumulative_family().layout
        extra = self.group_parameter()
        return layout if extra is None else layout.extended([extra])

    def true_values(self, layout: ParameterLayout | None = None) -> dict[str, float]:
        """True parameter values by the name a model reports them under, read by role.

        Parameters
        ----------
        layout
            A fitted model's parameter layout (``model.family.layout``, a mixed
            or posterior result's ``layout``); None is :meth:`model_layout`
            (effects, then thresholds ``"fired|resigned"``, then the group SD).

        Returns
        -------
        dict
            ``{name: true value}`` in layout order, for the parameters whose
            truth the scenario defines: a coefficient of an effect signal (its
            effect), the ``i``-th threshold (the ``i``-th cut point), an
            intercept when :meth:`logit_family` exists (``-theta``), the SD of
            the country intercepts. Others (e.g. a signal the scenario gives no
            effect) are left out.

        Raises
        ------
        ScenarioError
            If the layout has another number of thresholds than the scenario.
        """
        layout = self.model_layout() if layout is None else layout
        effects = self.true_effects
        n_thresholds = len(layout.of_role(Role.THRESHOLD))
        if n_thresholds and n_thresholds != len(self.cut_points):
            raise ScenarioError(
                f"the model has {n_thresholds} thresholds; the scenario's scale {self.scale} has "
                f"{len(self.cut_points)}"
            )
        cuts = iter(self.cut_points)
        group = self.group_parameter()
        truth: dict[str, float] = {}
        for parameter in layout:
            if parameter.role is Role.COEFFICIENT and parameter.column in effects:
                truth[parameter.name] = effects[parameter.column]
            elif parameter.role is Role.THRESHOLD:
                truth[parameter.name] = next(cuts)
            elif parameter.role is Role.INTERCEPT and self.logit_family() is not None:
                truth[parameter.name] = -self.cut_points[0]
            elif group is not None and parameter.role is Role.VARIANCE and parameter.block == group.block:
                truth[parameter.name] = self.groups.sd  # type: ignore[union-attr]
        return truth

    def parameter_kind(self, parameter: Parameter) -> str:
        """What a parameter is to a study table: ``"effect"``, ``"threshold"``, ``"intercept"``,
        ``"group_sd"`` (the country-intercept SD) or ``"other"``."""
        group = self.group_parameter()
        if parameter.role is Role.COEFFICIENT and parameter.column in self.true_effects:
            return "effect"
        if parameter.role is Role.THRESHOLD:
            return "threshold"
        if parameter.role is Role.INTERCEPT:
            return "intercept"
        if group is not None and parameter.role is Role.VARIANCE and parameter.block == group.block:
            return "group_sd"
        return "other"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready description (used to check that a resumed study is the same study)."""
        return {
            "name": self.name,
            "effects": [list(pair) for pair in self.effect_pairs],
            # "thresholds" is what the caller gave: None for thresholds calibrated to shares.
            "thresholds": None if self.outcome_shares is not None else list(self.cut_points),
            "outcome_shares": None if self.outcome_shares is None else list(self.outcome_shares),
            "cut_points": list(self.cut_points),
            "scale": list(self.scale.labels),
            "link": self.link,
            "mentions": asdict(self.mentions),
            "source_mix": asdict(self.source_mix),
            "publication_sentiment": asdict(self.publication_sentiment),
            "comments": asdict(self.comments),
            "groups": None if self.groups is None else asdict(self.groups),
            "country": self.country,
        }

    def describe(self) -> str:
        """A few lines for a report: effects, thresholds, link and scale."""
        effects = ", ".join(f"{name} = {beta:+g}" for name, beta in self.effect_pairs)
        cuts = ", ".join(
            f"{n} = {c:.3f}" for n, c in zip(self.scale.thresholds, self.cut_points, strict=True)
        )
        lines = [
            f"Scenario {self.name!r}: {self.link} link on {self.scale}",
            f"  true effects: {effects}",
            f"  thresholds: {cuts}",
        ]
        if self.groups is not None:
            lines.append(f"  country intercepts: {self.groups.n_groups} groups, sd = {self.groups.sd:g}")
        return "\n".join(lines)
