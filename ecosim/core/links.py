"""The network of links between territories: who is linked, how much they trust, what it costs.

A link is undirected. It forms when a hub proposes it and the other side accepts
(orientations agree and it has room, or it trades up: see policies.py and
capacity.py). Its usefulness is `trust x openness`: trust starts at zero and
closes a share `trust_rate` of its gap each quarter, so a link costs from its
first quarter and pays only later (the J-curve of interconnection).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.config import PolicyConfig
    from ecosim.core.agents import Hub
    from ecosim.core.model import EcosystemModel
    from ecosim.core.policies import NetworkingPolicy


def _last_quarter(name: str, index: int) -> Metric:
    """One of the last closed quarter's link flows (proposed, accepted, dropped, mature)."""
    return Metric(name, world=lambda self, s: float(self._quarter[index]))


class LinkNetwork(Mechanism):
    """The links, as a mechanism: the model writes them (hubs' revisions, mechanisms'
    `Changes`), every quarter trust builds, and it keeps the books of link flows."""

    name = "links"
    METRICS = (
        _last_quarter("links_proposed", 0),
        _last_quarter("links_accepted", 1),
        _last_quarter("links_dropped", 2),
        # share of the links that existed during the quarter that ended in it, [0, 1]
        Metric(
            "link_churn",
            world=lambda self, s: float(self._quarter[2] / max(self.count + self._quarter[2], 1)),
        ),
        _last_quarter("mature_links", 3),
        Metric("mean_link_lifetime", world=lambda self, s: self.mean_lifetime(s.model.steps)),
    )

    @classmethod
    def build(cls, model: EcosystemModel) -> LinkNetwork:
        return cls(model.territories.n, model.distance, model.cfg.policy)

    def __init__(self, n: int, distance: np.ndarray, cfg: PolicyConfig):
        self.cfg = cfg
        self.distance = distance
        self.active = np.zeros((n, n), dtype=bool)
        self.trust = np.zeros((n, n))
        self.formed_step = np.zeros((n, n), dtype=np.int64)
        self.proposals = 0
        self.accepted = 0
        self.dropped = 0
        self.ended = 0  # links ended with a known step, and the quarters they lived
        self.lifetime_total = 0
        self._counted = (0, 0, 0)  # proposals, accepted, dropped at the last quarter's close
        self._quarter = (0, 0, 0, 0)  # the last closed quarter's flows and mature links
        self._mature_total = 0  # mature links summed over the quarters closed
        self._quarters = 0

    @property
    def degree(self) -> np.ndarray:
        return self.active.sum(axis=1)

    @property
    def count(self) -> int:
        return int(self.active.sum() // 2)

    def weights(self, openness: float) -> np.ndarray:
        """How much flows across each link this quarter (0 where unlinked)."""
        return self.trust * self.active * openness

    def cost_per_link(self) -> np.ndarray:
        """What each side of a link pays per quarter (grows with distance); 0 where unlinked."""
        return self.cfg.link_cost * (1 + self.cfg.distance_cost * self.distance) * self.active

    def cost_per_territory(self) -> np.ndarray:
        return self.cost_per_link().sum(axis=1)

    def build_trust(self) -> None:
        self.trust += self.cfg.trust_rate * (1 - self.trust) * self.active

    def revise(self, hub: Hub, policy: NetworkingPolicy) -> None:
        """The hub proposes links to its best-ranked candidates while it has room."""
        model, t = hub.model, hub.territory
        capacity = np.inf if policy.complete else hub.link_capacity
        for c in policy.rank(model, t):
            if self.degree[t] >= capacity:
                break
            if not self.active[t, c]:
                self.propose(model, t, int(c), complete=policy.complete)

    def propose(self, model: EcosystemModel, t: int, c: int, complete: bool = False) -> bool:
        """Territory t proposes a link to c; returns whether it formed.

        The other side accepts under its policy; a hub at capacity that accepts has
        traded up and drops its weakest link first (capacity.py).
        """
        self.proposals += 1
        if not (complete or model.hubs[c].accepts(t)):
            return False
        if not (complete or model.hubs[c].has_room()):
            self.disconnect(c, model.capacity.weakest_partner(model, c, t), model.steps)
        self.connect(t, c, model.steps)
        return True

    def broker(self, model: EcosystemModel, t: int, c: int) -> bool:
        """A link brokered by people rather than hubs (expatriates, diaspora.py): it is
        outside both hubs' budgets, so only orientations must agree."""
        self.proposals += 1
        if not model.alignment.agree(c, t):
            return False
        self.connect(t, c, model.steps)
        return True

    def connect(self, a: int, b: int, step: int) -> None:
        self.active[a, b] = self.active[b, a] = True
        self.trust[a, b] = self.trust[b, a] = 0.0
        self.formed_step[a, b] = self.formed_step[b, a] = step
        self.accepted += 1

    def disconnect(self, a: int, b: int, step: int | None = None) -> None:
        """End a link; with `step`, its lifetime counts in `mean_lifetime`."""
        self.active[a, b] = self.active[b, a] = False
        self.trust[a, b] = self.trust[b, a] = 0.0
        self.dropped += 1
        if step is not None:
            self.ended += 1
            self.lifetime_total += step - int(self.formed_step[a, b])

    def mean_lifetime(self, step: int) -> float:
        """Mean quarters a link lasts: ended links' lifetimes and active links' ages so far."""
        ages = (step - self.formed_step)[np.triu(self.active, 1)]
        n = self.ended + len(ages)
        return float((self.lifetime_total + ages.sum()) / n) if n else 0.0

    def mature(self) -> int:
        """Links whose trust has passed one half: the lasting ones."""
        return int(np.triu(self.active & (self.trust >= 0.5), 1).sum())

    def close_quarter(self, model: EcosystemModel) -> None:
        """Every quarter: its link flows (proposals, acceptances, drops) and mature links."""
        now = (self.proposals, self.accepted, self.dropped)
        flows = tuple(a - b for a, b in zip(now, self._counted, strict=True))
        self._counted = now
        mature = self.mature()
        self._quarter = (*flows, mature)
        self._mature_total += mature
        self._quarters += 1

    def summary(self, model: EcosystemModel) -> dict[str, float]:
        """Totals over the run (the world rows hold the same counts per quarter)."""
        return {
            "links_proposed": float(self.proposals),
            "links_accepted": float(self.accepted),
            "links_dropped": float(self.dropped),
            "acceptance_rate": self.accepted / max(self.proposals, 1),
            "mean_mature_links": self._mature_total / max(self._quarters, 1),
        }
