"""`ecosim collect <sweep_dir>`: every run of a sweep in one tidy table.

Two parquet files in the sweep directory:

- `runs.parquet`: one row per job of the plan (and per job directory found on disk
  outside it): `job` (its directory), `status` (complete, failed, unfinished, not
  started), `error`, `scenario` (the swept values other than the seed), `seed`, one
  column per override key, and the final KPIs of `summary.json` (empty unless complete).
  A run that failed or never finished is a row with its error: none is dropped. A run
  whose files do not match the checksums of its `.done` marker, or cannot be read, is
  `damaged` (named with the file and what is wrong) and is left out of every statistic.
- `timeseries.parquet`: the complete runs' time series stacked (one row per run, quarter
  and territory), with `job`, `scenario`, `seed` and the swept keys.

A *scenario* is one combination of the swept values other than `seed`; runs of one
scenario differ only by their seed, and two scenarios with the same seed share their
random numbers (docs/ODD.md §6.3), which is what `ecosim.analysis.stats` pairs on. In a
posterior sweep (`ecosim sweep --posterior`) the draw and the parameters it sets are not
scenario keys either: a scenario's runs differ by draw and seed, and runs are paired on
both (`Collected.pair_on`).
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ecosim import io
from ecosim.runs.posterior_draws import DRAW
from ecosim.runs.run_dir import COMPLETE, DAMAGED, JOB, run_status
from ecosim.runs.sweep_paths import NOT_IN_NAME, Plan, job_dirname, override_key

RUNS, TIMESERIES = "runs.parquet", "timeseries.parquet"


@dataclass
class Collected:
    sweep_dir: Path
    plan: Plan
    factors: list[str]
    runs: pd.DataFrame
    timeseries: pd.DataFrame

    @property
    def complete(self) -> pd.DataFrame:
        return self.runs[self.runs.status == COMPLETE]

    @property
    def pair_on(self) -> list[str]:
        """What two scenarios' runs are paired on: the seed, and the draw in a posterior
        sweep (same draw, same seed: same parameters and random numbers)."""
        return [DRAW, "seed"] if self.plan.posterior else ["seed"]

    @property
    def cluster(self) -> str | None:
        """What runs' intervals are clustered on: the draw in a posterior sweep (runs of
        one draw share its parameters, docs/STATISTICS.md), else nothing."""
        return DRAW if self.plan.posterior else None


def parse_values(overrides: list[str]) -> dict[str, object]:
    """{key: typed value} of `key=value` overrides (ints, floats, bools, strings)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    values = {}
    for o in OverridesParser.create().parse_overrides(overrides):
        if o.is_hydra_override() or override_key(o.input_line) in NOT_IN_NAME:
            continue
        value = o.value()
        values[override_key(o.input_line)] = (
            value if isinstance(value, int | float | str) else str(value)
        )
    return values


def swept_keys(jobs: list[dict[str, object]]) -> list[str]:
    """Keys whose value differs between jobs, in the order they first appear."""
    keys = list(dict.fromkeys(k for job in jobs for k in job))
    return [k for k in keys if len({repr(job.get(k)) for job in jobs}) > 1]


def scenario_label(values: dict[str, object], factors: list[str]) -> str:
    names = [k for k in factors if k != "seed"]
    return ", ".join(f"{k}={values.get(k)}" for k in names) if names else "all runs"


