"""The network of links between territories: who is linked, how much they trust, what it costs.

A link is undirected. It forms when a hub proposes it and the other side accepts
(both have room). Its usefulness is `trust x openness`: trust starts at zero and
closes a share `trust_rate` of its gap each quarter, so a link costs from its
first quarter and pays only later (the J-curve of interconnection).
"""

from __future__ import annotations

import numpy as np


class LinkNetwork:
    def __init__(self, n: int, distance: np.ndarray, cfg):
        self.cfg = cfg
        self.distance = distance
        self.active = np.zeros((n, n), dtype=bool)
        self.trust = np.zeros((n, n))
        self.formed_step = np.zeros((n, n), dtype=np.int64)
        self.proposals = 0
        self.accepted = 0
        self.dropped = 0

    @property
    def degree(self) -> np.ndarray:
        return self.active.sum(axis=1)

    @property
    def count(self) -> int:
        return int(self.active.sum() // 2)

    def weights(self, openness: float) -> np.ndarray:
        """How much flows across each link this quarter (0 where unlinked)."""
        return self.trust * self.active * openness

    def cost_per_territory(self) -> np.ndarray:
        """Each side of a link pays its cost, which grows with distance."""
        per_link = self.cfg.link_cost * (1 + self.cfg.distance_cost * self.distance)
        return (per_link * self.active).sum(axis=1)

    def build_trust(self) -> None:
        self.trust += self.cfg.trust_rate * (1 - self.trust) * self.active

    def revise(self, hub, policy) -> None:
        """The hub proposes links to its best-ranked candidates while it has room."""
        model, t = hub.model, hub.territory
        capacity = np.inf if policy.complete else hub.link_capacity
        for c in policy.rank(model, t):
            if self.degree[t] >= capacity:
                break
            if self.active[t, c]:
                continue
            self.proposals += 1
            if policy.complete or model.hubs[c].accepts(t):
                self.connect(t, c, model.steps)

    def connect(self, a: int, b: int, step: int) -> None:
        self.active[a, b] = self.active[b, a] = True
        self.trust[a, b] = self.trust[b, a] = 0.0
        self.formed_step[a, b] = self.formed_step[b, a] = step
        self.accepted += 1

    def disconnect(self, a: int, b: int) -> None:
        self.active[a, b] = self.active[b, a] = False
        self.trust[a, b] = self.trust[b, a] = 0.0
        self.dropped += 1
