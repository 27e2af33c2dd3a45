"""Technological turbulence: the sector landscapes change under the startups' feet.

Each quarter, each sector's landscape is shocked with probability
`knowledge.turbulence`; a shock redraws a share `knowledge.turbulence_share` of its
fitness contributions (the N x 2^(K+1) table; March 1991, Siggelkow & Rivkin 2005,
Posen & Levinthal 2012). Every live startup of a shocked sector is scored again, so
a solution everyone converged on may lose its value - the case in which a diversity of
approaches pays. Neutral at 0: no draw changes any other mechanism's stream.
"""

from __future__ import annotations

import numpy as np


class Turbulence:
    def __init__(self, model):
        k = model.cfg.knowledge
        self.rate, self.share = k.turbulence, k.turbulence_share
        self.rng = model.streams.for_mechanism("turbulence")
        self.count = 0  # landscape shocks so far

    def shake(self, model) -> np.ndarray:
        """Shock some sectors' landscapes and rescore their startups; returns the sectors."""
        if self.rate == 0:
            return np.zeros(0, dtype=np.int64)
        landscapes, pop = model.landscapes, model.population
        hit = np.flatnonzero(self.rng.random(landscapes.n_sectors) < self.rate)
        for sector in hit:
            landscapes.redraw(int(sector), self.share, self.rng)
        if len(hit):
            rows = pop.live_rows()
            rows = rows[np.isin(pop.sector[rows], hit)]
            model.rescore(rows)
        self.count += len(hit)
        return hit

    def world_metrics(self, model) -> dict[str, float]:
        return {"landscape_shocks": float(self.count)}
