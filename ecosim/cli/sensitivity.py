"""`ecosim sensitivity`: global sensitivity of the KPIs to the parameters (SALib Morris or
Sobol, `ecosim.analysis.sensitivity`); the same command with the same `--out` goes on
with an interrupted design."""

from __future__ import annotations

import sys
from pathlib import Path

from ecosim.analysis.sensitivity import RANKED, claim_design, parse_params, ranking, sensitivity
from ecosim.args import ArgumentParser, require
from ecosim.cli.options import add_launch_options
from ecosim.config import ConfigError
from ecosim.kpis import DECISION, KPIS
from ecosim.runs.sweep import launcher_overrides
from ecosim.runs.sweep_paths import sweep_stamp


def cmd_sensitivity(args: list[str]) -> None:
    parser = ArgumentParser(
        prog="ecosim sensitivity",
        description="Global sensitivity of the KPIs to the parameters (SALib Morris or Sobol).",
        epilog="Examples: ecosim sensitivity | ecosim sensitivity sim.steps=40 --trajectories 20 "
        "| ecosim sensitivity --method sobol --params policy.openness,policy.link_budget,"
        "world.size_skew --samples 64 --launcher slurm",
    )
    parser.add_argument(
        "overrides", nargs="*", help="the scenario, e.g. world=balanced policy=random"
    )
    parser.add_argument("--method", default="morris", choices=("morris", "sobol"))
    parser.add_argument("--params", help="key[=low:high],... (default: the main parameters)")
    parser.add_argument("--trajectories", type=int, default=10, help="Morris trajectories (10)")
    parser.add_argument("--samples", type=int, default=64, help="Sobol base samples, 2^n (64)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per design point (3)")
    parser.add_argument("--kpis", default=",".join(DECISION), help="comma-separated KPIs")
    parser.add_argument("--design-seed", type=int, default=0, help="seed of the SALib design")
    parser.add_argument("--out", help="output directory (default: results/sensitivity/<stamp>)")
    add_launch_options(parser)
    ns = parser.parse_args(args)
    require("SALib", "analysis", "ecosim sensitivity")
    params = parse_params(ns.params)
    kpis = tuple(k.strip() for k in ns.kpis.split(","))
    unknown = [k for k in kpis if k not in KPIS]
    if unknown:
        raise ConfigError(f"--kpis {unknown[0]} is not a KPI; allowed: {', '.join(KPIS)}")
    size = ns.trajectories if ns.method == "morris" else ns.samples
    if size < 2 or ns.seeds < 1:
        raise ConfigError("--trajectories/--samples must be >= 2 and --seeds >= 1")
    if ns.method == "sobol" and size & (size - 1):
        raise ConfigError(f"--samples {size} is not allowed; Sobol needs a power of 2")
    swept = {p.key for p in params} | {"seed"}
    clash = [o for o in ns.overrides if o.split("=", 1)[0].lstrip("+~") in swept]
    if clash:
        raise ConfigError(f"{clash[0]}: this key is varied by the design; remove it")
    out = Path(ns.out or f"results/sensitivity/{sweep_stamp()}")
    request = {
        "method": ns.method,
        "params": [vars(p) for p in params],
        "overrides": ns.overrides,
        "size": size,
        "seeds": ns.seeds,
        "design_seed": ns.design_seed,
    }
    claim_design(out, request)
    overrides = [*launcher_overrides(ns.launcher, ns.jobs), *ns.overrides]
    indices = sensitivity(
        ns.method, params, overrides, out, size, ns.seeds, kpis, ns.jobs, ns.design_seed
    )
    value, _ = RANKED[ns.method]
    for kpi, rows in ranking(indices, ns.method).groupby("kpi", sort=False):
        top = ", ".join(f"{r.param} ({getattr(r, value):.3g})" for r in rows.head(3).itertuples())
        print(f"sensitivity: {kpi}: {top}", file=sys.stderr)
    print(out)
