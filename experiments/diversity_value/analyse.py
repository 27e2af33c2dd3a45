"""Why diversity pays: the tables and the figure of the diversity_value study.

Usage (after both sweeps have run; `run.sh` does it all):

    python experiments/diversity_value/analyse.py SWEEP MESH_SWEEP --out DIR

Per environment (turbulence x sector shock rate) and link budget (0, 1, 2, 3, 5 under
complementarity; `mesh`: open_mesh), the mean [95% CI] over seeds of the outcomes:
long-run quality, value created, failures after shocks, the world's relative drop in live
startups after a shock, diversity loss. Then the questions of the study:

1. Is there an interior optimum of linking? The best budget by mean value created is
   chosen on the even seeds and compared with the mesh and with isolation on the odd
   seeds (held out, so the choice does not flatter the comparison), paired by seed.
2. Do diversified territories lose less in sector shocks (Frenken et al. 2007)? In every
   run with shocks, the rank correlation across territories between their unrelated
   variety at the start and their shock sensitivity (Martin 2012) at the end. Runs with
   the same seed share their world (its territories and their initial variety) across
   link budgets and environments, so they are not independent: the correlation is
   averaged within each world, and the 95% interval is over the worlds (`cluster_ci`:
   the mean of the worlds' mean correlations, a t interval with worlds - 1 degrees of
   freedom; docs/STATISTICS.md), not over the runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim import io
from ecosim.analysis.stats import cluster_ci, mean_ci, paired_difference
from ecosim.plots import png, pyplot
from ecosim.runs.collect import collect

OUTCOMES = (
    "mean_quality",
    "value_created",
    "failures_after_shocks",
    "shock_drop",
    "diversity_loss",
)
ENV = ["knowledge.turbulence", "sector_shocks.shock_rate"]
SELECT, HELD_OUT = range(0, 1000, 2), range(1, 1000, 2)  # even seeds choose, odd ones test


def runs_and_series(sweep: Path, mesh: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    a, b = collect(sweep), collect(mesh)
    seeds = set(a.complete.seed)  # the mesh sweep may hold more seeds: pair on the same
    runs = pd.concat(
        [
            a.complete.assign(budget=a.complete["policy.link_budget"].astype(str)),
            b.complete[b.complete.seed.isin(seeds)].assign(budget="mesh"),
        ],
        ignore_index=True,
    )
    ts = pd.concat(
        [
            a.timeseries.assign(budget=a.timeseries["policy.link_budget"].astype(str)),
            b.timeseries[b.timeseries.seed.isin(seeds)].assign(budget="mesh"),
        ],
        ignore_index=True,
    )
    return runs, ts


def fmt(ci) -> str:
    return f"{ci.mean:.4g} [{ci.low:.4g}, {ci.high:.4g}]" if ci.n else "n/a"


def outcome_table(runs: pd.DataFrame) -> str:
    lines = ["| turbulence | shock rate | budget | " + " | ".join(OUTCOMES) + " |"]
    lines.append("|---" * (len(OUTCOMES) + 3) + "|")
    for (turb, shock, budget), g in runs.groupby([*ENV, "budget"], sort=True):
        cells = [fmt(mean_ci(g[o].dropna())) for o in OUTCOMES]
        lines.append(f"| {turb:g} | {shock:g} | {budget} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def paired(g: pd.DataFrame, a: str, b: str, metric: str, seeds) -> object:
    x = g[(g.budget == a) & g.seed.isin(seeds)].set_index("seed")[metric]
    y = g[(g.budget == b) & g.seed.isin(seeds)].set_index("seed")[metric]
    common = x.index.intersection(y.index)
    return paired_difference(x.loc[common], y.loc[common])


def optimum_table(runs: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    rows = []
    for (turb, shock), g in runs.groupby(ENV, sort=True):
        chosen = g[g.seed.isin(SELECT)].groupby("budget")["value_created"].mean().idxmax()
        row = {"turbulence": turb, "shock_rate": shock, "best_budget": chosen}
        for metric in ("value_created", "mean_quality"):
            for other in ("mesh", "0"):
                ci = paired(g, chosen, other, metric, HELD_OUT)
                row[f"{metric}: best - {other}"] = ci
        rows.append(row)
    lines = [
        "| turbulence | shock rate | best budget (even seeds) | "
        + " | ".join(k for k in rows[0] if ":" in k)
        + " |"
    ]
    lines.append("|---" * (3 + sum(":" in k for k in rows[0])) + "|")
    for r in rows:
        cells = []
        for k, v in r.items():
            if ":" in k:
                star = " *" if v.n and (v.low > 0 or v.high < 0) else ""
                cells.append(fmt(v) + star)
        lines.append(
            f"| {r['turbulence']:g} | {r['shock_rate']:g} | {r['best_budget']} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines), pd.DataFrame(rows)


def variety_vs_sensitivity(ts: pd.DataFrame) -> tuple[str, object]:
    """The rank correlation of each run with shocks, clustered by world (the seed): the
    mean over worlds of each world's mean correlation, with its t interval over worlds."""
    shocked = ts[(ts["sector_shocks.shock_rate"] > 0) & (ts.territory != "world")]
    rhos, worlds = [], []
    for _, run in shocked.groupby("job", sort=False):
        start = run[run.step == run.step.min()].set_index("territory")["unrelated_variety"]
        end = run[run.step == run.step.max()].set_index("territory")["shock_sensitivity"]
        both = pd.concat([start, end], axis=1).dropna()
        if len(both) >= 4 and both.iloc[:, 0].nunique() > 1 and both.iloc[:, 1].nunique() > 1:
            rhos.append(both.rank().corr().iloc[0, 1])
            worlds.append(run["seed"].iloc[0])
    ci = cluster_ci(np.asarray(rhos), np.asarray(worlds))
    text = (
        f"Rank correlation, across territories, between unrelated variety at the start and "
        f"shock sensitivity at the end ({len(rhos)} runs with sector shocks in {ci.n} "
        f"worlds; clustered by world: each world's runs averaged, the 95% interval over "
        f"the worlds): {fmt(ci)}{' *' if ci.n and (ci.low > 0 or ci.high < 0) else ''}. "
        "Negative: diversified territories are hit less than the world; positive: more."
    )
    return text, ci


