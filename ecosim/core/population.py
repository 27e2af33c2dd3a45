"""Startup state as columns (struct of arrays), so every mechanism is one numpy pass.

Mesa `Startup` agents are thin views on a row of these arrays (see agents.py): the
agents are the model's interface, the arrays are where the work is done. Rows of
dead startups are reclaimed by `compact`, which renumbers the agents' rows.
"""

from __future__ import annotations

import numpy as np

SEED, GROWTH, SCALE = 0, 1, 2
STAGES = ("seed", "growth", "scale")

_COLUMNS = {
    "alive": np.bool_,
    "uid": np.int64,
    "territory": np.int64,
    "sector": np.int64,
    "fitness": np.float64,
    "quality": np.float64,
    "capital": np.float64,
    "raised": np.float64,
    "stage": np.int64,
    "rounds": np.int64,
    "birth_step": np.int64,
    "revenue": np.float64,
    "exit_clock": np.float64,  # accumulated exit hazard
    "exit_threshold": np.float64,  # Exp(1) draw: exits when the clock passes it
    "luck": np.float64,  # N(0, 1) draw: the exit multiple's log-normal shock
    "novelty": np.float64,  # value of a cross-sector combination beyond its landscape score
}


class Population:
    """Growable columns of startup state; `n` rows are in use, some of them dead."""

    def __init__(self, n_bits: int, capacity: int = 1024):
        self.n_bits = n_bits
        self.n = 0
        self._alloc(capacity)

    def _alloc(self, capacity: int) -> None:
        old = {c: getattr(self, c) for c in _COLUMNS if hasattr(self, c)}
        for col, dtype in _COLUMNS.items():
            arr = np.zeros(capacity, dtype=dtype)
            if col in old:
                arr[: self.n] = old[col][: self.n]
            setattr(self, col, arr)
        bits = np.zeros((capacity, self.n_bits), dtype=np.uint8)
        if hasattr(self, "bits"):
            bits[: self.n] = self.bits[: self.n]
        self.bits = bits

    def add(
        self,
        territory,
        sector,
        bits,
        fitness,
        quality,
        capital,
        uid,
        step,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Append rows for newborn startups; returns their row indices."""
        m = len(territory)
        if self.n + m > len(self.alive):
            self._alloc(max(2 * len(self.alive), self.n + m))
        rows = np.arange(self.n, self.n + m)
        self.alive[rows] = True
        self.uid[rows] = uid
        self.territory[rows] = territory
        self.sector[rows] = sector
        self.bits[rows] = bits
        self.fitness[rows] = fitness
        self.quality[rows] = quality
        self.capital[rows] = capital
        self.raised[rows] = 0.0
        self.stage[rows] = SEED
        self.rounds[rows] = 0
        self.birth_step[rows] = step
        self.revenue[rows] = 0.0
        self.novelty[rows] = 1.0
        # A startup's fortune is drawn at birth, so paired scenarios share it (common
        # random numbers): the same startup exits at the same accumulated hazard.
        self.exit_clock[rows] = 0.0
        self.exit_threshold[rows] = rng.exponential(size=m)
        self.luck[rows] = rng.standard_normal(m)
        self.n += m
        return rows

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self.alive[: self.n])

    def compact(self) -> np.ndarray:
        """Drop dead rows; returns old->new row mapping (-1 for dropped rows)."""
        keep = self.live_rows()
        mapping = np.full(self.n, -1, dtype=np.int64)
        mapping[keep] = np.arange(len(keep))
        for col in _COLUMNS:
            arr = getattr(self, col)
            arr[: len(keep)] = arr[keep]
        self.bits[: len(keep)] = self.bits[keep]
        self.alive[len(keep) : self.n] = False
        self.n = len(keep)
        return mapping
