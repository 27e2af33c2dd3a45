"""The `ecosim` console script.

`ecosim run [overrides]` composes the Hydra config, checks it before anything is
written (a bad value exits with code 2 and one line, and no run directory), then
hands over to Hydra, which creates the run directory and calls `run_job`.
`ecosim run -m ...` is a sweep: it goes through `ecosim.sweep` like `ecosim sweep`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from ecosim.config import ConfigError, EcosimConfig, register_configs, validate
from ecosim.sweep_paths import register_resolver

#: command -> ("module:function", one-line description). Each command lives in its own
#: module and is imported only when used, so `ecosim run` stays fast to start.
COMMANDS = {
    "run": ("ecosim.cli:cmd_run", "run one scenario (or a Hydra multirun with -m); --help"),
    "sweep": ("ecosim.sweep:cmd_sweep", "run a named experiment in parallel; --resume DIR"),
    "collect": ("ecosim.collect:cmd_collect", "one tidy table of all runs of a sweep"),
    "report": ("ecosim.report:cmd_report", "HTML + markdown report of a sweep (lang=fr)"),
    "sensitivity": (
        "ecosim.sensitivity:cmd_sensitivity",
        "global sensitivity of the KPIs to the parameters (SALib Morris/Sobol)",
    ),
    "search": (
        "ecosim.policy_search:cmd_search",
        "multi-objective policy search (Optuna): Pareto front, each point rerunnable",
    ),
    "viz": ("ecosim.viz.serve:cmd_viz", "open the educator app on http://127.0.0.1:8765 (offline)"),
    "assets": ("ecosim.viz.assets:cmd_assets", "fetch the app's front-end assets once (--check)"),
    "animate": ("ecosim.animate:cmd_animate", "write a GIF of a run's network and KPIs (RUN_DIR)"),
    "map": (
        "ecosim.actor_map:cmd_map",
        "map actors (CSV) into strengths, synergies, differentiation and a world config",
    ),
    "validate": (
        "ecosim.validation.cli:cmd_validate",
        "reproduce published results: lazer_friedman, stylized_facts, homogenization; --help",
    ),
}

# Hydra resolves each job's directory with this resolver, in whichever process runs the
# job; a joblib worker imports this module (to unpickle `run_job`) before it does.
register_resolver()


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {desc}" for name, (_, desc) in COMMANDS.items()]
    return (
        "usage: ecosim <command> [args]\n\ncommands:\n"
        + "\n".join(lines)
        + "\n\nQuick start: `make demo` compares 4 policies and writes a report; `make test` tests."
    )


PASSTHROUGH_FLAGS = {
    "--help",
    "-h",
    "--hydra-help",
    "--info",
    "-i",
    "--cfg",
    "-c",
    "--resolve",
    "--package",
    "-p",
    "--shell-completion",
    "-sc",
}


def config_dir() -> Path:
    """Configs of an installed wheel (ecosim/configs) or of a checkout (configs/)."""
    env = os.environ.get("ECOSIM_CONFIG_DIR")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent
    for candidate in (here / "configs", here.parent / "configs"):
        if (candidate / "config.yaml").is_file():
            return candidate
    raise ConfigError("cannot find ecosim's configs (set ECOSIM_CONFIG_DIR)")


def fail(message: str) -> None:
    print(f"ecosim: error: {message}", file=sys.stderr)
    raise SystemExit(2)


class ArgumentParser(argparse.ArgumentParser):
    """argparse whose errors are ecosim's one line (exit 2), not a usage block."""

    def error(self, message: str):
        raise ConfigError(f"{self.prog}: {message} (see {self.prog} --help)")


def to_config(cfg) -> EcosimConfig:
    from omegaconf import OmegaConf

    return validate(OmegaConf.to_object(cfg))


def check_overrides(overrides: list[str]) -> None:
    """Compose every value a (multi)run will use, before anything runs or is written."""
    from ecosim.config_errors import compose_checked

    for combo in expand_sweeps(overrides):
        try:
            to_config(compose_checked(config_dir(), combo))
        except ConfigError:
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. a missing mandatory value
            from ecosim.config_errors import one_line

            raise ConfigError(one_line(exc, config_dir())) from exc


