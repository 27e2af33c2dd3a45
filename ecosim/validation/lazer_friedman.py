"""Lazer & Friedman (2007) run with ecosim's own knowledge module.

Their world: 100 agents on an NK landscape (N = 20, K = 5), each holding a solution.
Every round an agent, with probability `velocity`, looks at its network neighbours and
copies the best one if it scores higher (each differing bit with probability
1 - `copy_error`); otherwise it flips one random bit and keeps the flip if it helps.
That is `ecosim.core.knowledge.imitate_and_search` - the function the ecosystem model
calls every quarter - with one agent per node (`group = arange(agents)`), one sector
and `reach` = the network's adjacency. Nothing here re-implements the search; this
module only builds the networks, draws the same landscapes and starting solutions
for every network, and records what the paper reports: mean score (fitness /
max)^8 over time, which network leads, head-to-head wins and distinct solutions.

With `--turbulence RATES`, the landscape also changes under the agents (March 1991): each
round it is shocked with that probability and a share of its contributions redrawn by
`Landscapes.redrawn` and `replace`, the functions the ecosystem model's turbulence uses.
Every network sees the same shocks in the same rounds; the summary reports how the
crossover and the final ranking move with the shock rate.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.args import bounded
from ecosim.core.knowledge import imitate_and_search
from ecosim.core.landscape import Landscapes, random_solutions
from ecosim.core.measures import distinct_solutions, solution_diversity
from ecosim.validation import networks
from ecosim.validation.output import markdown_table, save_csv, save_figure, save_text

#: A network builder: draws one network (adjacency matrix) from a seeded generator.
NetworkBuilder = Callable[[np.random.Generator], np.ndarray]


@dataclass(frozen=True)
class SearchWorld:
    """What every compared network shares (Lazer & Friedman's defaults)."""

    agents: int = 100
    n: int = 20
    k: int = 5
    velocity: float = 1.0
    copy_error: float = 0.0
    power: float = 8.0
    turbulence: float = 0.0  # probability per round that the landscape is shocked
    turbulence_share: float = 0.5  # share of its contributions a shock redraws


@dataclass
class Trajectories:
    """Per network, landscape and round (0 = the starting solutions)."""

    labels: list[str]
    score: np.ndarray  # mean (fitness / max)^power over agents
    distinct: np.ndarray  # distinct solutions among agents
    diversity: np.ndarray  # expected normalized Hamming distance between two agents

    def mean(self, what: str) -> pd.DataFrame:
        """Mean over landscapes: one row per round, one column per network."""
        return pd.DataFrame(getattr(self, what).mean(axis=1).T, columns=self.labels)


def run_networks(
    world: SearchWorld,
    builders: dict[str, NetworkBuilder],
    landscapes: int,
    rounds: int,
    seed: int,
    progress=None,
) -> Trajectories:
    """Run every network on the same landscapes from the same starting solutions.

    Landscape `l` and its starting solutions come from SeedSequence([seed, l]); a
    network's draws (its links, then the search) from a stream keyed by its label, so
    a network's results do not depend on which other networks are run with it.
    """
    shape = (len(builders), landscapes, rounds + 1)
    score, distinct, diversity = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    sector = np.zeros(world.agents, dtype=np.int64)
    for land in range(landscapes):
        land_seq, start_seq = np.random.SeedSequence([seed, land]).spawn(2)
        ls = Landscapes(1, world.n, world.k, np.random.default_rng(land_seq))
        start = random_solutions(world.agents, world.n, np.random.default_rng(start_seq))
        shocks = shock_schedule(ls, world, rounds, np.random.default_rng([seed, land, 1]))
        calm = (ls.tables.copy(), ls.max_fitness.copy())
        for j, (label, build) in enumerate(builders.items()):
            rng = np.random.default_rng([seed, land, zlib.crc32(label.encode())])
            reach = networks.reach(build(rng))
            ls.tables, ls.max_fitness = calm[0].copy(), calm[1].copy()
            bits, fit = start, ls.fitness(start, sector)
            for r in range(rounds + 1):
                if r in shocks:
                    ls.tables, ls.max_fitness = shocks[r][0].copy(), shocks[r][1].copy()
                    fit = ls.fitness(bits, sector)
                if r:
                    bits, fit, _ = imitate_and_search(
                        bits,
                        fit,
                        sector,
                        np.arange(world.agents),
                        reach,
                        ls,
                        rng,
                        world.velocity,
                        world.copy_error,
                    )
                score[j, land, r] = ls.quality(fit, sector, world.power).mean()
                distinct[j, land, r] = distinct_solutions(bits, sector)
                diversity[j, land, r] = solution_diversity(bits, sector, 1)
        if progress is not None:
            progress(land + 1, landscapes)
    return Trajectories(list(builders), score, distinct, diversity)


def shock_schedule(ls: Landscapes, world: SearchWorld, rounds: int, rng) -> dict:
    """The landscape after each shock, by round: every network meets the same changes.
    Drawn on a copy of the calm landscape, which is left as it was."""
    if world.turbulence == 0:
        return {}
    tables, maxima = ls.tables.copy(), ls.max_fitness.copy()
    out = {}
    for r in range(1, rounds + 1):
        if rng.random() < world.turbulence:
            ls.replace(0, ls.redrawn(0, world.turbulence_share, rng))
            out[r] = (ls.tables.copy(), ls.max_fitness.copy())
    ls.tables, ls.max_fitness = tables, maxima
    return out


def lf_networks(agents: int, density: float, rewirings: int) -> dict[str, NetworkBuilder]:
    """Lazer & Friedman's network types, sparsest first."""
    return {
        "linear": lambda rng: networks.linear(agents),
        "small_world": lambda rng: networks.small_world(agents, rewirings, rng),
        "random": lambda rng: networks.random_density(agents, density, rng),
        "full": lambda rng: networks.full(agents),
    }


def crossover_round(sparse: np.ndarray, dense: np.ndarray) -> int | None:
    """First round from which `sparse` stays ahead of `dense` to the end (None: it never
    does). Both series are means over landscapes, indexed by round."""
    behind = np.flatnonzero(sparse - dense <= 0)
    if len(behind) == 0:
        return 0
    last = int(behind[-1])
    return None if last == len(sparse) - 1 else last + 1


def round_table(traj: Trajectories) -> pd.DataFrame:
    """One row per round: mean score and distinct solutions per network, the leader, and
    on how many landscapes the linear network beats, loses to or ties the full one."""
    score, distinct = traj.mean("score"), traj.mean("distinct")
    table = pd.DataFrame({"round": np.arange(len(score))})
    for label in traj.labels:
        table[f"score_{label}"] = score[label]
        table[f"distinct_{label}"] = distinct[label]
    table["leader"] = score.idxmax(axis=1)
    lin, ful = traj.score[traj.labels.index("linear")], traj.score[traj.labels.index("full")]
    table["linear_wins"] = (lin > ful).sum(axis=0)
    table["full_wins"] = (lin < ful).sum(axis=0)
    table["ties"] = (lin == ful).sum(axis=0)
    return table


def plot(traj: Trajectories, title: str):
    import matplotlib.pyplot as plt

    fig, (ax_s, ax_d) = plt.subplots(1, 2, figsize=(11, 4.2))
    rounds = np.arange(traj.score.shape[2])
    n_land = traj.score.shape[1]
    for label, s, d in zip(traj.labels, traj.score, traj.distinct, strict=True):
        mean = s.mean(axis=0)
        half = 1.96 * s.std(axis=0, ddof=1) / np.sqrt(n_land) if n_land > 1 else 0 * mean
        (line,) = ax_s.plot(rounds, mean, label=label)
        ax_s.fill_between(rounds, mean - half, mean + half, color=line.get_color(), alpha=0.2)
        ax_d.plot(rounds, d.mean(axis=0), label=label)
    ax_s.set(xlabel="round", ylabel="mean score (fitness / max)$^8$", title="performance")
    ax_d.set(xlabel="round", ylabel="distinct solutions (of 100 agents)", yscale="log")
    ax_d.set_title("diversity")
    ax_s.legend(title="network")
    fig.suptitle(title)
    return fig


def summary_markdown(traj: Trajectories, table: pd.DataFrame, setup: dict) -> str:
    last = table.iloc[-1]
    cross = crossover_round(table["score_linear"].to_numpy(), table["score_full"].to_numpy())
    full_led = table.index[table["score_full"] > table["score_linear"]]
    milestones = (0, 1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 60, 80)
    shown = sorted({r for r in milestones if r < len(table)} | {len(table) - 1})
    cols = ["round", *[c for c in table.columns if c.startswith(("score_", "distinct_"))]]
    cols += ["leader", "linear_wins", "full_wins", "ties"]
    lines = [
        "# Lazer & Friedman (2007) with ecosim's knowledge module",
        "",
        "Setup: " + ", ".join(f"{k} = {v}" for k, v in setup.items()),
        "",
        f"- full network ahead of linear in rounds: "
        f"{_ranges(full_led) if len(full_led) else 'none'}",
        f"- crossover (linear ahead of full from this round to the end): "
        f"{'never' if cross is None else cross}",
        f"- head-to-head at round {int(last['round'])}: linear beats full on "
        f"{int(last['linear_wins'])} landscapes, full beats linear on {int(last['full_wins'])}, "
        f"{int(last['ties'])} ties",
        f"- distinct solutions at round {int(last['round'])}: "
        + ", ".join(f"{lab} {last[f'distinct_{lab}']:.1f}" for lab in traj.labels),
        "",
        markdown_table(table.loc[shown, cols]),
        "",
    ]
    return "\n".join(lines)


def _ranges(rounds) -> str:
    """'1-17, 19' for [1, 2, ..., 17, 19]."""
    rounds = list(map(int, rounds))
    parts, start = [], rounds[0]
    for prev, cur in zip(rounds, [*rounds[1:], None], strict=True):
        if cur != prev + 1:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(parts)


def rates(text: str) -> list[float]:
    """`0,0.02,0.05` -> shock rates per round, each in [0, 1]."""
    parse = bounded(float, 0, 1)
    values = [parse(part) for part in text.split(",")]
    if len(set(values)) != len(values):
        raise ValueError(f"{text}: a rate is repeated")
    return values


def turbulence_table(runs: dict[float, Trajectories]) -> pd.DataFrame:
    """Per shock rate: who leads when, where linear overtakes full, the final ranking."""
    rows = []
    for rate, traj in runs.items():
        table = round_table(traj)
        last = table.iloc[-1]
        score = traj.mean("score").iloc[-1].sort_values(ascending=False)
        full_led = table.index[table["score_full"] > table["score_linear"]]
        cross = crossover_round(table["score_linear"].to_numpy(), table["score_full"].to_numpy())
        rows.append(
            {
                "turbulence": rate,
                "full_ahead_in_rounds": _ranges(full_led) if len(full_led) else "none",
                "crossover": "never" if cross is None else cross,
                "final_ranking": " > ".join(score.index),
                **{f"final_{label}": score[label] for label in traj.labels},
                "linear_wins": int(last["linear_wins"]),
                "full_wins": int(last["full_wins"]),
            }
        )
    return pd.DataFrame(rows)


def plot_turbulence(runs: dict[float, Trajectories]):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(runs), figsize=(4.2 * len(runs), 3.8), sharey=True)
    for ax, (rate, traj) in zip(np.atleast_1d(axes), runs.items(), strict=True):
        mean = traj.mean("score")
        for label in traj.labels:
            ax.plot(mean.index, mean[label], label=label)
        ax.set(title=f"turbulence {rate:g} / round", xlabel="round")
    np.atleast_1d(axes)[0].set_ylabel("mean score (fitness / max)$^8$")
    np.atleast_1d(axes)[0].legend(title="network")
    return fig


