"""Batches of seeds: jobs differing only by seed share one task, and their runs are the
runs each job would have made alone (same directories, same results)."""

import json
import subprocess

import pytest

from ecosim import io
from ecosim.runs.batches import as_task, seed_batches, with_seed
from ecosim.runs.run import simulate
from ecosim.runs.sweep_paths import Plan, job_dirname
from tests.conftest import make_config

JOBS = [
    [f"policy={p}", f"seed={s}", "sim.steps=3"] for p in ("isolated", "open_mesh") for s in range(6)
]


def test_batches_group_jobs_by_everything_but_the_seed_in_order():
    batches = seed_batches(JOBS, workers=1)  # 12 jobs, 4 tasks per worker: 3 per batch
    assert [len(b) for b in batches] == [3, 3, 3, 3]
    assert [job for batch in batches for job in batch] == JOBS
    for batch in batches:
        assert len({tuple(o for o in job if not o.startswith("seed=")) for job in batch}) == 1
    assert [len(b) for b in seed_batches(JOBS, workers=3)] == [1] * 12  # enough tasks
    alone = [["policy=isolated"], ["policy=isolated", "seed=1"]]  # a job without a seed
    assert seed_batches(alone, workers=1) == [[alone[0]], [alone[1]]]


def test_a_task_names_its_first_job_and_the_other_seeds_rebuild_their_jobs():
    (batch, *_) = seed_batches(JOBS, workers=1)
    task = as_task(batch)
    assert task[: len(batch[0])] == batch[0]
    assert task[-1] == "++hydra.job.env_set.ECOSIM_SEEDS='1 2'"
    assert [with_seed(batch[0], s) for s in ("1", "2")] == batch[1:]
    assert job_dirname(with_seed(["+seed=0", "policy=isolated"], "4")) == job_dirname(
        ["+seed=4", "policy=isolated"]
    )


@pytest.mark.slow
def test_a_batched_sweep_writes_each_seed_as_a_run_alone_would(tmp_path, ecosim_cmd, clean_env):
    res = subprocess.run(
        [
            ecosim_cmd,
            "run",
            "-m",
            "policy=isolated",
            "seed=range(0,8)",  # 8 jobs on 1 worker: batches of 2 seeds
            "sim.steps=4",
            "hydra.launcher.n_jobs=1",
        ],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    sweep_dir = tmp_path / res.stdout.strip().splitlines()[-1]
    plan = Plan.read(sweep_dir)
    logs = sum((d / "ecosim.log").exists() for d in plan.job_dirs())
    assert logs == 4  # Hydra ran 4 tasks, one per batch
    for job, run_dir in zip(plan.jobs, plan.job_dirs(), strict=True):
        seed = int(job[[o.split("=")[0] for o in job].index("seed")].split("=")[1])
        assert json.loads((run_dir / "job.json").read_text()) == {"overrides": job, "seed": seed}
        alone = tmp_path / f"alone-{seed}.json"
        io.write_json(alone, simulate(make_config(seed, "isolated", steps=4))[0])
        assert (run_dir / "summary.json").read_text() == alone.read_text()
