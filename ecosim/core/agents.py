"""The Mesa agents: startups, investors, hubs and expatriates.

Startups are many, so their state lives in `model.population` columns and a
`Startup` is a view on its row; the mechanisms act on all rows at once. Investors
and hubs are few and keep their state on the object. Expatriates are views on
`model.diaspora`'s columns, so the diaspora is updated in one numpy pass.
"""

from __future__ import annotations

import mesa

from ecosim.core.population import STAGES


def _column(name: str, cast):
    def get(self):
        return cast(getattr(self.model.population, name)[self.row])

    return property(get, doc=f"The startup's {name} (read from the population columns).")


class Startup(mesa.Agent):
    """A startup: home territory, sector, solution, capital, stage, age, needs."""

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = row

    territory = _column("territory", int)
    sector = _column("sector", int)
    capital = _column("capital", float)
    raised = _column("raised", float)
    fitness = _column("fitness", float)
    quality = _column("quality", float)

    @property
    def solution(self) -> str:
        return "".join(map(str, self.model.population.bits[self.row]))

    @property
    def stage(self) -> str:
        return STAGES[self.model.population.stage[self.row]]

    @property
    def age(self) -> int:
        return int(self.model.steps - self.model.population.birth_step[self.row])

    @property
    def needs(self) -> dict[str, bool]:
        """What the startup lacks now: money, market, a technical partner."""
        return self.model.needs_of(self.row)


class Investor(mesa.Agent):
    """A fund: home territory (or None for a global fund), reach and home bias."""

    LOCAL, LINKED, GLOBAL = "local", "linked", "global"

    def __init__(self, model, index: int, home: int | None, reach: str, inflow: float):
        super().__init__(model)
        self.index = index  # position in the funding arrays
        self.home = home
        self.reach = reach
        self.inflow = inflow  # new commitments per quarter
        self.fund = inflow * 2.0  # dry powder
        self.invested = 0.0
        self.proceeds = 0.0
        self.deals = 0

    @property
    def multiple(self) -> float:
        return self.proceeds / self.invested if self.invested > 0 else 0.0


class Hub(mesa.Agent):
    """A territory's hub: applies its networking policy, keeps its links and budget."""

    def __init__(self, model, territory: int, policy):
        super().__init__(model)
        self.territory = territory
        self.policy = policy
        self.spent = 0.0  # cumulative networking spending

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

    def __init__(self, model, index: int):
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
