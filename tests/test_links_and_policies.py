import numpy as np
import pytest

from ecosim.config import PolicyConfig
from ecosim.core.links import LinkNetwork
from ecosim.core.model import EcosystemModel
from ecosim.core.policies import POLICIES
from tests.conftest import make_config


def test_trust_builds_gradually_and_cost_grows_with_distance():
    dist = np.array([[0, 0.1, 1.0], [0.1, 0, 0.5], [1.0, 0.5, 0]])
    net = LinkNetwork(3, dist, PolicyConfig(trust_rate=0.1, link_cost=1.0, distance_cost=1.0))
    net.connect(0, 1, 0)
    net.connect(0, 2, 0)
    trust = []
    for _ in range(30):
        net.build_trust()
        trust.append(net.trust[0, 1])
    assert np.all(np.diff(trust) > 0) and trust[0] < 0.15 and trust[-1] > 0.9
    cost = net.cost_per_territory()
    assert cost[0] == pytest.approx(1.1 + 2.0) and cost[2] == pytest.approx(2.0)


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_policy_respects_capacity_and_links_symmetrically(policy):
    model = EcosystemModel(make_config(0, policy, steps=8))
    model.run()
    links = model.links
    assert (links.active == links.active.T).all() and not links.active.diagonal().any()
    if policy == "isolated":
        assert links.count == 0
    elif policy == "open_mesh":
        assert links.count == model.territories.n * (model.territories.n - 1) // 2
    elif policy == "hub_and_spoke":
        center = int(np.argmax(model.territories.size))
        assert links.active[center].sum() == links.count == model.territories.n - 1
    else:
        caps = np.array([h.link_capacity for h in model.hubs])
        assert (links.degree <= caps).all() and links.count > 0


def test_preferential_ranks_by_attractiveness_and_complementarity_by_gaps():
    model = EcosystemModel(make_config(0, "preferential", steps=4))
    model.run()
    t = model.territories.n - 1
    order = POLICIES["preferential"]().rank(model, t)
    appeal = model.state.attractiveness * model.signals.visibility
    assert (np.diff(appeal[order]) <= 1e-12).all()
    comp = POLICIES["complementarity"]()
    others = np.delete(np.arange(model.territories.n), t)
    scores = comp.scores(model, t, others)
    # The smallest territory gains most from the territory richest in what it lacks.
    assert others[np.argmax(scores)] in np.argsort(-model.territories.capital)[:3]
    # The metropolis has no capital or market gap: its scores come from research/experiments.
    assert comp.scores(model, 0, others[others != 0]).max() < scores.max()


def test_random_policy_draws_from_the_links_stream_only():
    a = EcosystemModel(make_config(5, "random", steps=1))
    b = EcosystemModel(make_config(5, "random", steps=1))
    assert (POLICIES["random"]().rank(a, 2) == POLICIES["random"]().rank(b, 2)).all()
