"""Market: revenue from the own market plus linked markets, scaled by solution quality.

A linked market counts for its size x link weight x (1 - friction): links open
markets only as trust builds. Revenue grows with the startup's stage and follows its
sector's demand (`signals.demand`, sector shocks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


def market_access(model: EcosystemModel, flow: np.ndarray) -> np.ndarray:
    """Market each territory's startups can sell to (own + linked, with friction)."""
    market = model.territories.market
    return market + (1 - model.cfg.economy.market_friction) * (flow @ market)


def earn_revenue(model: EcosystemModel, access: np.ndarray) -> np.ndarray:
    """Credit each live startup its quarter's revenue; returns the revenue per territory."""
    pop, e = model.population, model.cfg.economy
    rows = pop.live_rows()
    rev = np.asarray(e.revenue_scale)[pop.stage[rows]] * pop.quality[rows]
    rev *= access[pop.territory[rows]]
    rev *= model.signals.demand[pop.sector[rows]]  # sector shocks (sector_shocks.py)
    pop.revenue[rows] = rev
    pop.capital[rows] += rev
    return np.bincount(pop.territory[rows], weights=rev, minlength=len(access))
