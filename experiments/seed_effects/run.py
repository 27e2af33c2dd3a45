"""Re-measure docs/SEED_MAP.md's "Measured effects" table with the verdicts of
docs/STATISTICS.md: `sh experiments/seed_effects/run.sh [folder] [cap]` writes
`results.md` (committed in this folder; SEED_MAP quotes it).

Each row is the comparison its behaviour test makes (tests/test_seed_behaviour.py): the
scenarios, the runner and the two measures that are not model metrics (the smallest
territory's perception gap, the periphery's asset premium) are imported from the test
module, so the table and the tests cannot drift apart (run.sh puts the repository root on
PYTHONPATH for that). The tests run 10 seeds; here every row starts from seeds 0-39,
paired by seed, and rows whose 95% half-width is still wider than their smallest effect
of interest get more seeds in batches of 40 (`seeds_by_precision`) up to the cap.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from ecosim.analysis.stats import (
    DISTINGUISHABLE,
    adjust_verdicts,
    comparison,
    seeds_by_precision,
)
from ecosim.kpis import smallest_effect
from tests.conftest import run_model, world_series
from tests.test_seed_behaviour import SCENARIOS, asset_premium, smallest_territory

BATCH = 40


def measure(scenario: str, seed: int) -> dict[str, float]:
    """Every measure a row can ask for, from one run of `scenario` on `seed`: the summary,
    the world's practice quality at quarters 20 and 40, the mean startup quality over
    quarters 1-20 (protection's early cost), the smallest territory's perception gap at
    quarter 40 (narratives), the asset premium and the periphery's mean links (capacity;
    the latter sets the premium's margin). One dict per run keeps no model in memory."""
    policy, steps, sections = SCENARIOS[scenario]
    model = run_model(seed, policy, steps, **sections)
    practice = world_series(model, "mean_practice_quality")
    ts = model.timeseries()
    links = ts[ts.territory != "world"].groupby("territory")["links"].mean()
    periphery = np.asarray(model.territories.names)[model.capacity.periphery]
    return {
        **model.summary(),
        "practice_quality_q20": practice.loc[20],
        "practice_quality_q40": practice.loc[40],
        "early_quality": world_series(model, "mean_quality").loc[1:20].mean(),
        "smallest_perception_gap": smallest_territory([model], "perception_gap", 40)[0],
        "asset_premium": asset_premium(model),
        "periphery_links": links.reindex(periphery).mean(),
    }


@dataclass(frozen=True)
class Row:
    """One line of the table: `treatment` minus `baseline` (SCENARIOS' names) on `key`.
    `margin_key` names the KPI whose smallest effect applies (`ecosim.kpis`), and
    `margin_of` the measure of the baseline it is taken of (default: `key` itself)."""

    challenge: str
    comparison: str
    treatment: str
    baseline: str
    key: str
    metric: str
    margin_key: str = ""
    margin_of: str = ""


ROWS = [
    Row("1 practices", "complementarity − isolated", "default", "isolated",
        "practice_quality_q20", "mean practice quality at quarter 20", "mean_practice_quality"),
    Row("1 practices", "complementarity − isolated", "default", "isolated",
        "practice_quality_q40", "mean practice quality at quarter 40", "mean_practice_quality"),
    Row("1 practices", "delay 16 − delay 4", "slow_practices", "default",
        "practice_mean_lag", "`practice_mean_lag` (quarters, censored at 80)"),
    Row("2 alignment", "orientation spread 0.5 − aligned", "mixed_orientations", "default",
        "mean_mature_links", "`mean_mature_links`"),
    Row("2 alignment", "same", "mixed_orientations", "default",
        "mean_link_lifetime", "`mean_link_lifetime` (quarters)"),
    Row("2 alignment", "same", "mixed_orientations", "default",
        "links_dropped", "`links_dropped` (total)"),
    Row("2 alignment", "same", "mixed_orientations", "default",
        "acceptance_rate", "`acceptance_rate`"),
    Row("3 horizon", "4 − 40 quarters", "short_horizon", "long_horizon",
        "npv_long", "`npv_long` (EUR M)"),
    Row("3 horizon", "same", "short_horizon", "long_horizon",
        "cum_net_return", "`cum_net_return` at 20 years (EUR M)"),
    Row("3 horizon", "same", "short_horizon", "long_horizon",
        "npv_short", "`npv_short` (EUR M)"),
    Row("3 horizon", "same", "short_horizon", "long_horizon",
        "mean_link_lifetime", "`mean_link_lifetime` (quarters)"),
    Row("4 protection", "level 0.8 − 0", "protected", "default",
        "diversity_loss", "`diversity_loss`"),
    Row("4 protection", "same", "protected", "default",
        "distinct_specializations", "`distinct_specializations`"),
    Row("4 protection", "same", "protected", "default",
        "early_quality", "mean startup quality, quarters 1–20", "mean_quality"),
    Row("4 protection", "same", "protected", "default",
        "cum_revenue", "`cum_revenue` at 20 years (EUR M)"),
    Row("4 protection", "same", "protected", "default", "npv_short", "`npv_short` (EUR M)"),
    Row("4 protection", "same", "protected", "default", "npv_long", "`npv_long` (EUR M)"),
    Row("5 capacity", "complementarity − preferential", "default", "preferential",
        "asset_premium", "asset premium: links of peripheral territories with "
        "experimentation sites minus those without", "links", "periphery_links"),
    Row("5 capacity", "preferential − complementarity", "preferential", "default",
        "periphery_investment_share", "`periphery_investment_share`"),
    Row("5 capacity", "same", "preferential", "default",
        "periphery_link_share", "`periphery_link_share`"),
    Row("5 capacity", "same", "preferential", "default", "gini_investment", "`gini_investment`"),
    Row("5 capacity", "same", "preferential", "default",
        "top_share_investment", "`top_share_investment`"),
    Row("7 diaspora", "programmes = tax advantage = 0.5 − none", "incentives", "default",
        "cum_origin_investment", "`cum_origin_investment` (EUR M)"),
    Row("7 diaspora", "same", "incentives", "default", "cum_returnees", "`cum_returnees`"),
    Row("7 diaspora", "same", "incentives", "default",
        "cum_diaspora_links", "`cum_diaspora_links`"),
    Row("7 diaspora", "same", "incentives", "default",
        "cum_diaspora_investment", "`cum_diaspora_investment` (EUR M)"),
    Row("8 narratives", "linked − isolated, stereotype 0.5, 40 quarters", "stereotype_linked",
        "stereotype_isolated", "smallest_perception_gap",
        "smallest territory's `perception_gap` at quarter 40", "perception_gap"),
    Row("8 narratives", "campaign (quarters 4–11) − none, isolated, 40 quarters",
        "stereotype_campaign", "stereotype_isolated", "smallest_perception_gap",
        "smallest territory's `perception_gap` at quarter 40", "perception_gap"),
    Row("8 narratives", "same", "stereotype_campaign", "stereotype_isolated",
        "cum_net_return", "`cum_net_return` (campaign cost included, EUR M)"),
]  # fmt: skip


class Runs:
    """Measures by (scenario, seed), each run once, missing ones in parallel."""

    def __init__(self, n_jobs: int):
        self.n_jobs = n_jobs
        self.cache: dict[tuple[str, int], dict[str, float]] = {}

    def fill(self, scenarios, seeds) -> None:
        todo = [(s, seed) for s in scenarios for seed in seeds if (s, seed) not in self.cache]
        done = Parallel(n_jobs=self.n_jobs)(delayed(measure)(s, seed) for s, seed in todo)
        self.cache.update(zip(todo, done, strict=True))

    def values(self, scenario: str, key: str, seeds) -> np.ndarray:
        self.fill([scenario], seeds)
        return np.array([self.cache[scenario, seed][key] for seed in seeds], dtype=float)


def margin(row: Row, runs: Runs) -> tuple[float, str]:
    """The row's smallest effect of interest, from the baseline's mean over seeds 0-39
    (fixed before seeds are added). A baseline that is zero on every seed (no diaspora
    programme, no returnee) states no relative margin; the treatment's mean is used then,
    so the margin is 5% of what the programme brings."""
    seeds = range(BATCH)
    of = row.margin_of or row.key
    base = runs.values(row.baseline, of, seeds).mean()
    rule = smallest_effect(row.margin_key or row.key)
    if rule.scale == "relative" and base == 0:
        treated = runs.values(row.treatment, of, seeds).mean()
        return rule.margin(treated), f"{rule.size:.0%} of the treatment's mean: baseline 0"
    scale = f"{rule.size:.0%} of the baseline" if rule.scale == "relative" else "absolute"
    if row.margin_of:
        scale += f" `{row.margin_of}`"
    return rule.margin(base), scale


def measure_row(row: Row, runs: Runs, cap: int) -> dict:
    m, rule = margin(row, runs)

    def differences(seeds):
        return runs.values(row.treatment, row.key, seeds) - runs.values(
            row.baseline, row.key, seeds
        )

    _, seeds = seeds_by_precision(differences, m, batch=BATCH, cap=cap)
    return {
        "challenge": row.challenge,
        "comparison": row.comparison,
        "metric": row.metric,
        "baseline_mean": runs.values(row.baseline, row.key, seeds).mean(),
        "treatment_mean": runs.values(row.treatment, row.key, seeds).mean(),
        **comparison(differences(seeds), m),
        "margin_rule": rule,
    }


def fmt(x: float, sign: str = "+") -> str:
    """Three significant figures (whole numbers from 1,000), with a true minus sign."""
    text = f"{x:{sign}.3g}" if abs(x) < 1000 else f"{x:{sign},.0f}"
    return text.replace("-", "−")


def verdict_text(r) -> str:
    """The verdict, and for a distinguishable difference that TOST also puts inside the
    margin, that it is too small to matter: both are true of it."""
    if r.verdict == DISTINGUISHABLE and r.p_equivalence < 0.05:
        return f"{r.verdict}, inside ± margin"
    return r.verdict


def markdown(table: pd.DataFrame) -> str:
    lines = [
        "| challenge / strategy | comparison | metric | baseline mean | treatment mean | "
        "difference [95% CI] | seeds | margin (rule) | p (BH) | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples():
        lines.append(
            f"| {r.challenge} | {r.comparison} | {r.metric} | {fmt(r.baseline_mean, '')} | "
            f"{fmt(r.treatment_mean, '')} | {fmt(r.mean)} [{fmt(r.low)}, {fmt(r.high)}] | "
            f"{r.n} | {fmt(r.margin, '')} ({r.margin_rule}) | {r.p_adjusted:.2g} | "
            f"{verdict_text(r)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    parser.add_argument("--cap", type=int, default=200, help="most seeds per row")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    start = time.time()
    runs = Runs(args.jobs)
    runs.fill({name for row in ROWS for name in (row.treatment, row.baseline)}, range(BATCH))
    (table,), corrected = adjust_verdicts(
        [pd.DataFrame([measure_row(row, runs, args.cap) for row in ROWS])]
    )
    minutes = (time.time() - start) / 60
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(
        "# Measured effects of the seed text's challenges and strategies\n\n"
        "Written by `sh experiments/seed_effects/run.sh` (`make study-seed_effects`); "
        "docs/SEED_MAP.md quotes it. Default `two_speed` world at the current defaults, "
        "80 quarters unless said; each difference is treatment minus baseline, paired by "
        f"seed, over seeds 0-{BATCH - 1} and, where the 95% half-width was still wider "
        f"than the margin, more seeds in batches of {BATCH} up to {args.cap} "
        "(`seeds_by_precision`). Margin: the smallest effect of interest "
        "(`ecosim.kpis.smallest_effect`, of the baseline's mean over seeds "
        f"0-{BATCH - 1}). Verdicts of docs/STATISTICS.md after the Benjamini-Hochberg "
        f"correction over the table's {corrected} comparisons: *distinguishable* when the "
        "adjusted p < 0.05 and the interval excludes zero, *equivalent* when TOST puts "
        "the difference within ± the margin, else *not established*; *inside ± margin*: "
        "distinguishable, and TOST puts it within the margin too (too small to matter). "
        f"{len(runs.cache)} runs, {minutes:.1f} minutes with {args.jobs} jobs.\n\n"
        + markdown(table)
        + "\n"
    )


if __name__ == "__main__":
    main()
