"""`ecosim validate <check> [options]`: run one validation check and write its outputs.

Outputs go to `results/validation/<check>/` (relative to the current directory) unless
`--out` says otherwise. A bad argument raises ConfigError: exit code 2 and one line
naming the argument, the value and what is allowed (ecosim.cli.main prints it). The
checks are the modules of `ecosim.validation`, loaded by name.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from ecosim.args import ArgumentParser, bounded

CHECKS = ("lazer_friedman", "stylized_facts", "homogenization")


def parser() -> argparse.ArgumentParser:
    top = ArgumentParser(prog="ecosim validate", description=__doc__.splitlines()[0])
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
    from ecosim.runs.run import Progress

    ns = parser().parse_args(args)
    out = ns.out or Path("results") / "validation" / ns.check
    module = importlib.import_module(f"ecosim.validation.{ns.check}")
    start = time.perf_counter()
    written = module.main(ns, out, lambda what: Progress(f"{ns.check}: {what}"))
    print(f"{ns.check}: {time.perf_counter() - start:.1f}s", file=sys.stderr)
    for path in written:
        print(path)
