"""Who wins, who pays: distributional KPIs and each territory's gain split into channels.

A world-level gain ("+62% overall") can hide that linking pays the metropolis and costs
the periphery. Here every run of a scenario is paired with the baseline's run with the
same seed (common random numbers, docs/ODD.md §6.3), territory by territory. A
territory's **gain** is the change in its final cumulative net return (exit value minus
link and campaign costs, docs/ODD.md §5) against its baseline run. Per paired run
(`ecosim.kpis.PAIRED`):

- `share_gaining`: share of territories whose gain is > 0;
- `periphery_gain`, `core_gain`: total gain of every territory but the largest, and of
  the largest (the *core*: largest `size` in the world config);
- `gini_gain`: the Gini of the gains, mean absolute difference / (2 x mean absolute
  gain): the usual Gini when all gains have one sign, still in [0, 1] when they do not
  (|a - b| <= |a| + |b|); 0 when every territory gains the same;
- `worst_off_gain`: the smallest gain;
- `link_cost_share`: the run's link costs / its exit value (not relative to the baseline;
  per territory in `territory_table`).

**Channels** (`channels`): the gain of each territory splits exactly into

    gain = external investment + local investment + market revenue + talent
           + exit yield - link costs - campaign costs

from the identities exit value EV = y x B, with B = money the territory's startups took
in over the run (investment, external and local, plus sales revenue) and y = EV / B the
*exit yield* (exit value per euro taken in: quality of solutions, since exit multiples
grow with it, and which startups reach an exit); and local activity A = local investment
+ revenue = T x a, with T the territory's mean talent stock over the run. The change of a
product splits exactly into the change of each factor weighted by the mean of the other
(the two-factor Shapley split): dEV = mean(y) dB + mean(B) dy, dA = mean(a) dT +
mean(T) da. So, in EUR M of exit value: *external investment* = mean(y) d(external
investment); *talent* = mean(y) mean(a) dT (the activity that talent arriving or leaving
carries); *local investment* and *market revenue* = mean(y) mean(T) d(per unit of
talent); *exit yield* = mean(B) dy (the knowledge/quality channel); *link costs*,
*campaign costs* = minus their changes. Every quantity is read from the run's time series
(no extra recording): investment = net return - value created, campaign costs = exit
value - link costs - net return, external investment summed over quarters, talent
averaged over quarters.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.analysis.stats import cluster_ci, grouped_ci, mean_ci
from ecosim.config import ConfigError
from ecosim.kpis import CHANNELS, PAIRED
from ecosim.runs.sweep_paths import override_key

#: what a territory ends a run with, per run (`territory_finals`)
AMOUNTS = (
    "net_return",
    "exit_value",
    "link_cost",
    "campaign_cost",
    "investment",
    "external_investment",
    "revenue",
    "talent",
)
BASE = "@base"


def choose_baseline(collected, requested: str | None):
    """(key, value) of a sweep's baseline, checked against the swept values: `requested`
    (`key=value` of a swept key), or by default `policy=isolated` when policies are swept,
    else the first value of the first swept key."""
    from ecosim.runs.collect import parse_values

    factors = [k for k in collected.factors if k != "seed"]
    runs = collected.runs
    if requested is None:
        if "policy" in factors and (runs["policy"] == "isolated").any():
            return "policy", "isolated"
        return (factors[0], runs[factors[0]].iloc[0]) if factors else (None, None)
    key = requested.split("=", 1)[0]
    if "=" not in requested or key not in factors:
        allowed = ", ".join(factors) or "none (a single scenario)"
        hint = get_close_matches(key, factors, n=1) if "=" in requested else []
        guess = f"did you mean {hint[0]}={requested.split('=', 1)[1]}? " if hint else ""
        raise ConfigError(
            f"--baseline {requested!r}: {guess}expected key=value of a swept key: {allowed}"
        )
    value = parse_values([requested])[key]
    levels = list(runs[key].drop_duplicates())
    if value not in levels:
        hint = get_close_matches(str(value), [str(v) for v in levels], n=1)
        did = f"did you mean {key}={hint[0]}? " if hint else ""
        raise ConfigError(f"--baseline {requested}: {did}{key} takes {', '.join(map(str, levels))}")
    return key, value


def territory_finals(timeseries: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per run and territory: `job`, `territory`, the run's `keys` (e.g. scenario,
    seed, swept keys) and its AMOUNTS over the run (see the module doc for how each is read)."""
    missing = [k for k in keys if k not in timeseries.columns]
    if missing:
        raise ConfigError(f"the time series has no column {missing[0]!r}; collect the sweep again")
    terr = timeseries[timeseries.territory != "world"]
    last = terr[terr.step == terr.groupby("job")["step"].transform("max")]
    out = last[list(dict.fromkeys(["job", "territory", *keys]))].copy()
    out["net_return"] = last["cum_net_return"].to_numpy(float)
    out["exit_value"] = last["cum_exit_value"].to_numpy(float)
    out["link_cost"] = last["cum_link_cost"].to_numpy(float)
    out["campaign_cost"] = out.exit_value - out.link_cost - out.net_return
    out["investment"] = out.net_return - last["value_created"].to_numpy(float)
    out["revenue"] = last["cum_revenue"].to_numpy(float)
    over_run = terr.groupby(["job", "territory"], sort=False).agg(
        external_investment=("external_investment", "sum"), talent=("talent", "mean")
    )
    return out.merge(over_run, left_on=["job", "territory"], right_index=True)


