"""Sector demand shocks, and how resilient each territory is to them.

Each sector's demand, relative to normal (`signals.demand`), drops by `market.shock_size` with
probability `market.shock_rate` per quarter and recovers a share `market.recovery` of
the gap each quarter: a persistent process of occasional large drops and recoveries.
Revenue and exit values in a sector scale with its demand, so a territory concentrated
in a shocked sector loses more than a diversified one (Frenken, Van Oort & Verburg 2007:
unrelated variety goes with lower unemployment growth).

Resilience (Martin 2012's sensitivity index): for each shock, a territory's relative
change in live startups (and revenue) over the `WINDOW` quarters that follow, divided by
the world's; above 1 the territory is hit harder than the world, below 1 it resists.
`shock_sensitivity` is its mean over the shocks that contracted the world.
"""

from __future__ import annotations

import numpy as np

#: quarters after a shock over which its effect is measured
WINDOW = 8
#: undefined (NaN) until a shock's window has closed on a contraction of the world:
#: not wrong, unmeasured - finite from then on
MEASURED_AFTER_SHOCKS = (
    "shock_sensitivity",
    "shock_sensitivity_revenue",
    "shock_drop",
    "shock_drop_revenue",
)


class SectorShocks:
    def __init__(self, model):
        m = model.cfg.market
        self.rate, self.size, self.recovery = m.shock_rate, m.shock_size, m.recovery
        self.rng = model.streams.for_mechanism("sector_shocks")
        n, s = model.territories.n, model.cfg.world.n_sectors
        self.since_shock = np.full(s, np.inf)  # quarters since each sector's last shock
        self.shocks = 0
        self.failures_after = 0.0  # failures in a sector within WINDOW quarters of its shock
        self._last = (np.zeros(n), np.zeros(n))  # live startups, revenue: end of last quarter
        self._open: list[tuple[int, np.ndarray, np.ndarray]] = []  # (end step, live, revenue)
        self._index = {"live": [], "revenue": []}  # per closed contraction: territory index
        self._drop = {"live": [], "revenue": []}  # and the world's relative change

    def shift(self, model) -> np.ndarray:
        """Demand recovers, then some sectors drop; returns the sectors shocked at random."""
        demand = model.signals.demand
        demand += self.recovery * (1.0 - demand)  # exactly 1 stays 1: neutral without shocks
        self.since_shock += 1
        if self.rate == 0:
            return np.zeros(0, dtype=np.int64)
        hit = np.flatnonzero(self.rng.random(len(demand)) < self.rate)
        self.hit(model, hit)
        return hit

    def hit(self, model, sectors) -> None:
        """Shock these sectors' demand now (at random in `shift`; a lesson or test may too)."""
        sectors = np.asarray(sectors, dtype=np.int64)
        if len(sectors) == 0:
            return
        model.signals.demand[sectors] *= 1.0 - self.size
        self.since_shock[sectors] = 0
        self.shocks += len(sectors)
        live, revenue = self._last
        self._open.append((int(model.steps) + WINDOW - 1, live.copy(), revenue.copy()))

    def count_failures(self, sectors: np.ndarray) -> None:
        self.failures_after += float((self.since_shock[sectors] < WINDOW).sum())

    def _close_windows(self, model, live: np.ndarray, revenue: np.ndarray) -> None:
        still = []
        for end, live0, revenue0 in self._open:
            if end > model.steps:
                still.append((end, live0, revenue0))
                continue
            for kind, before, now in (("live", live0, live), ("revenue", revenue0, revenue)):
                world = now.sum() / max(before.sum(), 1e-12) - 1.0
                if world < 0:  # a contraction: Martin's index is defined against it
                    change = now / np.maximum(before, 1e-12) - 1.0
                    self._index[kind].append(change / world)
                    self._drop[kind].append(world)
        self._open = still

    def close_quarter(self, model) -> None:
        """Every quarter (recorded or not): close the shocks' windows that end now."""
        st = model.state
        live, revenue = st.live.copy(), st.revenue.copy()
        self._close_windows(model, live, revenue)
        self._last = (live, revenue)

    def territory_metrics(self, model) -> dict[str, np.ndarray]:
        n = model.territories.n
        return {
            "shock_sensitivity": _mean(self._index["live"], n),
            "shock_sensitivity_revenue": _mean(self._index["revenue"], n),
        }

    def world_metrics(self, model) -> dict[str, float]:
        return {
            "sector_shocks": float(self.shocks),
            "failures_after_shocks": self.failures_after,
            "shock_drop": float(np.mean(self._drop["live"])) if self._drop["live"] else np.nan,
            "shock_drop_revenue": (
                float(np.mean(self._drop["revenue"])) if self._drop["revenue"] else np.nan
            ),
        }


def _mean(values: list[np.ndarray], n: int) -> np.ndarray:
    return np.mean(values, axis=0) if values else np.full(n, np.nan)
