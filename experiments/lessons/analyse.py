"""What the educator app's lessons show (ecosim/viz/lessons.py): for each lesson and KPI,
right - left at quarter 40 on the lesson's own seed (one draw) and over seeds chosen by
precision, with its verdict (docs/STATISTICS.md).

Usage (`run.sh` does it): python experiments/lessons/analyse.py [--batch 20] [--cap 200] --out DIR

Every lesson is measured on the same KPIs (those any lesson's text talks about), so a
text can say of each whether the rule is distinguishable, equivalent to zero or not
established; a lesson's `effects` may list only the distinguishable ones, in their sign.
Writes DIR/results.csv (the numbers the lessons quote; tests/test_viz.py reads it) and
DIR/results.md (the same as a table).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ecosim.validation.output import markdown_table
from ecosim.viz.effects import effect, over_seeds
from ecosim.viz.lessons import EFFECT_QUARTER, LESSONS

KPIS = ("cum_net_return", "diversity_loss", "gini_investment", "attractiveness")


def rows(batch: int, cap: int):
    for lesson in LESSONS:
        own = effect(lesson, keys=KPIS)
        for key, (found, n) in over_seeds(lesson, KPIS, batch, cap).items():
            left, right = own[key]
            yield {
                "lesson": lesson.id,
                "kpi": key,
                "seed": lesson.start["seed"],
                "seed_left": left,
                "seed_right": right,
                "seed_difference": right - left,
                "seeds": n,
                "mean": found.interval.mean,
                "low": found.interval.low,
                "high": found.interval.high,
                "margin": found.margin,
                "p_value": found.p_value,
                "p_equivalence": found.p_equivalence,
                "verdict": found.verdict,
            }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batch", type=int, default=20, help="seeds added at a time")
    p.add_argument("--cap", type=int, default=200, help="most seeds per lesson")
    p.add_argument("--out", type=Path, required=True)
    opts = p.parse_args()
    table = pd.DataFrame(rows(opts.batch, opts.cap))
    opts.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(opts.out / "results.csv", index=False, float_format="%.6g")
    shown = table.assign(
        own=[
            f"{r.seed_left:.4g} -> {r.seed_right:.4g} ({r.seed_difference:+.4g})"
            for r in table.itertuples()
        ],
        interval=[f"{r.mean:+.4g} [{r.low:+.4g}, {r.high:+.4g}]" for r in table.itertuples()],
    )
    columns = ["lesson", "kpi", "seed", "own", "seeds", "interval", "margin", "verdict"]
    (opts.out / "results.md").write_text(
        f"# Lessons: right - left at quarter {EFFECT_QUARTER}\n\n"
        f"Batches of {opts.batch} seeds, cap {opts.cap}; 'own' is the lesson's seed (one "
        "draw), 'interval' the mean paired difference and its 95% interval over the seeds, "
        "'margin' the KPI's smallest effect of interest.\n\n"
        + markdown_table(shown[columns], digits=4)
        + "\n"
    )


if __name__ == "__main__":
    main()
