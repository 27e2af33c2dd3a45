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

import numpy as np


class Horizon:
    def __init__(self, model):
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

    def judge(self, model) -> None:
        """Drop links that are older than the horizon and have not paid back (either side)."""
        if self.quarters == 0:
            return
        links, step = model.links, model.steps
        self._open_books(links)
        unpaid = links.active & (step - links.formed_step >= self.quarters)
        unpaid &= self.value < self.cost
        for a, b in np.argwhere(np.triu(unpaid | unpaid.T, 1)):
            links.disconnect(int(a), int(b), step)
            self.cut += 1

    def account(self, model, flow, revenue, access, by_source) -> None:
        """Book this quarter's value and cost of each link.

        Sales through the link: a territory's revenue x the share of its market access
        that the partner's market provides. Money: what the partner's funds invested here.
        """
        links = model.links
        self._open_books(links)
        n = len(revenue)
        friction = model.cfg.economy.market_friction
        through = (1 - friction) * flow * model.territories.market[None, :]
        sales = revenue[:, None] * through / np.maximum(access, 1e-12)[:, None]
        value = (sales + by_source[:n].T) * links.active
        self.value += value
        self.cost += links.cost_per_link()
        self.link_value = value.sum(axis=1)

    def territory_metrics(self, model) -> dict[str, np.ndarray]:
        return {"link_value": self.link_value}

    def world_metrics(self, model) -> dict[str, float]:
        return {"link_value": float(self.link_value.sum())}

    def summary(self, model) -> dict[str, float]:
        return {"links_cut_by_horizon": float(self.cut)}
