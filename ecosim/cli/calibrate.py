"""`ecosim calibrate`: Bayesian calibration (ABC-SMC, pyABC) on the stylized facts
(`ecosim.analysis.calibration`); `--resume DIR` continues one; `--coverage N` checks
the calibration itself on N truths drawn from the priors (`ecosim.analysis.coverage`)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from ecosim.analysis.calibration import (
    HISTORY,
    SPEC_FILE,
    Budget,
    calibrate,
    check_history,
    connect_dask,
    read_spec,
)
from ecosim.args import ArgumentParser, bounded, require
from ecosim.config import ConfigError, config_dir
from ecosim.runs.sweep_paths import sweep_stamp


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="ecosim calibrate",
        description="Bayesian calibration (ABC-SMC, pyABC) of the priors of a calibration "
        "config on the stylized facts; held-out facts and the French regions' pattern in "
        "the posterior predictive check. Outputs: results/calibration/<stamp>/.",
        epilog="Examples: ecosim calibrate --population-size 50 --generations 3 | "
        "ecosim calibrate --resume results/calibration/20261202-070000 --generations 2",
    )
    add = p.add_argument
    add("--config", type=Path, help="calibration config (configs/calibration/default.yaml)")
    add("--population-size", type=bounded(int, 2, 100000), default=Budget.population_size)
    add(
        "--generations",
        type=bounded(int, 1, 1000),
        default=Budget.generations,
        help=f"at most ({Budget.generations}; the acceptance floor stops first)",
    )
    add(
        "--min-acceptance",
        type=bounded(float, 0.0, 1.0),
        default=Budget.min_acceptance,
        help=f"convergence: stop when a generation accepts fewer proposals "
        f"({Budget.min_acceptance}; 0: off)",
    )
    add("--min-epsilon", type=bounded(float, 0.0, 1e9), default=0.0, help="stop below (0)")
    add("--max-simulations", type=bounded(int, 1, 10**9), help="stop after this many")
    add("--jobs", type=bounded(int, 1, 1024), default=Budget.jobs, help="(all cores)")
    add("--dask", metavar="ADDRESS", help="run on a Dask cluster (scheduler address)")
    add("--predictive-draws", type=bounded(int, 1, 100000), default=20, help="(20)")
    add("--seed", type=bounded(int, 0, 2**31 - 1), default=0, help="sampler seed (0)")
    add("--out", type=Path, help="output directory (results/calibration/<stamp>)")
    add("--resume", type=Path, metavar="DIR", help="continue the calibration in DIR")
    add(
        "--coverage",
        type=bounded(int, 2, 100000),
        metavar="N",
        help="instead of calibrating: a coverage study (simulation-based calibration) of N "
        "truths drawn from the priors, each calibrated on one core, --jobs at once; "
        "outputs in results/calibration-coverage/<stamp>",
    )
    return p


def cmd_coverage(ns, args: list[str]) -> None:
    """The coverage study: checked like a calibration, then run and written."""
    from ecosim.analysis.coverage import study

    if ns.resume is not None or ns.dask is not None:
        raise ConfigError("--coverage runs its own calibrations; drop --resume and --dask")
    spec = read_spec(ns.config or config_dir() / "calibration" / "default.yaml")
    out = ns.out or Path("results/calibration-coverage") / sweep_stamp()
    if out.exists() and any(out.iterdir()):
        raise ConfigError(f"--out {out} is not empty; choose a new directory")
    budget = Budget(
        ns.population_size,
        ns.generations,
        ns.min_epsilon,
        ns.max_simulations,
        1,
        None,
        ns.min_acceptance,
    )
    command = shlex.join(["ecosim", "calibrate", *args])
    paths, reasons = study(spec, ns.coverage, out, budget, ns.seed, ns.jobs, command)
    for path in paths:
        print(path)
    verdict = "fails: " + "; ".join(reasons) if reasons else "passes"
    print(f"ecosim calibrate --coverage: the study {verdict}", file=sys.stderr)


def cmd_calibrate(args: list[str]) -> None:
    ns = parser().parse_args(args)
    require("pyabc", "calibrate", "ecosim calibrate")
    if ns.coverage is not None:
        return cmd_coverage(ns, args)
    if ns.resume is not None:
        if not (ns.resume / HISTORY).is_file() or not (ns.resume / SPEC_FILE).is_file():
            raise ConfigError(f"--resume {ns.resume}: no {HISTORY} and {SPEC_FILE} there")
        if ns.config is not None or ns.out is not None:
            raise ConfigError("--resume reads its config from DIR; drop --config and --out")
        check_history(ns.resume / HISTORY)
        out, spec = ns.resume, read_spec(ns.resume / SPEC_FILE)
    else:
        spec = read_spec(ns.config or config_dir() / "calibration" / "default.yaml")
        out = ns.out or Path("results/calibration") / sweep_stamp()
        if out.exists() and any(out.iterdir()):
            raise ConfigError(f"--out {out} is not empty; choose a new directory or --resume")
    dask = connect_dask(ns.dask) if ns.dask else None
    budget = Budget(
        ns.population_size,
        ns.generations,
        ns.min_epsilon,
        ns.max_simulations,
        ns.jobs,
        dask,
        ns.min_acceptance,
    )
    for path in calibrate(spec, out, budget, ns.predictive_draws, ns.seed, ns.resume is not None):
        print(path)
