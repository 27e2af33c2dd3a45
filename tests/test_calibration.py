"""`ecosim calibrate` (ecosim/analysis/calibration.py): end to end on a tiny budget, bad
input (the region presets: tests/test_regions.py). Whether the posterior covers known
truths: tests/test_calibration_coverage.py."""

from __future__ import annotations

import shutil
import subprocess
from importlib.util import find_spec

import numpy as np
import pandas as pd
import pytest
import yaml

from ecosim.analysis import calibration
from ecosim.config import ConfigError
from tests.conftest import ROOT

#: the sampler and `ecosim calibrate` need pyabc (the `analysis` extra); reading a spec and
#: judging identifiability do not, so their tests run without it
needs_pyabc = pytest.mark.skipif(find_spec("pyabc") is None, reason="pyabc is not installed")

#: a small world so that a calibration fits in the test suite
SMALL = {
    "world.n_territories": 3,
    "world.startups_per_size": 40.0,
    "sim.burn_in": 4,
    "sim.follow_up": 12,  # 28-quarter runs: births of quarters 4-16 judged at 12 quarters
}


def write_spec(path, **changes):
    spec = {
        "priors": {"economy.exit_mu": [-2.5, -0.3], "economy.exit_sigma": [0.6, 2.0]},
        "facts": [],
        "targets": {},
        "quarters": 28,
        "overrides": SMALL,
        **changes,
    }
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def run_cli(ecosim_cmd, clean_env, cwd, *args):
    return subprocess.run(
        [ecosim_cmd, "calibrate", *args],
        cwd=cwd,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@needs_pyabc
@pytest.mark.slow
def test_calibration_end_to_end_writes_every_output(ecosim_cmd, clean_env, tmp_path):
    spec = write_spec(tmp_path / "spec.yaml")
    res = run_cli(
        ecosim_cmd,
        clean_env,
        tmp_path,
        "--config",
        str(spec),
        "--population-size",
        "6",
        "--generations",
        "2",
        "--jobs",
        "2",
        "--predictive-draws",
        "2",
        "--out",
        "cal",
    )
    assert res.returncode == 0, res.stderr
    out = tmp_path / "cal"
    expected = {
        "history.db",
        "calibration.yaml",
        "posterior.parquet",
        "posterior_marginals.png",
        "posterior_pairs.png",
        "predictive.csv",
        "identifiability.csv",
        "summary.md",
    }
    assert expected <= {p.name for p in out.iterdir()}
    post = pd.read_parquet(out / "posterior.parquet")
    assert len(post) == 6 and np.isclose(post.weight.sum(), 1.0)
    assert post["economy.exit_mu"].between(-2.5, -0.3).all()
    pred = pd.read_csv(out / "predictive.csv")
    assert {"fitted", "used"} == set(pred.use)
    assert "capital_region_investment_share" in set(pred.key)
    assert (pred.predictive_q05 <= pred.predictive_q95).all()
    # --resume continues the same history with one more generation
    res = run_cli(
        ecosim_cmd, clean_env, tmp_path, "--resume", "cal", "--generations", "1",
        "--population-size", "6", "--jobs", "1", "--predictive-draws", "1",
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "generations run 3" in (out / "summary.md").read_text()


@needs_pyabc
@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"priors": {"economy.no_such_key": [0, 1]}}, "economy.no_such_key"),
        ({"priors": {"economy.min_quality": [0.2, 1.5]}}, "economy.min_quality"),
        ({"priors": {"economy.exit_rate": [0.0, 0.1]}}, "economy.exit_rate[i]"),
        ({"facts": ["no_such_fact"]}, "no_such_fact"),
        ({"bogus": 1}, "bogus"),
    ],
)
def test_bad_calibration_config_exit_2_one_line_nothing_written(
    ecosim_cmd, clean_env, tmp_path, change, word
):
    spec = write_spec(tmp_path / "spec.yaml", **change)
    res = run_cli(ecosim_cmd, clean_env, tmp_path, "--config", str(spec))
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and word in lines[0], res.stderr
    assert not (tmp_path / "results").exists()


@needs_pyabc
@pytest.mark.slow
def test_resume_without_history_exit_2_nothing_written(ecosim_cmd, clean_env, tmp_path):
    (tmp_path / "empty").mkdir()
    res = run_cli(ecosim_cmd, clean_env, tmp_path, "--resume", "empty")
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and "history.db" in lines[0], res.stderr
    assert list((tmp_path / "empty").iterdir()) == []


