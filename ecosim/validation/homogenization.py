"""Homogenization: connectivity against convergence, diversity and long-run score.

More connected worlds converge faster and lose more diversity, and semi-isolated
groups with moderate cross-links reach the best long-run outcome (the literature).

Two views, both with ecosim's own mechanisms:

1. *Groups of agents* (Fang, Lee & Schilling 2010, on Lazer & Friedman's setup): 100
   agents in 10 fully connected groups of 10, joined by 0 to all 4,500 possible
   cross-group links; the search is `imitate_and_search` (lazer_friedman.py).
2. *Territories* (the ecosystem model): the default world with hubs linking at random
   under growing link budgets, from `isolated` to `open_mesh`; the world is run with
   its default knowledge settings and with Lazer & Friedman's (N = 20, K = 5, every
   startup looks every quarter, exact copying). Only the config changes.

Convergence speed is the share of solution diversity (expected Hamming distance
between two solutions) lost early on; diversity loss the share lost by the end; the
long-run outcome the mean score (fitness / max)^8 at the end (groups) or the mean
startup quality over the last third of the run (territories).
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.analysis.stats import mean_ci, paired_difference
from ecosim.args import bounded
from ecosim.runs.run import simulate
from ecosim.validation import networks
from ecosim.validation.configs import ecosystem_config
from ecosim.validation.lazer_friedman import (
    NetworkBuilder,
    SearchWorld,
    Trajectories,
    run_networks,
)
from ecosim.validation.output import markdown_table, save_csv, save_figure, save_text

GROUPS, GROUP_SIZE = 10, 10
#: Cross-group links compared, from isolated groups to the totally connected network.
CROSS_LINKS = (0, 2, 5, 10, 20, 50, 100, 500, networks.cross_group_pairs(GROUPS, GROUP_SIZE))
#: Early horizon of the convergence-speed measure (rounds; quarters for territories).
EARLY = 10
#: Ecosystem scenarios: (label, policy, link budget), least to most connected.
SCENARIOS = (
    ("isolated", "isolated", 0),
    ("random_1", "random", 1),
    ("random_2", "random", 2),
    ("random_3", "random", 3),
    ("random_5", "random", 5),
    ("open_mesh", "open_mesh", 3),
)
#: World series kept from each ecosystem run, and the columns naming a run.
TERRITORY_SERIES = ("links", "solution_diversity_loss", "mean_quality")
RUN = ["knowledge", "scenario", "seed"]
#: Knowledge settings of the ecosystem runs: the defaults, and Lazer & Friedman's.
KNOWLEDGE = {
    "default": {},
    "lazer_friedman": {
        "world.nk_n": 20,
        "world.nk_k": 5,
        "knowledge.velocity": 1.0,
        "knowledge.copy_error": 0.0,
    },
}


def group_networks(levels=CROSS_LINKS) -> dict[str, NetworkBuilder]:
    """One clustered network per number of cross-group links."""
    return {str(c): partial(networks.clusters, GROUPS, GROUP_SIZE, c) for c in levels}


def group_table(traj: Trajectories) -> pd.DataFrame:
    """Per cross-link level: convergence speed, diversity loss, long-run score."""
    loss = 1 - traj.diversity / traj.diversity[:, :, :1]
    final = [mean_ci(s) for s in traj.score[:, :, -1]]
    return pd.DataFrame(
        {
            "cross_links": [int(label) for label in traj.labels],
            f"diversity_loss_round_{EARLY}": loss[:, :, EARLY].mean(axis=1),
            "diversity_loss_final": loss[:, :, -1].mean(axis=1),
            "distinct_final": traj.distinct[:, :, -1].mean(axis=1),
            "score_final": [f.mean for f in final],
            "score_final_ci95": [f.mean - f.low for f in final],
        }
    )


def run_territories(
    seeds: int,
    quarters: int,
    first_seed: int,
    progress=None,
    settings: tuple[str, ...] = tuple(KNOWLEDGE),
    scenarios=SCENARIOS,
) -> pd.DataFrame:
    """World series of every (knowledge setting, scenario, seed): one row per quarter.
    Scenarios share seeds, hence worlds, landscapes and startups' fortunes (paired)."""
    frames = []
    runs = [
        (setting, scenario, seed)
        for setting in settings
        for scenario in scenarios
        for seed in range(first_seed, first_seed + seeds)
    ]
    for i, (setting, (label, policy, budget), seed) in enumerate(runs):
        links = {"policy.name": policy, "policy.link_budget": budget}
        cfg = ecosystem_config(seed, quarters, {**links, **KNOWLEDGE[setting]})
        _, ts, _ = simulate(cfg)
        world = ts.loc[ts.territory == "world", ["step", *TERRITORY_SERIES]]
        frames.append(world.assign(knowledge=setting, scenario=label, seed=seed))
        if progress is not None:
            progress(i + 1, len(runs))
    return pd.concat(frames, ignore_index=True)


