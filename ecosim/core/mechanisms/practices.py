"""Best practices spread: hubs' support programmes improve by adapting partners' ones
(challenge 1; docs/ODD.md §6.2, "Practices").

Each hub runs support programmes of quality q in [0, 1] (drawn uniformly in
[`initial_low`, `initial_high`]). Across a link a hub sees its partners' programmes
and adopts what is better, but adapted to its own context rather than copied whole:
a partner u passes on its lead q_u - q_t scaled by a fit 1 - `context_penalty` x (total
variation distance between the two specializations). What a hub sees in quarter s is
a level it could reach, and it runs it `delay` quarters later, closing `adoption_rate`
of what is left of the gap each quarter:

    seen_t(s) = q_t(s) + sum_u w_tu fit_tu max(q_u - q_t, 0) / max(1, sum_u w_tu)
    q_t(s + delay) += adoption_rate x max(seen_t(s) - q_t(s + delay), 0)

Practice quality raises births (`signals.support` x (1 + `birth_effect` q)) and lowers
startups' burn (`signals.burn_factor` = 1 - `survival_effect` q). Both effects are 0 by
default so that the core calibration (docs/ODD.md §8) stands; the diffusion itself,
and its metrics, always run.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Practices(Mechanism):
    name = "practices"
    METRICS = (
        Metric("practice_quality", lambda self, s: self.quality, total=False),
        Metric("mean_practice_quality", world=lambda self, s: float(self.quality.mean())),
        Metric("practice_reach_share", world=lambda self, s: self.reach_share()),
    )

    def __init__(self, model: EcosystemModel):
        cfg = self.cfg = model.cfg.practices
        n = model.territories.n
        rng = model.streams.for_mechanism("practices")
        self.quality = rng.uniform(cfg.initial_low, cfg.initial_high, n)
        self.target = cfg.reached_at * self.quality.max()  # the initial best practice
        self.reached_step = np.where(self.quality >= self.target, 0, -1)
        self.behind = self.reached_step < 0  # territories the best practice had to reach
        self.pending = deque(self.quality.copy() for _ in range(cfg.delay))  # levels seen

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """Better programmes: more births, less burn (both effects 0 by default)."""
        return {
            "support": 1.0 + self.cfg.birth_effect * self.quality,
            "burn_factor": 1.0 - self.cfg.survival_effect * self.quality,
        }

    def adapt(self, model: EcosystemModel, flow: np.ndarray, deals) -> None:
        """Adopt, with delay and adaptation, the better practices seen across links."""
        q, spec = self.quality, model.territories.specialization
        t, u = np.nonzero(flow)
        seen = q.copy()
        if len(t):
            distance = 0.5 * np.abs(spec[t] - spec[u]).sum(axis=1)
            fit = 1.0 - self.cfg.context_penalty * distance
            lead = np.clip(q[u] - q[t], 0.0, None)
            adapted = np.bincount(t, weights=flow[t, u] * fit * lead, minlength=len(q))
            seen += adapted / np.maximum(flow.sum(axis=1), 1.0)
        self.pending.append(seen)
        gap = np.clip(self.pending.popleft() - q, 0.0, None)
        self.quality = q + self.cfg.adoption_rate * gap
        newly = (self.reached_step < 0) & (self.quality >= self.target)
        self.reached_step[newly] = model.steps

    def reach_share(self) -> float:
        """Share of the territories the best practice had to reach that it has reached."""
        reached = self.reached_step[self.behind] >= 0
        return float(reached.mean()) if self.behind.any() else 1.0

    def summary(self, model: EcosystemModel) -> dict[str, float]:
        """Quarters until the best practice reached the territories it had to reach;
        a territory not reached yet counts the whole run (a censored mean)."""
        lag = np.where(self.reached_step > 0, self.reached_step, model.steps)[self.behind]
        return {"practice_mean_lag": float(lag.mean()) if len(lag) else 0.0}
