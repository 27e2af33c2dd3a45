"""Shared by the benchmarks: the machine's description and appending to RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

import mesa
import numpy as np

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Mesa {mesa.__version__}, numpy {np.__version__}"
    )


def append_results(title: str, lines: list[str]) -> None:
    """Print the figures and append them, with the machine, to benchmarks/RESULTS.md."""
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    block = [f"## {title} ({stamp})", "", f"Machine: {machine()}", "", *lines, ""]
    print("\n".join(block))
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by `make bench`; newest last.\n\n")
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(block) + "\n")
