"""Protection of specificities (challenge 4; docs/ODD.md §6.2, "Protection"): a territory
taking a diversity-preserving stance of strength `protection.level` keeps a share
`level` of the drift away, and keeps its distinctive sectors funded: investors weigh
deals in the sectors where its initial specialization exceeds the world mean by
1 + `level` (public co-investment and sector programmes make them safer bets), which
also lets weaker startups there pass investors' quality bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


def distinctive_sectors(spec: np.ndarray) -> np.ndarray:
    """(territory, sector) True where the territory is more specialized than the world mean."""
    return spec > spec.mean(axis=0, keepdims=True)


class Protection(Mechanism):
    """A territory's stance against homogenization, and the metrics of its identity."""

    name = "protection"
    METRICS = (
        Metric("specialization_drift", lambda self, s: self.drift(s.model), total=False),
        Metric("identity_kept", world=lambda self, s: self.identity_kept(s.model)),
    )

    def __init__(self, model: EcosystemModel):
        self.level = model.cfg.protection.level
        self.initial = model.territories.specialization.copy()
        self.initial_primary = self.initial.argmax(axis=1)
        # Investors' weight on deals by (territory, sector): 1 + level where distinctive.
        self.sector_priority = 1.0 + self.level * distinctive_sectors(self.initial)

    def signals(self, model: EcosystemModel) -> dict:
        """Specificities kept: drift and imitation across links x (1 - level), and
        distinctive sectors weighted up in investors' eyes."""
        kept = np.float64(1.0 - self.level)
        return {"drift": kept, "imitation": kept, "sector_priority": self.sector_priority}

    def drift(self, model: EcosystemModel) -> np.ndarray:
        """How far each territory's specialization moved from its initial one (0-1)."""
        return 0.5 * np.abs(model.territories.specialization - self.initial).sum(axis=1)

    def identity_kept(self, model: EcosystemModel) -> float:
        """Share of territories whose primary sector is still their initial one."""
        primary = model.territories.specialization.argmax(axis=1)
        return float((primary == self.initial_primary).mean())