def add_arguments(parser) -> None:
    add = parser.add_argument
    add(
        "--turbulence",
        type=rates,
        default=[0.0],
        help="landscape shock rates per round, comma-separated; the first drives the main "
        "outputs, all are compared in turbulence.csv (%(default)s)",
    )
    add(
        "--turbulence-share",
        type=bounded(float, 0, 1),
        default=0.5,
        help="share of the landscape's contributions a shock redraws (%(default)s)",
    )
    add("--landscapes", type=bounded(int, 1, 100_000), default=1000, help="as LF (%(default)s)")
    add("--rounds", type=bounded(int, 1, 10_000), default=100, help="(%(default)s)")
    add("--k", type=bounded(int, 0, 19), default=5, help="NK K, with N = 20 (%(default)s)")
    add("--velocity", type=bounded(float, 0, 1), default=1.0, help="P(look at peers) (%(default)s)")
    add(
        "--copy-error",
        type=bounded(float, 0, 1),
        default=0.0,
        help="P(bit not copied) (%(default)s)",
    )
    add(
        "--density",
        type=bounded(float, 0, 1),
        default=0.05,
        help="of the random network (%(default)s)",
    )
    add(
        "--rewirings",
        type=bounded(int, 0, 4950),
        default=5,
        help="of the small world (%(default)s)",
    )


