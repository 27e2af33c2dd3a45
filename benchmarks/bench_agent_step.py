"""Cost per agent-step: ecosim's default scenario against Mesa's Boltzmann wealth example.

Both run in this process, in this run, with the same number of agents (the mean
number of live startups in the ecosim run), repeated until the median is stable.
Prints both costs and the ratio ecosim / Boltzmann (target: <= 1, issue 5: <= 0.5).
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


def ecosim_cost(seed: int) -> tuple[float, float]:
    """Seconds per startup-step of one default run, and its mean live startups."""
    model = EcosystemModel(validate(EcosimConfig(seed=seed)))
    agent_steps = 0
    start = time.perf_counter()
    for _ in range(STEPS):
        agent_steps += len(model.startups)
        model.step()
    elapsed = time.perf_counter() - start
    model.release()
    return elapsed / agent_steps, agent_steps / STEPS


def make_boltzmann(n: int, seed: int):
    side = max(1, math.ceil(math.sqrt(n)))
    if hasattr(boltzmann, "BoltzmannScenario"):  # Mesa >= 3.4
        return boltzmann.BoltzmannWealth(
            boltzmann.BoltzmannScenario(n=n, width=side, height=side, rng=seed)
        )
    return boltzmann.BoltzmannWealth(n=n, width=side, height=side, seed=seed)


def boltzmann_cost(n: int, seed: int) -> float:
    model = make_boltzmann(n, seed)
    start = time.perf_counter()
    for _ in range(STEPS):
        model.step()
    return (time.perf_counter() - start) / (n * STEPS)


def main() -> None:
    eco, sizes, bolt = [], [], []
    for rep in range(REPEATS):
        cost, size = ecosim_cost(rep)
        eco.append(cost)
        sizes.append(size)
        bolt.append(boltzmann_cost(round(size), rep))
    e, b = statistics.median(eco), statistics.median(bolt)
    append_results(
        "Cost per agent-step vs Mesa Boltzmann",
        [
            f"- agents (mean live startups): {statistics.mean(sizes):.0f}, steps: {STEPS}, "
            f"repeats: {REPEATS} (medians)",
            f"- ecosim: {e * 1e6:.2f} us per startup-step",
            f"- Boltzmann wealth (mesa.examples, same agents): {b * 1e6:.2f} us per agent-step",
            f"- ratio ecosim / Boltzmann: {e / b:.3f} (target <= 0.5)",
        ],
    )


if __name__ == "__main__":
    main()
