"""The Python API (`ecosim.configure`, `ecosim.run`): what the CLI does, from a script."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

import ecosim
from ecosim.config import config_dir, register_configs
from ecosim.runs.config_errors import compose_checked
from ecosim.runs.hydra_app import to_config
from ecosim.runs.run import simulate

ROOT = Path(__file__).resolve().parent.parent


def test_a_scenario_in_three_lines_gives_the_clis_results():
    result = ecosim.run("policy=isolated", "seed=3", "sim.steps=12")
    assert result.config.policy.name == "isolated" and result.config.seed == 3
    register_configs()
    cli = to_config(compose_checked(config_dir(), ["policy=isolated", "seed=3", "sim.steps=12"]))
    summary, _, _ = simulate(cli)
    assert json.dumps(result.summary, sort_keys=True) == json.dumps(summary, sort_keys=True)
    ts = result.timeseries
    assert {"step", "territory"} <= set(ts.columns) and ts.step.max() == 12
    assert set(ts[ts.territory == "world"].step) == set(range(1, 13))


def test_a_config_object_runs_and_is_checked_again():
    cfg = ecosim.configure("seed=1", "sim.steps=8")
    first = ecosim.run(config=cfg).summary
    again = ecosim.run(config=cfg).summary  # same config and seed: identical (NaN as NaN)
    assert json.dumps(again, sort_keys=True) == json.dumps(first, sort_keys=True)
    cfg.policy.openness = 3.0  # edited by hand: validated like the CLI
    with pytest.raises(ecosim.ConfigError, match=r"policy.openness=3.0 is out of range"):
        ecosim.run(config=cfg)
    with pytest.raises(TypeError):
        ecosim.run("seed=2", config=cfg)


@pytest.mark.parametrize(
    "override, said",
    [
        ("policy.openness=2", "policy.openness=2.0 is out of range"),
        ("policy=nosuch", "nosuch"),
        ("economy.nokey=1", "nokey"),
    ],
)
def test_bad_input_raises_the_clis_one_line(override, said):
    with pytest.raises(ecosim.ConfigError) as err:
        ecosim.configure(override)
    assert said in str(err.value) and "\n" not in str(err.value)


@pytest.mark.slow
def test_the_ema_workbench_example_runs():
    pytest.importorskip("ema_workbench")
    spec = importlib.util.spec_from_file_location("ema_example", ROOT / "examples/ema_workbench.py")
    example = importlib.util.module_from_spec(spec)
    sys.modules["ema_example"] = example
    spec.loader.exec_module(example)
    experiments, outcomes = example.explore(n_experiments=3)
    assert len(experiments) == 3 and len(outcomes["cum_net_return"]) == 3
    assert all(0 <= d <= 1 for d in outcomes["diversity_loss"])
    # the Workbench's outcome for an experiment is ecosim's for the same levers and seed
    row = experiments.iloc[0]
    again = example.ecosim_model(row.openness, row.link_budget, row.seed)
    assert outcomes["cum_net_return"][0] == again["cum_net_return"]