def main(ns, out: Path, progress) -> list[Path]:
    worlds = {
        rate: SearchWorld(
            k=ns.k,
            velocity=ns.velocity,
            copy_error=ns.copy_error,
            turbulence=rate,
            turbulence_share=ns.turbulence_share,
        )
        for rate in ns.turbulence
    }
    world = worlds[ns.turbulence[0]]
    builders = lf_networks(world.agents, ns.density, ns.rewirings)
    runs = {
        rate: run_networks(w, builders, ns.landscapes, ns.rounds, ns.seed, progress(f"t={rate}"))
        for rate, w in worlds.items()
    }
    traj = runs[ns.turbulence[0]]
    table = round_table(traj)
    setup = {
        "agents": world.agents,
        "N": world.n,
        "K": world.k,
        "landscapes": ns.landscapes,
        "rounds": ns.rounds,
        "velocity": world.velocity,
        "copy error": world.copy_error,
        "random density": ns.density,
        "small-world rewirings": ns.rewirings,
        "turbulence": world.turbulence,
        "turbulence share": world.turbulence_share,
        "seed": ns.seed,
    }
    title = f"Lazer & Friedman setup: {ns.landscapes} landscapes, N=20, K={world.k}, " + (
        f"velocity {world.velocity:g}, copy error {world.copy_error:g}"
    )
    text = summary_markdown(traj, table, setup)
    written = [
        save_csv(table, out / "rounds.csv"),
        save_figure(plot(traj, title), out / "lazer_friedman.png"),
    ]
    if len(runs) > 1 or world.turbulence > 0:
        shocks = turbulence_table(runs)
        written += [
            save_csv(shocks, out / "turbulence.csv"),
            save_figure(plot_turbulence(runs), out / "turbulence.png"),
        ]
        text += "\n## Under turbulence\n\n" + markdown_table(shocks) + "\n"
    return [*written, save_text(out / "summary.md", text)]
