"""Behaviour tests of the seed text's challenges and strategies (docs/SEED_MAP.md), each
over 10 seeds with paired scenarios that differ only in the mechanism's own knobs (or,
for unequal capacity, in the networking policy)."""

import numpy as np
import pytest

from ecosim.analysis.stats import paired_difference
from tests.conftest import SEEDS, run_model, world_series

#: scenario name -> (policy, steps, config sections). Each is run once per module, on demand
#: (the default world's 80-quarter runs once per session, shared with other modules).
SCENARIOS = {
    "default": ("complementarity", 80, {}),
    "isolated": ("isolated", 80, {}),
    "preferential": ("preferential", 80, {}),
    "slow_practices": ("complementarity", 80, {"practices": {"delay": 16}}),
    "mixed_orientations": ("complementarity", 80, {"alignment": {"spread": 0.5}}),
    "short_horizon": ("complementarity", 80, {"horizon": {"quarters": 4}}),
    "long_horizon": ("complementarity", 80, {"horizon": {"quarters": 40}}),
    "protected": ("complementarity", 80, {"protection": {"level": 0.8}}),
    "incentives": (
        "complementarity",
        80,
        {"diaspora": {"programmes": 0.5, "tax_advantage": 0.5}},
    ),
    "stereotype_linked": ("complementarity", 40, {"narrative": {"stereotype": 0.5}}),
    "stereotype_isolated": ("isolated", 40, {"narrative": {"stereotype": 0.5}}),
    "stereotype_campaign": (
        "isolated",
        40,
        {"narrative": {"stereotype": 0.5, "campaign_start": 4, "campaign_quarters": 8}},
    ),
}


@pytest.fixture(scope="module")
def runs(default_runs):
    cache = {}

    def get(name):
        if name not in cache:
            policy, steps, sections = SCENARIOS[name]
            if (steps, sections) == (80, {}):
                cache[name] = default_runs(policy)
            else:
                cache[name] = [run_model(s, policy, steps, **sections) for s in SEEDS]
        return cache[name]

    return get


def final(models, key):
    return np.array([m.summary()[key] for m in models])


def at(models, key, step):
    return np.array([world_series(m, key).loc[step] for m in models])


def smallest_territory(models, key, step):
    """A territory metric of each world's smallest territory at `step`."""
    out = []
    for m in models:
        ts = m.timeseries()
        row = ts[(ts.step == step) & (ts.territory != "world")]
        out.append(row[key].to_numpy()[int(np.argmin(m.territories.size))])
    return np.array(out)


@pytest.mark.slow
def test_practices_spread_faster_in_connected_worlds(runs):
    """Challenge 1: linked hubs adopt better support programmes; isolated ones cannot."""
    for step in (20, 40):
        diff = paired_difference(
            at(runs("default"), "mean_practice_quality", step),
            at(runs("isolated"), "mean_practice_quality", step),
        )
        assert diff.low > 0, (step, diff)


@pytest.mark.slow
def test_practices_take_longer_to_reach_territories_with_a_longer_delay(runs):
    diff = paired_difference(
        final(runs("slow_practices"), "practice_mean_lag"),
        final(runs("default"), "practice_mean_lag"),
    )
    assert diff.low > 0, diff


@pytest.mark.slow
def test_mixed_orientations_form_fewer_lasting_links(runs):
    """Challenge 2: mismatched local-first and international territories accept fewer
    proposals and break more links, so fewer links live long enough to mature."""
    mixed, aligned = runs("mixed_orientations"), runs("default")
    lasting = paired_difference(
        final(mixed, "mean_mature_links"), final(aligned, "mean_mature_links")
    )
    assert lasting.high < 0, lasting
    lifetime = paired_difference(
        final(mixed, "mean_link_lifetime"), final(aligned, "mean_link_lifetime")
    )
    assert lifetime.high < 0, lifetime


@pytest.mark.slow
def test_short_horizons_end_with_lower_long_run_returns(runs):
    """Challenge 3: judging links over 1 year cuts them before trust builds; over 10 years
    most are kept. The short-sighted world ends with lower long-run returns."""
    short, long_ = runs("short_horizon"), runs("long_horizon")
    npv = paired_difference(final(short, "npv_long"), final(long_, "npv_long"))
    assert npv.high < 0, npv
    lifetime = paired_difference(
        final(short, "mean_link_lifetime"), final(long_, "mean_link_lifetime")
    )
    assert lifetime.high < 0, lifetime