def pair_jobs(finals: pd.DataFrame, base_of: dict[str, str]) -> pd.DataFrame:
    """Each run in `base_of` (job -> the job of its baseline run, same seed), territory by
    territory, next to its baseline run (columns `<amount>@base`), with its `gain`."""
    treated = finals[finals.job.isin(list(base_of))].copy()
    treated["job" + BASE] = treated.job.map(base_of)
    kept = finals[["job", "territory", *AMOUNTS]]
    kept = kept.rename(columns={c: c + BASE for c in ["job", *AMOUNTS]})
    pairs = treated.merge(kept, on=["job" + BASE, "territory"])
    pairs["gain"] = pairs["net_return"] - pairs["net_return" + BASE]
    return pairs.reset_index(drop=True)


def paired_territories(
    finals: pd.DataFrame, factor: str, baseline, within: list[str], pair_on=("seed",)
) -> pd.DataFrame:
    """`pair_jobs` for a sweep: each run whose `factor` is not `baseline` is paired with the
    run whose `factor` is, with the same `pair_on` keys (the seed; and the draw in a
    posterior sweep) and the same values of the `within` keys."""
    runs = finals.drop_duplicates("job")
    base = runs[runs[factor] == baseline][[*within, *pair_on, "job"]]
    treated = runs[runs[factor] != baseline][[*within, *pair_on, "job"]]
    matched = treated.merge(base, on=[*within, *pair_on], suffixes=("", BASE))
    return pair_jobs(finals, dict(zip(matched["job"], matched["job" + BASE], strict=True)))


def gini_of_gains(gains) -> float:
    """Mean absolute difference / (2 x mean absolute gain); 0 when all gains are 0."""
    g = np.asarray(gains, float)
    scale = 2 * len(g) ** 2 * np.abs(g).mean()
    return float(np.abs(g[:, None] - g[None, :]).sum() / scale) if scale > 0 else 0.0


