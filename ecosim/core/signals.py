"""What the levers tell the core each quarter, in one explicit object.

The seed text's challenges and strategies (`ecosim.core.levers`) act on the core
mechanisms only through these signals, so a reader of funding, births or outcomes sees
every outside influence in one place instead of attributes set on the model. Each
signal is neutral (1, or 0 for introductions) when its levers are off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Signals:
    #: how visible each territory looks to partners and global funds (capacity x image)
    visibility: np.ndarray
    #: investors' perception of a territory's startups' quality (narratives)
    quality_factor: np.ndarray
    #: births multiplier (practices x narratives)
    support: np.ndarray
    #: startups' burn multiplier (practices' support programmes)
    burn_factor: np.ndarray
    #: [t, u] expatriates' introductions of territory u to funds of t (diaspora)
    introductions: np.ndarray
    #: investors' weight of a deal by (territory, sector) (protection of specificities)
    sector_priority: np.ndarray
    #: each sector's demand relative to normal: scales revenue and exit values (shocks)
    demand: np.ndarray

    @classmethod
    def neutral(cls, visibility: np.ndarray, n_sectors: int) -> Signals:
        n = len(visibility)
        return cls(
            visibility=visibility.copy(),
            quality_factor=np.ones(n),
            support=np.ones(n),
            burn_factor=np.ones(n),
            introductions=np.zeros((n, n)),
            sector_priority=np.ones((n, n_sectors)),
            demand=np.ones(n_sectors),
        )
