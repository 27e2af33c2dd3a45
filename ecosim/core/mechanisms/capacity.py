"""Unequal capacity to connect: courted hubs choose their partners, the periphery takes
what is left (challenge 5 of the seed text; docs/ODD.md §6.2, "Unequal capacity").

Capacity and visibility already differ by size (world.py: the link budget grows with
`connection_capacity`, global funds and partners follow `signals.visibility`). What
this module adds is who gets to choose. Everyone courts the large and visible hubs;
a hub at capacity that receives a proposal keeps its links unless its own policy
prefers the proposer to its weakest partner, valued at preference x (1 + trust), so an
established link is not given up for a slightly better stranger. It then drops that
partner for the proposer (`capacity.trade_up`). Under `preferential` the metropolis thus
ends up linked to the other attractive hubs; under `complementarity` it keeps the small
ecosystems whose assets (experimentation sites, expertise) fill its gaps.

Metrics: the periphery (the `capacity.periphery` share of territories, smallest first)
and its shares of link ends and of cumulative investment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Capacity(Mechanism):
    name = "capacity"
    METRICS = (
        Metric(
            "periphery_link_share",
            world=lambda self, s: _share(s.model.links.degree, self.periphery),
        ),
        Metric(
            "periphery_investment_share",
            world=lambda self, s: _share(s.st.cum_investment, self.periphery),
        ),
    )

    def __init__(self, model: EcosystemModel):
        cfg = model.cfg.capacity
        n = model.territories.n
        self.trade_up = cfg.trade_up
        smallest_first = np.argsort(model.territories.size, kind="stable")
        self.periphery = np.zeros(n, dtype=bool)
        self.periphery[smallest_first[: int(round(cfg.periphery * n))]] = True

    def weakest_partner(self, model: EcosystemModel, t: int, proposer: int) -> int:
        """The partner hub t would drop to link with `proposer`, or -1 if it keeps them all."""
        partners = np.flatnonzero(model.links.active[t])
        if not self.trade_up or len(partners) == 0:
            return -1
        want = model.hubs[t].policy.preference(model, t, np.append(partners, proposer))
        if want is None:
            return -1
        kept = want[:-1] * (1 + model.links.trust[t, partners])
        weakest = int(np.argmin(kept))
        return int(partners[weakest]) if want[-1] > kept[weakest] else -1


def _share(values: np.ndarray, members: np.ndarray) -> float:
    total = float(values.sum())
    return float(values[members].sum() / total) if total > 0 else 0.0
