"""Cross-sector recombination: new solutions at the intersection of distant know-how.

With probability `knowledge.recombination` per quarter, a startup tries to combine its
solution with the best solution of another sector that it can see: in its own
territory, or in a linked one with the link's weight as probability (what links carry;
the seed text's solutions "à l'intersection des savoir-faire locaux et globaux"). The
child takes each bit from either parent; its value is its score on the startup's own
landscape times a novelty factor, log-normal with mean 1 and log-sd
`knowledge.recombination_spread` x the distance between the two sectors (1 across sector
groups, 1/2 within one): distant combinations raise the variance of value, not its mean
(Fleming 2001). The startup adopts the child when its value beats its own, and keeps
the novelty while it keeps that solution: its fitness is the effective one (score x
novelty^(1/quality_power)), so imitation and search weigh a breakthrough at its value
and peers who copy its bits get only their score. Breakthroughs may take quality above
1, beyond the landscape's known best. A
combination needs another sector in reach, so the more homogenized the world, the fewer
are possible; with no other sector in reach nothing happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.knowledge import best_per_group
from ecosim.core.mechanism import Changes, Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel

#: distance between the know-how of two sectors in one group, and across groups
RELATED, UNRELATED = 0.5, 1.0


class Recombination(Mechanism):
    name = "recombination"
    METRICS = (Metric("combinations_adopted", world=lambda self, s: float(self.adopted)),)

    def __init__(self, model: EcosystemModel):
        k = model.cfg.knowledge
        self.rate, self.spread = k.recombination, k.recombination_spread
        self.rng = model.streams.for_mechanism("recombination")
        self.adopted = 0  # combinations adopted so far

    def exchange(self, model: EcosystemModel, flow: np.ndarray) -> Changes | None:
        """Some startups try a combination with another sector's best solution in reach;
        those whose child beats their solution adopt it (new population columns)."""
        if self.rate == 0:
            return None
        pop, rng = model.population, self.rng
        n_terr, n_sec = model.territories.n, model.cfg.world.n_sectors
        rows = pop.live_rows()
        tries = rows[rng.random(len(rows)) < self.rate]
        if len(tries) == 0:
            return None
        best_row, _ = best_per_group(
            pop.fitness[rows], pop.territory[rows] * n_sec + pop.sector[rows], n_terr * n_sec
        )
        present = (best_row >= 0).reshape(n_terr, n_sec)
        sees = rng.random((n_terr, n_terr)) < flow
        np.fill_diagonal(sees, True)
        terr, sector = pop.territory[tries], pop.sector[tries]
        # Candidates (territory u, sector s') of each trier: seen, present, another sector.
        candidate = sees[terr][:, :, None] & present[None, :, :]
        candidate[np.arange(len(tries)), :, sector] = False
        candidate = candidate.reshape(len(tries), -1)
        has = candidate.any(axis=1)
        pick = np.where(candidate, rng.random(candidate.shape), -1.0).argmax(axis=1)
        tries, pick, sector = tries[has], pick[has], sector[has]
        if len(tries) == 0:
            return None
        partner = rows[best_row[pick]]
        other_sector = pick % n_sec
        take = rng.random((len(tries), pop.bits.shape[1])) < 0.5
        child = np.where(take, pop.bits[tries], pop.bits[partner])
        groups = model.sector_groups
        distance = np.where(groups[sector] == groups[other_sector], RELATED, UNRELATED)
        sigma = self.spread * distance
        novelty = np.exp(sigma * rng.standard_normal(len(tries)) - sigma**2 / 2)
        # The child's value as an effective fitness: its score x novelty^(1/power), so that
        # its quality is the score's quality x novelty, compared like any other solution.
        power = model.cfg.economy.quality_power
        fit = model.landscapes.fitness(child, sector) * novelty ** (1 / power)
        better = fit > pop.fitness[tries]
        who = tries[better]
        self.adopted += int(better.sum())
        quality = model.landscapes.quality(fit[better], sector[better], power)
        return Changes(
            columns={
                "bits": (who, child[better]),
                "fitness": (who, fit[better]),
                "novelty": (who, novelty[better]),
                "quality": (who, quality),
            }
        )