def figure(runs: pd.DataFrame) -> bytes:
    plt = pyplot()
    budgets = ["0", "1", "2", "3", "5", "mesh"]
    shocks = sorted(runs["sector_shocks.shock_rate"].unique())
    fig, axes = plt.subplots(1, len(shocks), figsize=(5.5 * len(shocks), 4), sharey=True)
    for ax, shock in zip(np.atleast_1d(axes), shocks, strict=True):
        for turb, g in runs[runs["sector_shocks.shock_rate"] == shock].groupby(
            "knowledge.turbulence"
        ):
            cis = [mean_ci(g[g.budget == b]["value_created"]) for b in budgets]
            mean = np.array([c.mean for c in cis])
            ax.errorbar(
                range(len(budgets)),
                mean,
                yerr=[mean - [c.low for c in cis], [c.high for c in cis] - mean],
                capsize=3,
                marker="o",
                label=f"turbulence {turb:g}",
            )
        ax.set_xticks(range(len(budgets)), budgets)
        ax.set(xlabel="link budget", title=f"sector shock rate {shock:g} / quarter")
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("value created (EUR M), mean and 95% CI")
    np.atleast_1d(axes)[0].legend()
    return png(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep", type=Path)
    parser.add_argument("mesh", type=Path)
    parser.add_argument("--out", type=Path, default=Path("results/diversity_value"))
    ns = parser.parse_args()
    runs, ts = runs_and_series(ns.sweep, ns.mesh)
    optimum, _ = optimum_table(runs)
    variety, _ = variety_vs_sensitivity(ts)
    seeds = runs.seed.nunique()
    text = "\n\n".join(
        [
            f"# Why diversity pays: {len(runs)} runs, {seeds} seeds",
            f"Sweeps: `{ns.sweep}`, `{ns.mesh}`.",
            "## Outcomes by environment and link budget (mean [95% CI])",
            outcome_table(runs),
            "## Interior optimum? Best budget (chosen on the even seeds) against the mesh and "
            "isolation on the odd seeds, paired (* : interval excludes 0)",
            optimum,
            "## Diversified territories and sector shocks",
            variety,
        ]
    )
    io.write_text(ns.out / "diversity_value.md", text + "\n")
    image = figure(runs)
    io.atomic_write(ns.out / "diversity_value.png", lambda p: p.write_bytes(image))
    print(ns.out / "diversity_value.md")


if __name__ == "__main__":
    main()
