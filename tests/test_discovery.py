"""Scenario discovery: PRIM recovers a known box; `ecosim discover` end to end at small
size; bad outcomes, KPIs and constraints exit 2 with one line and write nothing."""

import json

import numpy as np
import pandas as pd
import pytest

from ecosim.analysis.discovery import (
    Outcome,
    in_box,
    measure,
    parse_outcome,
    prim_box,
    prim_halves,
    split_halves,
)
from ecosim.config import ConfigError
from tests.test_sweep_cli import ecosim


@pytest.mark.slow
def test_prim_recovers_the_ranges_of_a_known_box():
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.uniform(0, 1, (600, 3)), columns=["a", "b", "c"])
    inside = (x.a > 0.2) & (x.a < 0.6) & (x.b > 0.5)  # c does not matter
    box = prim_box(x, inside.to_numpy(), min_coverage=0.9)
    limits = box.limits.set_index("param")
    assert set(limits.index) == {"a", "b"}
    # box edges are data points: within one peel (5% of the points) of the true edges
    assert limits.loc["a", "low"] == pytest.approx(0.2, abs=0.05)
    assert limits.loc["a", "high"] == pytest.approx(0.6, abs=0.05)
    assert limits.loc["b", "low"] == pytest.approx(0.5, abs=0.05)
    assert box.density >= 0.95 and box.coverage >= 0.9


def test_membership_of_a_box_reproduces_prims_own_coverage_and_density():
    """`in_box` on the runs that chose the box gives PRIM's numbers back, numeric and
    categorical parameters alike; a run beyond an unrestricted side stays in."""
    rng = np.random.default_rng(0)
    x = pd.DataFrame(rng.uniform(0, 1, (400, 3)), columns=["a", "b", "c"])
    x["kind"] = rng.choice(["u", "v", "w"], 400)
    noise = rng.uniform(size=400) < 0.1
    holds = ((x.a > 0.3) & (x.b < 0.7) & (x.kind != "u")).to_numpy() | noise
    box = prim_box(x, holds)
    found = measure(in_box(box.limits, x), holds)
    assert (found.coverage, found.density) == pytest.approx((box.coverage, box.density))
    far = x.iloc[:1].assign(a=0.5, b=0.5, c=7.0, kind="v")  # c is never restricted here
    assert "c" not in set(box.limits.param) and in_box(box.limits, far).all()


def test_halves_split_parameter_points_not_runs():
    x = pd.DataFrame({"a": np.repeat(np.arange(10.0), 3), "b": np.tile([1.0, 2.0, 3.0], 10)})
    x = pd.concat([x, x], ignore_index=True)  # every point twice (two seeds)
    chose = split_halves(x, seed=3)
    assert chose.sum() == len(x) // 2  # 15 of 30 points, both seeds
    points = x.assign(chose=chose).groupby(["a", "b"]).chose.nunique()
    assert (points == 1).all()  # a point's runs are all on one side
    assert (split_halves(x, seed=3) == chose).all() and (split_halves(x, seed=4) != chose).any()


def test_on_pure_noise_the_held_out_density_is_the_base_rate():
    """The outcome holds at random (30%), whatever the parameters: the box PRIM chooses on
    one half looks denser than the base rate on that half, and is no denser than it on
    the held-out half (averaged over 20 replications)."""
    in_sample, held_out = [], []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        x = pd.DataFrame(rng.uniform(0, 1, (400, 4)), columns=list("abcd"))
        holds = rng.uniform(size=400) < 0.3
        halves = prim_halves(x, holds, split_seed=seed)
        in_sample.append(halves.in_sample.density - holds[halves.chose].mean())
        held_out.append(halves.held_out.density - holds[~halves.chose].mean())
        assert halves.in_sample.density == pytest.approx(halves.box.density)
    assert np.mean(in_sample) > 0.05  # in-sample: the box flatters itself
    assert abs(np.mean(held_out)) < 0.025  # held-out: the base rate


def test_outcomes_parse_and_hold():
    outcome = parse_outcome(" periphery_gain >= -1.5e1 ")
    assert outcome == Outcome("periphery_gain", ">=", -15.0) and outcome.paired
    assert list(outcome.holds([-20, -15, 3, np.nan])) == [False, True, True, False]
    assert not parse_outcome("npv_long<0").paired


