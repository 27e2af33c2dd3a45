"""`ecosim sensitivity`: global sensitivity of each KPI to the model's parameters (SALib).

Why global: the model's parameters interact (openness matters only where there are links),
so one-at-a-time changes around the defaults can miss or exaggerate effects. Two methods:

- **Morris screening** (default) for many parameters: `r` trajectories of one-at-a-time
  steps across a grid of the whole ranges; `mu_star` (mean absolute elementary effect)
  ranks parameters, `sigma` flags interactions or non-linearity. Cost: r x (k + 1) points.
- **Sobol indices** for a chosen few (`--params`): first-order `S1` and total `ST`
  (variance shares, Saltelli sampling). Cost: N x (k + 2) points.

Every design point runs with the same seeds (`--seeds`, common random numbers) and its
KPIs are averaged over them, so the indices measure the parameters, not luck; the
bootstrap intervals SALib gives (95%) then carry the design's uncertainty.

Ranges: `ecosim.analysis.designs` (the schema's bounds, narrowed for wide ones);
`--params key=lo:hi` sets a range explicitly.

The design is an explicit sweep plan run by the `ecosim_plan` sweeper through the chosen
launcher (`--launcher`, `--jobs`), so it scales to a cluster. Interrupted, it goes on
when the same command is run again with the same `--out`: complete runs are kept, the
others run, and the indices are computed (`claim_design` refuses another design there).

Output directory (`results/sensitivity/<stamp>/`): the runs,
`plan.json`, `runs.parquet`, `design.csv`, `indices.csv`, `sensitivity.json` and
`figures/sensitivity-<kpi>.png`; `ecosim report SWEEP --add DIR` adds its section.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim import io
from ecosim.analysis.designs import (
    Param,
    design,
    parse_ranges,
    point_means,
    point_overrides,
    problem,
    run_design,
)
from ecosim.config import ConfigError
from ecosim.kpis import heading
from ecosim.plots import png, pyplot

#: the model's main numeric parameters, screened by default
DEFAULT_PARAMS = (
    "policy.link_budget",
    "policy.openness",
    "policy.cross_imitation",
    "policy.trust_rate",
    "policy.link_cost",
    "policy.drift_rate",
    "economy.birth_rate",
    "economy.fund_inflow",
    "economy.home_bias",
    "economy.market_friction",
    "knowledge.velocity",
    "knowledge.copy_error",
    "world.size_skew",
    "world.specialization_strength",
    "sim.discount_rate",
)
#: the index that ranks parameters, and its interval, per method
RANKED = {"morris": ("mu_star", "mu_star_conf"), "sobol": ("ST", "ST_conf")}
INFO = "sensitivity.json"
INDICES = "indices.csv"
REQUEST = "request.json"


def parse_params(text: str | None) -> list[Param]:
    """`a,b=0.1:0.9,c` -> parameters (default ranges unless `=lo:hi`)."""
    items = [t.strip() for t in text.split(",")] if text else list(DEFAULT_PARAMS)
    params = parse_ranges(items, "--params")
    if len({p.key for p in params}) != len(params) or len(params) < 2:
        raise ConfigError("--params: give at least two different parameters")
    return params


def analyse(method: str, params: list[Param], x: np.ndarray, y: np.ndarray, seed: int):
    """One row per parameter: the method's indices and their 95% intervals."""
    if method == "morris":
        from SALib.analyze import morris

        res = morris.analyze(problem(params), x, y, num_levels=4, seed=seed)
        cols = ("mu", "mu_star", "sigma", "mu_star_conf")
    else:
        from SALib.analyze import sobol

        res = sobol.analyze(problem(params), y, calc_second_order=False, seed=seed)
        cols = ("S1", "S1_conf", "ST", "ST_conf")
    return pd.DataFrame({"param": [p.key for p in params], **{c: np.asarray(res[c]) for c in cols}})


def sensitivity(
    method: str,
    params: list[Param],
    overrides: list[str],
    out: Path,
    size: int,
    seeds: int,
    kpis: tuple[str, ...],
    n_jobs: int | None = None,
    design_seed: int = 0,
) -> pd.DataFrame:
    """Run the design and write its tables and figures; returns the indices table."""
    x = design(method, params, size, design_seed)
    points = point_overrides(params, x)
    collected = run_design(out, overrides, points, seeds, n_jobs)
    y = point_means(collected.runs, [p.key for p in params], points, kpis)
    tables = []
    for kpi in kpis:
        values = y[kpi].to_numpy(float)
        if not np.isfinite(values).all():
            raise ConfigError(f"{kpi} is not defined in every run (e.g. a too short run)")
        tables.append(analyse(method, params, x, values, design_seed).assign(kpi=kpi))
    indices = pd.concat(tables, ignore_index=True)
    design_table = pd.DataFrame(x, columns=[p.key for p in params]).join(y)
    io.atomic_write(out / "design.csv", lambda p: design_table.to_csv(p, index=False))
    io.atomic_write(out / INDICES, lambda p: indices.to_csv(p, index=False))
    info = {
        "method": method,
        "params": [vars(p) for p in params],
        "overrides": overrides,
        "size": size,
        "seeds": seeds,
        "points": len(points),
        "runs": len(collected.runs),
        "kpis": list(kpis),
    }
    io.write_text(out / INFO, json.dumps(info, indent=1) + "\n")
    for name, image in sensitivity_figures(indices, method):
        io.atomic_write(out / "figures" / f"{name}.png", lambda p, b=image: p.write_bytes(b))
    return indices


def sensitivity_figures(indices: pd.DataFrame, method: str) -> list[tuple[str, bytes]]:
    """One ranked bar chart per KPI: the ranking index with its 95% interval."""
    plt = pyplot()

    value, conf = RANKED[method]
    out = []
    for kpi, rows in indices.groupby("kpi", sort=False):
        rows = rows.sort_values(value)
        fig, ax = plt.subplots(figsize=(7, 0.35 * len(rows) + 1.2))
        ax.barh(rows["param"], rows[value], xerr=rows[conf], color="#4c72b0", capsize=3)
        ax.set_xlabel(f"{value} (95% interval)")
        ax.set_title(heading(kpi))
        ax.grid(axis="x", alpha=0.3)
        out.append((f"sensitivity-{kpi}", png(fig)))
    return out


def ranking(indices: pd.DataFrame, method: str) -> pd.DataFrame:
    """Parameters ranked by the method's index within each KPI (largest first)."""
    value, _ = RANKED[method]
    return indices.sort_values(["kpi", value], ascending=[True, False], kind="stable")


def claim_design(out: Path, request: dict) -> None:
    """Keep what defines the design's runs (`request`: method, params, overrides, size,
    seeds, design_seed) in `<out>/request.json`; running the same command into the same
    `--out` again goes on with it (complete runs are kept), while a different design there
    is refused, so its runs are never averaged with another's."""
    path = out / REQUEST
    if path.is_file():
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            kept = {}
        changed = [key for key in request if kept.get(key) != request[key]]
        if changed:
            raise ConfigError(
                f"{out} holds a sensitivity analysis with another {changed[0]} "
                f"({kept.get(changed[0])!r}, now {request[changed[0]]!r}); repeat its "
                "settings to go on with it, or choose another --out"
            )
        return
    io.write_text(path, json.dumps(request, indent=1) + "\n")
