"""One simulation run: build the model from a validated config, run it, write its files.

A run directory tells its own state, so a sweep can be resumed and collected from the
files alone: `job.json` (its overrides and seed) is written when the run starts,
`error.json` when it fails, `.done` when it is complete (last, after every result file).
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from omegaconf import OmegaConf

from ecosim import io
from ecosim.config import EcosimConfig
from ecosim.model import EcosystemModel

KPI_TABLE = (
    ("attractiveness", "attractiveness (startup-eq./quarter)"),
    ("diversity_loss", "diversity loss (0-1)"),
    ("cum_exit_value", "cumulative exit value (EUR M)"),
    ("cum_net_return", "cumulative net return (EUR M)"),
    ("value_created", "value created, net of money invested (EUR M)"),
    ("npv_short", "discounted net return, short horizon"),
    ("npv_long", "discounted net return, whole run"),
    ("investor_multiple", "investors' multiple (x)"),
    ("gini_investment", "Gini of investment across territories"),
    ("top_share_investment", "top territory's share of investment"),
    ("survival_1y", "survival at 1 year"),
    ("survival_5y", "survival at 5 years"),
    ("links", "links"),
    ("live_startups", "live startups"),
)


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


JOB = "job.json"
ERROR = "error.json"
COMPLETE, FAILED, UNFINISHED, NOT_STARTED = "complete", "failed", "unfinished", "not started"


def start_run(run_dir: Path, overrides: list[str], seed: int) -> None:
    """Mark a run as started; a failure recorded by an earlier attempt no longer holds."""
    run_dir = Path(run_dir)
    (run_dir / ERROR).unlink(missing_ok=True)
    io.write_json(run_dir / JOB, {"overrides": list(overrides), "seed": seed})


def record_failure(run_dir: Path, exc: BaseException) -> None:
    """Keep a failed run's error next to its other files, for `ecosim collect` to list."""
    io.write_json(
        Path(run_dir) / ERROR,
        {
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": "".join(traceback.format_exception(exc)),
        },
    )


def run_status(run_dir: Path) -> tuple[str, str]:
    """(status, error message) of a run directory, from its files alone."""
    run_dir = Path(run_dir)
    if io.is_done(run_dir):
        return COMPLETE, ""
    if (run_dir / ERROR).is_file():
        try:
            return FAILED, json.loads((run_dir / ERROR).read_text(encoding="utf-8"))["error"]
        except (ValueError, KeyError) as exc:
            return FAILED, f"unreadable {ERROR} ({exc})"
    if run_dir.is_dir():
        return UNFINISHED, "interrupted before it completed (no .done marker)"
    return NOT_STARTED, "not run yet"


def write_run(run_dir: Path, cfg: EcosimConfig, summary: dict, timeseries, agents=None) -> None:
    """The run's files; `.done` last, so a directory without it is incomplete."""
    run_dir = Path(run_dir)
    io.write_parquet(run_dir / "timeseries.parquet", timeseries)
    if agents is not None:
        io.write_parquet(run_dir / "agents.parquet", agents)
    io.write_json(run_dir / "summary.json", summary)
    io.write_text(run_dir / "config.yaml", OmegaConf.to_yaml(OmegaConf.structured(cfg)))
    io.write_text(run_dir / "seed.txt", f"{cfg.seed}\n")
    io.mark_done(run_dir)


def format_kpis(summary: dict) -> str:
    width = max(len(label) for _, label in KPI_TABLE)
    lines = [f"{'KPI':<{width}}  value", f"{'-' * width}  ---------"]
    for key, label in KPI_TABLE:
        value = summary[key]
        shown = "n/a" if value != value else f"{value:>10.3f}"
        lines.append(f"{label:<{width}}  {shown:>10}")
    return "\n".join(lines)
