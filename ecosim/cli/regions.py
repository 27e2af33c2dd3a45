"""`ecosim regions TABLE.csv --out DIR [--name NAME]`: a region table (population, GDP per
inhabitant, map position, optional R&D, students, startups; a source line per column) as a
world preset `DIR/world/NAME.yaml` (`ecosim.inputs.regions`, whose description `--help`
prints), run with `ecosim run --config-dir DIR world=NAME`."""

from __future__ import annotations

import re
from pathlib import Path

from ecosim.config import ConfigError, config_dir
from ecosim.inputs import regions

USAGE = "usage: ecosim regions TABLE.csv --out DIR [--name NAME]"


def _parse(args: list[str]) -> tuple[Path, Path, str | None]:
    csv_path, out, name = None, None, None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--out", "--name"):
            if i + 1 >= len(args):
                raise ConfigError(f"{arg} needs a value; {USAGE}")
            if arg == "--out":
                out = Path(args[i + 1])
            else:
                name = args[i + 1]
            i += 2
            continue
        if arg.startswith("-"):
            raise ConfigError(f"unknown option {arg!r}; allowed: --out DIR, --name NAME")
        if csv_path is not None:
            raise ConfigError(f"one region table at a time (got {str(csv_path)!r} and {arg!r})")
        csv_path = Path(arg)
        i += 1
    if csv_path is None:
        raise ConfigError(f"give the region table; {USAGE}")
    if out is None:
        raise ConfigError(f"give the output directory with --out DIR; {USAGE}")
    return csv_path, out, name


def cmd_regions(args: list[str]) -> None:
    if any(a in ("-h", "--help") for a in args):
        print(f"{USAGE}\n\n{regions.__doc__}")
        return
    csv_path, out, name = _parse(args)
    name = name or re.sub(r"[^A-Za-z0-9_-]+", "_", csv_path.stem).strip("_") or "regions"
    shipped = config_dir() / "world" / f"{name}.yaml"
    if shipped.is_file() and Path(out).resolve() != config_dir().resolve():
        raise ConfigError(
            f"--name {name!r} is a world preset shipped with ecosim; `ecosim run world={name}` "
            "would pick the shipped one: choose another --name"
        )
    text, config_file = regions.write_regions(csv_path, out, name)
    print(text)
    print(f"run it: ecosim run --config-dir {out} world={name}")
