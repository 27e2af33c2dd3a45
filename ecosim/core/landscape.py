"""NK fitness landscapes, one per sector (Kauffman; as used by Lazer & Friedman 2007).

A solution is a bitstring of length N; each bit's contribution depends on itself
and K other bits. All sectors share N and K so that the fitness of thousands of
solutions from different sectors is evaluated in one vectorized gather.
"""

from __future__ import annotations

import numpy as np

#: Landscapes with N up to this are enumerated into a lookup table (2^N entries per
#: sector); larger ones (Lazer & Friedman's N = 20) are scored bit by bit instead.
TABLE_BITS = 16


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
        self._loci = np.arange(n)
        self._powers = 1 << np.arange(n, dtype=np.int64)
        # Small landscapes are enumerated once into a lookup table (code -> fitness):
        # scoring is then one gather per solution. The enumeration also gives the maxima.
        self._lookup = None
        self._indices: dict[int, np.ndarray] = {}
        if n <= TABLE_BITS:
            self._lookup = np.stack([self._enumerate(s) for s in range(n_sectors)])
            self.max_fitness = self._lookup.max(axis=1)
        else:
            self.max_fitness = np.array([self._exhaustive_max(s) for s in range(n_sectors)])

    def redrawn(self, sector: int, share: float, rng: np.random.Generator) -> np.ndarray:
        """A technological shock: one sector's fitness contributions with a share of them
        drawn anew (March 1991; Posen & Levinthal 2012), so yesterday's best solution may
        no longer be best. A new table: `replace` puts it in place."""
        table = self.tables[sector].copy()
        changed = rng.random(table.shape) < share
        table[changed] = rng.random(int(changed.sum()))
        return table

    def replace(self, sector: int, table: np.ndarray) -> None:
        """Put a sector's new contribution table in place; its maximum is recomputed, so
        quality stays in [0, 1]."""
        self.tables[sector] = table
        if self._lookup is not None:
            idx = self._index(sector)
            rows = np.full((len(idx), 1), sector)  # as `_compute` gathers: the same sums
            self._lookup[sector] = self.tables[rows, self._loci, idx].mean(axis=1)
            self.max_fitness[sector] = self._lookup[sector].max()
        else:
            self.max_fitness[sector] = self._exhaustive_max(sector)

    def _index(self, sector: int) -> np.ndarray:
        """(code, locus) -> row of the locus's table, for every solution of a small landscape;
        kept per sector, so a shocked landscape is re-enumerated with one gather."""
        if sector not in self._indices:
            codes = np.arange(1 << self.n, dtype=np.int64)
            bits = (codes[:, None] >> np.arange(self.n, dtype=np.int64)) & 1
            gathered = bits[:, self.deps[sector]]  # (codes, N, K+1)
            self._indices[sector] = (gathered << np.arange(self.k + 1)).sum(axis=2)
        return self._indices[sector]

    def fitness(self, bits: np.ndarray, sector: np.ndarray) -> np.ndarray:
        """Mean contribution of the N loci for each row of `bits` on its sector's landscape."""
        if self._lookup is not None:
            return self._lookup[sector, self.codes(bits)]
        return self._compute(bits, sector)

    def codes(self, bits: np.ndarray) -> np.ndarray:
        """Each solution as an integer (bit i has weight 2^i)."""
        return (bits * self._powers).sum(axis=1)

    def quality(self, fitness: np.ndarray, sector: np.ndarray, power: float) -> np.ndarray:
        """(fitness / sector maximum)^power: the Lazer-Friedman transform that spreads scores."""
        return (fitness / self.max_fitness[sector]) ** power

    def _compute(self, bits: np.ndarray, sector: np.ndarray) -> np.ndarray:
        m = len(bits)
        dep = self.deps[sector].reshape(m, -1)  # (M, N*(K+1))
        gathered = np.take_along_axis(bits, dep, axis=1).reshape(m, self.n, self.k + 1)
        idx = (gathered.astype(np.int64) << np.arange(self.k + 1)).sum(axis=2)
        return self.tables[sector[:, None], self._loci, idx].mean(axis=1)

    def _enumerate(self, sector: int, chunk: int = 1 << 16) -> np.ndarray:
        """Fitness of all 2^N solutions of a sector, in code order (chunked for memory)."""
        total = 1 << self.n
        out = np.empty(total)
        shifts = np.arange(self.n, dtype=np.int64)
        for start in range(0, total, chunk):
            codes = np.arange(start, min(start + chunk, total), dtype=np.int64)
            bits = ((codes[:, None] >> shifts) & 1).astype(np.uint8)
            out[start : start + len(codes)] = self._compute(bits, np.full(len(codes), sector))
        return out

    def _exhaustive_max(self, sector: int) -> float:
        """Global maximum by enumeration of the 2^N solutions, fast enough for N = 20.

        Write a solution's code as hi * 2^h + lo (h = N // 2). Bit i's table index is a
        sum of bit << j, so it splits into a part from the low bits and one from the high
        bits; the few distinct high parts give rows over all low halves, gathered once per
        locus. The best codes are then re-scored with `fitness`, so that the maximum is
        exactly the fitness the model computes for that solution (quality <= 1).
        """
        n, h = self.n, self.n // 2
        lo = np.arange(1 << h)[:, None]
        hi = np.arange(1 << (n - h))[:, None]
        weight = 1 << np.arange(self.k + 1)
        total = np.zeros((len(hi), len(lo)))
        for i in range(n):
            deps = self.deps[sector, i]
            low = deps < h
            lo_part = ((lo >> deps[low]) & 1) @ weight[low]
            hi_part = ((hi >> (deps[~low] - h)) & 1) @ weight[~low]
            parts, which = np.unique(hi_part, return_inverse=True)
            total += self.tables[sector, i][parts[:, None] + lo_part[None, :]][which.ravel()]
        codes = np.flatnonzero(total.ravel() >= total.max() - 1e-9)
        bits = ((codes[:, None] >> np.arange(n)) & 1).astype(np.uint8)
        return float(self.fitness(bits, np.full(len(codes), sector)).max())


def random_solutions(m: int, n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 2, size=(m, n), dtype=np.uint8)
