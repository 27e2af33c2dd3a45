"""`ecosim validate <check> [options]`: run one validation check and write its outputs.

Outputs go to `results/validation/<check>/` (relative to the current directory) unless
`--out` says otherwise. A bad argument raises ConfigError: exit code 2 and one line
naming the argument, the value and what is allowed (ecosim.cli.main prints it).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from ecosim.config import ConfigError

CHECKS = ("lazer_friedman", "stylized_facts", "homogenization")


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is a ConfigError (one line) instead of usage + exit."""

    def error(self, message: str):
        raise ConfigError(f"{self.prog}: {message}")


def bounded(kind: type, lo: float, hi: float):
    """An argparse type accepting `kind` values in [lo, hi]."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a valid {kind.__name__}; allowed: [{lo}, {hi}]"
            ) from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{text} is out of range; allowed: [{lo}, {hi}]")
        return value

    parse.__name__ = kind.__name__
    return parse


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="ecosim validate", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="check", required=True, metavar="{" + ",".join(CHECKS) + "}")
    for name in CHECKS:
        module = importlib.import_module(f"ecosim.validation.{name}")
        p = sub.add_parser(
            name,
            help=module.__doc__.splitlines()[0],
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "--seed", type=bounded(int, 0, 2**31 - 1), default=0, help="master seed (%(default)s)"
        )
        p.add_argument(
            "--out",
            type=Path,
            default=None,
            help=f"output folder (default: results/validation/{name})",
        )
        module.add_arguments(p)
    return top


def cmd_validate(args: list[str]) -> None:
    from ecosim.runner import Progress

    ns = parser().parse_args(args)
    out = ns.out or Path("results") / "validation" / ns.check
    module = importlib.import_module(f"ecosim.validation.{ns.check}")
    start = time.perf_counter()
    written = module.main(ns, out, lambda what: Progress(f"{ns.check}: {what}"))
    print(f"{ns.check}: {time.perf_counter() - start:.1f}s", file=sys.stderr)
    for path in written:
        print(path)
