"""The diversity_value study's headline comparisons, as behaviour tests (docs/VALIDATION.md
§4; experiments/diversity_value): paired over seeds, each run 80 quarters as the study,
seeds added by precision up to a stated cap. The full measurement (100 seeds) is
experiments/remeasured/run.py diversity_value, results in experiments/remeasured/results.md."""

import numpy as np
import pytest

from ecosim.analysis.stats import DISTINGUISHABLE, seeds_by_precision
from ecosim.core.model import EcosystemModel
from ecosim.kpis import smallest_effect
from tests.conftest import make_config

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def value_created():
    """`value_created(policy, budget, turbulence, seed)`, each run once per module."""
    cache = {}

    def get(policy: str, budget: int, turbulence: float, seed: int) -> float:
        key = (policy, budget, turbulence, seed)
        if key not in cache:
            cfg = make_config(seed=seed, policy=policy, knowledge={"turbulence": turbulence})
            cfg.policy.link_budget = budget
            model = EcosystemModel(cfg)
            model.run()
            cache[key] = model.summary()["value_created"]
        return cache[key]

    return get


def margin_of(values) -> float:
    return smallest_effect("value_created").margin(float(np.mean(values)))


def test_under_high_turbulence_budget_5_creates_more_value_than_the_mesh(value_created):
    """Budget 5 (the best budget on average) vs open_mesh under turbulence 0.1. Before the
    recycling cap the study's headline was a null at 10 seeds, +1,513 EUR M [-308, +3,335]
    (not established). Re-measured: distinguishable, +1,430 [+949, +1,911] at 100 seeds
    after the funding tie-break fix (+1,080 [+612, +1,548] before it) -
    an interior optimum the intervals can tell from the mesh. Here cap 60 (CI budget; the
    half-width stays above the margin, 5% of the mesh, so the cap decides)."""
    mesh = [value_created("open_mesh", 3, 0.1, s) for s in range(10)]

    def differences(seeds):
        return [
            value_created("complementarity", 5, 0.1, s) - value_created("open_mesh", 3, 0.1, s)
            for s in seeds
        ]

    found, _ = seeds_by_precision(differences, margin_of(mesh), batch=20, cap=60)
    assert found.verdict == DISTINGUISHABLE and found.interval.low > 0, found


def test_turbulence_erodes_what_full_linking_pays(value_created):
    """Value created by the mesh over no links, without turbulence minus with it (0.1):
    distinguishable at 20 seeds (cap: the half-width stays above the margin, 5% of the
    calm gain). That it erodes *most* of it (more than half) needs more seeds: at 100,
    half the calm gain minus the turbulent gain is +1,162 EUR M [+673, +1,651]
    (distinguishable; 67% eroded; +1,003 [+504, +1,502] before the funding tie-break fix,
    not established at 40) - not asserted here."""

    def gain(turbulence, seed):
        return value_created("open_mesh", 3, turbulence, seed) - value_created(
            "complementarity", 0, turbulence, seed
        )

    calm = [gain(0.0, s) for s in range(10)]

    def erosion(seeds):
        return [gain(0.0, s) - gain(0.1, s) for s in seeds]

    found, _ = seeds_by_precision(erosion, margin_of(calm), batch=10, cap=20)
    assert found.verdict == DISTINGUISHABLE and found.interval.low > 0, found
