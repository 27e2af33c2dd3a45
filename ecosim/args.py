"""Command-line arguments the ecosim way: a bad argument is one line and exit code 2.

Every `ecosim` command parses its options with `ArgumentParser`, whose errors become a
`ConfigError` that `ecosim.cli.main` prints as one line (no usage block, no traceback),
and range-checks numbers with `bounded`.
"""

from __future__ import annotations

import argparse
import re
from difflib import get_close_matches

from ecosim.config import ConfigError


class ArgumentParser(argparse.ArgumentParser):
    """argparse whose errors are ecosim's one line (exit 2), not a usage block."""

    def error(self, message: str):
        raise ConfigError(f"{self.prog}: {_did_you_mean(message)} (see {self.prog} --help)")

    def parse_args(self, args=None, namespace=None):
        """Options and key=value overrides in any order (`ecosim sweep demo --jobs 1
        results_dir=x`): plain argparse stops filling positionals at the first option.
        A parser whose positionals argparse cannot intermix (a remainder) parses plainly."""
        try:
            return self.parse_intermixed_args(args, namespace)
        except TypeError:
            return super().parse_args(args, namespace)


def _did_you_mean(message: str) -> str:
    """argparse's "invalid choice: 'x' (choose from ...)" with the closest choice named
    first (Python 3.11-3.13 argparse suggests nothing; the quoting of the choices varies
    between versions, so both forms are read)."""
    found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)$", message)
    if not found:
        return message
    choices = [c.strip(" '") for c in found[2].split(",")]
    hint = get_close_matches(found[1], choices, n=1)
    return f"{message}; did you mean {hint[0]!r}?" if hint else message


def not_available(given: str, value: str, allowed) -> ConfigError:
    """The one line for a named `value` (as `given` on the command line) that is not one
    of `allowed`, the closest named."""
    hint = get_close_matches(value, list(allowed), n=1)
    guess = f"did you mean {hint[0]}? " if hint else ""
    return ConfigError(f"{given} is not available; {guess}allowed: {', '.join(allowed)}")


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
