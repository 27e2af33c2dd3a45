"""Track record (docs/ODD.md §6.2): new commitments follow the money earlier exits returned."""

import numpy as np
import pytest

from ecosim.analysis.stats import DISTINGUISHABLE, seeds_by_precision
from ecosim.core.model import EcosystemModel
from ecosim.kpis import smallest_effect
from tests.conftest import make_config, run_model

#: the smallest effect on a share: the registry's margin for shares (2 points)
MARGIN = smallest_effect("top_share_investment").margin(np.nan)


def test_neutral_at_default_sends_nothing():
    """Elasticity 0: no signal, commitments as set at the start (tests/test_golden.py keeps
    the summaries of the model without the mechanism)."""
    model = EcosystemModel(make_config(0, steps=4))
    model.run()
    assert model.mechanisms["track_record"].signals(model) == {}
    assert np.all(model.signals.commitments == 1.0)


def test_commitments_follow_the_money_returned_and_the_world_total_is_kept():
    """After 40 quarters some territories' funds have returned more per euro committed:
    their factor is higher, in the order of their records, and the world's commitments
    this quarter are what they would be without the mechanism."""
    model = EcosystemModel(make_config(0, steps=40, track_record={"elasticity": 1.0}))
    model.run()
    factor = model.mechanisms["track_record"].signals(model)["commitments"]
    funding, n = model.funding, model.territories.n
    local = funding.homes >= 0
    homes, funds = funding.homes[local], funding.funds
    committed = np.bincount(homes, funds.committed[local], minlength=n)
    record = (committed + np.bincount(homes, funds.proceeds[local], minlength=n)) / committed
    inflow = np.bincount(homes, funds.inflow[local], minlength=n)
    assert np.sum(factor * inflow) == pytest.approx(inflow.sum())
    order = np.argsort(record)
    assert np.all(np.diff(factor[order]) >= -1e-12) and np.ptp(factor) > 0.05
    before = funds.committed.copy()
    funding.replenish(factor)
    arrived = funds.committed - before
    assert arrived.sum() == pytest.approx(funds.inflow.sum())
    assert np.allclose(arrived[~local], funds.inflow[~local])  # global funds: unchanged


def _leader_share(model) -> float:
    """The largest territory's share of all money invested over the run."""
    ts = model.timeseries()
    received = ts[ts.territory != "world"].groupby("territory")["investment"].sum()
    return float(received.max() / received.sum())


@pytest.mark.slow
def test_the_leading_territorys_share_of_investment_compounds():
    """Early strength compounds: at elasticity 1 the leader's share of the money invested
    over 80 quarters rises (two_speed; seeds added by precision, cap 40)."""

    def differences(seeds):
        return [
            _leader_share(run_model(seed, steps=80, track_record={"elasticity": 1.0}))
            - _leader_share(run_model(seed, steps=80))
            for seed in seeds
        ]

    found, seeds = seeds_by_precision(differences, MARGIN, batch=10, cap=40)
    assert found.verdict == DISTINGUISHABLE and found.interval.low > 0, (found, len(seeds))
