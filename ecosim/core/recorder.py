"""Column-wise recording of territory, world and (optionally) startup metrics.

Territory metrics are arrays (one value per territory), so each step appends whole
arrays per column; the long table is assembled once at the end. This keeps data
collection a small share of a run (Mesa's DataCollector calls a Python function
per reporter or per agent, which is what the model avoids for its thousands of
startups). Per-startup records are off by default (`sim.collect_agents`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

AGENT_COLUMNS = ("uid", "territory", "sector", "stage", "capital", "raised", "quality")


class Recorder:
    def __init__(self, territory_names: list[str], collect_agents: bool = False):
        self.names = np.asarray(territory_names, dtype=object)
        self.collect_agents = collect_agents
        self._territory: dict[str, list[np.ndarray]] = defaultdict(list)
        self._world: list[dict] = []
        self._agents: dict[str, list[np.ndarray]] = defaultdict(list)

    def territories(self, step: int, columns: dict[str, np.ndarray]) -> None:
        n = len(self.names)
        self._territory["step"].append(np.full(n, step))
        self._territory["territory"].append(self.names)
        for name, values in columns.items():
            self._territory[name].append(np.array(values, dtype=float))  # a copy

    def world(self, row: dict) -> None:
        self._world.append(row)

    def agents(self, step: int, pop) -> None:
        if not self.collect_agents:
            return
        rows = pop.live_rows()
        self._agents["step"].append(np.full(len(rows), step))
        for col in AGENT_COLUMNS:
            self._agents[col].append(getattr(pop, col)[rows].copy())

    def timeseries(self) -> pd.DataFrame:
        """Long table: one row per step and territory, then one 'world' row per step."""
        terr = pd.DataFrame({k: np.concatenate(v) for k, v in self._territory.items()})
        return pd.concat([terr, pd.DataFrame(self._world)], ignore_index=True)

    def agent_table(self) -> pd.DataFrame | None:
        if not self._agents:
            return None
        return pd.DataFrame({k: np.concatenate(v) for k, v in self._agents.items()})
