"""`ecosim sweep EXPERIMENT --posterior DIR --draws K` (ecosim/runs/posterior_draws.py) and
the report's robustness over the posterior (ecosim/analysis/robustness.py): every scenario
at the same draws, runs paired by draw and seed, the robustness share checked by hand."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest
from omegaconf import OmegaConf

from ecosim.analysis.robustness import robustness
from ecosim.analysis.stats import cluster_ci, mean_ci
from ecosim.config import EcosimConfig
from ecosim.report.command import analyse
from ecosim.report.render import render_markdown
from ecosim.runs import posterior_draws
from ecosim.runs.collect import collect

POSTERIOR = pd.DataFrame(
    {
        "economy.exit_mu": [-1.5, -0.8, -0.5],
        "economy.exit_rate[2]": [0.03, 0.06, 0.09],
        "weight": [0.5, 0.3, 0.2],
    }
)
DRAWS = 3
SWEEP = ("sweep", "demo", "policy=isolated,complementarity", "seed=range(0,2)", "sim.steps=8")


def ecosim(cmd, cwd, env, *args):
    return subprocess.run(
        [cmd, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def posterior_sweep(tmp_path_factory, ecosim_cmd, clean_env):
    cwd = tmp_path_factory.mktemp("posterior")
    (cwd / "calib").mkdir()
    POSTERIOR.to_parquet(cwd / "calib" / "posterior.parquet")
    res = ecosim(ecosim_cmd, cwd, clean_env, *SWEEP, "--posterior", "calib", "--draws", str(DRAWS))
    assert res.returncode == 0, res.stderr
    return cwd, cwd / res.stdout.strip()


@pytest.mark.slow
def test_every_scenario_and_seed_runs_at_the_same_seeded_draws(posterior_sweep):
    cwd, sweep_dir = posterior_sweep
    draws = posterior_draws.resample(POSTERIOR, DRAWS, seed=0)
    assert draws == posterior_draws.resample(POSTERIOR, DRAWS, seed=0)  # seeded
    collected = collect(sweep_dir)
    runs = collected.complete
    assert len(runs) == 2 * 2 * DRAWS
    assert collected.factors == ["policy", "seed"]  # the draw is not a scenario key
    assert collected.pair_on == ["draw", "seed"]
    default_rates = EcosimConfig().economy.exit_rate
    for row in runs.itertuples():
        cfg = OmegaConf.load(sweep_dir / row.job / "config.yaml")
        params = draws[row.draw]
        assert cfg.draw == row.draw
        assert cfg.economy.exit_mu == params["economy.exit_mu"]
        assert list(cfg.economy.exit_rate) == [*default_rates[:2], params["economy.exit_rate[2]"]]
    per_draw = runs.groupby("draw").policy.value_counts().unstack()
    assert (per_draw == 2).all().all()  # both scenarios, both seeds, at every draw


@pytest.mark.slow
def test_report_states_the_robustness_of_its_runs(posterior_sweep):
    """End to end: the report's robustness row is `robustness` of the sweep's own runs,
    paired by (draw, seed) - plumbing. The share itself is checked against a hand-built
    case (`test_robustness_share_on_a_small_case_by_hand`), not recomputed here the way
    the code computes it."""
    _, sweep_dir = posterior_sweep
    collected = collect(sweep_dir)
    a = analyse(collected, None, "en")
    done = collected.complete.set_index(["policy", "draw", "seed"]).sort_index()
    metric = "cum_net_return"
    diff = (
        done.loc["complementarity", metric] - done.loc["isolated", metric]
    )  # paired by (draw, seed)
    (expected,) = robustness(collected.complete, "policy", "isolated", [metric]).to_dict("records")
    share = expected["share_holding"]
    row = a.robust[(a.robust.metric == metric)].iloc[0]
    assert row.draws == DRAWS == expected["draws"]
    assert row.direction == expected["direction"] == np.sign(diff.mean())
    assert row.share_holding == pytest.approx(share)
    assert row.draw_q05 == pytest.approx(expected["draw_q05"])
    paired = a.paired[a.paired.metric == metric].iloc[0]
    assert paired.n == 2 * DRAWS  # pooled over draws and seeds
    assert paired["mean"] == pytest.approx(diff.mean())
    # the interval and the tests are clustered by draw: over the DRAWS draw means
    clustered = cluster_ci(diff.to_numpy(), diff.index.get_level_values("draw"))
    assert paired.clusters == DRAWS
    assert (paired.low, paired.high) == pytest.approx((clustered.low, clustered.high))
    naive = mean_ci(diff.to_numpy())
    assert (paired.low, paired.high) != pytest.approx((naive.low, naive.high))
    text = a.findings[0].text
    assert f"in {100 * share:.0f}% of {DRAWS} posterior draws" in text
    md = render_markdown(a, [])
    assert "Intervals clustered by posterior draw" in md
    assert f"over the {DRAWS} draws ({DRAWS} - 1 degrees of freedom)" in md
    assert "intervals are clustered by posterior draw" in md  # how to read this report
    kpis = a.kpis[(a.kpis.scenario == a.kpis.scenario.iloc[0]) & (a.kpis.metric == metric)]
    assert kpis.clusters.iloc[0] == DRAWS  # every interval of the report, not only differences


def test_robustness_share_on_a_small_case_by_hand():
    # effects per (draw, seed): draw 0: +1, +3 (mean +2); draw 1: -1, -3 (-2); draw 2: +4, +2 (+3)
    effects = {(0, 0): 1, (0, 1): 3, (1, 0): -1, (1, 1): -3, (2, 0): 4, (2, 1): 2}
    rows = []
    for (draw, seed), e in effects.items():
        rows.append({"policy": "isolated", "draw": draw, "seed": seed, "kpi": 10.0})
        rows.append({"policy": "open", "draw": draw, "seed": seed, "kpi": 10.0 + e})
    (row,) = robustness(pd.DataFrame(rows), "policy", "isolated", ["kpi"]).to_dict("records")
    assert row["mean"] == pytest.approx(1.0)  # (1 + 3 - 1 - 3 + 4 + 2) / 6
    assert row["direction"] == 1 and row["draws"] == 3
    assert row["share_holding"] == pytest.approx(2 / 3)  # draws 0 and 2 of 3
    assert row["draw_median"] == pytest.approx(2.0)
    assert row["draw_q05"] == pytest.approx(np.quantile([2, -2, 3], 0.05))


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, expected",
    [
        (["--posterior", "nowhere"], "no readable posterior.parquet"),
        (["--draws", "3"], "--draws applies to a posterior sweep"),
        (["economy.exit_mu=-1", "--posterior", "calib"], "the experiment sets economy.exit_mu"),
        (["--posterior", "calib", "--draws", "0"], "--draws 0 is not allowed"),
    ],
)
def test_bad_posterior_input_is_one_line_exit_2_nothing_written(
    tmp_path, ecosim_cmd, clean_env, args, expected
):
    (tmp_path / "calib").mkdir()
    POSTERIOR.to_parquet(tmp_path / "calib" / "posterior.parquet")
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *SWEEP, *args)
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "Traceback" not in res.stderr
    assert not (tmp_path / "results").exists()
