"""Memory of one worker over many consecutive runs: resident set size after each run.

A worker process of a sweep runs model after model; each finished model must be freed
(`EcosystemModel.release`; Mesa 3.3 otherwise keeps every model alive through its
agent-id counter). Prints RSS after selected runs and the growth from run 20 to the end.
"""

from __future__ import annotations

import gc
import resource
import sys

from benchmarks.common import append_results
from ecosim.config import EcosimConfig, validate
from ecosim.runs.run import simulate

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 200


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    marks = {}
    for i in range(1, RUNS + 1):
        cfg = EcosimConfig(seed=i)
        cfg.sim.steps, cfg.sim.progress = 20, False
        simulate(validate(cfg))
        gc.collect()
        if i in (1, 20, 50, 100, 150, RUNS):
            marks[i] = rss_mb()
    lines = [f"- RSS after run {i}: {mb:.1f} MB" for i, mb in marks.items()]
    lines.append(
        f"- growth from run 20 to run {RUNS}: {marks[RUNS] - marks[20]:+.1f} MB "
        f"({RUNS} default runs of 20 quarters in one process)"
    )
    append_results("Worker memory over consecutive runs", lines)


if __name__ == "__main__":
    main()
