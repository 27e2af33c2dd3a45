"""Who wins, who pays: the distributional KPIs against numbers computed by hand, and the
channels of each territory's gain adding up to that gain."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from ecosim.analysis.distribution import (
    AMOUNTS,
    BASE,
    baseline_point,
    channel_column,
    channels,
    gini_of_gains,
    paired_territories,
    run_kpis,
    territory_finals,
)
from ecosim.analysis.stats import grouped_ci
from ecosim.kpis import CHANNELS, PAIRED

TERRITORIES = ("Big", "A", "B")
#: (policy, seed) -> final (exit value, link cost) per territory; net return = their difference
FINALS = {
    ("isolated", 0): [(60, 0), (12, 0), (0, 0)],
    ("isolated", 1): [(70, 0), (5, 0), (1, 0)],
    ("isolated", 2): [(50, 0), (4, 0), (2, 0)],
    ("linked", 0): [(110, 10), (20, 10), (5, 10)],  # net 100, 10, -5: gains 40, -2, -5
    ("linked", 1): [(85, 5), (25, 5), (8, 5)],  # net 80, 20, 3: gains 10, 15, 2
    ("linked", 2): [(50, 0), (2, 2), (1, 1)],  # net 50, 0, 0: gains 0, -4, -2
}


def hand_timeseries() -> pd.DataFrame:
    """Two quarters per run; only the last one's cumulative columns matter."""
    rows = []
    for (policy, seed), finals in FINALS.items():
        job = f"policy={policy},seed={seed}"
        for step in (1, 2):
            for name, (exit_value, link_cost) in zip(TERRITORIES, finals, strict=True):
                net = exit_value - link_cost
                rows.append(
                    {
                        "step": step,
                        "territory": name,
                        "cum_exit_value": exit_value,
                        "cum_link_cost": link_cost,
                        "cum_net_return": net,
                        "value_created": net - 10.0,
                        "cum_revenue": 20.0,
                        "external_investment": 1.0,
                        "talent": 1.0,
                        "job": job,
                        "scenario": f"policy={policy}",
                        "seed": seed,
                        "policy": policy,
                    }
                )
            rows.append({"step": step, "territory": "world", "job": job})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def runs():
    finals = territory_finals(hand_timeseries(), ["scenario", "seed", "policy"])
    pairs = paired_territories(finals, "policy", "isolated", [])
    core = dict.fromkeys(pairs.job, "Big")
    return run_kpis(pairs, core, ["scenario", "seed", "policy"]).set_index("seed")


def test_paired_kpis_match_a_hand_computation(runs):
    assert list(runs.index) == [0, 1, 2] and set(runs.policy) == {"linked"}
    hand = {
        "share_gaining": [1 / 3, 3 / 3, 0 / 3],
        "periphery_gain": [-7, 17, -6],
        "core_gain": [40, 10, 0],
        "worst_off_gain": [-5, 2, -4],
        # sum over ordered pairs of |gi - gj| / (2 n^2 mean |g|), n = 3
        "gini_gain": [2 * (42 + 45 + 3) / (18 * 47 / 3), 2 * (5 + 8 + 13) / (18 * 9), 16 / 36],
        "link_cost_share": [30 / 135, 15 / 118, 3 / 53],
    }
    for kpi, values in hand.items():
        assert runs[kpi].to_numpy() == pytest.approx(values), kpi
    table = grouped_ci(runs.reset_index(), ["scenario"], list(PAIRED)).set_index("metric")
    for kpi, values in hand.items():
        half = sps.t.ppf(0.975, 2) * np.std(values, ddof=1) / np.sqrt(3)
        row = table.loc[kpi]
        assert row["mean"] == pytest.approx(np.mean(values)), kpi
        assert (row["low"], row["high"]) == pytest.approx(
            (np.mean(values) - half, np.mean(values) + half)
        ), kpi


def test_gini_of_gains_is_the_usual_gini_for_gains_of_one_sign():
    assert gini_of_gains([1.0, 0.0]) == pytest.approx(0.5)
    assert gini_of_gains([3.0, 3.0, 3.0]) == 0.0
    assert gini_of_gains([0.0, 0.0]) == 0.0
    assert gini_of_gains([-5.0, 5.0]) == pytest.approx(0.5)
    assert 0 <= gini_of_gains([-9.0, 1.0, 40.0, -3.0]) <= 1


def random_pairs(n: int, seed: int) -> pd.DataFrame:
    """Scenario and baseline amounts of `n` territories, drawn at random (positive)."""
    rng = np.random.default_rng(seed)
    data = {}
    for suffix in ("", BASE):
        investment = rng.uniform(1, 500, n)
        data |= {
            "exit_value" + suffix: rng.uniform(0, 5000, n),
            "link_cost" + suffix: rng.uniform(0, 200, n),
            "campaign_cost" + suffix: rng.uniform(0, 20, n),
            "investment" + suffix: investment,
            "external_investment" + suffix: investment * rng.uniform(0, 1, n),
            "revenue" + suffix: rng.uniform(0, 3000, n),
            "talent" + suffix: rng.uniform(0.05, 2, n),
        }
        data["net_return" + suffix] = (
            data["exit_value" + suffix]
            - data["link_cost" + suffix]
            - data["campaign_cost" + suffix]
        )
    pairs = pd.DataFrame(data)
    pairs["gain"] = pairs["net_return"] - pairs["net_return" + BASE]
    return pairs


def test_channels_add_up_to_each_territorys_gain():
    pairs = channels(random_pairs(200, seed=1))
    total = pairs[[channel_column(c) for c in CHANNELS]].sum(axis=1)
    assert np.allclose(total, pairs["gain"], rtol=1e-9, atol=1e-9)


def test_a_change_in_one_input_shows_in_its_own_channel_only():
    base = random_pairs(5, seed=2)
    for amount in AMOUNTS:  # the scenario as its baseline: nothing changes
        base[amount] = base[amount + BASE]
    costlier = base.copy()
    costlier["link_cost"] += 7.0
    costlier["net_return"] -= 7.0
    costlier["gain"] = costlier["net_return"] - costlier["net_return" + BASE]
    via = channels(costlier)
    assert np.allclose(via[channel_column("link_cost")], -7.0)
    others = [channel_column(c) for c in CHANNELS if c != "link_cost"]
    assert np.allclose(via[others], 0.0)
    # more talent, the same activity per unit of talent and the same yield: all via talent
    grown = base.copy()
    for amount in ("talent", "investment", "external_investment", "revenue", "exit_value"):
        grown[amount] = 2 * base[amount]
    grown["external_investment"] = base["external_investment"]  # outside money unchanged
    grown["investment"] = (
        2 * (base["investment"] - base["external_investment"]) + base["external_investment"]
    )
    grown["exit_value"] = (
        base["exit_value"]
        * (grown["investment"] + grown["revenue"])
        / (base["investment"] + base["revenue"])
    )
    grown["net_return"] = grown["exit_value"] - grown["link_cost"] - grown["campaign_cost"]
    grown["gain"] = grown["net_return"] - grown["net_return" + BASE]
    via = channels(grown)
    assert np.allclose(via[channel_column("talent")], via["gain"])
    assert np.allclose(via[[channel_column(c) for c in CHANNELS if c != "talent"]], 0.0)


def test_a_design_points_baseline_drops_the_policys_keys_and_keeps_the_rest():
    point = ["policy.link_cost=0.2", "protection.level=0.5", "policy=preferential"]
    assert baseline_point(point, "policy=isolated") == ["protection.level=0.5", "policy=isolated"]
