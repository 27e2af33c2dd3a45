"""Sector demand shocks and resilience (core/mechanisms/sector_shocks.py; docs/ODD.md §6.2)."""

import numpy as np
import pytest

from ecosim.analysis.stats import paired_difference
from ecosim.config import TerritorySpec
from ecosim.core import measures
from ecosim.core.model import EcosystemModel
from tests.conftest import SEEDS, make_config

UNIFORM = [1 / 6] * 6
#: two territories of the same size: one specialized in sector 0, one diversified
TERRITORIES = [
    TerritorySpec(name="metropolis", size=1.0, x=0.2, y=0.2),
    TerritorySpec(name="specialized", size=0.4, specialization=[1, 0, 0, 0, 0, 0], x=0.8, y=0.2),
    TerritorySpec(name="diversified", size=0.4, specialization=UNIFORM, x=0.2, y=0.8),
]


def live_after(seed: int, shock: bool) -> np.ndarray:
    cfg = make_config(seed=seed, steps=24)
    cfg.world.n_territories, cfg.world.territories = 3, TERRITORIES
    model = EcosystemModel(cfg)
    for step in range(24):
        if shock and step == 8:
            model.sector_shocks.hit(model, [0])
        model.step()
    return model.state.live.copy()


@pytest.mark.slow
def test_a_territory_specialized_in_a_shocked_sector_loses_more_than_a_diversified_one():
    loss_specialized, loss_diversified = [], []
    for seed in SEEDS:
        calm, shocked = live_after(seed, False), live_after(seed, True)
        loss = (calm - shocked) / calm  # share of live startups lost to the shock
        loss_specialized.append(loss[1])
        loss_diversified.append(loss[2])
    ci = paired_difference(loss_specialized, loss_diversified)
    assert ci.low > 0, ci


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
