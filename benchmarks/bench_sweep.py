"""Sweep throughput: runs per minute of a fixed small sweep with 1 and 2 worker processes.

Both sweeps go through the console script and Hydra's joblib launcher, exactly as a
user's sweep does, into a temporary directory.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import append_results

RUNS = ["policy=isolated,complementarity,open_mesh,preferential", "seed=range(0,10)"]
N_RUNS = 40


def sweep(workers: int) -> float:
    script = Path(sys.executable).parent / "ecosim"
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [
                str(script),
                "run",
                "-m",
                *RUNS,
                "sim.steps=200",
                "sim.progress=false",
                "hydra/launcher=joblib",
                f"hydra.launcher.n_jobs={workers}",
            ],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def main() -> None:
    one, two = sweep(1), sweep(2)
    append_results(
        "Sweep throughput (40 runs x 200 quarters, joblib launcher)",
        [
            f"- 1 worker: {N_RUNS / one * 60:.1f} runs/minute ({one:.1f} s)",
            f"- 2 workers: {N_RUNS / two * 60:.1f} runs/minute ({two:.1f} s)",
            f"- speed-up: {one / two:.2f}x (target >= 1.8x)",
        ],
    )


if __name__ == "__main__":
    main()
