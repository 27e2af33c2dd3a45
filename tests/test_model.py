import numpy as np
import pandas as pd

from ecosim.core.agents import Hub, Investor
from ecosim.core.startups import Startup, Startups
from tests.conftest import run_model


def test_same_seed_same_results_different_seed_different():
    a = run_model(3, steps=30).timeseries()
    b = run_model(3, steps=30).timeseries()
    c = run_model(4, steps=30).timeseries()
    pd.testing.assert_frame_equal(a, b)
    assert not a["cum_exit_value"].equals(c["cum_exit_value"])


def test_startups_are_one_agent_set_and_views_stay_consistent():
    model = run_model(1, steps=40)
    startups = model.agents_by_type[Startup]
    assert startups is model.startups and isinstance(startups, Startups)
    pop = model.population
    live = pop.live_rows()
    assert len(startups) == len(live) == len(list(startups)) > 0
    assert not any(isinstance(a, Startup) for a in model.agents)  # no Mesa agent per startup
    assert len(list(model.agents_by_type[Hub])) == model.territories.n
    assert len(list(model.agents_by_type[Investor])) == len(model.investors)
    np.testing.assert_array_equal(startups.get("capital"), pop.capital[live])
    for view in list(startups)[:50]:
        assert pop.alive[view.row] and pop.uid[view.row] == view.unique_id
        assert view.stage in ("seed", "growth", "scale")
        assert set(view.needs) == {"funding", "market", "technical_partner"}
        assert 0 <= view.territory < model.territories.n


def test_startup_set_select_set_do_and_views_across_compaction():
    model = run_model(2, steps=5)
    startups = model.startups
    rich = startups.select(startups.get("capital") > np.median(startups.get("capital")))
    assert 0 < len(rich) < len(startups)
    assert (rich.get("capital") > np.median(startups.get("capital"))).all()
    assert len(startups.select(lambda s: s.get("stage") == 0, at_most=3)) <= 3
    assert len(startups.select(at_most=0.5)) == len(startups) // 2
    rich.set("revenue", 7.0)
    assert (model.population.revenue[rich.rows()] == 7.0).all()
    assert rich.agg("revenue", np.sum) == 7.0 * len(rich)
    seen = []
    startups.do(lambda s, k: seen.append(len(s) * k), 2)
    assert seen == [2 * len(startups)]
    view = next(iter(startups))
    uid, capital = view.unique_id, view.capital
    model.population.compact()  # rows move; the view finds its startup by id
    assert view.unique_id == uid and view.capital == capital and view.alive
    chosen = len(rich)
    model.run(60)  # many startups end, dead rows are reclaimed: a selection shrinks with them
    assert 0 < len(rich) < chosen
    assert model.population.alive[rich.rows()].all()
    assert set(rich.get("unique_id")) <= set(startups.get("unique_id"))


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
    assert Startup not in model.agents_by_type


def test_agent_level_collection_is_optional_and_matches_live_counts():
    assert run_model(0, steps=3).recorder.agent_table() is None
    model = run_model(0, steps=5, sim={"collect_agents": True})
    agents = model.recorder.agent_table()
    world = model.timeseries().query("territory == 'world'")
    per_step = agents.groupby("step").size()
    assert list(per_step.values) == list(world["live_startups"].astype(int).values)


def test_record_every_k_quarters_keeps_the_recorded_rows_and_the_summary():
    shocks = {"shock_rate": 0.3}  # sector shocks keep books over quarters
    every = run_model(5, steps=10, sector_shocks=shocks)
    sparse = run_model(5, steps=10, sim={"record_every": 4}, sector_shocks=shocks)
    pd.testing.assert_series_equal(pd.Series(sparse.summary()), pd.Series(every.summary()))
    full, thin = every.timeseries(), sparse.timeseries()
    assert sorted(set(thin["step"])) == [4, 8, 10]  # every 4th quarter and the last
    pd.testing.assert_frame_equal(
        thin.reset_index(drop=True),
        full[full["step"].isin([4, 8, 10])].reset_index(drop=True),
    )


def test_a_hubs_spending_is_what_its_books_say_it_paid_for_networking():
    model = run_model(0, steps=12)
    spent = np.array([hub.spent for hub in model.hubs])
    np.testing.assert_array_equal(spent, model.state.cum_link_cost + model.state.cum_campaign_cost)
    assert spent.max() > 0  # complementarity links cost from their first quarter
