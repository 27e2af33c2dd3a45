"""Unit tests of the small mechanisms: births, market, outcomes, talent, drift."""

import numpy as np

from ecosim.core import births, market, outcomes
from ecosim.core.model import EcosystemModel
from ecosim.core.territory_dynamics import drift_specialization, migrate_talent
from tests.conftest import make_config


def model(**sections):
    return EcosystemModel(make_config(0, "complementarity", steps=4, **sections))


def test_births_follow_talent_and_specialization():
    m = model()
    talent = np.zeros(m.territories.n)
    talent[0] = 40.0
    terr, sector = births.draw_births(m, talent, np.ones(m.territories.n))
    assert (terr == 0).all() and len(terr) > 400
    share = np.bincount(sector, minlength=m.cfg.world.n_sectors) / len(sector)
    np.testing.assert_allclose(share, m.territories.specialization[0], atol=0.05)


def test_linked_markets_add_access_with_friction():
    m = model()
    flow = np.zeros((m.territories.n, m.territories.n))
    base = market.market_access(m, flow)
    np.testing.assert_allclose(base, m.territories.market)
    flow[3, 0] = 1.0
    access = market.market_access(m, flow)
    expected = m.territories.market[3] + 0.5 * m.territories.market[0]
    assert np.isclose(access[3], expected)


def test_broke_startups_fail_and_exits_need_accumulated_hazard():
    m = model()
    pop = m.population
    rows = pop.live_rows()
    pop.capital[rows[:5]] = 0.0  # cannot pay this quarter's burn
    pop.stage[rows[:5]] = 1
    pop.capital[rows[5:]] = 100.0
    pop.exit_threshold[rows[5:]] = np.inf
    pop.exit_threshold[rows[5]] = 0.0  # any positive hazard triggers its exit
    pop.stage[rows[5]] = 2
    ended = outcomes.burn_and_resolve(m)
    assert set(ended["failed"]) == set(rows[:5])
    assert list(ended["exited"]) == [rows[5]]
    assert ended["exit_value"][0] > 0


def test_talent_moves_to_the_more_attractive_side_and_is_conserved():
    talent = np.array([1.0, 1.0, 1.0])
    attract = np.array([10.0, 1.0, 1.0])
    flow = np.array([[0, 1.0, 0], [1.0, 0, 0], [0, 0, 0]])
    moves = migrate_talent(talent, attract, flow, 0.1)
    assert moves[1, 0] > 0 and moves[0, 1] == 0 and moves[2].sum() == 0
    after = talent - moves.sum(axis=1) + moves.sum(axis=0)
    assert np.isclose(after.sum(), talent.sum())


def test_specializations_drift_toward_partners_only_when_linked():
    spec = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    flow = np.zeros((3, 3))
    flow[0, 1] = flow[1, 0] = 1.0
    out = drift_specialization(spec, flow, 0.1)
    np.testing.assert_allclose(out[0], [0.9, 0.1])
    np.testing.assert_allclose(out[2], spec[2])
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
