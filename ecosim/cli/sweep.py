"""`ecosim sweep <experiment>`: run a named experiment in parallel (`ecosim.runs.sweep`);
`--resume SWEEP_DIR` finishes an interrupted sweep, `--list` lists the experiments."""

from __future__ import annotations

from pathlib import Path

from ecosim.args import ArgumentParser
from ecosim.cli.options import add_launch_options
from ecosim.config import ConfigError
from ecosim.runs.sweep import (
    experiments,
    launch_locked,
    launcher_overrides,
    make_plan,
    posterior_plan,
    resumed_plan,
)
from ecosim.runs.sweep_paths import Plan


def cmd_sweep(args: list[str]) -> None:
    parser = ArgumentParser(
        prog="ecosim sweep",
        description="Run a named experiment (configs/experiment/<name>.yaml) in parallel.",
        epilog="Examples: ecosim sweep policy_comparison | ecosim sweep demo seed=range(0,3) "
        "| ecosim sweep --resume results/sweeps/demo/<stamp> | ecosim sweep --list",
    )
    parser.add_argument("experiment", nargs="?", help="experiment name (see --list)")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. seed=range(0,5)")
    parser.add_argument("--resume", metavar="SWEEP_DIR", help="finish an interrupted sweep")
    parser.add_argument(
        "--posterior",
        type=Path,
        metavar="DIR",
        help="run every scenario at posterior draws of `ecosim calibrate`'s DIR",
    )
    parser.add_argument("--draws", type=int, metavar="K", help="posterior draws (default: 20)")
    add_launch_options(parser)
    parser.add_argument("--list", action="store_true", help="list the named experiments")
    ns = parser.parse_args(args)
    known = experiments()
    if ns.list:
        width = max(map(len, known))
        print("\n".join(f"{name:<{width}}  {desc}" for name, desc in known.items()))
        return
    launcher = launcher_overrides(ns.launcher, ns.jobs)
    if ns.draws is not None and ns.posterior is None:
        raise ConfigError("--draws applies to a posterior sweep; add --posterior DIR")
    if ns.resume and ns.posterior is not None:
        raise ConfigError("--resume re-runs a sweep as planned; drop --posterior")
    if ns.resume:
        old = Plan.read(Path(ns.resume))
        if ns.overrides or (ns.experiment and ns.experiment != old.experiment):
            raise ConfigError(
                f"--resume re-runs {ns.resume} as planned ({old.experiment or 'ecosim run -m'}); "
                "give no other experiment or overrides"
            )
        plan = resumed_plan(old)
    elif not ns.experiment:
        raise ConfigError("give an experiment name (ecosim sweep --list) or --resume SWEEP_DIR")
    else:
        if ns.experiment not in known:
            from difflib import get_close_matches

            hint = get_close_matches(ns.experiment or "", known, n=1)
            did = f"did you mean {hint[0]!r}? " if hint else ""
            raise ConfigError(
                f"unknown experiment {ns.experiment!r}; {did}allowed: {', '.join(known)}"
            )
        plan = make_plan([f"experiment={ns.experiment}", *launcher, *ns.overrides])
        if ns.posterior is not None:
            plan = posterior_plan(plan, ns.posterior, 20 if ns.draws is None else ns.draws)
        plan.create()
    raise SystemExit(launch_locked(plan, ns.jobs, resume=bool(ns.resume)))
