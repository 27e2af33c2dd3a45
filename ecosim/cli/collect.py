"""`ecosim collect <sweep_dir>`: every run of a sweep in one tidy table
(`ecosim.runs.collect`): runs.parquet and timeseries.parquet in the sweep directory."""

from __future__ import annotations

import sys
from pathlib import Path

from ecosim.args import ArgumentParser
from ecosim.runs.collect import collect, describe, write


def cmd_collect(args: list[str]) -> None:
    parser = ArgumentParser(
        prog="ecosim collect",
        description="Collect every run of a sweep into runs.parquet and timeseries.parquet.",
    )
    parser.add_argument("sweep_dir", help="results/sweeps/<name>/<stamp>")
    ns = parser.parse_args(args)
    collected = collect(Path(ns.sweep_dir))
    runs_path, ts_path = write(collected)
    print(describe(collected), file=sys.stderr)
    print(f"{runs_path}\n{ts_path}")
