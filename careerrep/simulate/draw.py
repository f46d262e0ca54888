"""``draw(scenario, n_cases, seed)``: a simulated cohort as a validated CaseTable.

The counts come from the numpy core (:mod:`careerrep.simulate.arrays`); each
case is then built as a :class:`~careerrep.records.CaseRecord`, so simulated
data pass the same validation as coded data and everything downstream
(``signals()``, models, files) treats them alike.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from careerrep.parts import CommentSample, EventWindow, SentimentCounts, SourceMix
from careerrep.records import CaseRecord
from careerrep.simulate.arrays import (
    CohortCounts,
    draw_counts,
    latent_propensity,
    outcome_codes,
    signal_arrays,
)
from careerrep.simulate.components import ScenarioError
from careerrep.simulate.scenario import Scenario
from careerrep.table import CaseTable

WINDOW_ORIGIN = dt.date(2019, 1, 1)  # the paper's monitoring year


def draw_cohort(
    scenario: Scenario, n_cases: int, rng: np.random.Generator
) -> tuple[CohortCounts, np.ndarray]:
    """Counts and outcome codes of ``n_cases`` cases (the array form of :func:`draw`)."""
    counts = draw_counts(scenario, n_cases, rng)
    eta = latent_propensity(scenario, counts, signal_arrays(counts))
    codes = outcome_codes(eta, np.asarray(scenario.cut_points), scenario.link, rng)
    return counts, codes


def _generator(seed: int | np.random.SeedSequence | np.random.Generator) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, np.random.SeedSequence) or (isinstance(seed, int) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise ScenarioError(f"seed = {seed!r} is not an int, SeedSequence or numpy Generator")


def draw(
    scenario: Scenario,
    n_cases: int,
    seed: int | np.random.SeedSequence | np.random.Generator,
) -> CaseTable:
    """Draw a cohort of ``n_cases`` officials from ``scenario``.

    Parameters
    ----------
    scenario
        The data-generating process.
    n_cases
        Number of cases (>= 1).
    seed
        An int, a ``numpy.random.SeedSequence`` or a ``numpy.random.Generator``:
        the same seed always gives the same table.

    Returns
    -------
    CaseTable
        ``n_cases`` validated records on ``scenario.scale``, case ids
        ``"SIM-0001"``, ...; ``signals()`` gives the model-ready frame whose
        effect columns generated the outcomes.
    """
    if isinstance(n_cases, bool) or not isinstance(n_cases, int | np.integer) or n_cases < 1:
        raise ScenarioError(f"n_cases = {n_cases!r} is not a positive integer")
    counts, codes = draw_cohort(scenario, int(n_cases), _generator(seed))
    return table_from_counts(scenario, counts, codes)


def table_from_counts(scenario: Scenario, counts: CohortCounts, codes: np.ndarray) -> CaseTable:
    """Build the validated records of a drawn cohort."""
    width = max(4, len(str(len(counts))))
    labels = scenario.scale.labels
    platforms = scenario.comments.platforms
    citation = f"simulated: careerrep.simulate scenario {scenario.name!r}"
    # Python ints, not numpy ints: records refuse anything but int counts.
    days = counts.days.tolist()
    offsets = counts.window_offset.tolist()
    mentions = counts.mentions.tolist()
    social = counts.social.tolist()
    coded = counts.coded.tolist()
    sentiment = counts.sentiment.tolist()
    comments = counts.comments.tolist()
    groups = counts.group.tolist()
    records = []
    for i in range(len(counts)):
        start = WINDOW_ORIGIN + dt.timedelta(days=offsets[i])
        m, s = mentions[i], social[i]
        samples = tuple(
            CommentSample(platform=platform, comments=sum(tones), sentiment=SentimentCounts(*tones))
            for platform, tones in zip(platforms, comments[i], strict=True)
        )
        country = scenario.country if scenario.groups is None else f"{scenario.country} {groups[i] + 1}"
        records.append(
            CaseRecord(
                case_id=f"SIM-{i + 1:0{width}d}",
                official=f"Official {i + 1}",
                country=country,
                window=EventWindow(start, start + dt.timedelta(days=days[i] - 1)),
                mentions=m,
                source_mix=SourceMix(mass_media=(m - s) / m, social=s / m),
                publication_sentiment=SentimentCounts(*sentiment[i]) if coded[i] else None,
                comment_samples=samples,
                outcome=labels[codes[i]] if codes[i] >= 0 else None,
                scale=scenario.scale,
                citation=citation,
            )
        )
    return CaseTable(records, scale=scenario.scale)