def run_kpis(pairs: pd.DataFrame, core: dict[str, str], keys: list[str]) -> pd.DataFrame:
    """The PAIRED KPIs of each compared run (one row per run, with its `keys`); `core`:
    job -> the name of its largest territory."""
    rows = []
    keys = list(dict.fromkeys(["job", *keys]))
    for _, run in pairs.groupby("job", sort=False):
        gain = run["gain"].to_numpy(float)
        is_core = (run["territory"] == core[run["job"].iloc[0]]).to_numpy()
        exit_value = run["exit_value"].sum()
        rows.append(
            {
                **run[keys].iloc[0].to_dict(),
                "share_gaining": float((gain > 0).mean()),
                "periphery_gain": float(gain[~is_core].sum()),
                "core_gain": float(gain[is_core].sum()),
                "gini_gain": gini_of_gains(gain),
                "worst_off_gain": float(gain.min()),
                "link_cost_share": (
                    float(run["link_cost"].sum() / exit_value) if exit_value > 0 else np.nan
                ),
            }
        )
    return pd.DataFrame(rows, columns=[*keys, *PAIRED])


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (a territory that took in nothing had no exit either)."""
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def channels(pairs: pd.DataFrame) -> pd.DataFrame:
    """`pairs` with one column per channel (`via_<channel>`, CHANNELS' order); they add up
    to `gain` (the identities of the module doc)."""
    s = {k: pairs[k].to_numpy(float) for k in AMOUNTS}
    b = {k: pairs[k + BASE].to_numpy(float) for k in AMOUNTS}
    for side in (s, b):
        side["local_investment"] = side["investment"] - side["external_investment"]
        side["taken_in"] = side["investment"] + side["revenue"]  # B
        side["exit_yield"] = _ratio(side["exit_value"], side["taken_in"])  # y = EV / B
        side["activity"] = (side["local_investment"] + side["revenue"]) / side["talent"]  # a

    def mean(key: str) -> np.ndarray:
        return (s[key] + b[key]) / 2

    def change(key: str) -> np.ndarray:
        return s[key] - b[key]

    per_talent = mean("exit_yield") * mean("talent")
    via = {
        "external_investment": mean("exit_yield") * change("external_investment"),
        "local_investment": per_talent
        * (s["local_investment"] / s["talent"] - b["local_investment"] / b["talent"]),
        "market_revenue": per_talent * (s["revenue"] / s["talent"] - b["revenue"] / b["talent"]),
        "talent": mean("exit_yield") * mean("activity") * change("talent"),
        "exit_yield": mean("taken_in") * change("exit_yield"),
        "link_cost": -change("link_cost"),
        "campaign_cost": -change("campaign_cost"),
    }
    out = pairs.copy()
    for channel in CHANNELS:
        out[channel_column(channel)] = via[channel]
    return out


def channel_column(channel: str) -> str:
    return f"via_{channel}"


@dataclass
class Distribution:
    """Every distributional number of a sweep against its baseline."""

    runs: pd.DataFrame  # run_kpis: one row per compared run
    kpis: pd.DataFrame  # grouped_ci of the PAIRED KPIs by scenario
    territories: pd.DataFrame  # territory_table
    pairs: pd.DataFrame  # channels(): one row per compared run and territory
    core: dict[str, str]  # scenario -> its largest territory


def territory_table(pairs: pd.DataFrame, cluster: str | None = None) -> pd.DataFrame:
    """Per scenario and territory: the mean gain over seeds with its 95% interval
    (clustered on `cluster`, the posterior draw, when given), each channel's mean, the
    share of seeds in which it gains, and its link-cost share of exit value (ratio of the
    sums over seeds, defined even when one seed has no exit). `distinguishable` is the
    interval's alone; a report corrects it for its many comparisons
    (`ecosim.report.command`)."""
    rows = []
    for (scenario, territory), g in pairs.groupby(["scenario", "territory"], sort=False):
        ci = mean_ci(g["gain"]) if cluster is None else cluster_ci(g["gain"], g[cluster])
        exit_value = g["exit_value"].sum()
        rows.append(
            {
                "scenario": scenario,
                "territory": territory,
                "gain": ci.mean,
                "low": ci.low,
                "high": ci.high,
                "n": ci.n,
                "distinguishable": ci.excludes_zero,
                "seeds_gaining": float((g["gain"] > 0).mean()),
                **{channel_column(c): float(g[channel_column(c)].mean()) for c in CHANNELS},
                "link_cost_share": g["link_cost"].sum() / exit_value if exit_value > 0 else np.nan,
            }
        )
    return pd.DataFrame(rows)


def biggest_losers(table: pd.DataFrame, scenario: str, count: int = 3) -> pd.DataFrame:
    """The `count` territories of a scenario with the most negative mean gain (losers only)."""
    rows = table[(table.scenario == scenario) & (table.gain < 0)]
    return rows.nsmallest(count, "gain")


def run_territories(run_dir: Path):
    """The territories of a run as its model built them (`ecosim.core.world`): names,
    sizes and map positions, from the run's config.yaml and seed."""
    from omegaconf import OmegaConf

    from ecosim.config import EcosimConfig, validate
    from ecosim.core.random_streams import RandomStreams
    from ecosim.core.world import generate_territories

    merged = OmegaConf.merge(
        OmegaConf.structured(EcosimConfig), OmegaConf.load(run_dir / "config.yaml")
    )
    cfg = validate(OmegaConf.to_object(merged))
    return generate_territories(cfg.world, RandomStreams(cfg.seed).world, cfg.geography)


def core_territories(sweep_dir: Path, runs: pd.DataFrame) -> dict[str, str]:
    """job -> its largest territory, read once per scenario (sizes do not depend on seed)."""
    core = {}
    for _, group in runs.groupby("scenario", sort=False):
        terr = run_territories(Path(sweep_dir) / group["job"].iloc[0])
        largest = terr.names[int(np.argmax(terr.size))]
        core.update(dict.fromkeys(group["job"], largest))
    return core


def distribution(collected, factor: str, baseline, within: list[str]) -> Distribution:
    """The distributional KPIs and channels of a collected sweep against its baseline;
    intervals clustered by posterior draw in a posterior sweep (`Collected.cluster`)."""
    done = collected.complete
    keys = ["scenario", *collected.pair_on, factor, *within]
    finals = territory_finals(collected.timeseries, keys)
    pairs = channels(paired_territories(finals, factor, baseline, within, collected.pair_on))
    compared = done[done.job.isin(pairs.job)]
    core = core_territories(collected.sweep_dir, compared)
    runs = run_kpis(pairs, core, keys)
    cluster = collected.cluster
    kpis = pd.DataFrame()
    if len(runs):
        kpis = grouped_ci(runs, ["scenario"], list(PAIRED), cluster=cluster)
    by_scenario = dict(zip(compared.scenario, compared.job.map(core), strict=True))
    territories = territory_table(pairs, cluster)
    return Distribution(runs, kpis, territories, pairs, by_scenario)


def baseline_point(point: list[str], baseline: str) -> list[str]:
    """A design point's baseline run: the point without what the baseline replaces (its
    key, and the keys under it when it picks a config group: `policy=isolated` drops
    `policy.*`, so the baseline is no networking at the policy's defaults), plus the
    baseline itself. Every other key (world, economy, levers) is shared with the point:
    the gain measures the networking policy under the point's conditions."""
    key = override_key(baseline)
    kept = [
        o for o in point if not (override_key(o) == key or override_key(o).startswith(key + "."))
    ]
    return [*kept, baseline]


def run_paired_design(
    out: Path, fixed: list[str], points: list[list[str]], seeds: int, n_jobs, baseline: str
):
    """Run each design point and its baseline (`baseline_point`) over the same seeds.

    Returns the collected runs and the PAIRED KPIs of every point's runs (columns `point`,
    its index in `points`; `seed`; the KPIs). Baseline runs that points share run once."""
    from ecosim.analysis.designs import run_design
    from ecosim.runs.sweep_paths import job_dirname

    bases = [baseline_point(p, baseline) for p in points]
    collected = run_design(out, fixed, [*points, *bases], seeds, n_jobs)
    task = [o for o in fixed if not override_key(o).startswith("hydra")]

    def job(point: list[str], seed: int) -> str:
        return job_dirname([*task, *point, f"seed={seed}"])

    done = set(collected.complete.job)
    base_of = {
        job(point, seed): job(base, seed)
        for point, base in zip(points, bases, strict=True)
        for seed in range(seeds)
    }
    base_of = {j: b for j, b in base_of.items() if j in done and b in done}
    finals = territory_finals(collected.timeseries, ["seed"])
    compared = collected.complete[collected.complete.job.isin(base_of)]
    core = core_territories(collected.sweep_dir, compared)
    by_job = run_kpis(pair_jobs(finals, base_of), core, ["seed"]).set_index("job")
    rows = [
        {"point": i, "seed": seed, **by_job.loc[job(point, seed), list(PAIRED)].to_dict()}
        for i, point in enumerate(points)
        for seed in range(seeds)
        if job(point, seed) in by_job.index
    ]
    return collected, pd.DataFrame(rows, columns=["point", "seed", *PAIRED])
