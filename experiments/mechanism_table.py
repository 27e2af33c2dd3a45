"""The metrics of a seed mechanism that the report's KPI table does not show.

Usage (reads the sweep's run directories, like `ecosim collect`):

    python experiments/mechanism_table.py SWEEP_DIR key=baseline METRIC [METRIC ...] \
        [--out FILE.md]

Prints (and writes to FILE.md) each metric's mean per scenario with its 95% interval,
then the paired differences (same seeds) of every value of `key` against its baseline
at the same values of the other swept keys, each with its margin (the metric's smallest
effect, `ecosim.kpis.smallest_effect`), p-value, Benjamini-Hochberg adjusted p-value over
the table's comparisons and verdict (docs/STATISTICS.md); `*` marks a distinguishable
one (adjusted p < 0.05 and interval excluding zero).
The metrics are the final values of `summary.json` (docs/ODD.md §5), e.g.
`perception_gap`, `cum_origin_investment`, `practice_mean_lag`, `links_cut_by_horizon`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ecosim.analysis.stats import grouped_ci, paired_differences
from ecosim.runs.collect import collect, parse_values


def fmt(x: float) -> str:
    return "n/a" if x != x else f"{x:.4g}"


def table(sweep: Path, baseline: str, metrics: list[str]) -> str:
    collected = collect(sweep)
    runs = collected.complete
    ((factor, base),) = parse_values([baseline]).items()
    others = [k for k in collected.factors if k not in (factor, "seed")]
    lines = [f"# Mechanism metrics: {sweep}", "", "## Mean per scenario [95% CI]", ""]
    lines += ["| scenario | " + " | ".join(metrics) + " |", "|---" * (len(metrics) + 1) + "|"]
    ci = grouped_ci(runs, ["scenario"], metrics)
    for scenario, group in ci.groupby("scenario", sort=False):
        cells = [
            f"{fmt(r['mean'])} [{fmt(r['low'])}, {fmt(r['high'])}]"
            for _, r in group.set_index("metric").loc[metrics].reset_index().iterrows()
        ]
        lines.append(f"| {scenario} | " + " | ".join(cells) + " |")
    diff = paired_differences(runs, factor, base, metrics, within=others)
    lines += ["", f"## Paired differences against {factor}={base} (same seeds)", ""]
    columns = ["metric", "difference [95% CI]", "n", "margin", "p", "adjusted p", "verdict"]
    lines += ["| " + " | ".join([factor, *others, *columns]) + " |"]
    lines += ["|---" * (len(others) + 1 + len(columns)) + "|"]
    for _, r in diff.iterrows():
        star = " *" if r["distinguishable"] else ""
        lines.append(
            "| "
            + " | ".join(str(r[k]) for k in [factor, *others, "metric"])
            + f" | {fmt(r['mean'])} [{fmt(r['low'])}, {fmt(r['high'])}]{star} | {r['n']}"
            + f" | ±{fmt(r['margin'])} | {fmt(r['p_value'])} | {fmt(r['p_adjusted'])}"
            + f" | {r['verdict']} |"
        )
    lines += [
        "",
        f"p-values adjusted for {int(diff['p_value'].notna().sum())} comparisons "
        "(Benjamini-Hochberg false discovery rate).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep_dir", type=Path)
    parser.add_argument("baseline", help="key=value of a swept key")
    parser.add_argument("metrics", nargs="+")
    parser.add_argument("--out", type=Path)
    ns = parser.parse_args()
    text = table(ns.sweep_dir, ns.baseline, ns.metrics)
    print(text)
    if ns.out:
        ns.out.parent.mkdir(parents=True, exist_ok=True)
        ns.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
