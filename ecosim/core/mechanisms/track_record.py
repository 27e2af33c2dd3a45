"""Track record: limited partners commit new money where earlier exits returned money
(issue 24, "mechanisms through which geography emerges"; docs/ODD.md §6.2, "Track
record").

In the core model a fund's commitments per quarter are fixed at the start, proportional
to its territory's local capital: where venture capital is depends on where capital was.
Venture firms locate where venture-backed investments have succeeded (Chen, Gompers,
Kovner & Lerner 2010, "Buy local? The geography of venture capital", Journal of Urban
Economics 67(1): 90-102), and partnerships whose funds did well raise larger follow-on
funds, a concave relation (Kaplan & Schoar 2005, "Private equity performance: returns,
persistence, and capital flows", Journal of Finance 60(4): 1791-1823). This mechanism
scales each territory's new commitments by

    factor_t ∝ (record_t / world record)^elasticity,
    record_t = (commitments received_t + exit proceeds_t) / commitments received_t,

the money the funds based in t have returned per euro committed to them, plus that euro
(so a territory without exits yet has a record of 1, not 0), read every quarter before
funding. The factor is scaled so the world's commitments are unchanged: limited
partners move money between territories, they do not add any. Early luck and early
strength compound; an elasticity below 1 is Kaplan & Schoar's concavity.

Elasticity 0 (the default) sends nothing: the core model is unchanged. It is a model
parameter with a prior (docs/ODD.md §7), never set by hand to match a region's share.

Metric: `commitment_factor`, each territory's factor on new commitments this quarter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class TrackRecord(Mechanism):
    name = "track_record"
    METRICS = (Metric("commitment_factor", lambda self, s: self.factor.copy(), total=False),)

    def __init__(self, model: EcosystemModel):
        self.cfg = model.cfg.track_record
        self.factor = np.ones(model.territories.n)

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """New commitments follow the money returned; nothing when the elasticity is 0."""
        if self.cfg.elasticity == 0:
            return {}
        n, funding = model.territories.n, model.funding
        local = funding.homes >= 0
        homes, funds = funding.homes[local], funding.funds
        committed = np.bincount(homes, funds.committed[local], minlength=n)
        returned = np.bincount(homes, funds.proceeds[local], minlength=n)
        inflow = np.bincount(homes, funds.inflow[local], minlength=n)
        record = (committed + returned) / committed
        world = (committed.sum() + returned.sum()) / committed.sum()
        factor = (record / world) ** self.cfg.elasticity
        self.factor = factor * inflow.sum() / np.sum(factor * inflow)
        return {"commitments": self.factor.copy()}
