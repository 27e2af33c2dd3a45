"""Cost per agent-step: ecosim against Mesa's Boltzmann wealth example, same agents and steps.

Both run in this process, in this run, side by side (so a busy machine slows both), with
the same number of agents (the mean number of live startups of the ecosim run) and the
same number of steps, each repeated and the median kept. Two sizes: the default scenario
(~2,000 live startups) and a world scaled to ~22,000 live startups. Two counts of the
cost: the steps alone, and the whole job - construction, steps and results (ecosim's
summary and time series; Boltzmann's data-collector table).
Prints both costs and the ratios ecosim / Boltzmann (targets: whole job <= 0.5 at the
default size, <= 0.15 at >= 20,000 live startups).
"""

from __future__ import annotations

import math
import statistics
import time

from mesa.examples.basic.boltzmann_wealth_model import model as boltzmann

from benchmarks.common import append_results
from ecosim.config import EcosimConfig, validate
from ecosim.core.model import EcosystemModel

STEPS = 80
REPEATS = 5
#: the default world scaled x30 (startups, births, funds and deals together)
LARGE = {
    "world": {"startups_per_size": 250.0 * 30},
    "economy": {
        "birth_rate": 15.0 * 30,
        "fund_inflow": 8.0 * 30,
        "global_fund_inflow": 8.0 * 30,
        "deals_per_investor": 20 * 30,
    },
}


def ecosim_config(seed: int, scale: dict) -> EcosimConfig:
    cfg = EcosimConfig(seed=seed)
    cfg.sim.steps = STEPS
    for section, values in scale.items():
        for key, value in values.items():
            setattr(getattr(cfg, section), key, value)
    return validate(cfg)


def ecosim_cost(seed: int, scale: dict) -> tuple[float, float, float]:
    """(seconds of the steps, seconds of the whole job, mean live startups) of one run."""
    start = time.perf_counter()
    model = EcosystemModel(ecosim_config(seed, scale))
    live = 0
    steps_start = time.perf_counter()
    for _ in range(STEPS):
        live += len(model.startups)
        model.step()
    steps = time.perf_counter() - steps_start
    model.summary()
    model.timeseries()
    whole = time.perf_counter() - start
    model.release()
    return steps, whole, live / STEPS


def make_boltzmann(n: int, seed: int):
    side = max(1, math.ceil(math.sqrt(n)))
    if hasattr(boltzmann, "BoltzmannScenario"):  # Mesa >= 3.4
        return boltzmann.BoltzmannWealth(
            boltzmann.BoltzmannScenario(n=n, width=side, height=side, rng=seed)
        )
    return boltzmann.BoltzmannWealth(n=n, width=side, height=side, seed=seed)


def boltzmann_cost(n: int, seed: int) -> tuple[float, float]:
    """(seconds of the steps, seconds of the whole job) of one Boltzmann run."""
    start = time.perf_counter()
    model = make_boltzmann(n, seed)
    steps_start = time.perf_counter()
    for _ in range(STEPS):
        model.step()
    steps = time.perf_counter() - steps_start
    model.datacollector.get_model_vars_dataframe()
    return steps, time.perf_counter() - start


def compare(scale: dict, repeats: int) -> dict[str, float]:
    """Medians per agent-step of both models, run alternately with the same agents."""
    e_steps, e_whole, b_steps, b_whole, sizes = [], [], [], [], []
    for rep in range(repeats):
        steps, whole, size = ecosim_cost(rep, scale)
        agent_steps = size * STEPS
        e_steps.append(steps / agent_steps)
        e_whole.append(whole / agent_steps)
        sizes.append(size)
        steps, whole = boltzmann_cost(round(size), rep)
        b_steps.append(steps / agent_steps)
        b_whole.append(whole / agent_steps)
    med = statistics.median
    return {
        "agents": statistics.mean(sizes),
        "e_steps": med(e_steps),
        "e_whole": med(e_whole),
        "b_steps": med(b_steps),
        "b_whole": med(b_whole),
        "ratio_steps": med(e / b for e, b in zip(e_steps, b_steps, strict=True)),
        "ratio_whole": med(e / b for e, b in zip(e_whole, b_whole, strict=True)),
    }


def lines_for(label: str, r: dict[str, float], target: float) -> list[str]:
    return [
        f"- {label}: {r['agents']:.0f} agents (mean live startups), {STEPS} steps",
        f"  - ecosim: {r['e_steps'] * 1e6:.2f} us per startup-step (steps), "
        f"{r['e_whole'] * 1e6:.2f} us (construction + steps + results)",
        f"  - Boltzmann wealth (mesa.examples): {r['b_steps'] * 1e6:.2f} us per agent-step "
        f"(steps), {r['b_whole'] * 1e6:.2f} us (whole)",
        f"  - ratio ecosim / Boltzmann: {r['ratio_steps']:.3f} (steps), "
        f"{r['ratio_whole']:.3f} (whole; target <= {target})",
    ]


def main() -> None:
    default = compare({}, REPEATS)
    large = compare(LARGE, 3)
    append_results(
        "Cost per agent-step vs Mesa Boltzmann",
        [
            f"Medians of paired runs (ratios within each pair); machine shared, so absolute "
            f"times are noisy: read the ratios. Repeats: {REPEATS} (default), 3 (large).",
            "",
            *lines_for("default scenario", default, 0.5),
            *lines_for("large world", large, 0.15),
        ],
    )


if __name__ == "__main__":
    main()
