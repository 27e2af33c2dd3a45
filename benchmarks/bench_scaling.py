"""Scaling: run time and peak memory as live startups and territories grow.

Each size runs in a fresh subprocess (so peak RSS is that run's own), for a fixed
number of steps. Startups: the default world with `startups_per_size` and
`birth_rate`, funds and deals per fund scaled together so the live population
stays near its target (1k to 100k). Territories: a `generated` world with equal sizes and
the same total startups, so only the number of territories changes. The fitted exponent
is the slope of log(time) against log(size). Last, the issue's large world: 100,000
startups in 100 territories for 40 quarters (target: < 60 s on one core, < 2 GB).
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from benchmarks.common import append_results

STEPS = 20
CHILD = r"""
import json, resource, sys, time
from ecosim.config import EcosimConfig, validate
from ecosim.core.model import EcosystemModel
spec = json.loads(sys.argv[1])
cfg = EcosimConfig(seed=1)
for section, values in spec.items():
    for key, value in values.items():
        setattr(getattr(cfg, section), key, value)
built = time.perf_counter()
model = EcosystemModel(validate(cfg))
live = []
start = time.perf_counter()
for _ in range(cfg.sim.steps):
    model.step()
    live.append(len(model.startups))
elapsed = time.perf_counter() - start
model.summary()
model.timeseries()
whole = time.perf_counter() - built
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
live = sum(live) / len(live)
print(json.dumps({"seconds": elapsed, "whole": whole, "live": live, "peak_mb": peak}))
"""

# Default world: ~730 live startups over its first 20 quarters.
DEFAULT_LIVE = 730


def run(spec: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(spec)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def scaled(f: float) -> dict:
    """The default world's startups, births, funds and deals per fund, times f."""
    return {
        "world": {"startups_per_size": 250.0 * f},
        "economy": {
            "birth_rate": min(15.0 * f, 1000.0),  # the allowed maximum (100k: the stock)
            "fund_inflow": 8.0 * f,
            "global_fund_inflow": 8.0 * f,
            "deals_per_investor": int(20 * f),
        },
    }


def large_world() -> list[str]:
    """100,000 startups in 100 territories, 40 quarters: seconds and peak memory."""
    spec = scaled(100_000 / DEFAULT_LIVE)
    spec["world"] |= {"name": "generated", "n_territories": 100, "size_skew": 0.0}
    spec["world"]["startups_per_size"] = 100_000 / 100
    spec["economy"]["birth_rate"] = 15.0 * 12.0 / 100 * (100_000 / 3000)  # as below, x33
    spec["sim"] = {"steps": 40}
    r = run(spec)
    return [
        f"- large world: {r['live']:.0f} live startups (mean), 100 territories, 40 quarters: "
        f"{r['whole']:.1f} s with construction and results (target < 60 s), "
        f"peak {r['peak_mb']:.0f} MB (target < 2048)",
    ]


def exponent(sizes, seconds) -> float:
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def main() -> None:
    lines = [
        "| scaled | target | live startups (mean) | territories | seconds | peak MB |",
        "|---|---|---|---|---|---|",
    ]
    live, secs = [], []
    for target in (1_000, 3_000, 10_000, 30_000, 100_000):
        r = run({"sim": {"steps": STEPS}, **scaled(target / DEFAULT_LIVE)})
        live.append(r["live"])
        secs.append(r["seconds"])
        lines.append(
            f"| startups | {target} | {r['live']:.0f} | 10 | {r['seconds']:.2f} | "
            f"{r['peak_mb']:.0f} |"
        )
    terr, tsecs = [], []
    for n in (5, 20, 100):
        r = run(
            {
                "sim": {"steps": STEPS},
                "world": {
                    "name": "generated",
                    "n_territories": n,
                    "size_skew": 0.0,
                    "startups_per_size": 3000.0 / n,
                },
                "economy": {"birth_rate": 15.0 * 12.0 / n},
            }
        )
        terr.append(n)
        tsecs.append(r["seconds"])
        lines.append(
            f"| territories | {n} | {r['live']:.0f} | {n} | {r['seconds']:.2f} | "
            f"{r['peak_mb']:.0f} |"
        )
    lines += [
        "",
        f"- fitted exponent of time vs live startups: {exponent(live, secs):.2f} (target <= 1.1)",
        f"- fitted exponent of time vs territories: {exponent(terr, tsecs):.2f} (target <= 1.1)",
        f"- steps per run: {STEPS}; machine shared with other work: times are noisy",
        *large_world(),
    ]
    append_results("Scaling", lines)


if __name__ == "__main__":
    main()
