"""Shared helpers: build configs and run small models."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ecosim.config import EcosimConfig, validate
from ecosim.core.model import EcosystemModel

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(10)


def make_config(
    seed: int = 0, policy: str = "complementarity", steps: int = 80, **sections
) -> EcosimConfig:
    """Defaults (the two_speed world), a policy, and per-section overrides as dicts."""
    cfg = EcosimConfig(seed=seed)
    cfg.policy.name = policy
    if policy == "diversity_aware":  # as configs/policy/diversity_aware.yaml
        cfg.policy.cross_imitation, cfg.policy.drift_rate = 0.3, 0.006
    cfg.sim.steps = steps
    for section, values in sections.items():
        for key, value in values.items():
            setattr(getattr(cfg, section), key, value)
    return validate(cfg)


def run_model(seed: int = 0, policy: str = "complementarity", steps: int = 80, **sections):
    model = EcosystemModel(make_config(seed, policy, steps, **sections))
    model.run()
    return model


def world_series(model, column: str):
    ts = model.timeseries()
    return ts[ts.territory == "world"].set_index("step")[column]


@pytest.fixture(scope="session")
def default_runs():
    """`default_runs(policy)`: the default world under `policy` for 80 quarters, one model
    per seed of SEEDS (as `run_model(seed, policy, steps=80)`). Several modules compare
    these same runs (behaviour, seed behaviour, funding, diversity value): each policy is
    run once per session, on first use. The models are shared: read them, never step them."""
    cache: dict[str, list[EcosystemModel]] = {}

    def get(policy: str) -> list[EcosystemModel]:
        if policy not in cache:
            cache[policy] = [run_model(seed, policy, steps=80) for seed in SEEDS]
        return cache[policy]

    return get


@pytest.fixture(scope="session")
def ecosim_cmd():
    """The installed console script of the environment running the tests."""
    script = Path(sys.executable).parent / "ecosim"
    assert script.exists(), "install the project (make test does) to get the ecosim script"
    return str(script)


@pytest.fixture(scope="session")
def clean_env():
    env = dict(os.environ)
    env.pop("ECOSIM_CONFIG_DIR", None)
    env["HYDRA_FULL_ERROR"] = "0"
    return env


#: a small sweep (2 policies x 3 seeds, 3 quarters) for the fault tests
DEMO_SWEEP = ("sweep", "demo", "policy=isolated,complementarity", "seed=range(0,3)")
DEMO_SWEEP_STEPS = "sim.steps=3"


@pytest.fixture(scope="session")
def demo_sweep(tmp_path_factory, ecosim_cmd, clean_env):
    """DEMO_SWEEP run once, uninterrupted: what every faulty sweep must end up with."""
    import subprocess

    cwd = tmp_path_factory.mktemp("demo_sweep")
    res = subprocess.run(
        [ecosim_cmd, *DEMO_SWEEP, DEMO_SWEEP_STEPS, "--jobs", "2"],
        cwd=cwd,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    return cwd / res.stdout.strip()


#: loaded at start-up by every Python process of a fault test's command (PYTHONPATH)
HOOK = '''
"""Loaded by every Python process of the sweep under test: logs each simulation, and holds
each one until the gate file exists (when ECOSIM_TEST_GATE is set)."""
import os

if os.environ.get("ECOSIM_TEST_LOG"):
    import hashlib
    import time
    from pathlib import Path

    import ecosim.runs.run as runner

    _simulate = runner.simulate

    def simulate(cfg, progress=None):
        digest = hashlib.sha256(repr(cfg).encode()).hexdigest()[:12]  # which run exactly
        with open(os.environ["ECOSIM_TEST_LOG"], "a") as log:
            log.write(f"{cfg.policy.name}-{cfg.seed} {digest}\\n")
        gate = os.environ.get("ECOSIM_TEST_GATE")
        while gate and not Path(gate).exists():
            time.sleep(0.1)
        return _simulate(cfg, progress)

    runner.simulate = simulate
'''


@pytest.fixture
def hooked(tmp_path, clean_env):
    """An environment whose ecosim processes log their simulations (and wait at a gate)."""
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(HOOK)
    log = tmp_path / "calls.log"
    # the hook first, then the caller's path: a checkout run with PYTHONPATH (not the
    # installed one) must give its hooked processes the same code as the others
    path = os.pathsep.join(p for p in (str(tmp_path / "hook"), clean_env.get("PYTHONPATH")) if p)
    env = dict(clean_env, PYTHONPATH=path, ECOSIM_TEST_LOG=str(log))
    return env, log, tmp_path / "gate"


def calls(log: Path, exactly: bool = False) -> list[str]:
    """The runs simulated, in order: `policy-seed`, or (`exactly`) a digest of the config."""
    lines = log.read_text().splitlines() if log.exists() else []
    return [line.split()[1 if exactly else 0] for line in lines]