@pytest.mark.parametrize(
    "text, message",
    [
        ("nonsense>0", "'nonsense' is not a KPI"),
        ("periphery_gain=0", "expected KPI>value"),
        ("periphery_gain>", "expected KPI>value"),
        ("periphery_gain>1.2.3", "not a number"),
    ],
)
def test_bad_outcomes_name_what_is_allowed(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_outcome(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, message",
    [
        (["discover", "demo", "--outcome", "nosuchkpi>0"], "is not a KPI"),
        (["discover", "demo", "--outcome", "periphery_gain=>0"], "expected KPI>value"),
        (["discover", "--params", "policy.link_cost=0:1", "--outcome", "x>0"], "not a KPI"),
        (["discover", "nosuchexp", "--outcome", "periphery_gain>0"], "neither a sweep"),
        (
            ["discover", "--params", "policy.nokey=0:1", "--outcome", "share_gaining>0.5"],
            "'policy.nokey' is not a numeric parameter",
        ),
        (["search", "--objectives", "nosuch:max,npv_long:max"], "expected KPI:max"),
        (["search", "--constraint", "share_gaining>>0.8"], "expected KPI<=value"),
        (["search", "--constraint", "share_gaining>=0.8,,"], "expected KPI<=value"),
        (["search", "--baseline", "isolated"], "expected key=value"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path, ecosim_cmd, clean_env):
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args)
    assert res.returncode == 2, res.stderr
    assert res.stderr.count("\n") == 1 and message in res.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_discover_over_a_design_writes_the_box_and_its_runs(tmp_path, ecosim_cmd, clean_env):
    args = ["discover", "sim.steps=12", "--params", "policy.link_cost=0:1,policy.link_budget=0:6"]
    args += ["--samples", "6", "--seeds", "2", "--jobs", "2", "--out", "d"]
    args += ["--outcome", "worst_off_gain>-5"]
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args)
    assert res.returncode == 0, res.stderr
    out = tmp_path / "d"
    info = json.loads((out / "discovery.json").read_text())
    data = pd.read_csv(out / "data.csv")
    trajectory = pd.read_csv(out / "trajectory.csv")
    assert len(data) == 12 and info["runs"] == 12 and info["holds"] == int(data.holds.sum())
    assert (data.holds == (data.worst_off_gain > -5)).all()
    assert info["coverage"] == trajectory.coverage[info["box"]]  # in-sample: the choosing half
    chose = data[data.half == "chose"]
    assert info["in_sample_runs"] == len(chose) and info["in_sample_holds"] == chose.holds.sum()
    assert info["held_out_runs"] == 12 - len(chose) and "parameter points" in info["split"]
    assert set(data.groupby(["policy.link_cost", "policy.link_budget"]).half.nunique()) == {1}
    assert {"held_out_coverage", "held_out_density", "held_out_in_box"} <= set(info)
    assert "held-out runs" in res.stderr and "not a test" in res.stderr
    assert (out / "figures" / "peeling.png").is_file()
    # the baseline (isolated, policy keys dropped) ran once per seed: 6 x 2 + 2 runs
    assert len([d for d in out.iterdir() if (d / "summary.json").is_file()]) == 14


@pytest.mark.slow
def test_search_scores_candidates_on_paired_kpis_against_their_baseline(
    tmp_path, ecosim_cmd, clean_env
):
    """The worst-off gain a search reports is the mean over seeds of the smallest change in
    final cumulative net return between the candidate's run and its baseline's (isolated,
    the candidate's protection level, same seed), read back from the run directories."""
    from ecosim.runs.sweep_paths import job_dirname

    args = ["search", "sim.steps=8", "--trials", "2", "--batch", "2", "--seeds", "2"]
    args += ["--objectives", "value_created:max,worst_off_gain:max", "--jobs", "2"]
    args += ["--constraint", "share_gaining>=0.5", "--out", "se"]
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args)
    assert res.returncode == 0, res.stderr
    out = tmp_path / "se"
    trials = pd.read_csv(out / "trials.csv")
    assert json.loads((out / "search.json").read_text())["baseline"] == "policy=isolated"

    def final(job: list[str]) -> pd.Series:
        ts = pd.read_parquet(out / job_dirname(job) / "timeseries.parquet")
        last = ts[(ts.territory != "world") & (ts.step == ts.step.max())]
        return last.set_index("territory")["cum_net_return"]

    ints = {"policy.link_budget"}
    for row in trials.to_dict("records"):
        keys = [k for k in row if k.startswith(("policy.", "protection."))]
        point = [f"{k}={int(row[k]) if k in ints else format(row[k], '.6g')}" for k in keys]
        base = [f"protection.level={format(row['protection.level'], '.6g')}", "policy=isolated"]
        worst, share = [], []
        for seed in (0, 1):
            gain = final(["sim.steps=8", *point, f"seed={seed}"]) - final(
                ["sim.steps=8", *base, f"seed={seed}"]
            )
            worst.append(gain.min())
            share.append((gain > 0).mean())
        assert row["worst_off_gain"] == pytest.approx(np.mean(worst))
        assert row["share_gaining"] == pytest.approx(np.mean(share))
        assert row["feasible"] == (np.mean(share) >= 0.5)


def test_an_outcome_true_in_every_run_is_one_line_not_a_traceback():
    """PRIM asserts on an outcome without a failing run; ecosim says why instead."""
    x = pd.DataFrame({"a": np.repeat(np.arange(10.0), 2), "b": np.tile([1.0, 2.0], 10)})
    with pytest.raises(ConfigError, match="holds in every run") as exc:
        prim_halves(x, np.ones(len(x), bool))
    assert "\n" not in str(exc.value) and "stricter --outcome" in str(exc.value)
