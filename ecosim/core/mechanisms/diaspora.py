"""Expatriate talent as bridges between origin and host territories (strategy 2 of the seed
text; docs/ODD.md §6.2, "Diaspora").

Each territory has `diaspora.per_territory` expatriates (Mesa `Expatriate` agents),
living in other territories drawn in proportion to size (they went where the jobs are;
Saxenian 1999: Chinese and Indian engineers ran about a quarter of Silicon Valley's
high-tech firms in 1998). An expatriate's engagement e in [0, 1] moves each quarter by
`engagement_rate` toward base + (1 - base) x pull, where base ~ U(0, 2 x
`base_engagement`) and pull = 1 - (1 - `programmes`)(1 - `tax_advantage`) is the
strength of the origin's incentives. An engaged, incentivized expatriate returns home
with hazard `return_rate` x e x pull, bringing `returnee_talent` with it, and stays a
bridge (brain circulation).

The bridge from origin o to host h is 1 - exp(-`bridge` x sum of the engagement of o's
expatriates in h). Through it, engaged expatriates
- carry knowledge: o's startups see h's best solutions as across a link of that weight
  (Kerr 2008: knowledge flows through ethnic scientific networks);
- introduce investors: h's funds see o's startups as they see home deals, discounted
  by distance and weighted by the bridge (the introduction lifts their home bias;
  Sorenson & Stuart 2001);
- create links: at each network revision, an origin not yet linked to its main host
  (its strongest bridge) is linked to it with probability equal to that bridge. Such a
  link is the expatriates' own network, not a hub partnership: it is outside both
  hubs' budgets (orientations must still agree; it forms even under `isolated`,
  which isolates hubs, not people), costs like any link, and pays as trust builds;
- strengthen links: trust on an o-h link builds faster, by `trust_rate` x bridge.

With no spontaneous engagement and no incentives (the defaults) every bridge is 0 and
the core model is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.agents import Expatriate
from ecosim.core.books import Metric
from ecosim.core.mechanism import Changes, Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


def _world(name: str, read) -> Metric:
    return Metric(name, world=lambda self, s: float(read(self)))


class Diaspora(Mechanism):
    name = "diaspora"
    METRICS = (
        _world("diaspora_engagement", lambda d: d.engagement.mean() if len(d.engagement) else 0.0),
        Metric("diaspora_investment", lambda self, s: self.brokered),
        _world("cum_diaspora_investment", lambda d: d.cum_brokered.sum()),
        _world("cum_origin_investment", lambda d: d.origin_investment.sum()),
        _world("cum_diaspora_links", lambda d: d.links_formed),
        Metric("returnees", lambda self, s: self.returns),
        _world("cum_returnees", lambda d: d.cum_returns.sum()),
    )

    def __init__(self, model: EcosystemModel):
        cfg = self.cfg = model.cfg.diaspora
        terr = model.territories
        n = terr.n
        self.rng = model.streams.for_mechanism("diaspora")
        self.origin = np.repeat(np.arange(n), cfg.per_territory)
        # Hosts drawn in proportion to size among the other territories.
        weight = terr.size[None, :] * (1.0 - np.eye(n))
        cum = np.cumsum(weight / weight.sum(axis=1, keepdims=True), axis=1)[self.origin]
        u = self.rng.random(len(self.origin))[:, None]
        self.host = np.minimum((cum < u).sum(axis=1), n - 1)
        m = len(self.origin)
        self.base = np.clip(self.rng.uniform(0.0, 2.0 * cfg.base_engagement, m), 0.0, 1.0)
        self.engagement = self.base.copy()
        self.returned = np.zeros(m, dtype=bool)
        self.abroad = np.zeros((n, n), dtype=bool)  # [o, h]: o has expatriates in h
        self.abroad[self.origin, self.host] = True
        self.agents = [Expatriate(model, i) for i in range(m)]
        self.bridge = np.zeros((n, n))
        self._update_bridge()
        self.returns = np.zeros(n)  # returnees this quarter, by origin
        self.cum_returns = np.zeros(n)
        self.brokered = np.zeros(n)  # investment brokered this quarter, by origin
        self.cum_brokered = np.zeros(n)
        self.origin_investment = np.zeros(n)  # cumulative, from the diaspora's host territories
        self.links_formed = 0
        self.brokered_at = np.full((n, n), -1)  # [o, h]: formation step of a brokered link

    @property
    def pull(self) -> float:
        return 1.0 - (1.0 - self.cfg.programmes) * (1.0 - self.cfg.tax_advantage)

    def _update_bridge(self) -> None:
        n = len(self.bridge)
        engaged = np.bincount(
            self.origin * n + self.host, weights=self.engagement, minlength=n * n
        ).reshape(n, n)
        self.bridge = 1.0 - np.exp(-self.cfg.bridge * engaged)

    def introductions(self) -> np.ndarray:
        """[h, o]: how well host h's funds see origin o's startups through the diaspora."""
        return self.bridge.T

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """Engaged expatriates carry knowledge from host to origin (`bridges`, [o, h]) and
        introduce origin startups to host funds (`introductions`, [h, o])."""
        return {"bridges": self.bridge, "introductions": self.introductions()}

    def after_revision(self, model: EcosystemModel) -> Changes | None:
        """Each origin's diaspora proposes a link to its main host (at network revisions)."""
        links = model.links
        origins = np.arange(len(self.bridge))
        main = self.bridge.argmax(axis=1)
        strength = self.bridge[origins, main]
        candidates = np.flatnonzero((strength > 0) & ~links.active[origins, main])
        if len(candidates) == 0:
            return None
        draws = self.rng.random(len(candidates))
        wanted = [(int(o), int(main[o])) for o, d in zip(candidates, draws, strict=True)]
        return Changes(
            broker_links=[w for w, d in zip(wanted, draws, strict=True) if d < strength[w[0]]]
        )

    def links_brokered(self, model: EcosystemModel, formed: list[tuple[int, int]]) -> None:
        self.links_formed += len(formed)
        for o, h in formed:
            self.brokered_at[o, h] = model.steps

    def grow_trust(self, model: EcosystemModel) -> Changes:
        """Trust on links between an origin and a host builds faster."""
        links = model.links
        both_ways = np.maximum(self.bridge, self.bridge.T)
        gain = links.cfg.trust_rate * both_ways * (1.0 - links.trust) * links.active
        return Changes(trust_gain=gain)

    def _brokered_share(self, model: EcosystemModel, flow: np.ndarray) -> np.ndarray:
        """[h, o]: the share of h's money into o that the diaspora brokered: all of it over
        a link expatriates brokered, else the part of the fund's view owed to introductions."""
        intro = self.introductions()
        seen = np.maximum(intro, flow)
        share = np.clip(intro - flow, 0.0, None) / np.maximum(seen, 1e-12)
        links = model.links
        own_link = (links.formed_step == self.brokered_at) & links.active
        return np.where(own_link.T, 1.0, share)

    def adapt(self, model: EcosystemModel, flow: np.ndarray, deals) -> Changes | None:
        """Book the quarter's brokered investment, then engagement and returns move;
        returnees carry talent home."""
        n = len(self.bridge)
        money = deals["by_source"][:n]  # [h, o]
        self.brokered = (money * self._brokered_share(model, flow)).sum(axis=0)
        self.cum_brokered += self.brokered
        self.origin_investment += (money * self.abroad.T).sum(axis=0)

        cfg, pull = self.cfg, self.pull
        target = self.base + (1.0 - self.base) * pull
        self.engagement += cfg.engagement_rate * (target - self.engagement)
        hazard = cfg.return_rate * self.engagement * pull * ~self.returned
        self.returns = np.zeros(n)
        changes = None
        if hazard.any():
            back = self.rng.random(len(hazard)) < hazard
            self.returned |= back
            changes = self._bring_home(model.state.talent, self.origin[back], self.host[back])
        self._update_bridge()
        return changes

    def _bring_home(self, talent: np.ndarray, origin: np.ndarray, host: np.ndarray) -> Changes:
        """Returnees carry talent from host to origin (a host cannot give more than it has)."""
        n = len(talent)
        each = self.cfg.returnee_talent
        demand = np.bincount(host, minlength=n) * each
        carried = each * np.minimum(1.0, talent / np.maximum(demand, 1e-12))[host]
        self.returns = np.bincount(origin, minlength=n).astype(float)
        self.cum_returns += self.returns
        return Changes(
            talent=(
                np.bincount(host, weights=carried, minlength=n),
                np.bincount(origin, weights=carried, minlength=n),
            )
        )
