"""`ecosim map ACTORS.csv [--out DIR] [--name NAME]`: map a territory's actors into
strengths, synergies, points of differentiation and a world config
(`ecosim.inputs.actor_map`, whose description `--help` prints)."""

from __future__ import annotations

import re
from pathlib import Path

from ecosim.config import ConfigError
from ecosim.inputs import actor_map

USAGE = "usage: ecosim map ACTORS.csv [--out DIR] [--name NAME]"


def _parse(args: list[str]) -> tuple[Path, Path, str | None]:
    csv_path, out, name = None, Path("ecosim_map"), None
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
            raise ConfigError(f"one actor table at a time (got {str(csv_path)!r} and {arg!r})")
        csv_path = Path(arg)
        i += 1
    if csv_path is None:
        raise ConfigError(f"give the actor table; {USAGE}")
    return csv_path, out, name


def cmd_map(args: list[str]) -> None:
    if any(a in ("-h", "--help") for a in args):
        print(f"{USAGE}\n\n{actor_map.__doc__}")
        return
    csv_path, out, name = _parse(args)
    name = name or re.sub(r"[^A-Za-z0-9_-]+", "_", csv_path.stem).strip("_") or "mapped"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise ConfigError(f"--name {name!r} is not allowed; use letters, digits, '-' and '_'")
    text, config_file, report_file = actor_map.write_map(csv_path, out, name)
    print(text)
    print(f"report: {report_file}\nworld config: {config_file}")
    print(f"run it: ecosim run --config-dir {out} world={name}")
