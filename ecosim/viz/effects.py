"""What each lesson's compare mode shows: the right world minus the left one at
quarter 40, on the lesson's own seed (what a class sees: one draw) and over seeds
chosen by precision (whether that draw shows the rule; docs/STATISTICS.md).

The study experiments/lessons (`make study-lessons`) writes both for every lesson; the
numbers the lessons quote come from its committed results.
"""

from __future__ import annotations

import numpy as np

from ecosim.analysis.stats import Verdict, seeds_by_precision, verdict
from ecosim.kpis import smallest_effect
from ecosim.viz.controls import complete, differences
from ecosim.viz.lessons import EFFECT_QUARTER, Lesson
from ecosim.viz.worlds import Classroom


def compared(lesson: Lesson, seed: int | None = None, quarters: int = EFFECT_QUARTER) -> Classroom:
    """The lesson's two worlds (on `seed`, by default the lesson's), run `quarters`."""
    override = {} if seed is None else {"seed": seed}
    left = complete({**lesson.start, **override})
    right = complete({**lesson.then, **override})
    classroom = Classroom(**left, variant=differences(left, right))
    for _ in range(quarters):
        classroom.step()
    return classroom


def effect(lesson: Lesson, seed: int | None = None, keys=None) -> dict[str, tuple[float, float]]:
    """(left, right) at quarter 40 of each KPI in `keys` (by default those the lesson
    declares in `effects`)."""
    keys = [key for key, _ in lesson.effects] if keys is None else keys
    classroom = compared(lesson, seed)
    left, right = (model.world_metrics for model in classroom.worlds)
    for model in classroom.worlds:
        model.release()
    return {key: (float(left[key]), float(right[key])) for key in keys}


def judged(runs: list[dict[str, tuple[float, float]]], key: str) -> Verdict:
    """The verdict on right - left of `key` over `runs` (one `effect` per seed), against
    the KPI's smallest effect measured on the left world (the baseline) of those seeds."""
    left = np.array([run[key][0] for run in runs])
    right = np.array([run[key][1] for run in runs])
    return verdict(right - left, smallest_effect(key).margin(float(left.mean())))


def over_seeds(lesson: Lesson, keys, batch: int, cap: int) -> dict[str, tuple[Verdict, int]]:
    """Each KPI's verdict and seed count, seeds 0, 1, ... added in batches until the
    interval's half-width is below the smallest effect or `cap` seeds
    (`seeds_by_precision`). The stopping rule needs the margin before the seeds: it is
    taken from the first batch's baseline; the verdict then uses the baseline's mean over
    all the seeds used. The KPIs share their runs (one pair of worlds per seed)."""
    runs: list[dict[str, tuple[float, float]]] = []

    def runs_for(seeds):
        while len(runs) <= max(seeds):
            runs.append(effect(lesson, len(runs), keys))
        return [runs[s] for s in seeds]

    pilot = runs_for(range(batch))
    found = {}
    for key in keys:
        margin = smallest_effect(key).margin(float(np.mean([run[key][0] for run in pilot])))

        def differences_for(seeds, key=key):
            return [run[key][1] - run[key][0] for run in runs_for(seeds)]

        _, seeds = seeds_by_precision(differences_for, margin, batch, cap)
        found[key] = (judged(runs[: len(seeds)], key), len(seeds))
    return found
