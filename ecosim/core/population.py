"""Startup state as columns (struct of arrays), so every mechanism is one numpy pass.

The model's agent set of startups (`ecosim.core.startups`) is the interface over these
arrays; the arrays are where the work is done. Each startup has an id (`uid`, increasing
with birth), so rows stay sorted by id: `rows_of` finds a startup's row by bisection even
after `compact` has reclaimed the rows of dead startups.
"""

from __future__ import annotations

import numpy as np

SEED, GROWTH, SCALE = 0, 1, 2
STAGES = ("seed", "growth", "scale")

COLUMNS = {
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
        self.n_live = 0
        self.next_uid = 1
        self._alloc(capacity)

    def _alloc(self, capacity: int) -> None:
        old = {c: getattr(self, c) for c in COLUMNS if hasattr(self, c)}
        for col, dtype in COLUMNS.items():
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
        step,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """Append rows for newborn startups (new ids); returns their row indices."""
        m = len(territory)
        if self.n + m > len(self.alive):
            self._alloc(max(2 * len(self.alive), self.n + m))
        rows = np.arange(self.n, self.n + m)
        self.alive[rows] = True
        self.uid[rows] = np.arange(self.next_uid, self.next_uid + m)
        self.next_uid += m
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
        self.n_live += m
        return rows

    def end(self, rows: np.ndarray) -> None:
        """The startups of these (live, distinct) rows have failed or exited."""
        self.alive[rows] = False
        self.n_live -= len(rows)

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self.alive[: self.n])

    def rows_of(self, uids: np.ndarray) -> np.ndarray:
        """The rows of these startup ids (-1 for an id whose row has been reclaimed)."""
        uids = np.asarray(uids, dtype=np.int64)
        rows = np.searchsorted(self.uid[: self.n], uids)
        found = rows < self.n
        found[found] = self.uid[rows[found]] == uids[found]
        return np.where(found, rows, -1)

    def row_of(self, uid: int) -> int:
        row = int(self.rows_of(np.array([uid]))[0])
        if row < 0:
            raise LookupError(f"startup {uid} has ended and its row was reclaimed")
        return row

    def compact(self) -> None:
        """Drop dead rows (the live keep their order, hence stay sorted by id)."""
        keep = self.live_rows()
        for col in COLUMNS:
            arr = getattr(self, col)
            arr[: len(keep)] = arr[keep]
        self.bits[: len(keep)] = self.bits[keep]
        self.alive[len(keep) : self.n] = False
        self.n = len(keep)
