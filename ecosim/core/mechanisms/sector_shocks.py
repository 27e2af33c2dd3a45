"""Sector demand shocks, and how resilient each territory is to them.

Each sector's demand, relative to normal (sent as `signals.demand`), drops by
`sector_shocks.shock_size` with probability `sector_shocks.shock_rate` per quarter and
recovers a share `sector_shocks.recovery` of the gap each quarter: a persistent process
of occasional large drops and recoveries.
Revenue and exit values in a sector scale with its demand, so a territory concentrated
in a shocked sector loses more than a diversified one (Frenken, Van Oort & Verburg 2007:
unrelated variety goes with lower unemployment growth).

Resilience (Martin 2012's sensitivity index): for each shock, a territory's relative
change in live startups (and revenue) over the `WINDOW` quarters that follow, divided by
the world's; above 1 the territory is hit harder than the world, below 1 it resists.
`shock_sensitivity` is its mean over the shocks that contracted the world.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.books import Metric
from ecosim.core.mechanism import Mechanism

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel

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


class SectorShocks(Mechanism):
    name = "sector_shocks"
    METRICS = (
        Metric(
            "shock_sensitivity",
            lambda self, s: _mean(self._index["live"], s.model.territories.n),
            total=False,
        ),
        Metric(
            "shock_sensitivity_revenue",
            lambda self, s: _mean(self._index["revenue"], s.model.territories.n),
            total=False,
        ),
        Metric("sector_shocks", world=lambda self, s: float(self.shocks)),
        Metric("failures_after_shocks", world=lambda self, s: self.failures_after),
        Metric("shock_drop", world=lambda self, s: _mean_or_nan(self._drop["live"])),
        Metric("shock_drop_revenue", world=lambda self, s: _mean_or_nan(self._drop["revenue"])),
    )

    def __init__(self, model: EcosystemModel):
        m = model.cfg.sector_shocks
        self.rate, self.size, self.recovery = m.shock_rate, m.shock_size, m.recovery
        self.rng = model.streams.for_mechanism("sector_shocks")
        n, s = model.territories.n, model.cfg.world.n_sectors
        self.demand = np.ones(s)  # each sector's demand relative to normal
        self.since_shock = np.full(s, np.inf)  # quarters since each sector's last shock
        self.shocks = 0
        self.failures_after = 0.0  # failures in a sector within WINDOW quarters of its shock
        self._last = (np.zeros(n), np.zeros(n))  # live startups, revenue: end of last quarter
        self._open: list[tuple[int, np.ndarray, np.ndarray]] = []  # (end step, live, revenue)
        self._index = {"live": [], "revenue": []}  # per closed contraction: territory index
        self._drop = {"live": [], "revenue": []}  # and the world's relative change

    def change_environment(self, model: EcosystemModel) -> None:
        """Demand recovers, then some sectors drop at random."""
        demand = self.demand
        demand += self.recovery * (1.0 - demand)  # exactly 1 stays 1: neutral without shocks
        self.since_shock += 1
        if self.rate == 0:
            return
        self.hit(model, np.flatnonzero(self.rng.random(len(demand)) < self.rate))

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """Revenue and exit values in a sector scale with its demand."""
        return {"demand": self.demand}

    def hit(self, model: EcosystemModel, sectors) -> None:
        """Shock these sectors' demand now (at random each quarter; a lesson or test may
        call it between quarters: the next quarter's signals carry it)."""
        sectors = np.asarray(sectors, dtype=np.int64)
        if len(sectors) == 0:
            return
        self.demand[sectors] *= 1.0 - self.size
        self.since_shock[sectors] = 0
        self.shocks += len(sectors)
        live, revenue = self._last
        self._open.append((int(model.steps) + WINDOW - 1, live.copy(), revenue.copy()))

    def observe_ends(self, model: EcosystemModel, failed: np.ndarray, exited: np.ndarray) -> None:
        """Count failures in sectors shocked within the window."""
        sectors = model.population.sector[failed]
        self.failures_after += float((self.since_shock[sectors] < WINDOW).sum())

    def _close_windows(self, model: EcosystemModel, live: np.ndarray, revenue: np.ndarray) -> None:
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

    def close_quarter(self, model: EcosystemModel) -> None:
        """Every quarter (recorded or not): close the shocks' windows that end now."""
        st = model.state
        live, revenue = st.live.copy(), st.revenue.copy()
        self._close_windows(model, live, revenue)
        self._last = (live, revenue)


def _mean(values: list[np.ndarray], n: int) -> np.ndarray:
    return np.mean(values, axis=0) if values else np.full(n, np.nan)


def _mean_or_nan(values: list[float]) -> float:
    return float(np.mean(values)) if values else np.nan
