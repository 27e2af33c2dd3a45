"""What the mechanisms tell the core each quarter, in one explicit object.

The mechanisms (`ecosim.core.mechanisms`) act on births, funding, burn, sales, search
and drift only through these signals, so a reader of those core modules sees every
outside influence in one place instead of attributes set on the model. Each quarter the
model composes them afresh (`Signals.compose`) from what every mechanism's `signals`
hook returns: factors multiply into the neutral value 1 (visibility: the territories'
own), contributions to `introductions` and `bridges` add to 0. It is the only writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

#: fields that mechanisms add to (neutral 0); every other field they multiply (neutral 1)
ADDED = ("introductions", "bridges")


@dataclass
class Signals:
    #: how visible each territory looks to partners and global funds (capacity x image)
    visibility: np.ndarray
    #: investors' perception of a territory's startups' quality (narrative)
    quality_factor: np.ndarray
    #: births multiplier (practices x narrative)
    support: np.ndarray
    #: startups' burn multiplier (practices' support programmes)
    burn_factor: np.ndarray
    #: [t, u] expatriates' introductions of territory u to funds of t (diaspora)
    introductions: np.ndarray
    #: [o, h] know-how of h that o's startups see through its expatriates (diaspora)
    bridges: np.ndarray
    #: investors' weight of a deal by (territory, sector) (protection of specificities)
    sector_priority: np.ndarray
    #: each sector's demand relative to normal: scales revenue and exit values (shocks)
    demand: np.ndarray
    #: factor on round sizes by territory (deal size: money chasing deals)
    round_size: np.ndarray
    #: factor on new commitments to the funds based in each territory (track record)
    commitments: np.ndarray
    #: factor on imitation across links (protection)
    imitation: float
    #: factor on the drift of specializations toward partners' (protection)
    drift: float

    @classmethod
    def neutral(cls, visibility: np.ndarray, n_sectors: int) -> Signals:
        n = len(visibility)
        return cls(
            visibility=visibility.copy(),
            quality_factor=np.ones(n),
            support=np.ones(n),
            burn_factor=np.ones(n),
            introductions=np.zeros((n, n)),
            bridges=np.zeros((n, n)),
            sector_priority=np.ones((n, n_sectors)),
            demand=np.ones(n_sectors),
            round_size=np.ones(n),
            commitments=np.ones(n),
            imitation=1.0,
            drift=1.0,
        )

    @classmethod
    def compose(
        cls, visibility: np.ndarray, n_sectors: int, sent: Iterable[tuple[str, dict]]
    ) -> Signals:
        """The quarter's signals from (mechanism name, {field: value}) in registry order."""
        signals = cls.neutral(visibility, n_sectors)
        for sender, values in sent:
            for field, value in values.items():
                if not hasattr(signals, field):
                    raise ValueError(f"mechanism {sender!r} sends an unknown signal {field!r}")
                now = getattr(signals, field)
                setattr(signals, field, now + value if field in ADDED else now * value)
        return signals
