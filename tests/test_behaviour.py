"""Behaviour tests of the core claims, each over 10 seeds with paired scenarios."""

import numpy as np
import pytest

from ecosim.analysis.stats import mean_ci, paired_difference
from tests.conftest import world_series


@pytest.fixture(scope="module")
def runs(default_runs):
    """Every seed under the policies the claims compare (run once for the session)."""
    policies = ("isolated", "complementarity", "open_mesh", "diversity_aware")
    return {policy: default_runs(policy) for policy in policies}


def final(models, key):
    return np.array([m.summary()[key] for m in models])


@pytest.mark.slow
def test_open_mesh_loses_more_diversity_than_isolated(runs):
    diff = paired_difference(
        final(runs["open_mesh"], "diversity_loss"), final(runs["isolated"], "diversity_loss")
    )
    assert diff.low > 0, diff


@pytest.mark.slow
def test_diversity_aware_loses_less_diversity_than_open_mesh(runs):
    diff = paired_difference(
        final(runs["diversity_aware"], "diversity_loss"), final(runs["open_mesh"], "diversity_loss")
    )
    assert diff.high < 0, diff


@pytest.mark.slow
def test_complementarity_pays_at_twenty_years_and_its_advantage_grows_from_two(runs):
    """Complementarity beats isolation on cumulative net returns at 20 years, and its
    advantage grows from 2 years to 20 (paired seed by seed; distinguishable on the 10
    shared seeds). At 2 years the difference is *not established*, +83 EUR M [-10, +177]
    at 60 seeds after the funding tie-break fix (-12 [-137, +112] before it;
    experiments/remeasured/run.py behaviour; margin 5% of isolation, 46):
    the J-curve's early dip - links cost before trust lets them pay - is neither shown
    nor excluded, so it is not asserted."""

    def gap(step):
        comp = [world_series(m, "cum_net_return").loc[step] for m in runs["complementarity"]]
        iso = [world_series(m, "cum_net_return").loc[step] for m in runs["isolated"]]
        return np.array(comp) - np.array(iso)

    late = mean_ci(gap(80))
    grows = paired_difference(gap(80), gap(8))
    assert late.low > 0, late
    assert grows.low > 0, grows
