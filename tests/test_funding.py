import numpy as np
import pytest

from ecosim.analysis.stats import paired_difference
from ecosim.core.funding import Stakes
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


@pytest.mark.slow
def test_scarce_capital_territory_funds_more_of_its_startups_when_linked(default_runs):
    """Behaviour (a): the territory with the least local capital meets a larger share of
    its startups' funding needs when its hub links (complementarity) than when isolated."""
    linked = [funded_share_of_poorest(m) for m in default_runs("complementarity")]
    alone = [funded_share_of_poorest(m) for m in default_runs("isolated")]
    diff = paired_difference(linked, alone)
    assert diff.low > 0, diff
    assert sum(a > b for a, b in zip(linked, alone, strict=True)) >= 8
