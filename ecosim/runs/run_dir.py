"""The run-directory protocol: a run directory tells its own state from its files alone.

So a sweep can be resumed and collected without importing the model: `job.json` (its
overrides and seed) is written when the run starts, `error.json` when it fails, `.done`
when it is complete (last, after every result file, with their sizes and checksums:
`mark_done`, `is_done`, `damage`; a marker written before checksums existed, `complete`,
still counts as complete, unverified).

A complete run whose files no longer match their checksums is *damaged* (a truncated
copy, a file rewritten by hand): `ecosim collect` and `ecosim report` list it and leave it
out of every table, and `ecosim sweep --resume` runs it again (`redo_damaged`).
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterable
from pathlib import Path

from omegaconf import OmegaConf

from ecosim import io
from ecosim.config import EcosimConfig

JOB = "job.json"
ERROR = "error.json"
COMPLETE, FAILED, UNFINISHED, NOT_STARTED = "complete", "failed", "unfinished", "not started"
DAMAGED = "damaged"
DONE = ".done"


def start_run(run_dir: Path, overrides: list[str], seed: int) -> None:
    """Mark a run as started; a failure recorded by an earlier attempt no longer holds."""
    run_dir = Path(run_dir)
    (run_dir / ERROR).unlink(missing_ok=True)
    io.write_json(run_dir / JOB, {"overrides": list(overrides), "seed": seed})


def record_failure(run_dir: Path, exc: BaseException) -> bool:
    """Keep a failed run's error next to its other files, for `ecosim collect` to list.

    On a full or read-only disk the record itself may not be writable: then False, and the
    run stays unfinished (no `.done`)."""
    try:
        io.write_json(
            Path(run_dir) / ERROR,
            {
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": "".join(traceback.format_exception(exc)),
            },
        )
    except io.WriteError:
        return False
    return True


def mark_done(run_dir: Path, files: Iterable[str]) -> None:
    """The `.done` marker, last: the run's result files with their sizes and checksums."""
    run_dir = Path(run_dir)
    sums = {name: io.checksum(run_dir / name) for name in files}
    io.write_text(run_dir / DONE, json.dumps({"complete": True, "files": sums}, indent=1) + "\n")


def is_done(run_dir: Path) -> bool:
    return (Path(run_dir) / DONE).exists()


def damage(run_dir: Path) -> str:
    """What is wrong with a complete run's files ("" when each matches its `.done` record):
    a missing, resized or changed file, named."""
    run_dir = Path(run_dir)
    try:
        text = (run_dir / DONE).read_text(encoding="utf-8")
    except OSError as exc:
        return f"{DONE} unreadable ({exc.strerror or exc})"
    if text.strip() == "complete":  # a marker from before checksums: nothing to verify
        return ""
    try:
        files = json.loads(text)["files"]
    except (ValueError, KeyError, TypeError):
        return f"{DONE} marker damaged ({len(text)} bytes, not the record of a run)"
    for name, expected in files.items():
        path = run_dir / name
        if not path.is_file():
            return f"{name} is missing"
        size = path.stat().st_size
        if size != expected["bytes"]:
            return f"{name} is {size} bytes, {expected['bytes']} when the run completed"
        if io.checksum(path)["sha256"] != expected["sha256"]:
            return f"{name} changed since the run completed (SHA-256 differs)"
    return ""


def run_status(run_dir: Path, verify: bool = False) -> tuple[str, str]:
    """(status, error message) of a run directory, from its files alone; `verify` checks
    a complete run's files against the checksums of its `.done` marker."""
    run_dir = Path(run_dir)
    if is_done(run_dir):
        problem = damage(run_dir) if verify else ""
        return (DAMAGED, problem) if problem else (COMPLETE, "")
    if (run_dir / ERROR).is_file():
        try:
            return FAILED, json.loads((run_dir / ERROR).read_text(encoding="utf-8"))["error"]
        except (ValueError, KeyError) as exc:
            return FAILED, f"unreadable {ERROR} ({exc})"
    if run_dir.is_dir():
        return UNFINISHED, "interrupted before it completed (no .done marker)"
    return NOT_STARTED, "not run yet"


def redo_damaged(run_dirs: list[Path]) -> list[tuple[Path, str]]:
    """Withdraw the `.done` marker of each damaged run, so that a resume runs it again;
    returns the damaged runs with what was wrong."""
    damaged = []
    for run_dir in run_dirs:
        status, problem = run_status(run_dir, verify=True)
        if status == DAMAGED:
            (Path(run_dir) / DONE).unlink()
            damaged.append((Path(run_dir), problem))
    return damaged


def write_run(run_dir: Path, cfg: EcosimConfig, summary: dict, timeseries, agents=None) -> None:
    """The run's files; `.done` last, so a directory without it is incomplete."""
    run_dir = Path(run_dir)
    io.write_parquet(run_dir / "timeseries.parquet", timeseries)
    files = [JOB, "timeseries.parquet", "summary.json", "config.yaml", "seed.txt"]
    if agents is not None:
        io.write_parquet(run_dir / "agents.parquet", agents)
        files.append("agents.parquet")
    io.write_json(run_dir / "summary.json", summary)
    io.write_text(run_dir / "config.yaml", OmegaConf.to_yaml(OmegaConf.structured(cfg)))
    io.write_text(run_dir / "seed.txt", f"{cfg.seed}\n")
    mark_done(run_dir, files)