def territory_per_seed(series: pd.DataFrame) -> pd.DataFrame:
    """Per run: links, convergence speed, diversity loss, long-run quality (mean over the
    last third of the run)."""
    last = int(series.step.max())
    runs = series.groupby(RUN, sort=False)
    early = series[series.step == min(EARLY, last)].set_index(RUN)
    late = series[series.step > last - last // 3].groupby(RUN, sort=False)
    return pd.DataFrame(
        {
            "links": runs["links"].last(),
            f"diversity_loss_q{EARLY}": early["solution_diversity_loss"],
            "diversity_loss_final": runs["solution_diversity_loss"].last(),
            "quality_long_run": late["mean_quality"].mean(),
        }
    ).reset_index()


def territory_table(per_seed: pd.DataFrame) -> pd.DataFrame:
    """Means over seeds per knowledge setting and scenario (least connected first)."""
    table = per_seed.groupby(["knowledge", "scenario"], sort=False).mean(numeric_only=True)
    return table.drop(columns="seed").reset_index()


def best_versus_extremes(values: np.ndarray) -> dict:
    """`values[level, replicate]`, levels least to most connected: the best level on
    average, and paired differences (same landscapes / seeds) against both extremes."""
    best = int(np.argmax(values.mean(axis=1)))
    return {
        "best": best,
        "vs_least": paired_difference(values[best], values[0]),
        "vs_most": paired_difference(values[best], values[-1]),
    }


def _describe(comp: dict, labels: list[str]) -> str:
    """One line: where the long run is best, and its paired differences to the extremes."""

    def ci(d) -> str:
        return f"{d.mean:+.3f} [{d.low:+.3f}, {d.high:+.3f}]"

    return (
        f"best long run at **{labels[comp['best']]}**; paired difference (mean [95% CI]) "
        f"vs {labels[0]}: {ci(comp['vs_least'])}, vs {labels[-1]}: {ci(comp['vs_most'])}"
    )


def plot(traj: Trajectories, groups: pd.DataFrame, series: pd.DataFrame, terr: pd.DataFrame):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    colors = plt.cm.viridis(np.linspace(0, 0.9, len(traj.labels)))
    rounds = np.arange(traj.score.shape[2])
    for label, s, d, c in zip(traj.labels, traj.score, traj.diversity, colors, strict=True):
        axes[0, 0].plot(rounds, s.mean(axis=0), color=c, label=label)
        axes[0, 1].plot(rounds, d.mean(axis=0), color=c, label=label)
    axes[0, 0].set(xlabel="round", ylabel="mean score (fitness / max)$^8$")
    axes[0, 0].set_title(f"{GROUPS} groups of {GROUP_SIZE} agents: performance")
    axes[0, 1].set(xlabel="round", ylabel="solution diversity (expected Hamming distance)")
    axes[0, 1].set_title("diversity")
    axes[0, 0].legend(title="cross-group links", fontsize=8, ncol=2)
    _by_level(axes[0, 2], groups["cross_links"], {"": groups}, "score_final")
    axes[0, 2].set(xlabel="cross-group links", title=f"long run (round {rounds[-1]})")

    lf = series[series.knowledge == "lazer_friedman"]
    sc_colors = plt.cm.plasma(np.linspace(0, 0.85, len(SCENARIOS)))
    for (label, _, _), c in zip(SCENARIOS, sc_colors, strict=True):
        mine = lf[lf.scenario == label].groupby("step")
        axes[1, 0].plot(mine["mean_quality"].mean(), color=c, label=label)
        axes[1, 1].plot(mine["solution_diversity_loss"].mean(), color=c, label=label)
    axes[1, 0].set(xlabel="quarter", ylabel="mean startup quality")
    axes[1, 0].set_title("territories, LF knowledge: quality")
    axes[1, 1].set(xlabel="quarter", ylabel="solution diversity loss")
    axes[1, 1].set_title("territories, LF knowledge: diversity loss")
    axes[1, 0].legend(title="policy (link budget)", fontsize=8)
    by_setting = {k: terr[terr.knowledge == k] for k in KNOWLEDGE}
    _by_level(axes[1, 2], [lab for lab, _, _ in SCENARIOS], by_setting, "quality_long_run")
    axes[1, 2].set(xlabel="policy (link budget)", title="territories: long run (last third)")
    fig.tight_layout()
    return fig


def _by_level(ax, levels, tables: dict[str, pd.DataFrame], score: str) -> None:
    """Long-run score (blue, left) and diversity loss (red, right: dashed early, dotted
    final) per connectivity level; one marker per table."""
    pos = np.arange(len(levels))
    twin = ax.twinx()
    for (name, table), marker in zip(tables.items(), "os", strict=False):
        ax.plot(pos, table[score], marker=marker, color="tab:blue", label=name or None)
        losses = [c for c in table.columns if c.startswith("diversity_loss")]
        for col, style in zip(losses, ("--", ":"), strict=True):
            twin.plot(pos, table[col], style, marker=marker, color="tab:red")
    ax.set_xticks(pos, [str(v) for v in levels], rotation=30, fontsize=8)
    ax.set_ylabel("long-run score", color="tab:blue")
    twin.set_ylabel("diversity loss (dashed: early, dotted: final)", color="tab:red")
    twin.set_ylim(0, 1.05)
    if len(tables) > 1:  # on the twin axis, drawn last, so that its lines do not cover it
        twin.legend(handles=ax.get_lines(), title="knowledge", fontsize=8, loc="lower right")


def summary_markdown(groups, per_seed, terr, traj, setup) -> str:
    score_cmp = best_versus_extremes(traj.score[:, :, -1])
    lines = [
        "# Homogenization with ecosim's mechanisms",
        "",
        "Setup: " + ", ".join(f"{k} = {v}" for k, v in setup.items()),
        "",
        f"## Groups of agents ({GROUPS} groups of {GROUP_SIZE}, Lazer & Friedman search)",
        "",
        "- " + _describe(score_cmp, [f"{lab} cross-group links" for lab in traj.labels]),
        "",
        markdown_table(groups),
        "",
        "## Territories (ecosystem model, default world, random links by budget)",
        "",
    ]
    labels = [label for label, _, _ in SCENARIOS]
    for setting in KNOWLEDGE:
        mine = per_seed[per_seed.knowledge == setting]
        quality = np.stack([mine[mine.scenario == lab]["quality_long_run"] for lab in labels])
        lines.append(
            f"- knowledge `{setting}`: " + _describe(best_versus_extremes(quality), labels)
        )
    lines += ["", markdown_table(terr), ""]
    return "\n".join(lines)


def add_arguments(parser) -> None:
    add = parser.add_argument
    add(
        "--landscapes",
        type=bounded(int, 1, 100_000),
        default=500,
        help="groups: landscapes (%(default)s)",
    )
    add(
        "--rounds",
        type=bounded(int, EARLY, 10_000),
        default=100,
        help="groups: rounds (%(default)s)",
    )
    add("--seeds", type=bounded(int, 2, 1000), default=10, help="territories: seeds (%(default)s)")
    add("--quarters", type=bounded(int, EARLY, 1000), default=120, help="territories (%(default)s)")


def main(ns, out: Path, progress) -> list[Path]:
    world = SearchWorld()
    traj = run_networks(
        world, group_networks(), ns.landscapes, ns.rounds, ns.seed, progress("groups, landscape")
    )
    groups = group_table(traj)
    series = run_territories(ns.seeds, ns.quarters, ns.seed, progress("territories, run"))
    per_seed = territory_per_seed(series)
    terr = territory_table(per_seed)
    setup = {
        **dataclasses.asdict(world),
        "landscapes": ns.landscapes,
        "rounds": ns.rounds,
        "ecosystem seeds": ns.seeds,
        "quarters": ns.quarters,
        "seed": ns.seed,
    }
    return [
        save_csv(groups, out / "groups.csv"),
        save_csv(per_seed, out / "territories_per_seed.csv"),
        save_csv(terr, out / "territories.csv"),
        save_figure(plot(traj, groups, series, terr), out / "homogenization.png"),
        save_text(out / "summary.md", summary_markdown(groups, per_seed, terr, traj, setup)),
    ]
