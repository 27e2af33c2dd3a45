"""What each lesson's compare mode shows: the right world minus the left one at
quarter 40, on the lesson's own seed (what a class sees) and over more seeds (whether
that is the rule or the luck of the draw).

`python -m ecosim.viz.effects [--seeds 10]` prints both for every lesson: the figures
quoted in the lessons' docs (README, Educator app) come from it.
"""

from __future__ import annotations

from ecosim.analysis.stats import paired_difference
from ecosim.args import ArgumentParser
from ecosim.config import ConfigError
from ecosim.viz.controls import complete, differences
from ecosim.viz.lessons import EFFECT_QUARTER, LESSONS, Lesson
from ecosim.viz.view import readable, signed
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


def effect(lesson: Lesson, seed: int | None = None) -> dict[str, tuple[float, float]]:
    """(left, right) of each KPI the lesson asks to watch, at quarter 40."""
    classroom = compared(lesson, seed)
    left, right = (model.world_metrics for model in classroom.worlds)
    for model in classroom.worlds:
        model.release()
    return {key: (float(left[key]), float(right[key])) for key, _ in lesson.effects}


def main(argv: list[str] | None = None) -> None:
    p = ArgumentParser(prog="python -m ecosim.viz.effects", description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 for the paired interval")
    opts = p.parse_args(argv)
    if opts.seeds < 2:
        raise ConfigError(f"--seeds={opts.seeds} is too few for an interval; allowed: >= 2")
    for lesson in LESSONS:
        seed = lesson.start["seed"]
        runs = [effect(lesson, s) for s in range(opts.seeds)]
        own = runs[seed] if seed < opts.seeds else effect(lesson)
        print(f"{lesson.id} (quarter {EFFECT_QUARTER}, right - left)")
        for key, sign in lesson.effects:
            left, right = own[key]
            ci = paired_difference([r[key][1] for r in runs], [r[key][0] for r in runs])
            d, mean, low, high = (signed(v) for v in (right - left, ci.mean, ci.low, ci.high))
            print(
                f"  {key}: expected {'+' if sign > 0 else '-'}; seed {seed}: {readable(left)} "
                f"-> {readable(right)} ({d}); {ci.n} seeds: {mean} [{low}, {high}]"
            )


if __name__ == "__main__":
    import sys

    try:
        main()
    except ConfigError as exc:
        print(f"ecosim: error: {exc}", file=sys.stderr)
        sys.exit(2)
