import numpy as np
import pandas as pd

from ecosim.core.agents import Hub, Investor, Startup
from tests.conftest import run_model


def test_same_seed_same_results_different_seed_different():
    a = run_model(3, steps=30).timeseries()
    b = run_model(3, steps=30).timeseries()
    c = run_model(4, steps=30).timeseries()
    pd.testing.assert_frame_equal(a, b)
    assert not a["cum_exit_value"].equals(c["cum_exit_value"])


def test_agents_are_mesa_agents_and_views_stay_consistent():
    model = run_model(1, steps=40)
    startups = list(model.agents_by_type[Startup])
    assert len(startups) == len(model.population.live_rows()) == len(model.startup_agents)
    assert len(list(model.agents_by_type[Hub])) == model.territories.n
    assert len(list(model.agents_by_type[Investor])) == len(model.investors)
    pop = model.population
    for agent in startups[:50]:
        assert pop.alive[agent.row] and pop.uid[agent.row] == agent.unique_id
        assert agent.stage in ("seed", "growth", "scale")
        assert set(agent.needs) == {"funding", "market", "technical_partner"}
        assert 0 <= agent.territory < model.territories.n


def test_timeseries_has_territory_and_world_rows():
    model = run_model(0, steps=12)
    ts = model.timeseries()
    assert len(ts) == 12 * (model.territories.n + 1)
    world = ts[ts.territory == "world"]
    assert list(world["step"]) == list(range(1, 13))
    terr = ts[ts.territory != "world"].groupby("step")["live_startups"].sum()
    np.testing.assert_allclose(terr.values, world["live_startups"].values)


def test_release_frees_agents():
    model = run_model(0, steps=5)
    model.release()
    assert len(list(model.agents)) == 0


def test_agent_level_collection_is_optional_and_matches_live_counts():
    assert run_model(0, steps=3).recorder.agent_table() is None
    model = run_model(0, steps=5, sim={"collect_agents": True})
    agents = model.recorder.agent_table()
    world = model.timeseries().query("territory == 'world'")
    per_step = agents.groupby("step").size()
    assert list(per_step.values) == list(world["live_startups"].astype(int).values)
