"""Everything that depends on Mesa's internals, and on which Mesa 3 release is installed.

ecosim supports Mesa 3.3 (Python 3.11) and 3.5 (Python >= 3.12). Two things need more
than Mesa's public API, and nothing else in ecosim may touch Mesa's private attributes
(tests/test_layers.py checks it):

- the startups are one vectorized agent set (`ecosim.core.startups`), not Mesa agents;
  Mesa keeps one `AgentSet` per agent class in the dict that `Model.agents_by_type`
  returns, and the startups' set takes that place for its class, which no Mesa agent
  ever has, so Mesa never adds to or removes from it;
- Mesa 3.3 numbers agents with a class-level counter keyed by model (`Agent._ids`),
  which keeps every model alive; a worker running many models forgets it on release.
  Mesa 3.5 has no such counter: nothing to do there.
"""

from __future__ import annotations

import mesa


def add_agent_set(model: mesa.Model, agent_class: type, agent_set) -> None:
    """Make `agent_set` the model's set of `agent_class` (`model.agents_by_type[...]`)."""
    model.agents_by_type[agent_class] = agent_set


def remove_agent_set(model: mesa.Model, agent_class: type) -> None:
    model.agents_by_type.pop(agent_class, None)


def forget_model(model: mesa.Model) -> None:
    """Drop what Mesa keeps of a released model outside it (Mesa 3.3's id counter)."""
    ids = getattr(mesa.Agent, "_ids", None)
    if ids is not None:
        ids.pop(model, None)
