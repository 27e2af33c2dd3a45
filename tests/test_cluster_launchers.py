"""The same small sweep through joblib, submitit_local and a local Ray cluster gives
byte-identical summaries and the same collected table; concurrent writers never collide."""

import json
import multiprocessing
import os
from pathlib import Path

import pandas as pd
import pytest

from ecosim import io
from ecosim.collect import collect
from tests.test_sweep_cli import ecosim

SWEEP = ("sweep", "demo", "policy=isolated,complementarity", "seed=0,1", "sim.steps=10")


def run_sweep(cmd, cwd: Path, env, *launch) -> Path:
    cwd.mkdir()
    res = ecosim(cmd, cwd, env, *SWEEP, *launch)
    assert res.returncode == 0, res.stderr
    assert "4/4 runs done" in res.stderr
    return cwd / res.stdout.strip().splitlines()[-1]


def summaries(sweep_dir: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in sweep_dir.glob("*/summary.json")}


def collected(sweep_dir: Path) -> pd.DataFrame:
    return collect(sweep_dir).runs.sort_values("job").reset_index(drop=True)


@pytest.fixture(scope="module")
def joblib_sweep(tmp_path_factory, ecosim_cmd, clean_env):
    return run_sweep(ecosim_cmd, tmp_path_factory.mktemp("l") / "joblib", clean_env, "--jobs", "2")


def check_same(sweep_dir: Path, reference: Path) -> None:
    assert len(summaries(reference)) == 4
    assert summaries(sweep_dir) == summaries(reference)
    pd.testing.assert_frame_equal(collected(sweep_dir), collected(reference))


def test_submitit_local_matches_joblib(joblib_sweep, tmp_path, ecosim_cmd, clean_env):
    pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    sweep_dir = run_sweep(ecosim_cmd, tmp_path / "s", clean_env, "--launcher", "submitit_local")
    check_same(sweep_dir, joblib_sweep)


def test_ray_cluster_matches_joblib(joblib_sweep, tmp_path, ecosim_cmd, clean_env):
    """A one-node Ray cluster started here (no dashboard, 80 MB object store) and shut
    down at the end; the sweep connects to it by address (ray_cluster overlay)."""
    ray = pytest.importorskip("ray", reason="ecosim[ray] is not installed on this Python")
    pytest.importorskip("hydra_plugins.hydra_ray_launcher")
    ctx = ray.init(
        num_cpus=2,
        object_store_memory=80 * 1024 * 1024,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        log_to_driver=False,
    )
    try:
        # ray.init puts the cluster's authentication token in RAY_* variables
        ray_vars = {k: v for k, v in os.environ.items() if k.startswith("RAY_")}
        env = dict(clean_env, **ray_vars, RAY_ADDRESS=ctx.address_info["gcs_address"])
        sweep_dir = run_sweep(ecosim_cmd, tmp_path / "r", env, "--launcher", "ray_cluster")
    finally:
        ray.shutdown()
    check_same(sweep_dir, joblib_sweep)


def _write_many(args) -> None:
    path, worker = args
    for i in range(20):
        io.write_json(Path(path), {"worker": worker, "i": i, "pad": "x" * 5000})


def test_concurrent_atomic_writes_never_expose_partial_files(tmp_path):
    """Four processes rewrite one file while it is read: every read is whole JSON."""
    path = tmp_path / "run" / "summary.json"
    io.write_json(path, {"worker": -1})
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pending = pool.map_async(_write_many, [(str(path), w) for w in range(4)])
        while not pending.ready():
            assert "worker" in json.loads(path.read_text())
        pending.get()
    assert [p.name for p in path.parent.iterdir()] == ["summary.json"]  # no temporary left
