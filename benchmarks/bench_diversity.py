"""Cost of the mechanisms through which diversity pays (turbulence, sector shocks,
recombination): cost per startup-step with all three on, against the default run with
them off, measured in this process, in this run, interleaved (issue 13 target: at most
+25%). Per startup-step, because the mechanisms change how many startups live.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.common import append_results
from ecosim.config import EcosimConfig, validate
from ecosim.core.model import EcosystemModel

STEPS = 80
REPEATS = 5
#: the study's high levels (experiment diversity_value) and a recombination rate of 0.1
ON = {"turbulence": 0.1, "recombination": 0.1, "shock_rate": 0.05}


def cost(seed: int, on: bool) -> float:
    """Seconds per startup-step of one run (construction and results included)."""
    cfg = EcosimConfig(seed=seed)
    cfg.sim.progress = False
    if on:
        cfg.knowledge.turbulence = ON["turbulence"]
        cfg.knowledge.recombination = ON["recombination"]
        cfg.sector_shocks.shock_rate = ON["shock_rate"]
    start = time.perf_counter()
    model = EcosystemModel(validate(cfg))
    startup_steps = 0
    for _ in range(STEPS):
        model.step()
        startup_steps += int(model.state.live.sum())
    model.summary(), model.timeseries()
    elapsed = time.perf_counter() - start
    model.release()
    return elapsed / startup_steps


def main() -> None:
    off, on = [], []
    for seed in range(REPEATS):
        off.append(cost(seed, False))
        on.append(cost(seed, True))
    ratios = [b / a for a, b in zip(off, on, strict=True)]
    append_results(
        "Diversity mechanisms: cost per startup-step, on / off",
        [
            f"- off (default): {statistics.median(off) * 1e6:.2f} us per startup-step "
            f"(median of {REPEATS} seeds)",
            f"- on ({', '.join(f'{k} {v}' for k, v in ON.items())}): "
            f"{statistics.median(on) * 1e6:.2f} us",
            f"- ratio on / off, paired by seed: median {statistics.median(ratios):.2f} "
            f"(min {min(ratios):.2f}, max {max(ratios):.2f}); target <= 1.25",
        ],
    )


if __name__ == "__main__":
    main()
