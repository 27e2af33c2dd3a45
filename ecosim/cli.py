"""The `ecosim` console script.

`ecosim run [overrides]` composes the Hydra config, checks it before anything is
written (a bad value exits with code 2 and one line, and no run directory), then
hands over to Hydra, which creates the run directory and calls `run_job`.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

from ecosim.config import ConfigError, EcosimConfig, register_configs, validate

#: command -> ("module:function", one-line description). Each command lives in its own
#: module and is imported only when used, so `ecosim run` stays fast to start.
COMMANDS = {
    "run": ("ecosim.cli:cmd_run", "run one scenario (or a Hydra multirun with -m); --help"),
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
        + "\n\nQuick start: `make demo` runs the default scenario, `make test` the tests."
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
    fixed, sweeps = [], []
    for o in parsed:
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
    """The Hydra task: one run, written to Hydra's output directory."""
    from hydra.core.hydra_config import HydraConfig

    from ecosim.runner import Progress, format_kpis, simulate, write_run

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    config = to_config(cfg)
    run_dir = Path(HydraConfig.get().runtime.output_dir)
    label = f"{config.policy.name}/{config.world.name}/seed {config.seed}"
    summary, timeseries, agents = simulate(config, Progress(label, config.sim.progress))
    write_run(run_dir, config, summary, timeseries, agents)
    print(f"\n{label} -> {run_dir}\n{format_kpis(summary)}")


def cmd_run(args: list[str]) -> None:
    import hydra

    from ecosim.config_errors import one_line

    flags = [a for a in args if a.startswith("-")]
    overrides = [a for a in args if not a.startswith("-")]
    if not (set(flags) & PASSTHROUGH_FLAGS):
        unknown = [f for f in flags if f not in ("-m", "--multirun")]
        if unknown:
            fail(f"unknown option {unknown[0]!r}; allowed: -m/--multirun, --help, --cfg job")
        try:
            check_overrides(overrides)
        except ConfigError as exc:
            fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - any composition error becomes one line
            fail(one_line(exc, config_dir()))
    app = hydra.main(version_base="1.3", config_path=str(config_dir()), config_name="config")
    sys.argv = ["ecosim run", *args]
    app(run_job)()


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
