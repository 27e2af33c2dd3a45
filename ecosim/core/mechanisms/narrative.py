"""Territorial narratives: how outsiders see a territory, and how it sees itself
(strategy 3 of the seed text; docs/ODD.md §6.2, "Narratives").

A territory's *image* is the ratio of its startups' quality as outsiders perceive it to
their real quality; its *confidence* is the same ratio as its own people see it. Both
start from a stereotype tied to size, (size / largest)^`stereotype` and
(size / largest)^`self_doubt`: small places are under-rated by others and by themselves.
With both exponents 0 (the default) everyone is seen as it is and the core model is
unchanged.

- The image gates outsiders' interest: investors rank deals by quality x image
  (`signals.quality_factor`, which also applies their quality bar), and
  partners and global funds see visibility x image (`signals.visibility`).
- Confidence gates founders: births x confidence (`support`).
- Collaborations and visible successes correct both. Exposure_t = 1 - exp(-(sum of
  link weights + `success_visibility` x exits)); each quarter the gap to reality closes
  by `learning_rate` x exposure.
- A narrative campaign (from quarter `campaign_start` for `campaign_quarters`) closes
  an extra `campaign_strength` of the gap each quarter in every territory that is
  under-rated or under-confident, at `campaign_cost` per territory and quarter (counted
  in its net return; the books count it as a flow, `campaign_cost`).

Metric: the perception gap, 1 - image (0: seen as it is; > 0: under-rated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Changes, Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Narrative(Mechanism):
    name = "narrative"
    METRICS = (
        Metric(
            "perception_gap",
            lambda self, s: 1.0 - self.image,
            lambda self, s: float(np.mean(1.0 - self.image)),
        ),
        Metric("confidence_gap", lambda self, s: 1.0 - self.confidence, total=False),
    )

    def __init__(self, model: EcosystemModel):
        cfg = self.cfg = model.cfg.narrative
        size = model.territories.size
        relative = size / size.max()
        self.image = relative**cfg.stereotype
        self.confidence = relative**cfg.self_doubt
        self.cost = np.zeros(len(size))  # campaign spending this quarter

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """What investors and partners perceive (image), and founders' confidence."""
        return {
            "quality_factor": self.image.copy(),
            "visibility": self.image.copy(),
            "support": self.confidence.copy(),
        }

    def adapt(self, model: EcosystemModel, flow: np.ndarray, deals) -> Changes:
        """Collaborations and exits correct perception; a running campaign shifts it and
        its cost is booked."""
        cfg, exits = self.cfg, model.state.exits
        exposure = 1.0 - np.exp(-(flow.sum(axis=1) + cfg.success_visibility * exits))
        correction = cfg.learning_rate * exposure
        self.cost[:] = 0.0
        start = cfg.campaign_start
        if start > 0 and start <= model.steps < start + cfg.campaign_quarters:
            running = (self.image < 1.0) | (self.confidence < 1.0)
            correction = correction + cfg.campaign_strength * running
            self.cost[running] = cfg.campaign_cost
        correction = np.minimum(correction, 1.0)
        self.image += correction * (1.0 - self.image)
        self.confidence += correction * (1.0 - self.confidence)
        return Changes(flows={"campaign_cost": self.cost})