def read_job(run_dir: Path) -> dict:
    """A started run's job.json (its overrides and seed); {} when missing or unreadable."""
    try:
        return json.loads((run_dir / JOB).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def collect(sweep_dir: Path) -> Collected:
    """Read a sweep directory (nothing is written); ConfigError if it is not a sweep."""
    sweep_dir = Path(sweep_dir)
    plan = Plan.read(sweep_dir)
    jobs = {job_dirname(job): job for job in plan.jobs}
    for extra in sorted(sweep_dir.iterdir()):  # runs of an earlier plan of this sweep
        if extra.name not in jobs and (extra / JOB).is_file():
            jobs[extra.name] = read_job(extra).get("overrides", [])
    values = {name: parse_values(job) for name, job in jobs.items()}
    drawn = set(plan.posterior["keys"]) if plan.posterior else set()
    factors = [k for k in swept_keys(list(values.values())) if k not in drawn]
    rows, series = [], []
    for name, job_values in values.items():
        run_dir = sweep_dir / name
        status, error = run_status(run_dir, verify=True)
        row = {"job": name, "status": status, "error": error}
        row["scenario"] = scenario_label(job_values, factors)
        row["seed"] = job_values.get("seed", read_job(run_dir).get("seed"))
        row.update(job_values)
        if status == COMPLETE:
            try:
                row.update(json.loads((run_dir / "summary.json").read_text(encoding="utf-8")))
                ts = pd.read_parquet(run_dir / "timeseries.parquet")
                for key, value in resolved(run_dir).items():
                    row.setdefault(key, value)
            except (OSError, ValueError) as exc:
                row.update(status=DAMAGED, error=f"unreadable results ({exc})")
            else:
                keys = {"job": name, "scenario": row["scenario"], "seed": row["seed"]}
                keys.update({k: job_values.get(k) for k in factors if k != "seed"})
                if drawn:
                    keys[DRAW] = job_values.get(DRAW)
                series.append(ts.assign(**keys))
        rows.append(row)
    runs = _uniform_types(pd.DataFrame(rows))
    timeseries = pd.concat(series, ignore_index=True) if series else pd.DataFrame()
    return Collected(sweep_dir, plan, factors, runs, _uniform_types(timeseries))


#: what every run records in runs.parquet even when the sweep did not vary it: the world,
#: the policy and the length a report names and groups by (as in a swept key's column)
RESOLVED = {"world": "world.name", "policy": "policy.name", "sim.steps": "sim.steps"}


def resolved(run_dir: Path) -> dict:
    """The RESOLVED values of a complete run, from the config.yaml it ran with; ValueError
    when the file is damaged (the run is then reported as damaged, like its results)."""
    import yaml

    try:
        cfg = yaml.safe_load((run_dir / "config.yaml").read_text(encoding="utf-8"))
        out = {}
        for column, key in RESOLVED.items():
            node = cfg
            for part in key.split("."):
                node = node[part]
            out[column] = node
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise ValueError(f"config.yaml: {exc}") from None
    return out


def _uniform_types(df: pd.DataFrame) -> pd.DataFrame:
    """Parquet needs one type per column: a column mixing numbers and text becomes text."""
    for col in df.columns:
        kinds = {type(v) for v in df[col].dropna()}
        if len(kinds) > 1 and not kinds <= {int, float, bool}:
            df[col] = df[col].map(lambda v: v if v is None else str(v))
    return df


def write(collected: Collected) -> tuple[Path, Path]:
    runs_path = collected.sweep_dir / RUNS
    ts_path = collected.sweep_dir / TIMESERIES
    io.write_parquet(runs_path, collected.runs)
    io.write_parquet(ts_path, collected.timeseries)
    return runs_path, ts_path


def describe(collected: Collected) -> str:
    """What was collected, with one line per run that is not complete."""
    runs = collected.runs
    counts = runs.status.value_counts()
    parts = [f"{n} {status}" for status, n in counts.items()]
    lines = [f"collect: {len(runs)} runs in {collected.sweep_dir}: " + ", ".join(parts)]
    for row in runs[runs.status != COMPLETE].itertuples():
        lines.append(f"  {row.status:<11} {row.job}: {row.error}")
    if (runs.status != COMPLETE).any():
        where = shlex.quote(str(collected.sweep_dir))
        lines.append(f"  finish them with: ecosim sweep --resume {where}")
    return "\n".join(lines)
