"""Deal size: where more money chases the same deals, rounds are larger (issue 24,
"mechanisms through which geography emerges"; docs/ODD.md §6.2, "Deal size").

In the core model a round's size depends on the startup's stage only, so a territory's
share of the money invested equals its share of deals. Measured regional venture
capital shows the leader's share of value above its share of deals (docs/FACTS.md:
the French regional shares, the geography's fitted targets). Gompers & Lerner (2000,
"Money chasing deals?", Journal of Financial Economics 55: 281-325) find that inflows
into venture funds raise the valuations of their new investments, most in the states
with the most venture activity: competition for a limited number of good deals. This
mechanism scales each territory's round sizes by

    factor_t ∝ (dry powder of the funds based in t per live startup in t
                / the world's)^capital_elasticity,

read every quarter (the funds' money, `Funds.fund`, after the last quarter's deals), and
scaled to a mean of 1 over live startups: it moves money per deal toward capital-rich
territories, it does not create money (funds still cannot spend more than they hold).

Elasticity 0 (the default) sends nothing: the core model is unchanged. It is a model
parameter with a prior (docs/ODD.md §7), to be fitted on regional data, never set by
hand to match a region's share.

Metric: `round_size_factor`, each territory's factor on round sizes this quarter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class DealSize(Mechanism):
    name = "deal_size"
    METRICS = (Metric("round_size_factor", lambda self, s: self.factor.copy(), total=False),)

    def __init__(self, model: EcosystemModel):
        self.cfg = model.cfg.deal_size
        self.factor = np.ones(model.territories.n)

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """Round sizes follow local money per startup; nothing when the elasticity is 0."""
        if self.cfg.capital_elasticity == 0:
            return {}
        n, funding = model.territories.n, model.funding
        local = funding.homes >= 0
        powder = np.bincount(funding.homes[local], funding.funds.fund[local], minlength=n)
        startups = model.state.live + 1.0  # +1: a territory with no startup still has a ratio
        per_startup = np.maximum(powder, 0.0) / startups
        world = float(np.sum(per_startup * startups) / np.sum(startups))
        if world <= 0:
            return {}
        factor = (per_startup / world) ** self.cfg.capital_elasticity
        self.factor = factor / (np.sum(factor * startups) / np.sum(startups))
        return {"round_size": self.factor.copy()}
