import numpy as np

from ecosim.core.knowledge import best_per_group, imitate_and_search
from ecosim.core.landscape import Landscapes


def setup(m=40, n=10, seed=0):
    rng = np.random.default_rng(seed)
    ls = Landscapes(1, n, 3, rng)
    bits = rng.integers(0, 2, (m, n), dtype=np.uint8)
    sector = np.zeros(m, dtype=np.int64)
    return rng, ls, bits, sector, ls.fitness(bits, sector)


def test_best_per_group():
    row, fit = best_per_group(np.array([1.0, 3.0, 2.0, 5.0]), np.array([0, 0, 2, 2]), 3)
    assert list(row) == [1, -1, 3]
    assert fit[1] == -np.inf and fit[2] == 5.0


def test_local_search_never_lowers_fitness():
    rng, ls, bits, sector, fit = setup()
    group = np.arange(len(bits))
    reach = np.eye(len(bits))  # nobody sees anybody else: pure search
    for _ in range(20):
        bits2, fit2, _ = imitate_and_search(bits, fit, sector, group, reach, ls, rng, 1.0, 0.0)
        assert (fit2 >= fit - 1e-12).all()
        np.testing.assert_allclose(fit2, ls.fitness(bits2, sector))
        bits, fit = bits2, fit2


def test_error_free_imitation_copies_the_best_reachable_solution():
    rng, ls, bits, sector, fit = setup()
    group = np.zeros(len(bits), dtype=np.int64)  # all in one node: everyone sees the best
    best = bits[fit.argmax()].copy()
    bits2, fit2, _ = imitate_and_search(
        bits, fit, sector, group, np.ones((1, 1)), ls, rng, 1.0, 0.0
    )
    worse = fit < fit.max()
    assert (bits2[worse] == best).all()
    assert np.allclose(fit2[worse], fit.max())


def test_links_carry_solutions_only_where_reach_allows():
    rng, ls, bits, sector, fit = setup(m=20)
    group = np.repeat([0, 1], 10)
    fit_b = fit.copy()
    reach = np.eye(2)
    _, f_iso, _ = imitate_and_search(bits, fit_b, sector, group, reach, ls, rng, 1.0, 0.0)
    # Node 0 cannot reach node 1: its best stays at most the best of its own members + search.
    own_best = fit[:10].max()
    copied_from_other = np.isclose(f_iso[:10], fit[10:].max()) & (fit[10:].max() > own_best)
    assert not copied_from_other.any()
