"""Where a default run spends its time, construction and results included: the top
functions by own time (cProfile)."""

from __future__ import annotations

import cProfile
import io
import pstats

from benchmarks.common import append_results
from ecosim.config import EcosimConfig, validate
from ecosim.core.model import EcosystemModel

TOP = 15


def main() -> None:
    cfg = validate(EcosimConfig(seed=0))
    profiler = cProfile.Profile()
    profiler.enable()
    model = EcosystemModel(cfg)
    model.run()
    model.summary()
    model.timeseries()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(TOP)
    rows = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(rows) if line.lstrip().startswith("ncalls"))
    append_results(
        "Profile of a default run (top functions by own time)",
        ["```", *rows[start : start + TOP + 1], "```"],
    )


if __name__ == "__main__":
    main()
