"""Drive ecosim from the EMA Workbench: an exploratory design over two policy levers.

    pip install -e '.[discover]'        # the EMA Workbench
    python examples/ema_workbench.py    # 8 experiments, prints the outcomes' table

The model function wraps `ecosim.run` (docs: README, "Python API"): the Workbench draws
uncertainties and levers, ecosim runs each experiment and returns the outcomes. Use the
same pattern with SALib or Optuna; for large designs prefer `ecosim sweep` or
`ecosim discover`, which run in parallel and resume.
"""

from __future__ import annotations

import ecosim

STEPS = 40  # quarters per experiment: a short run, enough to see links pay


def ecosim_model(openness: float = 0.8, link_budget: int = 3, seed: int = 0) -> dict:
    """One ecosim run for the Workbench: levers in, KPIs out."""
    result = ecosim.run(
        "policy=complementarity",
        f"policy.openness={openness}",
        f"policy.link_budget={int(link_budget)}",
        f"seed={int(seed)}",
        f"sim.steps={STEPS}",
    )
    return {key: result.summary[key] for key in ("cum_net_return", "diversity_loss")}


def explore(n_experiments: int = 8):
    """(experiments, outcomes) of a Latin hypercube over openness and the link budget."""
    from ema_workbench import (
        IntegerParameter,
        Model,
        RealParameter,
        ScalarOutcome,
        perform_experiments,
    )

    model = Model("ecosim", function=ecosim_model)
    model.levers = [RealParameter("openness", 0.1, 1.0), IntegerParameter("link_budget", 1, 6)]
    model.uncertainties = [IntegerParameter("seed", 0, 999)]
    model.outcomes = [ScalarOutcome("cum_net_return"), ScalarOutcome("diversity_loss")]
    return perform_experiments(model, scenarios=n_experiments, policies=1)


if __name__ == "__main__":
    experiments, outcomes = explore()
    table = experiments[["openness", "link_budget", "seed"]].assign(**outcomes)
    print(table.to_string(index=False))
