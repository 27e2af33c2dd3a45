"""Networking policies: how a hub ranks the territories it would like to link to.

Each policy is a small class with one decision method, `rank(model, t)`, that
returns candidate partners of territory `t`, best first. The link network
(links.py) turns rankings into links when both sides have room. New policies
register themselves with `@register`.
"""

from __future__ import annotations

import numpy as np

POLICIES: dict[str, type[NetworkingPolicy]] = {}


def register(cls):
    POLICIES[cls.name] = cls
    return cls


class NetworkingPolicy:
    name = "base"
    #: Everyone is linked, capacity ignored (an upper bound, not a strategy).
    complete = False

    def rank(self, model, t: int) -> np.ndarray:
        raise NotImplementedError

    def accepts(self, model, t: int, proposer: int) -> bool:
        """A hub accepts a proposed link while it has room."""
        return model.links.degree[t] < model.hubs[t].link_capacity

    def _others(self, model, t: int) -> np.ndarray:
        return np.delete(np.arange(model.territories.n), t)


@register
class Isolated(NetworkingPolicy):
    name = "isolated"

    def rank(self, model, t):
        return np.empty(0, dtype=np.int64)


@register
class RandomLinks(NetworkingPolicy):
    name = "random"

    def rank(self, model, t):
        return model.streams.links.permutation(self._others(model, t))


@register
class HubAndSpoke(NetworkingPolicy):
    """Everyone links toward the metropolis; the metropolis links to whoever asks."""

    name = "hub_and_spoke"

    def rank(self, model, t):
        center = int(np.argmax(model.territories.size))
        return np.array([center]) if t != center else np.empty(0, dtype=np.int64)

    def accepts(self, model, t, proposer):
        return t == int(np.argmax(model.territories.size)) or super().accepts(model, t, proposer)


@register
class Preferential(NetworkingPolicy):
    """Toward the most attractive and visible: rich get richer (Barabasi & Albert 1999)."""

    name = "preferential"

    def rank(self, model, t):
        others = self._others(model, t)
        appeal = (model.state.attractiveness[others] + 1e-9) * model.perceived_visibility[others]
        return others[np.argsort(-appeal, kind="stable")]


@register
class Complementarity(NetworkingPolicy):
    """Toward partners whose strengths fill this territory's gaps (capital, market, research)."""

    name = "complementarity"

    def rank(self, model, t):
        others = self._others(model, t)
        return others[np.argsort(-self.scores(model, t, others), kind="stable")]

    @staticmethod
    def scores(model, t, others):
        terr = model.territories
        demand = model.state.startups_by_sector[t]  # where this territory's startups are
        demand = demand / max(demand.sum(), 1.0)
        # Research gap: partners strong in the sectors this territory's startups work in.
        research_gap = np.clip(terr.research[others] - terr.research[t], 0, None) @ demand
        capital_gap = np.clip(terr.capital[others] - terr.capital[t], 0, None)
        market_gap = np.clip(terr.market[others] - terr.market[t], 0, None)
        # Experimentation sites are a distinctive asset of small places.
        experiment = terr.experimentation[others] * (1 - terr.experimentation[t])
        score = (
            research_gap / (terr.research.max() + 1e-9)
            + capital_gap / (terr.capital.max() + 1e-9)
            + market_gap / (terr.market.max() + 1e-9)
            + experiment
        )
        return score * model.perceived_visibility[others] ** 0.5 / (1 + model.distance[t, others])


@register
class DiversityAware(Complementarity):
    """Complementarity in partner choice; its limits on imitation and specialization drift
    across links are its config (configs/policy/diversity_aware.yaml), so they can be swept."""

    name = "diversity_aware"


@register
class OpenMesh(NetworkingPolicy):
    name = "open_mesh"
    complete = True

    def rank(self, model, t):
        return self._others(model, t)


def make_policy(name: str) -> NetworkingPolicy:
    return POLICIES[name]()
