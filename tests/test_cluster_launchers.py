"""The same small sweep through joblib, submitit_local and a local Ray cluster gives
byte-identical summaries and the same collected table; concurrent writers never collide."""

import json
import multiprocessing
import os
from pathlib import Path

import pandas as pd
import pytest

from ecosim import io
from ecosim.runs.collect import collect
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


@pytest.mark.slow
def test_submitit_local_matches_joblib(joblib_sweep, tmp_path, ecosim_cmd, clean_env):
    pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    sweep_dir = run_sweep(ecosim_cmd, tmp_path / "s", clean_env, "--launcher", "submitit_local")
    check_same(sweep_dir, joblib_sweep)


RAY_DRIVER = """
import os, subprocess, sys
import ray

# Inside a private network namespace whose only interface is loopback: the cluster can
# bind nowhere else, so nothing of this test leaves 127.0.0.1.
ctx = ray.init(num_cpus=2, object_store_memory=80 * 1024 * 1024, include_dashboard=False,
               log_to_driver=False)
try:
    assert ctx.address_info["gcs_address"].startswith("127.0.0.1:"), ctx.address_info
    env = dict(os.environ, RAY_ADDRESS=ctx.address_info["gcs_address"])
    res = subprocess.run(sys.argv[1:], env=env, capture_output=True, text=True, timeout=600)
    sys.stdout.write(res.stdout)
    sys.stderr.write(res.stderr)
finally:
    ray.shutdown()
sys.exit(res.returncode)
"""


@pytest.mark.slow
def test_ray_cluster_matches_joblib(joblib_sweep, tmp_path, ecosim_cmd, clean_env):
    """A one-node Ray cluster (no dashboard, 80 MB object store) started in a network
    namespace of its own with only the loopback interface, and shut down at the end; the
    sweep connects to it by address (ray_cluster overlay)."""
    import shutil
    import subprocess
    import sys

    pytest.importorskip("ray", reason="ecosim[ray] is not installed on this Python")
    pytest.importorskip("hydra_plugins.hydra_ray_launcher")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if shutil.which("unshare") is None or probe.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must be able to make a loopback-only network namespace (unshare -n)")
        pytest.skip("needs `unshare -n` (root) to keep the Ray cluster on loopback")
    driver = tmp_path / "ray_driver.py"
    driver.write_text(RAY_DRIVER)
    cwd = tmp_path / "r"
    cwd.mkdir()
    env = dict(clean_env, RAY_USAGE_STATS_ENABLED="0")
    command = [sys.executable, str(driver), ecosim_cmd, *SWEEP, "--launcher", "ray_cluster"]
    res = subprocess.run(
        ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    assert "4/4 runs done" in res.stderr
    check_same(cwd / res.stdout.strip().splitlines()[-1], joblib_sweep)


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
