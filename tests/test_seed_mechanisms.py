"""Unit tests of the seed text's mechanisms: practices, alignment, capacity trade-up, horizon,
protection, narrative, diaspora; and their metrics' ranges. Each is driven through its
phase hooks, its changes applied by the model (`apply_changes`), as in a run."""

import numpy as np
import pytest

from ecosim.core.agents import Expatriate
from ecosim.core.mechanism import Changes
from ecosim.core.mechanisms.protection import distinctive_sectors
from ecosim.core.mechanisms.sector_shocks import MEASURED_AFTER_SHOCKS
from ecosim.core.model import EcosystemModel
from ecosim.core.policies import POLICIES
from ecosim.core.random_streams import RandomStreams
from ecosim.core.territory_dynamics import drift_specialization
from tests.conftest import make_config


def model(policy="complementarity", **sections):
    return EcosystemModel(make_config(0, policy, steps=4, **sections))


def ring(n, weight):
    """A flow matrix linking each territory to the next one."""
    flow = np.zeros((n, n))
    for t in range(n):
        flow[t, (t + 1) % n] = flow[(t + 1) % n, t] = weight
    return flow


# -- practices -------------------------------------------------------------------------------
def test_practices_need_links_and_wait_for_the_delay():
    m = model(practices={"delay": 3})
    p = m.practices
    start = p.quality.copy()
    p.adapt(m, np.zeros((m.territories.n, m.territories.n)), None)
    np.testing.assert_array_equal(p.quality, start)  # isolated: nothing to adopt
    flow = ring(m.territories.n, 0.8)
    for _ in range(3):
        p.adapt(m, flow, None)
    np.testing.assert_array_equal(p.quality, start)  # seen, not yet running
    p.adapt(m, flow, None)
    assert (p.quality >= start).all() and (p.quality > start).any()
    assert p.quality.max() <= start.max()  # nobody exceeds the best existing practice


def test_practices_from_a_different_context_are_adapted_not_copied():
    def gain(penalty):
        m = model(practices={"delay": 0, "context_penalty": penalty})
        m.practices.quality[:] = 0.2
        m.practices.quality[1] = 0.9
        m.territories.specialization[0] = np.eye(m.cfg.world.n_sectors)[0]
        m.territories.specialization[1] = np.eye(m.cfg.world.n_sectors)[1]
        flow = np.zeros((m.territories.n, m.territories.n))
        flow[0, 1] = flow[1, 0] = 1.0
        m.practices.adapt(m, flow, None)
        return m.practices.quality[0] - 0.2

    assert np.isclose(gain(0.0), 0.1 * 0.7)  # adoption_rate x lead
    assert np.isclose(gain(0.5), 0.5 * gain(0.0))  # entirely different context: half


def test_practice_effects_are_neutral_by_default_and_act_when_set():
    m = model()
    sent = m.practices.signals(m)
    assert (sent["support"] == 1).all() and (sent["burn_factor"] == 1).all()
    m = model(practices={"birth_effect": 1.0, "survival_effect": 0.5})
    q, sent = m.practices.quality, m.practices.signals(m)
    np.testing.assert_allclose(sent["support"], 1 + q)
    np.testing.assert_allclose(sent["burn_factor"], 1 - 0.5 * q)


# -- alignment -------------------------------------------------------------------------------
def test_aligned_worlds_always_agree_and_opposites_never_do():
    m = model()
    assert np.all(m.alignment.orientation == 0.5)
    assert all(m.alignment.agree(0, u) for u in range(1, m.territories.n))
    m = model(alignment={"spread": 1.0, "sensitivity": 1.0})
    o = m.alignment.orientation
    assert o.min() >= 0 and o.max() <= 1 and o.std() > 0
    m.alignment.gap[0, 1] = 1.0
    assert not any(m.alignment.agree(0, 1) for _ in range(50))


def test_mismatched_links_break_at_their_hazard():
    m = model(alignment={"break_rate": 1.0})
    m.links.connect(0, 1, 0)
    m.links.connect(0, 2, 0)
    m.alignment.gap[0, 1] = m.alignment.gap[1, 0] = 1.0
    m.apply_changes(m.alignment, m.alignment.tend_links(m))
    assert not m.links.active[0, 1] and m.links.active[0, 2]
    assert m.alignment.broken == 1


# -- capacity --------------------------------------------------------------------------------
class FixedPreference(POLICIES["preferential"]):
    """A policy whose hub wants territory u by want[u] (for exact trade-up tests)."""

    def __init__(self, want):
        self.want = np.asarray(want, dtype=float)

    def preference(self, model, t, others):
        return self.want[others]


def full_hub(policy="preferential", **sections):
    """Hub 0 at capacity with partners 1..capacity."""
    m = model(policy, **sections)
    cap = m.hubs[0].link_capacity
    for u in range(1, cap + 1):
        m.links.connect(0, u, 0)
    return m, cap


