import numpy as np
import pytest

from ecosim.analysis.stats import paired_difference
from ecosim.core.funding import Funds, Stakes
from tests.conftest import run_model


def test_stakes_pay_pro_rata_and_close():
    st = Stakes()
    st.add(np.array([7, 7, 9]), np.array([0, 1, 1]), np.array([1.0, 3.0, 2.0]))
    proceeds, founders = st.settle(np.array([7, 11]), np.array([8.0, 5.0]), 2)
    assert list(proceeds) == [2.0, 6.0]
    assert founders == 5.0  # startup 11 never raised: its founders keep the exit
    assert list(st.uid) == [9]
    assert list(st.settle(np.array([9]), np.array([0.0]), 2)[0]) == [0.0, 0.0]
    assert len(st.uid) == 0


def test_funds_recycle_proceeds_only_within_their_cap():
    """Limited partnership agreements cap what a fund may reinvest: at 1.2, proceeds put
    back to work stay within 20% of the commitments received; the rest is distributed."""
    funds = Funds([10.0, 0.0], recycling_cap=1.2)  # start with two quarters of inflow
    assert list(funds.committed) == [20.0, 0.0]
    funds.receive(np.array([100.0, 100.0]), recycling=0.2)  # would recycle 20 each
    assert np.allclose(funds.recycled, [4.0, 0.0])  # 20% of 20; no commitments: nothing
    assert np.allclose(funds.fund, [24.0, 0.0])
    assert list(funds.proceeds) == [100.0, 100.0]  # booked in full all the same
    funds.replenish()  # 10 more committed: 2 more may be recycled
    funds.receive(np.array([100.0, 0.0]), recycling=0.2)
    assert np.allclose(funds.recycled, [6.0, 0.0])
    uncapped = Funds([10.0], recycling_cap=1000.0)  # 1000: never reached
    uncapped.receive(np.array([100.0]), recycling=0.2)
    assert np.allclose(uncapped.fund, [40.0])


def test_the_recycling_cap_holds_in_a_run():
    model = run_model(0, steps=40)
    funds = model.funding.funds
    assert (funds.recycled <= 0.2 * funds.committed + 1e-9).all()
    assert funds.recycled.sum() > 0


def test_money_is_conserved_between_startups_and_investors():
    for seed in range(3):
        model = run_model(seed, steps=40)
        invested = sum(i.invested for i in model.investors)
        pop = model.population
        raised_live = pop.raised[pop.live_rows()].sum()
        raised_ended = model.ledger.table()["raised"].sum()
        assert invested > 0
        assert np.isclose(raised_live + raised_ended, invested)
        exit_value = model.timeseries().query("territory == 'world'")["exit_value"].sum()
        proceeds = sum(i.proceeds for i in model.investors)
        assert exit_value > 0
        assert np.isclose(proceeds + model.founder_proceeds, exit_value)
        assert all(i.fund >= -1e-9 for i in model.investors)


def funded_share_of_poorest(model) -> float:
    poorest = model.territories.names[int(np.argmin(model.territories.capital))]
    ts = model.timeseries()
    mine = ts[ts.territory == poorest]
    return mine["deals"].sum() / mine["seekers"].sum()


#: 40 seeds: since the funding tie-break fix (seekers ranked in a random order before the
#: stable sort by score) the effect is about half a point. Measured on seeds 0-59:
#: +0.0079 [-0.0007, +0.0165] at seeds 0-9 (not established), +0.0041 [+0.0012, +0.0071]
#: at 0-39, +0.0034 [+0.0011, +0.0057] at 10-49, +0.0046 [+0.0025, +0.0067] at 0-59.
SCARCE_SEEDS = range(40)


@pytest.mark.slow
def test_scarce_capital_territory_funds_more_of_its_startups_when_linked():
    """Behaviour (a): the territory with the least local capital meets a larger share of
    its startups' funding needs when its hub links (complementarity) than when isolated
    (docs/ODD.md section 1, pattern 1): distinguishable, and small - under a point."""
    linked, alone = (
        [funded_share_of_poorest(run_model(seed, policy, steps=80)) for seed in SCARCE_SEEDS]
        for policy in ("complementarity", "isolated")
    )
    diff = paired_difference(linked, alone)
    assert diff.low > 0, diff
