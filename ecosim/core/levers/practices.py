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
startups' burn (`model.signals.burn_factor` = 1 - `survival_effect` q). Both effects are 0 by
default so that the core calibration (docs/ODD.md §8) stands; the diffusion itself,
and its metrics, always run.
"""

from __future__ import annotations

from collections import deque

import numpy as np


class Practices:
    def __init__(self, model):
        cfg = self.cfg = model.cfg.practices
        n = model.territories.n
        rng = model.streams.for_mechanism("practices")
        self.quality = rng.uniform(cfg.initial_low, cfg.initial_high, n)
        self.target = cfg.reached_at * self.quality.max()  # the initial best practice
        self.reached_step = np.where(self.quality >= self.target, 0, -1)
        self.behind = self.reached_step < 0  # territories the best practice had to reach
        self.pending = deque(self.quality.copy() for _ in range(cfg.delay))  # levels seen

    def support(self) -> np.ndarray:
        return 1.0 + self.cfg.birth_effect * self.quality

    def burn_factor(self) -> np.ndarray:
        return 1.0 - self.cfg.survival_effect * self.quality

    def spread(self, model, flow: np.ndarray) -> None:
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

    def territory_metrics(self, model) -> dict[str, np.ndarray]:
        return {"practice_quality": self.quality}

    def world_metrics(self, model) -> dict[str, float]:
        reached = self.reached_step[self.behind] >= 0
        return {
            "mean_practice_quality": float(self.quality.mean()),
            "practice_reach_share": float(reached.mean()) if self.behind.any() else 1.0,
        }

    def summary(self, model) -> dict[str, float]:
        """Quarters until the best practice reached the territories it had to reach;
        a territory not reached yet counts the whole run (a censored mean)."""
        lag = np.where(self.reached_step > 0, self.reached_step, model.steps)[self.behind]
        return {"practice_mean_lag": float(lag.mean()) if len(lag) else 0.0}
