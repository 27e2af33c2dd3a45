"""Sweep plans and job directories: deterministic names that stay inside the sweep."""

from pathlib import Path

import pytest
from omegaconf import OmegaConf

from ecosim.config import ConfigError, register_configs
from ecosim.runs.sweep import experiments, make_plan
from ecosim.runs.sweep_paths import Plan, job_dirname, register_resolver


def test_job_dirname_is_sorted_and_ignores_where_the_sweep_runs():
    a = job_dirname(["seed=3", "policy=isolated", "experiment=demo"])
    b = job_dirname(["policy=isolated", "results_dir=/tmp/x", "seed=3"])
    assert a == b == "policy=isolated,seed=3"
    assert job_dirname([]) == "defaults"


@pytest.mark.parametrize(
    "value", ["../../outside", "/etc/passwd", "..", "a/../../b", "x\\..\\y", "name with space"]
)
def test_crafted_values_cannot_escape_the_sweep_directory(tmp_path, value):
    name = job_dirname([f"world.name={value}", "seed=0"])
    assert "/" not in name and "\\" not in name and name not in (".", "..")
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_changed_or_long_names_carry_a_hash_so_they_cannot_collide():
    assert job_dirname(["world.name=a/b"]) != job_dirname(["world.name=a_b"])
    long = job_dirname([f"world.name={'x' * 400}"])
    assert len(long) <= 120 and long != job_dirname([f"world.name={'x' * 399}"])


def test_hydra_resolves_the_job_directory_with_the_same_function():
    register_resolver()
    cfg = OmegaConf.create({"o": ["seed=1", "policy=random"], "d": "${ecosim_job_dir:${o}}"})
    assert cfg.d == "policy=random,seed=1"


@pytest.mark.slow
def test_plan_expands_the_experiment_and_lets_the_command_line_override_it(tmp_path):
    register_configs()
    plan = make_plan(["experiment=demo", "seed=range(0,2)", "sim.steps=3"], sweep_dir=tmp_path)
    assert plan.experiment == "demo" and plan.sweep_dir == tmp_path
    assert len(plan.jobs) == 4 * 2  # demo's 4 policies x the 2 seeds asked for
    assert {job_dirname(j) for j in plan.jobs} == {
        f"policy={p},seed={s},sim.steps=3"
        for p in ("isolated", "preferential", "complementarity", "diversity_aware")
        for s in (0, 1)
    }
    plan.write()
    again = Plan.read(tmp_path)
    assert again.jobs == plan.jobs and again.overrides == plan.overrides


@pytest.mark.slow
def test_named_experiments_have_their_sweep_and_directory():
    register_configs()
    names = experiments()
    for core in ("policy_comparison", "connectivity_sweep", "homogenization", "unequal_capacity"):
        assert names[core], core
    plan = make_plan(["experiment=policy_comparison"])
    assert len(plan.jobs) == 7 * 20
    assert Path("results/sweeps/policy_comparison") == plan.sweep_dir.parent


@pytest.mark.slow
def test_every_named_experiment_composes_and_plans():
    """A key an experiment sweeps that the schema does not have (or a value out of its
    range) fails here, without running anything. One seed keeps the planning quick."""
    register_configs()
    names = experiments()
    for name in (
        "horizon_tradeoff",
        "homogenization",
        "unequal_capacity",
        "diaspora_incentives",
        "narrative_campaign",
        "best_practice_diffusion",
    ):
        assert names.get(name), name
    for name in names:
        plan = make_plan([f"experiment={name}", "seed=0"])
        assert len(plan.jobs) >= 2, name
        assert plan.sweep_dir.parent == Path("results/sweeps") / name


@pytest.mark.slow
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (["experiment=demo", "policy=isolated,nope"], "nope"),
        (["experiment=demo", "seed=1,1"], "twice"),
        (["experiment=demo", "policy.openness=0,2"], "policy.openness=2"),
    ],
)
def test_a_bad_value_anywhere_in_the_sweep_is_refused_before_running(overrides, expected):
    register_configs()
    with pytest.raises(ConfigError, match=expected):
        make_plan(overrides)


def test_reading_something_that_is_not_a_sweep(tmp_path):
    with pytest.raises(ConfigError, match="not a directory"):
        Plan.read(tmp_path / "missing")
    (tmp_path / ".done").write_text("complete\n")
    with pytest.raises(ConfigError, match="single run"):
        Plan.read(tmp_path)


def test_every_experiment_names_its_sweep_directory_with_the_unique_stamp():
    """Two sweeps started in the same second must not share a directory (docs/RELIABILITY.md)."""
    from ecosim.config import config_dir

    for path in sorted((config_dir() / "experiment").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert "${ecosim_stamp:}" in text and "${now:" not in text, path.name
