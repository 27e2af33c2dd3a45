"""Technological turbulence: the sector landscapes change under the startups' feet.

Each quarter, each sector's landscape is shocked with probability
`knowledge.turbulence`; a shock redraws a share `knowledge.turbulence_share` of its
fitness contributions (the N x 2^(K+1) table; March 1991, Siggelkow & Rivkin 2005,
Posen & Levinthal 2012). Every live startup of a shocked sector is scored again, so
a solution everyone converged on may lose its value - the case in which a diversity of
approaches pays. Neutral at 0: no draw changes any other mechanism's stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Changes, Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Turbulence(Mechanism):
    name = "turbulence"
    METRICS = (Metric("landscape_shocks", world=lambda self, s: float(self.count)),)

    def __init__(self, model: EcosystemModel):
        k = model.cfg.knowledge
        self.rate, self.share = k.turbulence, k.turbulence_share
        self.rng = model.streams.for_mechanism("turbulence")
        self.count = 0  # landscape shocks so far

    def change_environment(self, model: EcosystemModel) -> Changes | None:
        """Shock some sectors' landscapes; their live startups are scored again."""
        if self.rate == 0:
            return None
        landscapes, pop = model.landscapes, model.population
        hit = np.flatnonzero(self.rng.random(landscapes.n_sectors) < self.rate)
        self.count += len(hit)
        if len(hit) == 0:
            return None
        tables = {int(s): landscapes.redrawn(int(s), self.share, self.rng) for s in hit}
        rows = pop.live_rows()
        return Changes(landscapes=tables, rescore=rows[np.isin(pop.sector[rows], hit)])
