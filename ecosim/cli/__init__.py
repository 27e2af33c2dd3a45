"""The `ecosim` console script: `main` dispatches to one module per command.

Each command (`ecosim.cli.run`, `ecosim.cli.sweep`, ...) parses its arguments, calls the
library (`ecosim.runs`, `ecosim.analysis`, `ecosim.inputs`, `ecosim.report`,
`ecosim.viz`, `ecosim.validation`) and prints; it is imported only when used, so
`ecosim run` stays fast to start. The command line sits at the top: it may import every
other package, and nothing imports it. A bad value (`ConfigError`) exits with code 2
and one line; a file that cannot be written (`io.WriteError`) with code 1 and one line.
"""

from __future__ import annotations

import importlib
import sys

from ecosim import io
from ecosim.config import ConfigError, register_configs

#: command -> ("module:function", one-line description). Each command lives in its own
#: module and is imported only when used, so `ecosim run` stays fast to start.
COMMANDS = {
    "run": ("ecosim.cli.run:cmd_run", "run one scenario (or a Hydra multirun with -m); --help"),
    "sweep": ("ecosim.cli.sweep:cmd_sweep", "run a named experiment in parallel; --resume DIR"),
    "collect": ("ecosim.cli.collect:cmd_collect", "one tidy table of all runs of a sweep"),
    "report": ("ecosim.cli.report:cmd_report", "HTML + markdown report of a sweep (lang=fr)"),
    "sensitivity": (
        "ecosim.cli.sensitivity:cmd_sensitivity",
        "global sensitivity of the KPIs to the parameters (SALib Morris/Sobol)",
    ),
    "search": (
        "ecosim.cli.search:cmd_search",
        "multi-objective policy search (Optuna): Pareto front, each point rerunnable",
    ),
    "discover": (
        "ecosim.cli.discover:cmd_discover",
        "scenario discovery (PRIM): where an outcome such as 'periphery_gain>0' holds",
    ),
    "calibrate": (
        "ecosim.cli.calibrate:cmd_calibrate",
        "Bayesian calibration (ABC-SMC) on the stylized facts; held-out validation",
    ),
    "viz": ("ecosim.cli.viz:cmd_viz", "open the educator app on http://127.0.0.1:8765 (offline)"),
    "assets": ("ecosim.cli.assets:cmd_assets", "fetch the app's front-end assets once (--check)"),
    "animate": (
        "ecosim.cli.animate:cmd_animate",
        "write a GIF of a run's network and KPIs (RUN_DIR)",
    ),
    "map": (
        "ecosim.cli.map:cmd_map",
        "map actors (CSV) into strengths, synergies, differentiation and a world config",
    ),
    "regions": (
        "ecosim.cli.regions:cmd_regions",
        "a region table (population, GDP, position; sources per column) as a world preset",
    ),
    "validate": (
        "ecosim.cli.validate:cmd_validate",
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


def fail(message: str) -> None:
    print(f"ecosim: error: {message}", file=sys.stderr)
    raise SystemExit(2)


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
