"""Behaviour tests of the core claims, each over 10 seeds with paired scenarios."""

import numpy as np
import pytest

from ecosim.analysis.stats import paired_difference
from tests.conftest import SEEDS, run_model, world_series


@pytest.fixture(scope="module")
def runs():
    """Every seed under the policies the claims compare (run once for the module)."""
    out = {}
    for policy in ("isolated", "complementarity", "open_mesh", "diversity_aware"):
        out[policy] = [run_model(seed, policy, steps=80) for seed in SEEDS]
    return out


def final(models, key):
    return np.array([m.summary()[key] for m in models])


def test_open_mesh_loses_more_diversity_than_isolated(runs):
    diff = paired_difference(
        final(runs["open_mesh"], "diversity_loss"), final(runs["isolated"], "diversity_loss")
    )
    assert diff.low > 0, diff


def test_diversity_aware_loses_less_diversity_than_open_mesh(runs):
    diff = paired_difference(
        final(runs["diversity_aware"], "diversity_loss"), final(runs["open_mesh"], "diversity_loss")
    )
    assert diff.high < 0, diff


def test_complementarity_pays_later_not_sooner_j_curve(runs):
    """Complementarity beats isolation on cumulative net returns at 20 years, and does no
    better over the first two years (links cost before trust lets them pay)."""

    def at(models, step):
        return np.array([world_series(m, "cum_net_return").loc[step] for m in models])

    early = paired_difference(at(runs["complementarity"], 8), at(runs["isolated"], 8))
    late = paired_difference(at(runs["complementarity"], 80), at(runs["isolated"], 80))
    assert early.mean <= 0, early
    assert late.low > 0, late
