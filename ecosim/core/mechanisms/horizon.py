"""Short-term results vs long-term vision: territories judge their links over a horizon
(challenge 3; docs/ODD.md §6.2, "Horizon").

Each side of a link keeps its books on it since the link formed: what the link brought
(sales of its startups in the partner's market, and money from the partner's funds) and
what it cost (its share of the link cost). Stakeholders see these two numbers, not the
knowledge and talent a link carries, nor the exits it will make possible years later.
At each network revision, a territory drops every link older than `horizon.quarters`
whose books do not balance yet. A short horizon cuts links before trust has built (trust
is below one half for ~11 quarters at the default `trust_rate`), so its territory keeps
paying for young links that never mature. `horizon.quarters = 0` (default) never judges:
patient stakeholders, as in the core model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Changes, Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Horizon(Mechanism):
    name = "horizon"
    METRICS = (Metric("link_value", lambda self, s: self.link_value),)

    def __init__(self, model: EcosystemModel):
        n = model.territories.n
        self.quarters = model.cfg.horizon.quarters
        self.value = np.zeros((n, n))  # [t, u]: what link t-u brought t since it formed
        self.cost = np.zeros((n, n))  # [t, u]: what t paid for it
        self.since = np.full((n, n), -1, dtype=np.int64)  # formation step the books are for
        self.link_value = np.zeros(n)  # this quarter, per territory
        self.cut = 0

    def _open_books(self, links) -> None:
        """Start fresh books for links formed since the last look."""
        fresh = links.formed_step != self.since
        self.value[fresh] = 0.0
        self.cost[fresh] = 0.0
        self.since = links.formed_step.copy()

    def judge_links(self, model: EcosystemModel) -> Changes | None:
        """Drop links that are older than the horizon and have not paid back (either side)."""
        if self.quarters == 0:
            return None
        links, step = model.links, model.steps
        self._open_books(links)
        unpaid = links.active & (step - links.formed_step >= self.quarters)
        unpaid &= self.value < self.cost
        ends = [(int(a), int(b)) for a, b in np.argwhere(np.triu(unpaid | unpaid.T, 1))]
        self.cut += len(ends)
        return Changes(end_links=ends)

    def adapt(self, model: EcosystemModel, flow: np.ndarray, deals) -> None:
        """Book this quarter's value and cost of each link.

        Sales through the link: a territory's revenue x the share of its market access
        that the partner's market provides. Money: what the partner's funds invested here.
        """
        links, revenue, access = model.links, model.state.revenue, model.market_access
        by_source = deals["by_source"]
        self._open_books(links)
        n = len(revenue)
        friction = model.cfg.economy.market_friction
        through = (1 - friction) * flow * model.territories.market[None, :]
        sales = revenue[:, None] * through / np.maximum(access, 1e-12)[:, None]
        value = (sales + by_source[:n].T) * links.active
        self.value += value
        self.cost += links.cost_per_link()
        self.link_value = value.sum(axis=1)

    def summary(self, model: EcosystemModel) -> dict[str, float]:
        return {"links_cut_by_horizon": float(self.cut)}
