"""The run-directory protocol: a run directory tells its own state from its files alone.

So a sweep can be resumed and collected without importing the model: `job.json` (its
overrides and seed) is written when the run starts, `error.json` when it fails, `.done`
when it is complete (last, after every result file).
"""

from __future__ import annotations

import json
import traceback
from pathlib import Path

from omegaconf import OmegaConf

from ecosim import io
from ecosim.config import EcosimConfig

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
