"""Sweep throughput: runs per minute of a fixed small sweep with 1 and 2 worker processes.

Both sweeps go through the console script and Hydra's joblib launcher, exactly as a
user's sweep does, into a temporary directory. Sweep efficiency is the time the sweep's
runs spend in the model (each of the 40 configurations simulated once more in this
process, timed) over workers x wall time: 1 would be a sweep with no overhead at all.
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


def in_model_seconds() -> float:
    """The 40 runs' time in `simulate` alone, one after another in this process."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from ecosim.config import config_dir, register_configs
    from ecosim.runs.config_errors import compose_checked
    from ecosim.runs.hydra_app import to_config
    from ecosim.runs.run import simulate

    register_configs()
    total = 0.0
    (policy, seed) = OverridesParser.create().parse_overrides(RUNS)
    for p in policy.sweep_string_iterator():
        for s in seed.sweep_string_iterator():
            overrides = [f"policy={p}", f"seed={s}", "sim.steps=200", "sim.progress=false"]
            cfg = to_config(compose_checked(config_dir(), overrides))
            start = time.perf_counter()
            simulate(cfg)
            total += time.perf_counter() - start
    return total


def main() -> None:
    model = in_model_seconds()
    one, two = sweep(1), sweep(2)
    append_results(
        "Sweep throughput (40 runs x 200 quarters, joblib launcher)",
        [
            f"- 1 worker: {N_RUNS / one * 60:.1f} runs/minute ({one:.1f} s)",
            f"- 2 workers: {N_RUNS / two * 60:.1f} runs/minute ({two:.1f} s)",
            f"- speed-up: {one / two:.2f}x (target >= 1.8x)",
            f"- time in the model (the 40 runs one after another, in process): {model:.1f} s",
            f"- sweep efficiency (in-model time / (workers x wall)): 1 worker "
            f"{model / one:.2f}, 2 workers {model / (2 * two):.2f} (target >= 0.85)",
            "- the machine is shared with other work while this runs: times are noisy",
        ],
    )


if __name__ == "__main__":
    main()