@needs_pyabc
@pytest.mark.parametrize("damage", [b"", b"not a database", b"SQLite format 3\x00" + b"\x00" * 90])
def test_resume_from_a_damaged_history_exit_2_one_line_file_untouched(
    ecosim_cmd, clean_env, tmp_path, damage
):
    """A history.db emptied, overwritten or cut after its header: one line naming the file,
    exit 2, and the file as it was (never a SQLAlchemy traceback from inside pyABC)."""
    folder = tmp_path / "cal"
    folder.mkdir()
    shutil.copy(ROOT / "configs/calibration/default.yaml", folder / "calibration.yaml")
    (folder / "history.db").write_bytes(damage)
    res = run_cli(ecosim_cmd, clean_env, tmp_path, "--resume", "cal")
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1, res.stderr
    assert "cal/history.db" in lines[0] and "Traceback" not in res.stderr, res.stderr
    assert (folder / "history.db").read_bytes() == damage
    assert sorted(p.name for p in folder.iterdir()) == ["calibration.yaml", "history.db"]


@needs_pyabc
@pytest.mark.slow
def test_calibration_runs_on_a_dask_cluster(ecosim_cmd, clean_env, tmp_path):
    """--dask ADDRESS: the simulations run on the workers of a (here local) Dask cluster."""
    from distributed import LocalCluster

    spec = write_spec(tmp_path / "spec.yaml")
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        res = run_cli(
            ecosim_cmd, clean_env, tmp_path, "--config", str(spec), "--population-size", "4",
            "--generations", "1", "--predictive-draws", "1", "--out", "cal",
            "--dask", cluster.scheduler_address,
        )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "on a Dask cluster" in (tmp_path / "cal" / "summary.md").read_text()
    assert len(pd.read_parquet(tmp_path / "cal" / "posterior.parquet")) == 4


@needs_pyabc
@pytest.mark.slow
def test_unreachable_dask_scheduler_exit_2_one_line_nothing_written(
    ecosim_cmd, clean_env, tmp_path
):
    spec = write_spec(tmp_path / "spec.yaml")
    res = run_cli(
        ecosim_cmd, clean_env, tmp_path, "--config", str(spec), "--out", "cal",
        "--dask", "tcp://127.0.0.1:9",
    )  # fmt: skip
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and "--dask tcp://127.0.0.1:9" in lines[0]
    assert not (tmp_path / "cal").exists()


@needs_pyabc
@pytest.mark.slow
def test_single_core_calibration_is_reproducible(tmp_path):
    """Same seed, one process: the same posterior, particle for particle."""
    spec = calibration.read_spec(write_spec(tmp_path / "spec.yaml"))
    budget = calibration.Budget(population_size=6, generations=2, jobs=1)
    posteriors = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        np.random.seed(7)
        history = calibration.run_abc(spec, tmp_path / name, budget)
        posteriors.append(calibration.posterior(history))
    pd.testing.assert_frame_equal(*posteriors)


def test_prior_outside_schema_range_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"knowledge.velocity=\[0.5, 2\]"):
        calibration.read_spec(
            write_spec(tmp_path / "s.yaml", priors={"knowledge.velocity": [0.5, 2]})
        )


def test_identifiability_gives_no_verdict_when_weights_sit_on_one_particle(tmp_path):
    spec = calibration.read_spec(write_spec(tmp_path / "spec.yaml"))
    rng = np.random.default_rng(0)
    post = pd.DataFrame({"economy.exit_mu": rng.uniform(-1.1, -1.0, 50), "economy.exit_sigma": 1.0})
    even = calibration.identifiability(post.assign(weight=1 / 50), spec)
    assert list(even.pinned_down) == ["yes", "yes"]
    one = calibration.identifiability(post.assign(weight=np.r_[1.0, np.full(49, 1e-9)]), spec)
    assert list(one.pinned_down) == ["unknown", "unknown"]


def test_the_stopping_rule_named_is_the_one_met():
    gens = pd.DataFrame(
        {"epsilon": [5.0, 2.0, 1.5], "acceptance_rate": [1.0, 0.3, 0.01], "ess": 30.0}
    )
    budget = calibration.Budget(generations=20, min_acceptance=0.02)
    assert calibration.stopped_by(budget, gens, 500).startswith("converged")
    capped = calibration.Budget(generations=3, min_acceptance=0.02)
    assert "not converged" in calibration.stopped_by(capped, gens, 500)
    assert "not converged" in calibration.stopped_by(
        calibration.Budget(max_simulations=400), gens.assign(acceptance_rate=0.5), 500
    )


@pytest.mark.slow
def test_calibration_stops_when_the_acceptance_rate_falls_below_its_floor(tmp_path):
    """A generous cap (12 generations), a high floor (25%): the floor stops the run
    first, and every generation's acceptance rate and ESS are recorded."""
    spec = calibration.read_spec(write_spec(tmp_path / "spec.yaml"))
    np.random.seed(1)
    budget = calibration.Budget(population_size=20, generations=12, jobs=1, min_acceptance=0.25)
    history = calibration.run_abc(spec, tmp_path, budget)
    gens = calibration.generations(history)
    assert len(gens) < 12 and gens.acceptance_rate.iloc[-1] < 0.25
    assert (gens.acceptance_rate.iloc[:-1] >= 0.25).all(), gens
    assert calibration.stopped_by(budget, gens, history.total_nr_simulations).startswith(
        "converged"
    )
