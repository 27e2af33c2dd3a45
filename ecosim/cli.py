"""The `ecosim` console script.

`ecosim run [overrides]` composes the Hydra config, checks it before anything is
written (a bad value exits with code 2 and one line, and no run directory), then
hands over to Hydra, which creates the run directory and calls `run_job`.
`ecosim run -m ...` is a sweep: it goes through `ecosim.runs.sweep` like `ecosim sweep`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from ecosim import io
from ecosim.config import ConfigError, config_dir, register_configs
from ecosim.runs.hydra_app import check_overrides, run_hydra

#: command -> ("module:function", one-line description). Each command lives in its own
#: module and is imported only when used, so `ecosim run` stays fast to start.
COMMANDS = {
    "run": ("ecosim.cli:cmd_run", "run one scenario (or a Hydra multirun with -m); --help"),
    "sweep": ("ecosim.runs.sweep:cmd_sweep", "run a named experiment in parallel; --resume DIR"),
    "collect": ("ecosim.runs.collect:cmd_collect", "one tidy table of all runs of a sweep"),
    "report": ("ecosim.report.command:cmd_report", "HTML + markdown report of a sweep (lang=fr)"),
    "sensitivity": (
        "ecosim.analysis.sensitivity:cmd_sensitivity",
        "global sensitivity of the KPIs to the parameters (SALib Morris/Sobol)",
    ),
    "search": (
        "ecosim.analysis.policy_search:cmd_search",
        "multi-objective policy search (Optuna): Pareto front, each point rerunnable",
    ),
    "discover": (
        "ecosim.analysis.discovery:cmd_discover",
        "scenario discovery (PRIM): where an outcome such as 'periphery_gain>0' holds",
    ),
    "calibrate": (
        "ecosim.analysis.calibration:cmd_calibrate",
        "Bayesian calibration (ABC-SMC) on the stylized facts; held-out validation",
    ),
    "viz": ("ecosim.viz.serve:cmd_viz", "open the educator app on http://127.0.0.1:8765 (offline)"),
    "assets": ("ecosim.viz.assets:cmd_assets", "fetch the app's front-end assets once (--check)"),
    "animate": (
        "ecosim.viz.animate:cmd_animate",
        "write a GIF of a run's network and KPIs (RUN_DIR)",
    ),
    "map": (
        "ecosim.inputs.actor_map:cmd_map",
        "map actors (CSV) into strengths, synergies, differentiation and a world config",
    ),
    "validate": (
        "ecosim.validation.cli:cmd_validate",
        "reproduce published results: lazer_friedman, stylized_facts, homogenization; --help",
    ),
}


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


def fail(message: str) -> None:
    print(f"ecosim: error: {message}", file=sys.stderr)
    raise SystemExit(2)


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
    from ecosim.runs.config_errors import one_line

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
            from ecosim.runs.sweep import launch_locked, make_plan

            plan = make_plan(overrides)
            plan.create()
            raise SystemExit(launch_locked(plan))
        try:
            check_overrides(overrides)
        except ConfigError as exc:
            fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - any composition error becomes one line
            fail(one_line(exc, config_dir()))
        runs_parent(overrides)
    run_hydra(args)


def runs_parent(overrides: list[str]) -> None:
    """Create the directory Hydra will put the run's directory in, so that a forbidden or
    read-only place is one line and exit 1 (io.WriteError), not Hydra's traceback."""
    from ecosim.runs.sweep_paths import override_key

    given = {override_key(o): o.split("=", 1)[1] for o in overrides if "=" in o}
    if "hydra.run.dir" in given:
        parent = Path(given["hydra.run.dir"]).parent
    else:
        parent = Path(given.get("results_dir", "results")) / "runs"
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise io.WriteError(parent, exc) from exc


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
    except io.WriteError as exc:  # a full, read-only or forbidden disk: not bad input
        print(f"ecosim: error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
