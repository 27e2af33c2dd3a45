"""Stylized facts of start-up ecosystems: the default world against published ranges.

The default configuration (`EcosimConfig()`: the two_speed world, complementarity) is
run over several seeds; each fact (`ecosim.analysis.facts`: definitions, published
ranges, calibration or held-out role) is judged by its 95% interval over seeds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.analysis.facts import FACTS, FACTS_QUARTERS, compare, fact_values
from ecosim.args import bounded
from ecosim.config import EcosimConfig
from ecosim.runs.run import simulate
from ecosim.validation.configs import ecosystem_config
from ecosim.validation.output import markdown_table, save_csv, save_figure, save_text


def measure(seeds: int, quarters: int, first_seed: int = 0, progress=None) -> pd.DataFrame:
    """One row per seed, one column per fact (in the published unit)."""
    rows = []
    for i, seed in enumerate(range(first_seed, first_seed + seeds)):
        summary, timeseries, _ = simulate(ecosystem_config(seed, quarters))
        rows.append({"seed": seed, **fact_values(summary, timeseries)})
        if progress is not None:
            progress(i + 1, seeds)
    return pd.DataFrame(rows)


def plot(per_seed: pd.DataFrame, table: pd.DataFrame):
    import matplotlib.pyplot as plt

    cols = 5
    rows = int(np.ceil(len(FACTS) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(17, 2.4 * rows))
    for ax, f, (_, row) in zip(axes.flat, FACTS, table.iterrows(), strict=False):
        values = per_seed[f.key].dropna().to_numpy()
        lo, hi = min(f.low, np.nanmin(values)), max(f.high, np.nanmax(values))
        pad = 0.15 * (hi - lo)
        ax.axvspan(f.low, f.high, color="tab:green", alpha=0.25, label="published range")
        ax.plot(values, np.zeros_like(values), "o", color="tab:blue", alpha=0.5, label="seeds")
        ax.plot([row.measured], [0], "D", color="black", ms=8, label="mean")
        ax.errorbar(
            [row.measured],
            [0],
            xerr=[[row.measured - row.ci95_low], [row.ci95_high - row.measured]],
            color="black",
            capsize=4,
            label="95% CI",
        )
        ax.set(xlim=(lo - pad, hi + pad), yticks=[])
        ax.set_title(f.label, fontsize=9)
    for ax in axes.flat[len(FACTS) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7, loc="upper left")
    fig.suptitle("Default world against published stylized facts")
    fig.tight_layout()
    return fig


def summary_markdown(table: pd.DataFrame, setup: dict) -> str:
    shown = table.assign(
        range=[f"{lo:g}-{hi:g}" for lo, hi in zip(table.low, table.high, strict=True)],
        ci95=[
            f"[{lo:.3f}, {hi:.3f}]" for lo, hi in zip(table.ci95_low, table.ci95_high, strict=True)
        ],
        status=[f"**{s}**" if s == "outside" else s for s in table.status],
    )[["fact", "role", "published", "range", "measured", "ci95", "status", "source"]]
    return "\n".join(
        [
            "# Stylized facts: the default world against published ranges",
            "",
            "Setup: " + ", ".join(f"{k} = {v}" for k, v in setup.items()),
            "",
            "Status: where the 95% interval over seeds lies against the published range "
            "(inside / overlaps / outside). Role: whether `ecosim calibrate` fits the fact "
            "or keeps it held out (docs/VALIDATION.md).",
            "",
            markdown_table(shown),
            "",
        ]
    )


def add_arguments(parser) -> None:
    add = parser.add_argument
    add("--seeds", type=bounded(int, 2, 1000), default=20, help="(%(default)s)")
    add(
        "--quarters",
        type=bounded(int, 24, 1000),
        default=FACTS_QUARTERS,
        help="(%(default)s: the burn-in, the follow-up and 44 quarters of births)",
    )


def main(ns, out: Path, progress) -> list[Path]:
    per_seed = measure(ns.seeds, ns.quarters, ns.seed, progress=progress("seed"))
    table = compare(per_seed)
    setup = {
        "world": "default (two_speed)",
        "policy": EcosimConfig().policy.name,
        "seeds": f"{ns.seed}-{ns.seed + ns.seeds - 1}",
        "quarters": ns.quarters,
    }
    return [
        save_csv(per_seed, out / "per_seed.csv"),
        save_csv(table, out / "facts.csv"),
        save_figure(plot(per_seed, table), out / "stylized_facts.png"),
        save_text(out / "summary.md", summary_markdown(table, setup)),
    ]
