"""NK fitness landscapes, one per sector (Kauffman; as used by Lazer & Friedman 2007).

A solution is a bitstring of length N; each bit's contribution depends on itself
and K other bits. All sectors share N and K so that the fitness of thousands of
solutions from different sectors is evaluated in one vectorized gather.
"""

from __future__ import annotations

import numpy as np


class Landscapes:
    """A stack of NK landscapes; `fitness(bits, sector)` scores many solutions at once."""

    def __init__(self, n_sectors: int, n: int, k: int, rng: np.random.Generator):
        self.n, self.k, self.n_sectors = n, k, n_sectors
        # deps[s, i] = the K+1 loci whose bits index bit i's contribution (i itself first).
        deps = np.empty((n_sectors, n, k + 1), dtype=np.int64)
        for s in range(n_sectors):
            for i in range(n):
                others = rng.choice(np.delete(np.arange(n), i), size=k, replace=False)
                deps[s, i] = np.concatenate(([i], others))
        self.deps = deps
        self.tables = rng.random((n_sectors, n, 2 ** (k + 1)))
        # index[m, i] = sum_j bit[deps[i, j]] << j is a matrix product bits @ W_s, with
        # W_s[d, i] = sum of 2^j over the j where deps[s, i, j] == d (exact in float64).
        # All sectors side by side: one product scores a mixed batch of sectors.
        self._index_matrix = np.zeros((n, n_sectors * n))
        for j in range(k + 1):
            for s in range(n_sectors):
                self._index_matrix[deps[s, :, j], s * n + np.arange(n)] += 2.0**j
        self._loci = np.arange(n)
        self.max_fitness = np.array([self._exhaustive_max(s) for s in range(n_sectors)])

    def fitness(self, bits: np.ndarray, sector: np.ndarray) -> np.ndarray:
        """Mean contribution of the N loci for each row of `bits` on its sector's landscape."""
        m = len(bits)
        every = (bits @ self._index_matrix).reshape(m, self.n_sectors, self.n)
        idx = every[np.arange(m), sector].astype(np.int64)
        return self.tables[sector[:, None], self._loci, idx].mean(axis=1)

    def quality(self, fitness: np.ndarray, sector: np.ndarray, power: float) -> np.ndarray:
        """(fitness / sector maximum)^power: the Lazer-Friedman transform that spreads scores."""
        return (fitness / self.max_fitness[sector]) ** power

    def _exhaustive_max(self, sector: int, chunk: int = 1 << 16) -> float:
        """Global maximum by enumeration (2^N solutions, chunked to bound memory)."""
        best = 0.0
        total = 1 << self.n
        shifts = np.arange(self.n, dtype=np.int64)
        for start in range(0, total, chunk):
            codes = np.arange(start, min(start + chunk, total), dtype=np.int64)
            bits = ((codes[:, None] >> shifts) & 1).astype(np.uint8)
            sec = np.full(len(codes), sector)
            best = max(best, float(self.fitness(bits, sec).max()))
        return best


def random_solutions(m: int, n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 2, size=(m, n), dtype=np.uint8)
