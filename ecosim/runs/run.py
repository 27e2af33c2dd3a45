"""One simulation run: build the model from a validated config, run it to the end.

What a run writes, and how its directory tells its state, is `ecosim.runs.run_dir`.
"""

from __future__ import annotations

import sys
import time

from ecosim.config import EcosimConfig
from ecosim.core.model import EcosystemModel
from ecosim.kpis import KPIS


class Progress:
    """Prints `step i/n` about every 10% (or each second on a terminal) to stderr."""

    def __init__(self, label: str, enabled: bool = True):
        self.label, self.enabled = label, enabled
        self.start = time.perf_counter()
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        decile = done * 10 // total
        if decile != self._last or done == total:
            self._last = decile
            elapsed = time.perf_counter() - self.start
            eta = elapsed / done * (total - done)
            print(
                f"{self.label}: step {done}/{total}  {elapsed:.1f}s elapsed, ~{eta:.1f}s left",
                file=sys.stderr,
                flush=True,
            )


def simulate(cfg: EcosimConfig, progress=None):
    """Run one model to the end; returns (summary, timeseries, agents or None), frees it."""
    model = EcosystemModel(cfg)
    try:
        model.run(progress=progress)
        return model.summary(), model.timeseries(), model.recorder.agent_table()
    finally:
        model.release()


def format_kpis(summary: dict) -> str:
    labels = {key: kpi.label["en"] for key, kpi in KPIS.items()}
    width = max(map(len, labels.values()))
    lines = [f"{'KPI':<{width}}  value", f"{'-' * width}  ---------"]
    for key, label in labels.items():
        value = summary[key]
        shown = "n/a" if value != value else f"{value:>10.3f}"
        lines.append(f"{label:<{width}}  {shown:>10}")
    return "\n".join(lines)
