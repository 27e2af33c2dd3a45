"""Stylized facts of start-up ecosystems: the default world against published ranges.

The default configuration (`EcosimConfig()`: the two_speed world, complementarity) is
run over several seeds; each fact is a statistic the model already reports in its
summary, compared with the range the literature gives
(`../shared/reference/calibration-and-validation.md`). Figures marked secondary
there are treated as ranges: a point figure gets +-10 points (+-5 for Eurostat's
survival rates), a published range is used as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.analysis.stats import mean_ci
from ecosim.args import bounded
from ecosim.config import EcosimConfig
from ecosim.kpis import KPIS
from ecosim.runs.run import simulate
from ecosim.validation.configs import ecosystem_config
from ecosim.validation.output import markdown_table, save_csv, save_figure, save_text


@dataclass(frozen=True)
class Fact:
    key: str  # the summary statistic (docs/ODD.md section 5)
    label: str
    low: float
    high: float
    published: str
    source: str
    scale: float = 1.0  # summary value x scale = the published unit


FACTS = (
    Fact(
        "share_below_1x",
        "realized deals returning < 1x",
        0.55,
        0.75,
        "~65%",
        "venture return skew (secondary)",
    ),
    Fact("share_10x", "realized deals returning >= 10x", 0.04, 0.06, "4-6%", "idem"),
    Fact(
        "top5pct_value_share",
        "exit value made by the top 5% of deals",
        0.50,
        0.70,
        "~60% (by the 4-6% of 10x deals)",
        "idem",
    ),
    Fact("survival_1y", KPIS["survival_1y"].label["en"], 0.75, 0.85, "~80%", "Eurostat"),
    Fact(
        "survival_5y",
        KPIS["survival_5y"].label["en"],
        0.39,
        0.49,
        "~44%",
        "Eurostat (BLS: 44% at 4 years)",
    ),
    Fact(
        "second_round_share",
        "funded startups raising a second round",
        0.40,
        0.46,
        "40-46%",
        "CB Insights (secondary)",
    ),
    Fact(
        "mean_quarters_to_exit",
        "time to exit (years)",
        3.0,
        7.0,
        "3-7 years",
        "US venture-backed exits 2001-2014",
        scale=0.25,
    ),
    Fact(
        "top_share_investment",
        KPIS["top_share_investment"].label["en"],
        0.50,
        0.90,
        "top 5 of 40 ecosystems ~50%; top 5 US metros >80%",
        "Startup Genome 2024; US VC (secondary)",
    ),
    Fact(
        "within_territory_imitation_share",
        "knowledge partnerships within the own territory",
        0.36,
        0.56,
        "46% same region, 54% elsewhere",
        "OECD co-patenting",
    ),
    Fact(
        "territory_mean_within_share",
        "idem, mean over territories",
        0.36,
        0.56,
        "46% same region, 54% elsewhere",
        "idem",
    ),
)


def territory_mean_within_share(timeseries: pd.DataFrame) -> float:
    """Share of each territory's copies made within it over the run, averaged over
    territories: the aggregate share is dominated by the largest territory."""
    terr = timeseries[timeseries.territory != "world"].groupby("territory")
    within, across = terr["imitations_within"].sum(), terr["imitations_across"].sum()
    return float((within / (within + across)).mean())


def measure(seeds: int, quarters: int, first_seed: int = 0, progress=None) -> pd.DataFrame:
    """One row per seed, one column per fact (in the published unit)."""
    rows = []
    for i, seed in enumerate(range(first_seed, first_seed + seeds)):
        summary, timeseries, _ = simulate(ecosystem_config(seed, quarters))
        summary["territory_mean_within_share"] = territory_mean_within_share(timeseries)
        rows.append({"seed": seed, **{f.key: summary[f.key] * f.scale for f in FACTS}})
        if progress is not None:
            progress(i + 1, seeds)
    return pd.DataFrame(rows)


def compare(per_seed: pd.DataFrame) -> pd.DataFrame:
    """Per fact: the published range, the mean over seeds with its 95% CI, and whether
    the mean is inside the range."""
    rows = []
    for f in FACTS:
        ci = mean_ci(per_seed[f.key])
        rows.append(
            {
                "fact": f.label,
                "published": f.published,
                "source": f.source,
                "low": f.low,
                "high": f.high,
                "measured": ci.mean,
                "ci95_low": ci.low,
                "ci95_high": ci.high,
                "in_range": bool(f.low <= ci.mean <= f.high),
            }
        )
    return pd.DataFrame(rows)


def plot(per_seed: pd.DataFrame, table: pd.DataFrame):
    import matplotlib.pyplot as plt

    cols = 5
    rows = int(np.ceil(len(FACTS) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(17, 2.4 * rows))
    for ax, f, (_, row) in zip(axes.flat, FACTS, table.iterrows(), strict=False):
        values = per_seed[f.key].to_numpy()
        lo, hi = min(f.low, np.nanmin(values)), max(f.high, np.nanmax(values))
        pad = 0.15 * (hi - lo)
        ax.axvspan(f.low, f.high, color="tab:green", alpha=0.25, label="published range")
        ax.plot(values, np.zeros_like(values), "o", color="tab:blue", alpha=0.5, label="seeds")
        ax.plot([row.measured], [0], "D", color="black", ms=8, label="mean")
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
        status=np.where(table.in_range, "in range", "**outside**"),
    )[["fact", "published", "range", "measured", "ci95", "status", "source"]]
    return "\n".join(
        [
            "# Stylized facts: the default world against published ranges",
            "",
            "Setup: " + ", ".join(f"{k} = {v}" for k, v in setup.items()),
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
        default=EcosimConfig().sim.steps,
        help="(%(default)s)",
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
