"""Sector demand shocks and resilience (core/mechanisms/sector_shocks.py; docs/ODD.md §6.2)."""

import numpy as np
import pytest

from ecosim.analysis.stats import (
    EQUIVALENT,
    seeds_by_precision,
)
from ecosim.config import TerritorySpec
from ecosim.core import measures
from ecosim.core.model import EcosystemModel
from ecosim.kpis import smallest_effect
from tests.conftest import make_config

UNIFORM = [1 / 6] * 6
#: two territories of the same size: one specialized in sector 0, one diversified
TERRITORIES = [
    TerritorySpec(name="metropolis", size=1.0, x=0.2, y=0.2),
    TerritorySpec(name="specialized", size=0.4, specialization=[1, 0, 0, 0, 0, 0], x=0.8, y=0.2),
    TerritorySpec(name="diversified", size=0.4, specialization=UNIFORM, x=0.2, y=0.8),
]


def live_by_sector(seed: int, shock: bool) -> np.ndarray:
    """Live startups per territory and sector after 24 quarters, sector 0's demand halved
    at quarter 8 (`shock`) or never."""
    cfg = make_config(seed=seed, steps=24)
    cfg.world.n_territories, cfg.world.territories = 3, TERRITORIES
    model = EcosystemModel(cfg)
    for step in range(24):
        if shock and step == 8:
            model.sector_shocks.hit(model, [0])
        model.step()
    pop = model.population
    rows = pop.live_rows()
    counts = np.zeros((3, cfg.world.n_sectors))
    np.add.at(counts, (pop.territory[rows], pop.sector[rows]), 1)
    return counts


#: a share of live startups lost is not a KPI: 2 points, as the KPIs' shares (ecosim.kpis)
SHARE_MARGIN = smallest_effect("survival_5y").margin(1.0)


@pytest.mark.slow
def test_a_sector_shock_does_not_spill_over_to_other_sectors_of_a_diversified_territory():
    """Sector 0's demand halved: in the diversified territory its startups of the other
    five sectors lose a share equivalent to zero within 2 points - nothing in the model
    carries a sector's demand to its neighbours in a territory (shared investors or links
    could have). Seeds by precision, cap 100 (experiments/remeasured/run.py
    sector_shocks, after the funding tie-break fix: spillover -0.003 [-0.023, +0.016] at
    80 seeds). Not asserted, because not established there: the diversified territory's
    own sector-0 loss, +0.021 [-0.014, +0.056] (80 seeds; distinguishable before the fix).

    The claim this replaces, "the specialized territory loses more than the diversified
    one", holds largely by construction (its startups are mostly in the shocked sector):
    +0.038 [+0.015, +0.060] at 80 seeds after the fix (same script)."""

    def losses(seeds):
        out = []
        for seed in seeds:
            calm, shocked = live_by_sector(seed, False), live_by_sector(seed, True)
            out.append((calm[2, 1:].sum() - shocked[2, 1:].sum()) / calm[2, 1:].sum())
        return out

    spillover, seeds = seeds_by_precision(losses, SHARE_MARGIN, batch=10, cap=100)
    assert spillover.verdict == EQUIVALENT, (spillover, len(seeds))


def test_demand_stays_exactly_normal_without_shocks_and_recovers_after_one():
    model = EcosystemModel(make_config(seed=0, steps=10, sector_shocks={"recovery": 0.2}))
    model.step()
    assert (model.signals.demand == 1.0).all()
    model.sector_shocks.hit(model, [2])
    assert model.sector_shocks.demand[2] == 0.5  # sent with the next quarter's signals
    levels = []
    for _ in range(6):
        model.step()
        levels.append(model.signals.demand[2])
    assert np.all(np.diff(levels) > 0) and levels[-1] < 1.0
    assert (np.delete(model.signals.demand, 2) == 1.0).all()


def test_variety_separates_related_from_unrelated():
    groups = np.array([0, 0, 1, 1])
    counts = np.array([[10, 10, 0, 0], [10, 0, 10, 0], [5, 5, 5, 5], [0, 0, 0, 0]])
    related, unrelated = measures.variety(counts, groups)
    # within one group: related variety only; across groups: unrelated only; both: 1 bit each
    np.testing.assert_allclose(related, [1.0, 0.0, 1.0, 0.0])
    np.testing.assert_allclose(unrelated, [0.0, 1.0, 1.0, 0.0])
