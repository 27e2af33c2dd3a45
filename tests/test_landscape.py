import numpy as np

from ecosim.core.landscape import Landscapes


def brute_fitness(ls: Landscapes, bits: np.ndarray, sector: int) -> float:
    total = 0.0
    for i in range(ls.n):
        idx = sum(int(bits[d]) << j for j, d in enumerate(ls.deps[sector, i]))
        total += ls.tables[sector, i, idx]
    return total / ls.n


def test_vectorized_fitness_matches_definition():
    rng = np.random.default_rng(1)
    ls = Landscapes(3, 10, 4, rng)
    bits = rng.integers(0, 2, (50, 10), dtype=np.uint8)
    sector = rng.integers(0, 3, 50)
    fast = ls.fitness(bits, sector)
    slow = [brute_fitness(ls, b, s) for b, s in zip(bits, sector, strict=True)]
    np.testing.assert_allclose(fast, slow)


def test_maximum_is_the_best_of_all_solutions():
    rng = np.random.default_rng(2)
    ls = Landscapes(2, 8, 2, rng)
    codes = np.arange(256)
    bits = ((codes[:, None] >> np.arange(8)) & 1).astype(np.uint8)
    for s in range(2):
        assert ls.max_fitness[s] == ls.fitness(bits, np.full(256, s)).max()
    q = ls.quality(ls.fitness(bits, np.zeros(256, int)), np.zeros(256, int), 8.0)
    assert q.max() == 1.0 and q.min() >= 0.0


def test_k_zero_has_a_single_peak_reachable_by_bit_flips():
    rng = np.random.default_rng(3)
    ls = Landscapes(1, 8, 0, rng)
    bits = np.zeros((1, 8), dtype=np.uint8)
    for i in range(8):  # with K = 0 each bit can be optimized on its own
        flipped = bits.copy()
        flipped[0, i] = 1
        if ls.fitness(flipped, np.zeros(1, int))[0] > ls.fitness(bits, np.zeros(1, int))[0]:
            bits = flipped
    assert np.isclose(ls.fitness(bits, np.zeros(1, int))[0], ls.max_fitness[0])