@pytest.mark.slow
def test_protection_keeps_diversity_at_a_cost_in_early_performance(runs):
    """Challenge 4: protecting specificities (less drift, less imitation across links,
    distinctive sectors funded) reduces diversity loss; the cost is that startups imitate
    better partners less, so their solutions are worse over the first five years. (The
    short-horizon discounted return, npv_short, moves by -46.9 EUR M [-117, +23]: not
    established at 200 seeds, so not asserted; docs/SEED_MAP.md, make
    study-seed_effects.)"""
    protected, open_ = runs("protected"), runs("default")
    loss = paired_difference(final(protected, "diversity_loss"), final(open_, "diversity_loss"))
    assert loss.high < 0, loss
    kept = paired_difference(
        final(protected, "distinct_specializations"), final(open_, "distinct_specializations")
    )
    assert kept.low > 0, kept

    def early_quality(models):
        return np.array([world_series(m, "mean_quality").loc[1:20].mean() for m in models])

    cost = paired_difference(early_quality(protected), early_quality(open_))
    assert cost.high < 0, cost


def asset_premium(model) -> float:
    """Mean links of the periphery's territories with distinctive experimentation sites
    (at or above the periphery's median) minus those without, over the run."""
    ts = model.timeseries()
    degree = (
        ts[ts.territory != "world"]
        .groupby("territory")["links"]
        .mean()
        .reindex(model.territories.names)
        .to_numpy()
    )
    periphery = model.capacity.periphery
    assets = model.territories.experimentation
    distinctive = assets >= np.median(assets[periphery])
    return degree[periphery & distinctive].mean() - degree[periphery & ~distinctive].mean()


@pytest.mark.slow
def test_small_ecosystems_with_distinctive_assets_attract_partners_under_complementarity(runs):
    """Challenge 5: "chaque territoire a des assets qui lui sont propres". When hubs look
    for complementarity, small ecosystems with experimentation sites keep more partners
    than small ones without; when they court the most attractive (preferential), these
    assets earn no links. (The issue also expected preferential to concentrate
    investment more than complementarity; the model does not show it: the top
    territory's share is equivalent under the two within 2 points, -0.0033 [-0.0064,
    -0.0001], 40 seeds; docs/SEED_MAP.md, make study-seed_effects.)"""
    premium = paired_difference(
        [asset_premium(m) for m in runs("default")],
        [asset_premium(m) for m in runs("preferential")],
    )
    assert premium.low > 0, premium


@pytest.mark.slow
def test_diaspora_incentives_raise_investment_reaching_origin_territories(runs):
    """Strategy 2: programmes and tax advantages engage expatriates, who bring their
    origin investors' attention, links and returnees."""
    with_, without = runs("incentives"), runs("default")
    money = paired_difference(
        final(with_, "cum_origin_investment"), final(without, "cum_origin_investment")
    )
    assert money.low > 0, money
    assert (final(with_, "cum_returnees") > final(without, "cum_returnees")).all()


@pytest.mark.slow
def test_collaborations_shrink_the_perception_gap_of_an_under_rated_territory(runs):
    """Strategy 3: outsiders under-rate the smallest territory; links let them see it as
    it is, so its perception gap closes faster than in isolation."""
    gap = paired_difference(
        smallest_territory(runs("stereotype_linked"), "perception_gap", 40),
        smallest_territory(runs("stereotype_isolated"), "perception_gap", 40),
    )
    assert gap.high < 0, gap


@pytest.mark.slow
def test_a_narrative_campaign_shrinks_the_perception_gap_at_a_cost(runs):
    campaign, none = runs("stereotype_campaign"), runs("stereotype_isolated")
    gap = paired_difference(
        smallest_territory(campaign, "perception_gap", 40),
        smallest_territory(none, "perception_gap", 40),
    )
    assert gap.high < 0, gap
    assert (at(campaign, "cum_link_cost", 40) == 0).all()  # isolated: the cost is the campaign
    spent = final(campaign, "cum_exit_value") - final(campaign, "cum_net_return")
    assert (spent > 0).all()
