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
def test_complementarity_pays_later_not_sooner_j_curve(runs):
    """Complementarity beats isolation on cumulative net returns at 20 years, is not
    distinguishably better over the first two years (links cost before trust lets them
    pay), and its advantage grows in between (paired seed by seed)."""

    def gap(step):
        comp = [world_series(m, "cum_net_return").loc[step] for m in runs["complementarity"]]
        iso = [world_series(m, "cum_net_return").loc[step] for m in runs["isolated"]]
        return np.array(comp) - np.array(iso)

    early, late = mean_ci(gap(8)), mean_ci(gap(80))
    grows = paired_difference(gap(80), gap(8))
    assert early.low <= 0, early
    assert late.low > 0, late
    assert grows.low > 0, grows
