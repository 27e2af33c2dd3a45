"""`ecosim animate RUN_DIR`: a GIF of a run's network and KPIs, one frame per quarter
(`ecosim.viz.animate`)."""

from __future__ import annotations

from pathlib import Path

from ecosim.args import ArgumentParser
from ecosim.config import ConfigError
from ecosim.viz.animate import animate


def _parser() -> ArgumentParser:
    p = ArgumentParser(prog="ecosim animate", description="GIF of a run's network and KPIs.")
    p.add_argument("run_dir", type=Path, help="a run directory written by `ecosim run`")
    p.add_argument("--out", type=Path, help="output file (default RUN_DIR/animation.gif)")
    p.add_argument("--fps", type=int, default=4, help="frames (quarters) per second")
    p.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the labels")
    return p


def cmd_animate(args: list[str]) -> None:
    opts = _parser().parse_args(args)
    if not 1 <= opts.fps <= 60:
        raise ConfigError(f"animate: --fps={opts.fps} is out of range; allowed: [1, 60]")
    if opts.out is not None and opts.out.suffix.lower() != ".gif":
        raise ConfigError(f"animate: --out={opts.out} must end in .gif")
    out = animate(opts.run_dir, opts.out, opts.fps, opts.lang)
    print(f"animation: {out}")
