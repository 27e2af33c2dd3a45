"""Alignment of interests: territories oriented local-first or international (challenge 2;
docs/ODD.md §6.2, "Alignment of interests").

Each territory has an orientation o in [0, 1] (0: local development first, 1: global
reach), drawn around `alignment.orientation` with half-width `alignment.spread` (0: all
aligned, the default, which leaves the core model unchanged). A link forms only when
both sides accept: each side agrees with probability 1 - `sensitivity` x |o_t - o_u|,
independently. Once formed, a link between mismatched territories ends with hazard
`break_rate` x |o_t - o_u| per quarter (the partners disagree on what the link is for).
So mismatched worlds form fewer links, lose more, and keep fewer long enough for trust
to build. All draws come from the mechanism's own stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Changes, Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Alignment(Mechanism):
    name = "alignment"
    METRICS = (Metric("orientation", lambda self, s: self.orientation, total=False),)

    def __init__(self, model: EcosystemModel):
        cfg = model.cfg.alignment
        n = model.territories.n
        self.rng = model.streams.for_mechanism("alignment")
        self.sensitivity, self.break_rate = cfg.sensitivity, cfg.break_rate
        self.orientation = np.clip(
            cfg.orientation + cfg.spread * self.rng.uniform(-1.0, 1.0, n), 0.0, 1.0
        )
        self.gap = np.abs(self.orientation[:, None] - self.orientation[None, :])
        self.broken = 0

    def agree(self, t: int, u: int) -> bool:
        """Do both sides want a link between t and u (one draw per side)?"""
        p = 1.0 - self.sensitivity * self.gap[t, u]
        return p >= 1.0 or bool((self.rng.random(2) < p).all())

    def tend_links(self, model: EcosystemModel) -> Changes | None:
        """End links whose partners' orientations diverge, at the mismatch hazard."""
        hazard = self.break_rate * self.gap * np.triu(model.links.active, 1)
        if not hazard.any():
            return None
        ends = np.argwhere(self.rng.random(hazard.shape) < hazard)
        self.broken += len(ends)
        return Changes(end_links=[(int(a), int(b)) for a, b in ends])

    def summary(self, model: EcosystemModel) -> dict[str, float]:
        return {"links_broken_by_mismatch": float(self.broken)}
