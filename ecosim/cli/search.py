"""`ecosim search`: multi-objective search over policy parameters (Optuna NSGA-II,
`ecosim.analysis.policy_search`); `--resume DIR` goes on with an interrupted search, with
the options kept in its `request.json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ecosim import io
from ecosim.analysis.policy_search import (
    REQUEST,
    STUDY,
    parse_baseline,
    parse_constraint,
    parse_objectives,
    parse_space,
    search,
)
from ecosim.args import ArgumentParser, require
from ecosim.cli.options import add_launch_options
from ecosim.config import ConfigError
from ecosim.runs.sweep import launcher_overrides
from ecosim.runs.sweep_lock import hold
from ecosim.runs.sweep_paths import sweep_stamp


def cmd_search(args: list[str]) -> None:
    parser = ArgumentParser(
        prog="ecosim search",
        description="Multi-objective search over policy parameters (Optuna NSGA-II); "
        "writes the Pareto front and how to rerun each point.",
        epilog="Example: ecosim search --constraint 'diversity_loss<=0.10' --trials 64 "
        "--batch 16 --seeds 5",
    )
    parser.add_argument("overrides", nargs="*", help="the scenario, e.g. world=balanced")
    parser.add_argument(
        "--space",
        help="key=low:high,... (default: link budget, openness, "
        "cross imitation, drift rate, protection level)",
    )
    parser.add_argument(
        "--objectives",
        help="KPI:max|min,... (default: npv_long:max,"
        "attractiveness:max,diversity_loss:min,gini_investment:min)",
    )
    parser.add_argument(
        "--constraint",
        help="KPI<=value or KPI>=value, e.g. diversity_loss<=0.1 or share_gaining>=0.8",
    )
    parser.add_argument(
        "--baseline",
        default="policy=isolated",
        help="key=value paired KPIs (share_gaining, worst_off_gain, ...) compare each "
        "candidate with, same seeds (default policy=isolated)",
    )
    parser.add_argument("--trials", type=int, default=40, help="candidates (40)")
    parser.add_argument("--batch", type=int, default=8, help="candidates per generation (8)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds per candidate (3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sampler (0)")
    parser.add_argument("--out", help="output directory (default: results/search/<stamp>)")
    parser.add_argument(
        "--resume", metavar="DIR", help="go on with an interrupted search, as it was started"
    )
    add_launch_options(parser)
    ns = parser.parse_args(args)
    if ns.resume:
        ns = resumed_request(parser, ns)
    require("optuna", "analysis", "ecosim search")
    space = parse_space(ns.space)
    objectives = parse_objectives(ns.objectives)
    constraint = parse_constraint(ns.constraint)
    baseline = parse_baseline(ns.baseline)
    if ns.trials < 1 or ns.seeds < 1 or ns.batch < 2:
        raise ConfigError("--trials and --seeds must be >= 1, --batch >= 2")
    searched = {p.key for p in space} | {"seed"}
    clash = [o for o in ns.overrides if o.split("=", 1)[0].lstrip("+~") in searched]
    if clash:
        raise ConfigError(f"{clash[0]}: this key is searched; remove it or change --space")
    out = Path(ns.out or f"results/search/{sweep_stamp()}")
    if not ns.resume and (out / STUDY).exists():
        raise ConfigError(
            f"{out} already holds a search; go on with it with `ecosim search --resume {out}` "
            "or choose another --out"
        )
    fixed = [*launcher_overrides(ns.launcher, ns.jobs), *ns.overrides]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise io.WriteError(out, exc) from exc
    with hold(out):  # one process at a time asks and tells this study
        if not ns.resume:
            io.write_text(out / REQUEST, json.dumps({"args": args}, indent=1) + "\n")
        front = search(
            out,
            fixed,
            space,
            objectives,
            constraint,
            ns.trials,
            ns.batch,
            ns.seeds,
            ns.seed,
            ns.jobs,
            baseline,
            resume=bool(ns.resume),
        )
    print(f"search: {len(front)} candidates on the Pareto front", file=sys.stderr)
    print(out)


def resumed_request(parser, ns):
    """The options of the search kept in `--resume DIR` (only `--jobs` may change)."""
    given = [
        key
        for key, value in vars(ns).items()
        if key not in ("resume", "jobs") and value not in (parser.get_default(key), [])
    ]
    if given:
        raise ConfigError(
            f"--resume goes on with the search in {ns.resume} as it was started; "
            f"give no other options (got {given[0]}; --jobs may change)"
        )
    where = Path(ns.resume)
    try:
        saved = json.loads((where / REQUEST).read_text(encoding="utf-8"))["args"]
    except (OSError, ValueError, KeyError, TypeError):
        what = "a search without its request" if (where / STUDY).exists() else "not a search"
        raise ConfigError(
            f"{where} is {what} ({REQUEST} missing or unreadable); expected the --out of "
            "an `ecosim search`"
        ) from None
    resumed = parser.parse_args([*saved, "--out", str(where)])
    resumed.resume = ns.resume
    resumed.jobs = ns.jobs if ns.jobs is not None else resumed.jobs
    return resumed