def test_a_full_hub_trades_its_weakest_link_for_a_better_offer():
    m, cap = full_hub()
    want = np.ones(m.territories.n)
    want[2], want[cap + 1] = 0.5, 3.0  # partner 2 is the weakest; cap + 1 is wanted most
    m.hubs[0].policy = FixedPreference(want)
    assert m.capacity.weakest_partner(m, 0, cap + 1) == 2
    assert m.links.propose(m, cap + 1, 0)
    assert m.links.active[0, cap + 1] and not m.links.active[0, 2]
    assert m.links.degree[0] == cap and m.links.dropped == 1


def test_trust_protects_established_links():
    m, cap = full_hub()
    want = np.ones(m.territories.n)
    want[cap + 1] = 1.5
    m.hubs[0].policy = FixedPreference(want)
    assert m.capacity.weakest_partner(m, 0, cap + 1) >= 0  # strangers: 1.5 beats 1
    m.links.trust[0, 1 : cap + 1] = 1.0  # established: worth 1 x (1 + trust) = 2
    assert m.capacity.weakest_partner(m, 0, cap + 1) == -1
    assert not m.links.propose(m, cap + 1, 0)


def test_no_trade_up_without_preferences_or_when_switched_off():
    m, cap = full_hub("random")
    assert m.capacity.weakest_partner(m, 0, cap + 1) == -1
    m, cap = full_hub(capacity={"trade_up": False})
    m.hubs[0].policy = FixedPreference(np.arange(m.territories.n, dtype=float))
    assert not m.links.propose(m, cap + 1, 0)


def test_periphery_is_the_smaller_half():
    m = model()
    small = m.territories.size[m.capacity.periphery]
    large = m.territories.size[~m.capacity.periphery]
    assert m.capacity.periphery.sum() == m.territories.n // 2 and small.max() <= large.min()


# -- horizon ---------------------------------------------------------------------------------
def test_links_that_have_not_paid_back_within_the_horizon_are_cut():
    m = model(horizon={"quarters": 4})
    links, h = m.links, m.horizon
    links.connect(0, 1, 0)
    links.connect(0, 2, 0)
    m.state.revenue[:] = 0.0
    m.market_access = np.ones(m.territories.n)
    h.adapt(
        m,
        np.zeros((m.territories.n,) * 2),
        {"by_source": np.zeros((m.territories.n + 1, m.territories.n))},
    )
    h.value[0, 2] = h.value[2, 0] = 100.0  # the 0-2 link brought money
    m.steps = 3
    m.apply_changes(h, h.judge_links(m))
    assert links.active[0, 1]  # too young to be judged
    m.steps = 4
    m.apply_changes(h, h.judge_links(m))
    assert not links.active[0, 1] and links.active[0, 2] and h.cut == 1
    assert links.mean_lifetime(4) == 4.0


def test_patient_territories_never_cut():
    m = model()
    m.links.connect(0, 1, 0)
    m.steps = 1000
    assert m.horizon.judge_links(m) is None
    assert m.links.active[0, 1]


# -- protection ------------------------------------------------------------------------------
def test_protection_limits_drift_imitation_and_funds_distinctive_sectors():
    spec = np.array([[1.0, 0.0], [0.0, 1.0]])
    flow = np.array([[0, 1.0], [1.0, 0]])
    np.testing.assert_allclose(drift_specialization(spec, flow, np.array([0.1, 0.0]))[1], spec[1])
    assert (distinctive_sectors(spec) == np.eye(2, dtype=bool)).all()
    m = model(protection={"level": 0.8})
    m.step()  # the quarter's signals
    priority = m.signals.sector_priority
    distinct = distinctive_sectors(m.territories.specialization)
    assert np.allclose(priority[distinct], 1.8) and np.allclose(priority[~distinct], 1.0)
    assert np.isclose(m.signals.drift, 0.2) and np.isclose(m.signals.imitation, 0.2)


# -- narrative -------------------------------------------------------------------------------
def test_no_stereotype_leaves_perception_as_the_core_has_it():
    m = model()
    m.step()
    assert (m.signals.quality_factor == 1).all()
    assert (m.signals.visibility == m.territories.visibility).all()


def test_stereotypes_under_rate_small_places_and_exposure_corrects_them():
    m = model(narrative={"stereotype": 1.0})
    n = m.territories.n
    image = m.narrative.image.copy()
    assert np.allclose(image, m.territories.size / m.territories.size.max())
    m.state.exits[:] = 0.0
    m.narrative.adapt(m, np.zeros((n, n)), None)
    np.testing.assert_array_equal(m.narrative.image, image)  # nobody sees it
    m.narrative.adapt(m, ring(n, 0.8), None)
    assert (m.narrative.image > image)[image < 1].all()
    assert m.narrative.image.max() <= 1.0


