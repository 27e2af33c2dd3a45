"""Agglomeration (docs/ODD.md §6.2): births follow startup density and research."""

import numpy as np
import pytest

from ecosim.analysis.stats import DISTINGUISHABLE, seeds_by_precision
from ecosim.core.model import EcosystemModel
from ecosim.kpis import smallest_effect
from tests.conftest import make_config, run_model

#: the smallest effect on a share of startups: the registry's margin for shares (2 points)
MARGIN = smallest_effect("top_share_investment").margin(np.nan)


def test_neutral_at_default_sends_nothing():
    """Both elasticities 0: no signal, so the core model is unchanged (the golden
    summaries, tests/test_golden.py, are those of the model without the mechanism)."""
    model = EcosystemModel(make_config(0, steps=4))
    model.run()
    assert model.mechanisms["agglomeration"].signals(model) == {}


def test_the_pull_moves_births_without_changing_their_expected_number():
    model = EcosystemModel(make_config(0, steps=8, agglomeration={"startups_elasticity": 1.5}))
    model.run()
    pull = model.mechanisms["agglomeration"].signals(model)["support"]
    talent = model.state.talent
    assert np.sum(pull * talent) / np.sum(talent) == pytest.approx(1.0)
    density = (model.state.live + 1.0) / talent
    assert np.all(np.diff(pull[np.argsort(density)]) >= -1e-12)  # denser: pulls more
    assert np.ptp(pull) > 0.1


def _share_change(key: str, territory_of, quarters: int = 40):
    """Paired by seed: the chosen territory's share of live startups at `quarters` with
    the elasticity `key` at 1, minus the same without it."""

    def differences(seeds):
        out = []
        for seed in seeds:
            base = run_model(seed, steps=quarters)
            pulled = run_model(seed, steps=quarters, agglomeration={key: 1.0})
            t = territory_of(base)
            out.append(pulled.state.live[t] / pulled.state.live.sum())
            out[-1] -= base.state.live[t] / base.state.live.sum()
        return out

    return differences


@pytest.mark.slow
def test_startup_density_concentrates_startups_in_the_leading_territory():
    """Measured: +0.14 [+0.11, +0.17] on seeds 0-19 (two_speed world, 40 quarters)."""
    leader = lambda model: int(np.argmax(model.state.live))  # noqa: E731
    found, seeds = seeds_by_precision(
        _share_change("startups_elasticity", leader), MARGIN, batch=10, cap=40
    )
    assert found.verdict == DISTINGUISHABLE and found.interval.low > 0, (found, len(seeds))


@pytest.mark.slow
def test_research_draws_startups_to_the_territory_richest_in_research_per_talent():
    """In the generated worlds research grows as size^0.5 and talent as size, so research
    per talent is highest in small territories: the research pull spreads startups out."""

    def richest(model):
        research = model.territories.research.sum(axis=1)
        return int(np.argmax(research / model.state.talent))

    found, seeds = seeds_by_precision(
        _share_change("research_elasticity", richest), MARGIN, batch=10, cap=40
    )
    assert found.verdict == DISTINGUISHABLE and found.interval.low > 0, (found, len(seeds))
