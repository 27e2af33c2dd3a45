"""Agglomeration: startups are created where startups, talent and research already are
(issue 24, "mechanisms through which geography emerges"; docs/ODD.md §6.2,
"Agglomeration").

In the core model a territory's expected births are `birth_rate x talent x support`:
proportional to its talent and nothing else. The cluster literature finds more: new
establishments and start-ups grow faster where the same and related activity is
already dense and where research is strong (Delgado, Porter & Stern 2010, "Clusters and
entrepreneurship", Journal of Economic Geography 10(4): 495-518; knowledge spillovers
from universities and R&D, Audretsch & Feldman 1996, American Economic Review 86(3):
630-640). This mechanism multiplies each
territory's births by a *pull*

    pull_i ∝ (live startups_i / talent_i)^startups_elasticity
             x (research_i / talent_i)^research_elasticity,

each ratio taken relative to its talent-weighted world mean, and the pull scaled so its
talent-weighted mean is 1: agglomeration moves where startups are born, not how many
are born in the world. Startup density is read every quarter, so early luck and early
strength compound; research is the territory's fixed research endowment.

Both elasticities 0 (the default) send nothing: the core model is unchanged. They are
model parameters with a prior (docs/ODD.md §7), to be fitted on regional data, never
set by hand to match a region's share.

Metric: `agglomeration_pull`, each territory's births multiplier this quarter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


def relative(per_talent: np.ndarray, talent: np.ndarray) -> np.ndarray:
    """A per-talent measure over its talent-weighted mean (1: as dense as the world); a
    world where the measure is zero everywhere is uniform (1 everywhere)."""
    mean = float(np.sum(per_talent * talent) / np.sum(talent))
    return per_talent / mean if mean > 0 else np.ones_like(per_talent)


class Agglomeration(Mechanism):
    name = "agglomeration"
    METRICS = (Metric("agglomeration_pull", lambda self, s: self.pull.copy(), total=False),)

    def __init__(self, model: EcosystemModel):
        self.cfg = model.cfg.agglomeration
        self.research = model.territories.research.sum(axis=1)
        self.pull = np.ones(model.territories.n)

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """Births follow startup density and research; nothing when both elasticities
        are 0."""
        cfg = self.cfg
        if cfg.startups_elasticity == 0 and cfg.research_elasticity == 0:
            return {}
        talent = np.maximum(model.state.talent, 1e-9)
        # +1: a territory with no live startup still has a density, a low one
        density = relative((model.state.live + 1.0) / talent, talent)
        research = relative(self.research / talent, talent)
        pull = density**cfg.startups_elasticity * research**cfg.research_elasticity
        self.pull = pull / (np.sum(pull * talent) / np.sum(talent))
        return {"support": self.pull.copy()}
