"""Births: new startups per territory from its talent, in its specialized sectors.

Expected births are `birth_rate x talent x support`, where support is the quality
of the hub's support programmes. The model gives a newborn founder capital and a random
solution on its sector's landscape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


def draw_births(model: EcosystemModel, talent: np.ndarray, support: np.ndarray):
    """Territory and sector of each newborn (Poisson counts, sector ~ specialization)."""
    rng = model.streams.births
    counts = rng.poisson(model.cfg.economy.birth_rate * talent * support)
    territory = np.repeat(np.arange(len(counts)), counts)
    spec = model.territories.specialization[territory]
    u = rng.random(len(territory))[:, None]
    sector = (spec.cumsum(axis=1) < u).sum(axis=1)
    return territory, np.minimum(sector, spec.shape[1] - 1)
