"""Batches of seeds: the jobs of a sweep that differ only by their seed run as one task.

Every job a launcher runs pays Hydra's composition of its config (~0.2 s) and the
launcher's dispatch, which is a large share of a run of a few seconds. Jobs that share
every override but `seed` share their configuration: the sweeper hands the launcher one
task per batch of them, and the task (`ecosim.runs.hydra_app.run_job`) composes the
configuration once and runs each seed into that seed's own run directory - the directory
it would have had alone, so resume, collect and failure records are unchanged.

The task is the batch's first job (its directory is Hydra's output directory); the
batch's other seeds travel in the environment variable `ECOSIM_SEEDS`, which Hydra sets
for the task's duration only (`hydra.job.env_set`), whichever launcher runs it.
Batches are cut so that there are about `TASKS_PER_WORKER` tasks per worker, so that
workers stay balanced while most of the per-task cost is shared.
"""

from __future__ import annotations

import math
import os

from ecosim.runs.sweep_paths import override_key

#: the environment variable that carries a task's other seeds (space-separated)
SEEDS_ENV = "ECOSIM_SEEDS"
TASKS_PER_WORKER = 4


def seed_batches(jobs: list[list[str]], workers: int) -> list[list[list[str]]]:
    """The jobs grouped into batches that differ only by seed, in the jobs' order.

    Each batch holds at most ceil(jobs / (TASKS_PER_WORKER x workers)) jobs."""
    size = max(1, math.ceil(len(jobs) / (TASKS_PER_WORKER * max(workers, 1))))
    groups: dict[tuple, list[list[str]]] = {}
    for job in jobs:
        seeded = any(override_key(o) == "seed" for o in job)
        rest = tuple(o for o in job if override_key(o) != "seed")
        groups.setdefault((*rest, seeded), []).append(job)  # a job without seed: alone
    return [
        group[start : start + size]
        for group in groups.values()
        for start in range(0, len(group), size)
    ]


def as_task(batch: list[list[str]]) -> list[str]:
    """The overrides of the task that runs a batch: its first job, plus the other seeds."""
    first, others = batch[0], [seed_of(job) for job in batch[1:]]
    if not others:
        return first
    return [*first, f"++hydra.job.env_set.{SEEDS_ENV}='{' '.join(others)}'"]


def seed_of(job: list[str]) -> str:
    """The seed value of a job's overrides as written (a batch holds jobs with a seed)."""
    (value,) = [o.split("=", 1)[1] for o in job if override_key(o) == "seed"]
    return value


def other_seeds() -> list[str]:
    """In a task: the seeds of its batch after its own (none for a job run alone)."""
    return os.environ.get(SEEDS_ENV, "").split()


def with_seed(overrides: list[str], seed: str) -> list[str]:
    """A job's overrides with another seed: the overrides of that seed's job."""
    return [f"{o.split('=', 1)[0]}={seed}" if override_key(o) == "seed" else o for o in overrides]


def workers_of(launcher_cfg) -> int:
    """How many jobs the launcher runs at once, as far as its config says (else all cores)."""
    cores = os.cpu_count() or 1
    for key in ("n_jobs", "array_parallelism"):
        value = launcher_cfg.get(key) if launcher_cfg is not None else None
        if isinstance(value, int):
            return cores if value < 0 else max(value, 1)
    return cores
