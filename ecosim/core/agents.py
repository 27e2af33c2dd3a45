"""The Mesa agents: investors, hubs and expatriates.

Startups are many and decide nothing on their own: they are one agent set over the
population's columns (`ecosim.core.startups`), not one agent each. Hubs are few and keep
their state on the object. Investors' money and expatriates' state are columns
(`model.funding.funds`, `model.diaspora`) the agents read by index, so paying out exits and
updating the diaspora are one numpy pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Investor(mesa.Agent):
    """A fund: home territory (or None for a global fund), reach and home bias."""

    LOCAL, LINKED, GLOBAL = "local", "linked", "global"

    def __init__(self, model: EcosystemModel, index: int, home: int | None, reach: str):
        super().__init__(model)
        self.index = index  # position in `model.funding.funds`' columns
        self.home = home
        self.reach = reach

    @property
    def inflow(self) -> float:
        """New commitments per quarter."""
        return float(self.model.funding.funds.inflow[self.index])

    @property
    def fund(self) -> float:
        """Dry powder."""
        return float(self.model.funding.funds.fund[self.index])

    @property
    def invested(self) -> float:
        return float(self.model.funding.funds.invested[self.index])

    @property
    def proceeds(self) -> float:
        return float(self.model.funding.funds.proceeds[self.index])

    @property
    def deals(self) -> int:
        return int(self.model.funding.funds.deals[self.index])

    @property
    def multiple(self) -> float:
        return self.proceeds / self.invested if self.invested > 0 else 0.0


class Hub(mesa.Agent):
    """A territory's hub: applies its networking policy, keeps its links and budget."""

    def __init__(self, model: EcosystemModel, territory: int, policy):
        super().__init__(model)
        self.territory = territory
        self.policy = policy

    @property
    def spent(self) -> float:
        """Cumulative networking spending: its links and narrative campaigns (the books')."""
        return float(self.model.state.cum_cost[self.territory])

    @property
    def link_capacity(self) -> int:
        cap = self.model.territories.connection_capacity[self.territory]
        return int(round(self.model.cfg.policy.link_budget * cap))

    def accepts(self, proposer: int) -> bool:
        return self.policy.accepts(self.model, self.territory, proposer)

    def has_room(self) -> bool:
        return self.policy.has_room(self.model, self.territory)

    def revise_links(self) -> None:
        self.model.links.revise(self, self.policy)


class Expatriate(mesa.Agent):
    """Talent from one territory living in another: origin, host, engagement (diaspora.py)."""

    def __init__(self, model: EcosystemModel, index: int):
        super().__init__(model)
        self.index = index  # position in the diaspora's columns

    @property
    def origin(self) -> int:
        return int(self.model.diaspora.origin[self.index])

    @property
    def host(self) -> int:
        return int(self.model.diaspora.host[self.index])

    @property
    def engagement(self) -> float:
        return float(self.model.diaspora.engagement[self.index])

    @property
    def returned(self) -> bool:
        """Back in the origin territory (still a bridge to the host: brain circulation)."""
        return bool(self.model.diaspora.returned[self.index])
