"""`ecosim run [overrides]`: one scenario, or a Hydra multirun with `-m`.

The Hydra config is composed and checked before anything is written (a bad value exits
with code 2 and one line, and no run directory), then handed over to Hydra, which
creates the run directory and calls `ecosim.runs.hydra_app.run_job`.
`ecosim run -m ...` is a sweep: it goes through `ecosim.runs.sweep` like `ecosim sweep`.
"""

from __future__ import annotations

from pathlib import Path

from ecosim import io
from ecosim.config import ConfigError, config_dir
from ecosim.runs.hydra_app import check_overrides, run_hydra

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
                raise ConfigError(
                    f"--config-dir {value!r} is not a directory; give the --out of "
                    "`ecosim map` or `ecosim regions`"
                )
            if any(a.startswith("hydra.searchpath") for a in args):
                raise ConfigError("give either --config-dir or hydra.searchpath, not both")
            quoted = str(path).replace("\\", "\\\\").replace("'", "\\'")
            out.append(f"hydra.searchpath=['file://{quoted}']")
        else:
            out.append(arg)
        i += 1
    return out


def schema_help() -> str:
    """`ecosim run --help`: the help's header and footer (configs/config.yaml), the preset
    groups, and every key with its default, unit, allowed range or choices and meaning,
    read from the schema (Hydra's own help lists keys and defaults only)."""
    import yaml
    from omegaconf import OmegaConf

    from ecosim.config import iter_params
    from ecosim.runs.config_errors import compose_checked

    root = config_dir()
    text = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))["hydra"]["help"]
    lines = [text["header"], "", "Presets (group=option):"]
    for group in sorted(d for d in root.iterdir() if d.is_dir() and d.name != "hydra"):
        options = sorted(f.stem for f in group.glob("*.yaml"))
        if options:
            lines.append(f"  {group.name}: {', '.join(options)}")
    lines += ["", "Keys (key=value), with the default presets' values: (unit; allowed) meaning"]
    defaults = compose_checked(root, [])
    for key, f in iter_params():
        meta = f.metadata
        value = OmegaConf.to_container(defaults, resolve=True)
        for part in key.split("."):
            value = value[part]
        if meta.get("choices"):
            allowed = "one of " + ", ".join(meta["choices"])
        elif meta.get("min") is not None and meta.get("max") is not None:
            allowed = f"range [{meta['min']}, {meta['max']}]"
        else:
            allowed = ""
        unit = "; ".join(x for x in (meta.get("unit") or "", allowed) if x)
        lines.append(f"  {key} = {value}" + (f"  ({unit})" if unit else ""))
        if meta.get("help"):
            lines.append(f"      {meta['help']}")
    return "\n".join([*lines, "", text["footer"]])


def cmd_run(args: list[str]) -> None:
    from ecosim.runs.config_errors import one_line

    args = config_dir_option(args)
    flags = [a for a in args if a.startswith("-")]
    overrides = [a for a in args if not a.startswith("-")]
    if set(flags) & {"--help", "-h"}:
        print(schema_help())
        return
    if not (set(flags) & PASSTHROUGH_FLAGS):
        unknown = [f for f in flags if f not in ("-m", "--multirun")]
        if unknown:
            raise ConfigError(
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
        except ConfigError:
            raise
        except Exception as exc:  # noqa: BLE001 - any composition error becomes one line
            raise ConfigError(one_line(exc, config_dir())) from None
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
