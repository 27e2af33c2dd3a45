"""Sensitivity analysis, policy search and their report sections, at small size."""

import json
import shlex
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ecosim.analysis.sensitivity import DEFAULT_PARAMS, parse_params
from ecosim.analysis.stats import pareto_front
from ecosim.config import iter_params
from tests.test_sweep_cli import ecosim

STEPS = "sim.steps=10"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("analysis")


@pytest.fixture(scope="module")
def morris(workdir, ecosim_cmd, clean_env):
    args = ["sensitivity", STEPS, "--params", "sim.discount_rate,policy.cross_imitation"]
    args += ["--trajectories", "3", "--seeds", "2", "--jobs", "2", "--out", "sa"]
    args += ["--kpis", "diversity_loss,npv_long"]
    res = ecosim(ecosim_cmd, workdir, clean_env, *args)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "sa"
    return workdir / "sa"


@pytest.fixture(scope="module")
def search(workdir, ecosim_cmd, clean_env):
    args = ["search", STEPS, "--trials", "4", "--batch", "2", "--seeds", "2", "--jobs", "2"]
    args += ["--constraint", "diversity_loss<=0.9", "--out", "se"]
    res = ecosim(ecosim_cmd, workdir, clean_env, *args)
    assert res.returncode == 0, res.stderr
    return workdir / "se"


def test_default_ranges_lie_within_the_schema_bounds():
    fields = dict(iter_params())
    for p in parse_params(None):
        meta = fields[p.key].metadata
        assert meta["min"] <= p.low < p.high <= meta["max"]
    assert len(parse_params(None)) == len(DEFAULT_PARAMS)


@pytest.mark.slow
def test_morris_ranks_a_driver_above_a_parameter_that_cannot_matter(morris):
    info = json.loads((morris / "sensitivity.json").read_text())
    assert info["points"] == 3 * (2 + 1) and info["runs"] <= 2 * info["points"]
    indices = pd.read_csv(morris / "indices.csv")
    assert set(indices.columns) >= {"param", "kpi", "mu_star", "mu_star_conf", "sigma"}
    assert len(indices) == 2 * 2
    loss = indices[indices.kpi == "diversity_loss"].set_index("param")["mu_star"]
    # the discount rate only weighs returns: it cannot change diversity loss
    assert loss["policy.cross_imitation"] > loss["sim.discount_rate"]
    assert {p.name for p in (morris / "figures").iterdir()} == {
        "sensitivity-diversity_loss.png",
        "sensitivity-npv_long.png",
    }


@pytest.mark.slow
def test_search_writes_a_pareto_front_of_feasible_candidates(search):
    trials = pd.read_csv(search / "trials.csv")
    front = pd.read_csv(search / "pareto.csv")
    info = json.loads((search / "search.json").read_text())
    assert len(trials) == 4 and (search / "study.db").is_file()
    assert 1 <= len(front) <= len(trials) and front["feasible"].all()
    signs = np.array([-1 if d == "maximize" else 1 for d in info["objectives"].values()])
    costs = front[list(info["objectives"])].to_numpy(float) * signs
    assert pareto_front(costs).all()
    assert (search / "figures" / "pareto.png").is_file()


@pytest.mark.slow
def test_rerunning_a_pareto_point_reproduces_its_runs(search, tmp_path, ecosim_cmd, clean_env):
    row = pd.read_csv(search / "pareto.csv").iloc[0]
    args = shlex.split(row["rerun"])[1:]
    assert args[:2] == ["run", "-m"]
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args)
    assert res.returncode == 0, res.stderr
    rerun = tmp_path / res.stdout.strip().splitlines()[-1]
    reruns = {p.parent.name: p.read_bytes() for p in rerun.glob("*/summary.json")}
    assert len(reruns) == 2
    for name, data in reruns.items():
        assert (search / name / "summary.json").read_bytes() == data


@pytest.mark.slow
def test_report_shows_sensitivity_ranking_and_pareto_front(
    morris, search, workdir, ecosim_cmd, clean_env
):
    args = ("sweep", "demo", "policy=isolated,complementarity", "seed=0,1", STEPS, "--jobs", "2")
    res = ecosim(ecosim_cmd, workdir, clean_env, *args)
    assert res.returncode == 0, res.stderr
    sweep = res.stdout.strip().splitlines()[-1]
    res = ecosim(ecosim_cmd, workdir, clean_env, "report", sweep, "--add", "sa", "--add", "se")
    assert res.returncode == 0, res.stderr
    html = Path(workdir / res.stdout.strip()).read_text()
    assert "Sensitivity analysis" in html and "Pareto front" in html
    assert 'id="sensitivity-diversity_loss"' in html and 'id="pareto"' in html
    md = (workdir / sweep / "report" / "report.md").read_text()
    assert "figures/pareto.png" in md and (workdir / sweep / "report/figures/pareto.png").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, message",
    [
        (["sensitivity", "--params", "policy.name,sim.steps"], "not a numeric parameter"),
        (["sensitivity", "--params", "policy.openness=0:2,sim.steps"], "not allowed"),
        (["sensitivity", "--method", "sobol", "--samples", "6"], "power of 2"),
        (["search", "--constraint", "diversity<0.1"], "expected KPI<=value"),
        (["sweep", "demo", "--launcher", "slurmm"], "not available"),
        (["sweep", "demo", "--launcher", "ray", "--jobs", "2"], "joblib"),
        (["report", ".", "--add", "."], ""),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message, tmp_path, ecosim_cmd, clean_env):
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args)
    assert res.returncode == 2, res.stderr
    assert res.stderr.count("\n") == 1 and message in res.stderr
    assert not (tmp_path / "results").exists()
