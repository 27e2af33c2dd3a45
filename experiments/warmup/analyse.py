"""Steady state and warm-up of the default world (docs/ODD.md sections 6.2 and 8).

Usage (`run.sh` does it): python experiments/warmup/analyse.py [--seeds 20] --out DIR

1. **Why investment rose** (issue 23): per 20-quarter block, the mean over seeds of the
   money funds received (commitments, recycled proceeds), investment by stage, dry powder,
   seekers and those passing the investors' bar, mean quality, scale-stage startups -
   without the recycling cap (`economy.recycling_cap=1000`, the model before it), also
   without the limit on deals per investor or without any recycling, and with the cap
   (the default).
2. **Warm-up**: MSER-5 (ecosim.analysis.warmup) of the world's investment and live
   startups, on the mean over seeds and seed by seed, at several run lengths.
3. **Drift**: the fitted facts and investment per quarter after the burn-in at several
   run lengths, mean and 95% interval over seeds: before (no cap, burn-in 8, outcomes up
   to the end of the run), after (the defaults), and after without talent mobility (the
   mechanism that still moves the facts). A run to T quarters is the prefix of a longer
   one, so each seed is run once to the longest length and judged at every length.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.analysis.stats import mean_ci
from ecosim.analysis.warmup import mser_replications
from ecosim.config import validate
from ecosim.core.model import EcosystemModel
from ecosim.validation.configs import ecosystem_config
from ecosim.validation.output import markdown_table

BEFORE = {"economy.recycling_cap": 1000.0, "sim.burn_in": 8, "sim.follow_up": 0}
NO_TALENT = {"economy.talent_mobility": 0.0}
NO_DEAL_LIMIT = {"economy.deals_per_investor": 10000}
FACTS = (
    "share_below_1x",
    "share_10x",
    "top5pct_value_share",
    "survival_1y",
    "survival_5y",
    "second_round_share",
    "years_to_exit",
    "investment",
    "metropolis_talent",
)


def model_for(seed: int, quarters: int, overrides: dict) -> EcosystemModel:
    cfg = ecosystem_config(seed, quarters)
    for key, value in overrides.items():
        section, name = key.split(".")
        setattr(getattr(cfg, section), name, value)
    return EcosystemModel(validate(cfg))


def instrumented(seed: int, quarters: int, overrides: dict) -> pd.DataFrame:
    """One row per quarter: where the money came from and where it went."""
    model = model_for(seed, quarters, overrides)
    funds, pop, e = model.funding.funds, model.population, model.cfg.economy
    rows = []
    for _ in range(quarters):
        recycled0, raised0 = funds.recycled.sum(), pop.raised.copy()
        proceeds0, stage0 = funds.proceeds.sum(), pop.stage.copy()
        live = pop.live_rows()
        burn = np.asarray(e.burn)[pop.stage[live]]
        seeking = live[pop.capital[live] < e.runway_quarters * burn]
        model.step()
        n = min(len(raised0), len(pop.raised))
        got = pop.raised[:n] - raised0[:n]
        by_stage = np.bincount(stage0[:n][got > 0], weights=got[got > 0], minlength=3)
        # recycled proceeds: with the cap `funds.recycled` counts them; without it, all of
        # `recycling` x proceeds goes back
        recycled = (
            funds.recycled.sum() - recycled0
            if model.cfg.economy.recycling_cap < 1000
            else e.recycling * (funds.proceeds.sum() - proceeds0)
        )
        live = pop.live_rows()
        rows.append(
            {
                "seed": seed,
                "quarter": model.steps,
                "commitments": funds.inflow.sum(),
                "recycled": recycled,
                "investment": float(model.state.investment.sum()),
                "seed_rounds": by_stage[0],
                "growth_rounds": by_stage[1],
                "scale_rounds": by_stage[2],
                "dry_powder": funds.fund.sum(),
                "seekers": len(seeking),
                "passing_bar": int((pop.quality[seeking] >= e.min_quality).sum()),
                "mean_quality": float(pop.quality[live].mean()),
                "scale_startups": int((pop.stage[live] == 2).sum()),
                "live_startups": len(live),
            }
        )
    model.release()
    return pd.DataFrame(rows)


def judged(seed: int, lengths: tuple[int, ...], overrides: dict) -> list[dict]:
    """The facts of one seed at every run length (prefixes of one run)."""
    model = model_for(seed, max(lengths), overrides)
    sim = model.cfg.sim
    metropolis = int(np.argmax(model.territories.capital))
    invested, rows = [], []
    for quarter in range(1, max(lengths) + 1):
        model.step()
        invested.append(float(model.state.investment.sum()))
        if quarter in lengths:
            stats = model.ledger.cohort_statistics(
                model.population, model.steps, sim.burn_in, sim.follow_up
            )
            talent = model.state.talent
            rows.append(
                {
                    "seed": seed,
                    "quarters": quarter,
                    **stats,
                    "years_to_exit": stats["mean_quarters_to_exit"] / 4,
                    "investment": float(np.mean(invested[sim.burn_in : quarter])),
                    "metropolis_talent": float(talent[metropolis] / talent.sum()),
                }
            )
    model.release()
    return rows


def drift_table(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    out = {}
    for quarters, group in frame.groupby("quarters"):
        cells = {}
        for key in FACTS:
            ci = mean_ci(group[key])
            cells[key] = f"{ci.mean:.3f} [{ci.low:.3f}, {ci.high:.3f}]" if ci.n > 1 else "undefined"
        out[f"{quarters} quarters"] = cells
    return pd.DataFrame(out)


def warmup_table(seeds: int, lengths: tuple[int, ...]) -> pd.DataFrame:
    series = {"investment": [], "live_startups": []}
    for seed in range(seeds):
        model = model_for(seed, max(lengths), {})
        model.run()
        ts = model.timeseries()
        world = ts[ts.territory == "world"].sort_values("step")
        for key in series:
            series[key].append(world[key].to_numpy(dtype=float))
        model.release()
    rows = []
    for key, values in series.items():
        for n in lengths:
            result = mser_replications(np.array(values)[:, :n])
            rows.append(
                {
                    "series": key,
                    "run length": n,
                    "MSER-5 of the mean over seeds": result.of_mean.point,
                    "settled within the run": result.of_mean.reliable,
                    "per seed: median": float(np.median(result.points)),
                    "per seed: max": int(result.points.max()),
                    "seeds not settled": result.unreliable,
                }
            )
    return pd.DataFrame(rows)


def blocks(frame: pd.DataFrame, width: int = 20) -> pd.DataFrame:
    frame = frame.assign(block=(frame.quarter - 1) // width * width + 1)
    table = frame.drop(columns=["seed", "quarter"]).groupby("block").mean()
    table.index = [f"{b}-{b + width - 1}" for b in table.index]
    return table.round(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("results/warmup"))
    ns = parser.parse_args()
    ns.out.mkdir(parents=True, exist_ok=True)
    seeds = range(ns.seeds)
    parts = [
        "# Steady state and warm-up of the default world",
        "",
        f"{ns.seeds} seeds (0-{ns.seeds - 1}), default world and policy.",
        "",
    ]
    for title, overrides in (
        ("no recycling cap (before)", BEFORE),
        ("no recycling cap, no limit on deals per investor", {**BEFORE, **NO_DEAL_LIMIT}),
        ("no recycling at all", {**BEFORE, "economy.recycling": 0.0}),
        ("defaults", {}),
    ):
        money = pd.concat([instrumented(s, 160, overrides) for s in seeds])
        parts += [
            f"## Money and startups per quarter, {title}",
            "",
            markdown_table(blocks(money).reset_index(names="quarters"), 2),
        ]
        parts.append("")
    parts += [
        "## MSER-5 warm-up (defaults)",
        "",
        markdown_table(warmup_table(ns.seeds, (80, 120, 160, 240, 320))),
        "",
    ]
    lengths = (48, 80, 120, 160, 240)
    for title, overrides in (
        ("before: no recycling cap, burn-in 8, outcomes up to the end of the run", BEFORE),
        ("after: the defaults", {}),
        ("after, without talent mobility", NO_TALENT),
    ):
        rows = [row for s in seeds for row in judged(s, lengths, overrides)]
        table = drift_table(rows).reset_index(names="fact")
        parts += [f"## Facts by run length, {title}", "", markdown_table(table), ""]
    (ns.out / "summary.md").write_text("\n".join(parts), encoding="utf-8")
    print(ns.out / "summary.md")


if __name__ == "__main__":
    main()
