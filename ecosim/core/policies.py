"""Networking policies: how a hub ranks the territories it would like to link to.

Each policy is a small class with one decision method, `rank(model, t)`, that
returns candidate partners of territory `t`, best first (by default: by its
`preference` for each of them). The link network
(links.py) turns rankings into links when the other side accepts: orientations
agree (alignment.py) and it has room, or, for policies with preferences
(`preference`), it prefers the proposer to its weakest partner (capacity.py).
New policies register themselves with `@register`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel

POLICIES: dict[str, type[NetworkingPolicy]] = {}


def register(cls):
    POLICIES[cls.name] = cls
    return cls


class NetworkingPolicy:
    name = "base"
    #: Everyone is linked, capacity ignored (an upper bound, not a strategy).
    complete = False

    def rank(self, model: EcosystemModel, t: int) -> np.ndarray:
        others = self._others(model, t)
        return others[np.argsort(-self.preference(model, t, others), kind="stable")]

    def preference(self, model: EcosystemModel, t: int, others: np.ndarray) -> np.ndarray | None:
        """How much hub t wants each of `others` (higher is better); None: no preference."""
        return None

    def has_room(self, model: EcosystemModel, t: int) -> bool:
        return model.links.degree[t] < model.hubs[t].link_capacity

    def accepts(self, model: EcosystemModel, t: int, proposer: int) -> bool:
        """Both sides must want the link: orientations agree (alignment.py), and the hub has
        room or would rather have the proposer than its weakest partner (capacity.py)."""
        if not model.alignment.agree(t, proposer):
            return False
        return self.has_room(model, t) or model.capacity.weakest_partner(model, t, proposer) >= 0

    def _others(self, model: EcosystemModel, t: int) -> np.ndarray:
        return np.delete(np.arange(model.territories.n), t)


@register
class Isolated(NetworkingPolicy):
    name = "isolated"

    def rank(self, model: EcosystemModel, t):
        return np.empty(0, dtype=np.int64)


@register
class RandomLinks(NetworkingPolicy):
    name = "random"

    def rank(self, model: EcosystemModel, t):
        return model.streams.links.permutation(self._others(model, t))


@register
class HubAndSpoke(NetworkingPolicy):
    """Everyone links toward the metropolis; the metropolis links to whoever asks."""

    name = "hub_and_spoke"

    def rank(self, model: EcosystemModel, t):
        center = int(np.argmax(model.territories.size))
        return np.array([center]) if t != center else np.empty(0, dtype=np.int64)

    def has_room(self, model: EcosystemModel, t):
        return t == int(np.argmax(model.territories.size)) or super().has_room(model, t)


@register
class Preferential(NetworkingPolicy):
    """Toward the most attractive and visible: rich get richer (Barabasi & Albert 1999)."""

    name = "preferential"

    def preference(self, model: EcosystemModel, t, others):
        return (model.state.attractiveness[others] + 1e-9) * model.signals.visibility[others]


@register
class Complementarity(NetworkingPolicy):
    """Toward partners whose strengths fill this territory's gaps (capital, market, research)."""

    name = "complementarity"

    def preference(self, model: EcosystemModel, t, others):
        return self.scores(model, t, others)

    @staticmethod
    def scores(model: EcosystemModel, t, others):
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
        return score * model.signals.visibility[others] ** 0.5 / (1 + model.distance[t, others])


@register
class DiversityAware(Complementarity):
    """Complementarity in partner choice; its limits on imitation and specialization drift
    across links are its config (configs/policy/diversity_aware.yaml), so they can be swept."""

    name = "diversity_aware"


@register
class OpenMesh(NetworkingPolicy):
    name = "open_mesh"
    complete = True

    def rank(self, model: EcosystemModel, t):
        return self._others(model, t)


def make_policy(name: str) -> NetworkingPolicy:
    return POLICIES[name]()
