"""Command-line arguments the ecosim way: a bad argument is one line and exit code 2.

Every `ecosim` command parses its options with `ArgumentParser`, whose errors become a
`ConfigError` that `ecosim.cli.main` prints as one line (no usage block, no traceback),
and range-checks numbers with `bounded`.
"""

from __future__ import annotations

import argparse

from ecosim.config import ConfigError


class ArgumentParser(argparse.ArgumentParser):
    """argparse whose errors are ecosim's one line (exit 2), not a usage block."""

    def error(self, message: str):
        raise ConfigError(f"{self.prog}: {message} (see {self.prog} --help)")

    def parse_args(self, args=None, namespace=None):
        """Options and key=value overrides in any order (`ecosim sweep demo --jobs 1
        results_dir=x`): plain argparse stops filling positionals at the first option.
        A parser whose positionals argparse cannot intermix (a remainder) parses plainly."""
        try:
            return self.parse_intermixed_args(args, namespace)
        except TypeError:
            return super().parse_args(args, namespace)


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


def require(module: str, extra: str, command: str) -> None:
    """Stop with one line naming what to install when an optional package is missing.

    The demo's environment holds only the model and the report; the heavier extras
    (`viz`, `analysis`, `slurm`, `ray`) come with `make test`, `make viz` or pip."""
    from importlib.util import find_spec

    try:
        found = find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ConfigError(
            f"{command} needs the optional package {module!r}: "
            f"pip install -e '.[{extra}]' (or make test, which installs every extra)"
        )
