"""Re-measure the findings the recycling cap (issue 23) moved, with the verdicts of
docs/STATISTICS.md: `python experiments/remeasured/run.py [FINDING ...]` prints one line
per comparison (mean [95% CI], seeds, verdict, margin); results.md is its output.

Each finding is measured as its test measures it (tests/test_sector_shocks.py,
test_recombination.py, test_behaviour.py, test_diversity_value.py, test_validation.py),
with more seeds: the tests run a smaller version, this script the size the docs quote.
"""

from __future__ import annotations

import sys

import numpy as np

from ecosim.analysis.stats import verdict
from ecosim.config import EcosimConfig, TerritorySpec, validate
from ecosim.core.model import EcosystemModel
from ecosim.kpis import smallest_effect
from ecosim.validation import homogenization, networks
from ecosim.validation.lazer_friedman import SearchWorld, run_networks


def config(seed: int, policy: str = "complementarity", steps: int = 80, **sections):
    cfg = EcosimConfig(seed=seed)
    cfg.policy.name, cfg.sim.steps = policy, steps
    for section, values in sections.items():
        for key, value in values.items():
            setattr(getattr(cfg, section), key, value)
    return validate(cfg)


def run(cfg) -> EcosystemModel:
    model = EcosystemModel(cfg)
    model.run()
    return model


def line(name: str, differences, margin: float) -> str:
    v = verdict(differences, margin)
    i = v.interval
    return (
        f"- {name}: {i.mean:+.4g} [{i.low:+.4g}, {i.high:+.4g}], {i.n} seeds, "
        f"{v.verdict} (margin {margin:.3g})"
    )


def sector_shocks(n: int = 80) -> list[str]:
    """Live startups lost by quarter 24 to halving sector 0's demand at quarter 8."""
    uniform = [1 / 6] * 6
    territories = [
        TerritorySpec(name="metropolis", size=1.0, x=0.2, y=0.2),
        TerritorySpec(
            name="specialized", size=0.4, specialization=[1, 0, 0, 0, 0, 0], x=0.8, y=0.2
        ),
        TerritorySpec(name="diversified", size=0.4, specialization=uniform, x=0.2, y=0.8),
    ]

    def counts(seed: int, shock: bool) -> np.ndarray:
        cfg = config(seed, steps=24)
        cfg.world.n_territories, cfg.world.territories = 3, territories
        model = EcosystemModel(cfg)
        for step in range(24):
            if shock and step == 8:
                model.sector_shocks.hit(model, [0])
            model.step()
        pop = model.population
        rows = pop.live_rows()
        out = np.zeros((3, 6))
        np.add.at(out, (pop.territory[rows], pop.sector[rows]), 1)
        return out

    spec, div, div_s0, div_other = [], [], [], []
    for seed in range(n):
        calm, shocked = counts(seed, False), counts(seed, True)
        lost = calm - shocked
        spec.append(lost[1].sum() / calm[1].sum())
        div.append(lost[2].sum() / calm[2].sum())
        div_s0.append(lost[2, 0] / max(calm[2, 0], 1))
        div_other.append(lost[2, 1:].sum() / calm[2, 1:].sum())
    m = smallest_effect("survival_5y").margin(1.0)  # a share: 2 points
    return [
        line("specialized minus diversified territory, share lost", np.subtract(spec, div), m),
        line("diversified territory, share of sector-0 startups lost", div_s0, m),
        line("diversified territory, share of other sectors' startups lost", div_other, m),
    ]


def recombination(n: int = 60) -> list[str]:
    """Spread of quality and distinct solutions after 12 quarters, rate minus none."""
    out = []
    for rate in (0.2, 1.0):
        base, tried = [], []
        for seed in range(n):
            for rows, knowledge in ((base, {}), (tried, {"recombination": rate})):
                model = run(config(seed, steps=12, knowledge=knowledge))
                pop = model.population
                quality = pop.quality[pop.live_rows()]
                rows.append((quality.std(), model.summary()["distinct_solutions"]))
        base, tried = np.array(base), np.array(tried)
        for col, name in ((0, "spread of quality"), (1, "distinct solutions")):
            m = smallest_effect(name).margin(base[:, col].mean())
            out.append(line(f"rate {rate}, {name}", tried[:, col] - base[:, col], m))
    return out


def behaviour(n: int = 60) -> list[str]:
    """Cumulative net return, complementarity minus isolated, at 2 and 20 years."""
    series = {}
    for policy in ("complementarity", "isolated"):
        rows = []
        for seed in range(n):
            ts = run(config(seed, policy)).timeseries()
            world = ts[ts.territory == "world"].set_index("step").cum_net_return
            rows.append((world.loc[8], world.loc[80]))
        series[policy] = np.array(rows)
    gap = series["complementarity"] - series["isolated"]
    iso = series["isolated"]
    return [
        line(
            f"at {years} years",
            gap[:, col],
            smallest_effect("cum_net_return").margin(iso[:, col].mean()),
        )
        for col, years in ((0, 2), (1, 20))
    ]


def diversity_value(n: int = 100) -> list[str]:
    """Value created (EUR M) by link budget and turbulence, 80 quarters."""

    def value(seed, policy, budget, turbulence):
        cfg = config(seed, policy, knowledge={"turbulence": turbulence})
        cfg.policy.link_budget = budget
        return run(cfg).summary()["value_created"]

    r = np.array(
        [
            [
                value(s, "complementarity", 5, 0.1),
                value(s, "open_mesh", 3, 0.1),
                value(s, "open_mesh", 3, 0.0),
                value(s, "complementarity", 0, 0.0),
                value(s, "complementarity", 0, 0.1),
            ]
            for s in range(n)
        ]
    )
    budget5, mesh, mesh_calm, none_calm, none = r.T
    calm, turbulent = mesh_calm - none_calm, mesh - none
    m = smallest_effect("value_created").margin
    return [
        line("turbulence 0.1: budget 5 minus open_mesh", budget5 - mesh, m(mesh.mean())),
        line("mesh over no links, calm minus turbulent", calm - turbulent, m(calm.mean())),
        line("half the calm gain minus the turbulent gain", calm / 2 - turbulent, m(calm.mean())),
        f"- share of the calm gain eroded: {1 - turbulent.mean() / calm.mean():.0%}",
    ]


def homogenization_groups(landscapes: int = 100) -> list[str]:
    """Score at round 50: 20 cross-group links minus none, and minus every pair."""
    levels = (0, 20, networks.cross_group_pairs(10, 10))
    runs = run_networks(SearchWorld(), homogenization.group_networks(levels), landscapes, 50, 3)
    s = runs.score[:, :, -1]
    m = smallest_effect("group_score").margin
    out = []
    for n in (12, 40, landscapes):
        out.append(
            line(f"20 links minus none ({n} landscapes)", s[1, :n] - s[0, :n], m(s[0, :n].mean()))
        )
        out.append(
            line(f"20 links minus all ({n} landscapes)", s[1, :n] - s[2, :n], m(s[2, :n].mean()))
        )
    return out


FINDINGS = {
    "sector_shocks": sector_shocks,
    "recombination": recombination,
    "behaviour": behaviour,
    "diversity_value": diversity_value,
    "homogenization": homogenization_groups,
}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(FINDINGS):
        print(f"## {name}\n\n{FINDINGS[name].__doc__}\n")
        print("\n".join(FINDINGS[name]()) + "\n", flush=True)
