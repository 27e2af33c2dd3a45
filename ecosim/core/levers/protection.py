"""Protection of specificities (challenge 4; docs/ODD.md §6.2, "Protection"): a territory
taking a diversity-preserving stance of strength `protection.level` keeps a share
`level` of the drift away, and keeps its distinctive sectors funded: investors weigh
deals in the sectors where its initial specialization exceeds the world mean by
1 + `level` (public co-investment and sector programmes make them safer bets), which
also lets weaker startups there pass investors' quality bar.
"""

from __future__ import annotations

import numpy as np


def distinctive_sectors(spec: np.ndarray) -> np.ndarray:
    """(territory, sector) True where the territory is more specialized than the world mean."""
    return spec > spec.mean(axis=0, keepdims=True)


class Protection:
    """A territory's stance against homogenization, and the metrics of its identity."""

    def __init__(self, model):
        self.level = model.cfg.protection.level
        self.initial = model.territories.specialization.copy()
        self.initial_primary = self.initial.argmax(axis=1)

    def drift_rate(self, rate: float) -> float:
        return rate * (1.0 - self.level)

    def imitation(self, reach: np.ndarray) -> np.ndarray:
        """Startups keep their own approaches: imitation across links x (1 - level)."""
        return reach * (1.0 - self.level)

    def sector_priority(self) -> np.ndarray:
        """Investors' weight on deals by (territory, sector): 1 + level where distinctive."""
        return 1.0 + self.level * distinctive_sectors(self.initial)

    def territory_metrics(self, model) -> dict[str, np.ndarray]:
        drift = 0.5 * np.abs(model.territories.specialization - self.initial).sum(axis=1)
        return {"specialization_drift": drift}

    def world_metrics(self, model) -> dict[str, float]:
        primary = model.territories.specialization.argmax(axis=1)
        return {"identity_kept": float((primary == self.initial_primary).mean())}