def test_a_campaign_runs_in_its_window_and_costs():
    m = model(narrative={"stereotype": 1.0, "campaign_start": 2, "campaign_quarters": 2})
    n = m.territories.n
    costs = []
    for step in range(1, 6):
        m.steps = step
        booked = m.narrative.adapt(m, np.zeros((n, n)), None).flows["campaign_cost"]
        costs.append(booked.sum())
    assert costs[0] == 0 and costs[1] > 0 and costs[2] > 0 and costs[3] == 0


# -- diaspora --------------------------------------------------------------------------------
def test_expatriates_are_mesa_agents_abroad():
    m = model()
    expats = list(m.agents_by_type[Expatriate])
    assert len(expats) == m.cfg.diaspora.per_territory * m.territories.n
    assert all(e.origin != e.host and e.engagement == 0 and not e.returned for e in expats)


def test_without_engagement_the_diaspora_does_nothing():
    m = model()
    m.run(4)
    assert not m.diaspora.bridge.any() and not m.signals.introductions.any()
    assert m.diaspora.links_formed == 0 and m.diaspora.cum_returns.sum() == 0


def test_incentives_raise_engagement_and_returnees_carry_talent_home():
    m = model(diaspora={"programmes": 0.5, "tax_advantage": 0.5, "return_rate": 1.0})
    total = m.state.talent.sum()
    n = m.territories.n
    by_source = np.zeros((n + 1, n))
    for _ in range(5):
        d = m.diaspora
        m.apply_changes(d, d.adapt(m, np.zeros((n, n)), {"by_source": by_source}) or Changes())
    d = m.diaspora
    assert d.engagement.min() > 0 and d.engagement.max() <= 0.75  # target 1 - 0.5 x 0.5
    assert d.cum_returns.sum() > 0 and np.isclose(m.state.talent.sum(), total)
    assert d.bridge.max() > 0 and (d.bridge[d.abroad] > 0).all() and not d.bridge[~d.abroad].any()


def test_mechanism_streams_are_independent_and_reproducible():
    a, b = RandomStreams(3), RandomStreams(3)
    assert a.for_mechanism("x").random() == b.for_mechanism("x").random()
    assert a.for_mechanism("x").random() != a.for_mechanism("y").random()


# -- every metric finite and in range ----------------------------------------------------------
SHARES = (
    "link_churn",
    "periphery_link_share",
    "periphery_investment_share",
    "identity_kept",
    "practice_reach_share",
    "mean_practice_quality",
    "diaspora_engagement",
    "perception_gap",
)


@pytest.fixture(scope="module")
def everything_on():
    cfg = make_config(
        1,
        "complementarity",
        steps=24,
        practices={"birth_effect": 0.5, "survival_effect": 0.3},
        alignment={"spread": 0.5},
        horizon={"quarters": 8},
        protection={"level": 0.5},
        diaspora={"base_engagement": 0.2, "programmes": 0.5, "tax_advantage": 0.5},
        narrative={"stereotype": 0.5, "self_doubt": 0.5, "campaign_start": 4},
        knowledge={"turbulence": 0.05, "recombination": 0.1},
        sector_shocks={"shock_rate": 0.05},
    )
    m = EcosystemModel(cfg)
    m.run()
    return m


def test_all_metrics_are_finite_and_in_range(everything_on):
    m = everything_on
    ts = m.timeseries()
    world, terr = ts[ts.territory == "world"], ts[ts.territory != "world"]
    world_cols = [k for k in m.world_metrics if k not in ("territory", *MEASURED_AFTER_SHOCKS)]
    assert np.isfinite(world[world_cols].to_numpy(dtype=float)).all()
    terr_cols = [c for c in ts.columns if c != "territory" and terr[c].notna().any()]
    terr_cols = [c for c in terr_cols if c not in MEASURED_AFTER_SHOCKS]
    assert np.isfinite(terr[terr_cols].to_numpy(dtype=float)).all()
    # resilience measures: unmeasured (NaN) until the first shock's window closes, then finite
    for rows in (world, terr):
        for col in MEASURED_AFTER_SHOCKS:
            if col in rows and rows[col].notna().any():
                measured = rows[rows.step >= rows.loc[rows[col].notna(), "step"].min()][col]
                assert np.isfinite(measured.to_numpy(dtype=float)).all(), col
    for col in SHARES:
        assert world[col].between(0, 1).all(), col
    for col in ("practice_quality", "orientation", "specialization_drift"):
        assert terr[col].between(0, 1).all(), col
    assert terr["perception_gap"].between(0, 1).all() and (terr["returnees"] >= 0).all()
    summary = m.summary()
    for key in (
        "practice_mean_lag",
        "acceptance_rate",
        "mean_mature_links",
        "links_cut_by_horizon",
    ):
        assert np.isfinite(summary[key]) and summary[key] >= 0, key
    assert 0 <= summary["acceptance_rate"] <= 1
    caps = np.array([h.link_capacity for h in m.hubs])
    brokered = m.diaspora.links_formed
    assert (m.links.degree <= caps + brokered).all()
