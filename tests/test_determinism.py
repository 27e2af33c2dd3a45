"""Same config and seed give byte-identical results alone, in a sequential multirun and
in a parallel joblib sweep; no randomness outside the model's seeded generators."""

from __future__ import annotations

import random
import subprocess

import numpy as np
import pandas as pd
import pytest

from tests.conftest import run_model

ARGS = ["policy=random", "world=archipelago", "sim.steps=12", "sim.progress=false"]


def ecosim(cmd, cwd, env, *args):
    res = subprocess.run(
        [cmd, "run", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, res.stderr
    return res


def outputs(run_dir):
    return (
        (run_dir / "summary.json").read_bytes(),
        pd.read_parquet(run_dir / "timeseries.parquet"),
    )


def find_seed(root, seed):
    for summary in root.rglob("summary.json"):
        if (summary.parent / "seed.txt").read_text().strip() == str(seed):
            return summary.parent
    raise AssertionError(f"no run with seed {seed} under {root}")


@pytest.mark.slow
def test_alone_sequential_and_parallel_runs_are_identical(ecosim_cmd, clean_env, tmp_path):
    alone = tmp_path / "alone"
    alone.mkdir()
    ecosim(ecosim_cmd, alone, clean_env, *ARGS, "seed=3")
    again = tmp_path / "again"
    again.mkdir()
    ecosim(ecosim_cmd, again, clean_env, *ARGS, "seed=3")
    seq = tmp_path / "seq"
    seq.mkdir()
    ecosim(ecosim_cmd, seq, clean_env, "-m", *ARGS, "seed=2,3")
    par = tmp_path / "par"
    par.mkdir()
    ecosim(
        ecosim_cmd,
        par,
        clean_env,
        "-m",
        *ARGS,
        "seed=1,2,3",
        "hydra/launcher=joblib",
        "hydra.launcher.n_jobs=2",
    )
    reference = outputs(find_seed(alone, 3))
    for root in (again, seq, par):
        summary, ts = outputs(find_seed(root, 3))
        assert summary == reference[0]
        pd.testing.assert_frame_equal(ts, reference[1], check_exact=True)
    assert outputs(find_seed(par, 2))[0] != reference[0]


def test_no_global_random_state_is_used():
    random.seed(12345)
    np.random.seed(12345)
    before = (random.getstate(), np.random.get_state()[1].copy())
    for policy in ("random", "complementarity", "preferential"):
        run_model(1, policy, steps=12)
    assert random.getstate() == before[0]
    assert (np.random.get_state()[1] == before[1]).all()
