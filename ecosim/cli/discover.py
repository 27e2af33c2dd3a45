"""`ecosim discover`: scenario discovery (PRIM, EMA Workbench, `ecosim.analysis.discovery`):
the ranges of parameters where an outcome holds, over a sweep directory, a named
experiment, an earlier discovery or a Latin-hypercube design (`--params`)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ecosim.analysis.discovery import (
    INFO,
    describe,
    discover,
    parse_outcome,
    parse_params,
    runs_from_design,
    runs_from_target,
)
from ecosim.args import ArgumentParser, bounded, require
from ecosim.cli.options import add_launch_options
from ecosim.config import ConfigError
from ecosim.runs.sweep import launcher_overrides


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="ecosim discover",
        description="Scenario discovery (PRIM, EMA Workbench): the ranges of parameters "
        "where an outcome holds, over a sweep, an experiment or a Latin-hypercube design.",
        epilog="Examples: ecosim discover results/sweeps/unequal_capacity/<stamp> --outcome "
        "'periphery_gain>0' | ecosim discover --params policy.link_cost=0:1,"
        "policy.link_budget=0:8 --samples 64 --seeds 3 --outcome 'share_gaining>=0.5'",
    )
    p.add_argument(
        "target", nargs="?", help="a sweep directory or an experiment name (or --params)"
    )
    p.add_argument("overrides", nargs="*", help="the scenario, e.g. world=balanced")
    p.add_argument("--outcome", required=True, help="KPI>value, e.g. 'periphery_gain>0'")
    p.add_argument(
        "--baseline", help="key=value the paired KPIs compare with (default policy=isolated)"
    )
    p.add_argument("--params", help="a Latin-hypercube design of key=low:high,...")
    p.add_argument("--samples", type=int, default=64, help="design points (64)")
    p.add_argument("--seeds", type=int, default=3, help="seeds per design point (3)")
    p.add_argument("--design-seed", type=int, default=0, help="seed of the design (0)")
    p.add_argument("--peel-alpha", type=bounded(float, 0.01, 0.5), default=0.05)
    p.add_argument("--mass-min", type=bounded(float, 0.0, 0.5), default=0.05)
    p.add_argument("--min-coverage", type=bounded(float, 0.0, 1.0), default=0.5)
    p.add_argument(
        "--split-seed",
        type=int,
        default=0,
        help="seed of the split of the parameter points in halves: the box is chosen on one "
        "and measured on the other (0)",
    )
    p.add_argument("--out", help="output directory (default: results/discovery/<stamp>)")
    add_launch_options(p)
    return p


def cmd_discover(args: list[str]) -> None:
    ns = parser().parse_args(args)
    require("ema_workbench", "discover", "ecosim discover")
    outcome = parse_outcome(ns.outcome)
    baseline = ns.baseline or "policy=isolated"
    if "=" not in baseline:
        raise ConfigError(f"--baseline {baseline!r}: expected key=value, e.g. policy=isolated")
    out = Path(ns.out or f"results/discovery/{time.strftime('%Y%m%d-%H%M%S')}")
    if (out / INFO).exists():
        raise ConfigError(f"{out} already holds a discovery; choose another --out")
    fixed = [*launcher_overrides(ns.launcher, ns.jobs), *ns.overrides]
    if ns.params:
        if ns.target:  # with --params, the first positional is an override too
            if "=" not in ns.target:
                raise ConfigError(f"{ns.target}: give either a sweep/experiment or --params")
            fixed.insert(len(fixed) - len(ns.overrides), ns.target)
        params = parse_params(ns.params)
        if ns.samples < 2 or ns.seeds < 1:
            raise ConfigError("--samples must be >= 2 and --seeds >= 1")
        varied = {p.key for p in params} | {"seed"}
        clash = [o for o in fixed if o.split("=", 1)[0].lstrip("+~") in varied]
        if clash:
            raise ConfigError(f"{clash[0]}: this key is varied by the design; remove it")
        table, source = runs_from_design(
            out, fixed, params, ns.samples, ns.seeds, ns.design_seed, outcome, baseline, ns.jobs
        )
    elif ns.target:
        table, source = runs_from_target(
            ns.target, ns.overrides, fixed, outcome, ns.baseline, ns.jobs
        )
    else:
        raise ConfigError("give a sweep directory, an experiment name or --params key=low:high,...")
    halves = discover(
        table, outcome, out, source, ns.peel_alpha, ns.mass_min, ns.min_coverage, ns.split_seed
    )
    print(describe(halves, outcome), file=sys.stderr)
    print(out)
