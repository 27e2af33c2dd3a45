"""Technological turbulence (core/mechanisms/turbulence.py; docs/ODD.md §6.2 "Turbulence")."""

import numpy as np

from ecosim.core.landscape import Landscapes
from ecosim.core.model import EcosystemModel
from tests.conftest import make_config


def test_a_shock_changes_its_sector_best_solution_and_no_other_sector():
    changed_best = 0
    for seed in range(10):
        land = Landscapes(4, 10, 3, np.random.default_rng(seed))
        tables, lookup = land.tables.copy(), land._lookup.copy()
        best = lookup.argmax(axis=1)
        land.replace(1, land.redrawn(1, 0.5, np.random.default_rng(100 + seed)))
        others = [0, 2, 3]
        assert np.array_equal(land.tables[others], tables[others])
        assert np.array_equal(land._lookup[others], lookup[others])
        assert not np.array_equal(land.tables[1], tables[1])
        # the maximum is the new landscape's: every quality stays within [0, 1]
        assert land.max_fitness[1] == land._lookup[1].max()
        codes = np.arange(1 << 10)
        bits = ((codes[:, None] >> np.arange(10)) & 1).astype(np.uint8)
        quality = land.quality(land.fitness(bits, np.full(len(bits), 1)), np.full(len(bits), 1), 8)
        assert quality.max() == 1.0 and quality.min() >= 0
        changed_best += land._lookup[1].argmax() != best[1]
    assert changed_best >= 8  # redrawing half the contributions moves the peak


def test_large_landscapes_recompute_their_maximum_exactly():
    land = Landscapes(2, 18, 2, np.random.default_rng(0))
    assert land._lookup is None
    land.replace(0, land.redrawn(0, 1.0, np.random.default_rng(1)))
    assert land.max_fitness[0] == land._exhaustive_max(0)


def test_shocked_sectors_startups_are_rescored_on_the_new_landscape():
    model = EcosystemModel(make_config(seed=2, knowledge={"turbulence": 0.3}))
    for _ in range(12):
        model.step()
    assert model.turbulence.count > 0
    pop = model.population
    rows = pop.live_rows()
    fresh = model.landscapes.fitness(pop.bits[rows], pop.sector[rows])
    assert np.array_equal(pop.fitness[rows], fresh)  # no combinations here: novelty is 1
    assert (pop.quality[rows] <= 1.0).all()