def expand_sweeps(overrides: list[str]) -> list[list[str]]:
    """One override list per sweep value (others at their first value): every value checked."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from ecosim.config_errors import one_line

    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception as exc:  # noqa: BLE001 - Hydra's parser raises several kinds
        fail(f"cannot parse the overrides ({one_line(exc)}); expected key=value or group=option")
    latest = {o.get_key_element(): o for o in parsed}  # a later value of a key wins, as in Hydra
    fixed, sweeps = [], []
    for o in latest.values():
        if o.is_sweep_override():
            values = [f"{o.get_key_element()}={v}" for v in o.sweep_string_iterator()]
            sweeps.append(values)
        else:
            fixed.append(o.input_line)
    if not sweeps:
        return [fixed]
    firsts = [vals[0] for vals in sweeps]
    combos = []
    for i, vals in enumerate(sweeps):
        for v in vals:
            combos.append(fixed + firsts[:i] + [v] + firsts[i + 1 :])
    return combos


def run_job(cfg) -> None:
    """The Hydra task: one run, written to Hydra's output directory.

    The same code runs a single run, a job of a sequential multirun and a job in a joblib
    worker. In a sweep, a run already complete (resume) is left untouched, and a failure
    is recorded in the run's directory instead of stopping the other jobs.
    """
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from ecosim import io
    from ecosim.runner import Progress, format_kpis, record_failure, simulate, start_run, write_run

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    hydra_cfg = HydraConfig.get()
    run_dir = Path(hydra_cfg.runtime.output_dir)
    if io.is_done(run_dir):
        return
    in_sweep = hydra_cfg.mode == RunMode.MULTIRUN  # the sweep front end shows progress
    try:
        config = to_config(cfg)
        start_run(run_dir, list(hydra_cfg.overrides.task), config.seed)
        label = f"{config.policy.name}/{config.world.name}/seed {config.seed}"
        progress = Progress(label, config.sim.progress and not in_sweep)
        summary, timeseries, agents = simulate(config, progress)
        write_run(run_dir, config, summary, timeseries, agents)
    except Exception as exc:
        record_failure(run_dir, exc)
        if in_sweep:
            return
        raise
    if not in_sweep:
        print(f"\n{label} -> {run_dir}\n{format_kpis(summary)}")


def run_hydra(args: list[str]) -> None:
    """Hand the command line over to Hydra, with `run_job` as the task."""
    import hydra

    app = hydra.main(version_base="1.3", config_path=str(config_dir()), config_name="config")
    sys.argv = ["ecosim run", *args]
    app(run_job)()


def config_dir_option(args: list[str]) -> list[str]:
    """`--config-dir DIR` (e.g. written by `ecosim map`) becomes a Hydra search path, so its
    `world/NAME.yaml` is selected with `world=NAME`, like a preset."""
    out, i = [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--config-dir" or arg.startswith("--config-dir="):
            if "=" in arg:
                value = arg.split("=", 1)[1]
            elif i + 1 < len(args):
                value, i = args[i + 1], i + 1
            else:
                value = ""
            path = Path(value).resolve()
            if not value or not path.is_dir():
                fail(f"--config-dir {value!r} is not a directory; give the --out of `ecosim map`")
            if any(a.startswith("hydra.searchpath") for a in args):
                fail("give either --config-dir or hydra.searchpath, not both")
            quoted = str(path).replace("\\", "\\\\").replace("'", "\\'")
            out.append(f"hydra.searchpath=['file://{quoted}']")
        else:
            out.append(arg)
        i += 1
    return out


def cmd_run(args: list[str]) -> None:
    from ecosim.config_errors import one_line

    args = config_dir_option(args)
    flags = [a for a in args if a.startswith("-")]
    overrides = [a for a in args if not a.startswith("-")]
    if not (set(flags) & PASSTHROUGH_FLAGS):
        unknown = [f for f in flags if f not in ("-m", "--multirun")]
        if unknown:
            fail(
                f"unknown option {unknown[0]!r}; "
                "allowed: -m/--multirun, --config-dir DIR, --help, --cfg job"
            )
        if flags:  # -m: a sweep, planned, checked and watched like `ecosim sweep`
            from ecosim.sweep import launch, make_plan

            raise SystemExit(launch(make_plan(overrides)))
        try:
            check_overrides(overrides)
        except ConfigError as exc:
            fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - any composition error becomes one line
            fail(one_line(exc, config_dir()))
    run_hydra(args)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    register_configs()
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        raise SystemExit(0 if argv else 2)
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        from difflib import get_close_matches

        hint = get_close_matches(command, COMMANDS, n=1)
        fail(
            f"unknown command {command!r}"
            + (f"; did you mean {hint[0]!r}?" if hint else "")
            + f" allowed: {', '.join(COMMANDS)}"
        )
    module, function = COMMANDS[command][0].split(":")
    try:
        getattr(importlib.import_module(module), function)(rest)
    except ConfigError as exc:
        fail(str(exc))


if __name__ == "__main__":
    main()
