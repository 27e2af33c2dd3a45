"""The books: each territory's flows of the quarter and their running totals, and the one
list of metrics recorded from them for every territory and for the world.

A metric is declared once, by what produces it: the books' own here (`METRICS`), each
mechanism's in its module (`Mechanism.METRICS`); `collect` puts them in one list. A
metric says how it reads for a territory (an array, one value per territory) and for the
world (by default the world's total). Definitions are in docs/ODD.md §7; the order of
the list is the order of the output columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING

import numpy as np

from ecosim.core import measures

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel

TERRITORY_COUNTERS = (
    "births",
    "failures",
    "exits",
    "exit_value",
    "investment",
    "deals",
    "seekers",
    "external_investment",
    "talent_inflow",
    "link_cost",
    "campaign_cost",
    "revenue",
    "imitations_within",
    "imitations_across",
)
#: running totals kept for the flows that KPIs accumulate
TOTALS = (
    "exit_value",
    "link_cost",
    "campaign_cost",
    "revenue",
    "investment",
    "external_investment",
    "imitations_within",
    "imitations_across",
)


class TerritoryState:
    """Per-territory books: this quarter's flows and their running totals."""

    def __init__(self, n: int, n_sectors: int, talent: np.ndarray):
        for name in TERRITORY_COUNTERS:
            setattr(self, name, np.zeros(n))
        for name in TOTALS:
            setattr(self, f"cum_{name}", np.zeros(n))
        self.attractiveness = np.zeros(n)
        self.talent = talent.astype(float).copy()
        self.startups_by_sector = np.zeros((n, n_sectors))
        self.live = np.zeros(n)

    def reset_flows(self) -> None:
        for name in TERRITORY_COUNTERS:
            getattr(self, name)[:] = 0.0

    def close_quarter(self, round_size: float, birth_rate: float) -> None:
        """Add the quarter's flows to the totals; attractiveness in startup-equivalents."""
        for name in TOTALS:
            getattr(self, f"cum_{name}")[:] += getattr(self, name)
        self.attractiveness = (
            self.births + self.external_investment / round_size + self.talent_inflow * birth_rate
        )

    @property
    def cum_cost(self) -> np.ndarray:
        """Networking costs to date: links and narrative campaigns."""
        return self.cum_link_cost + self.cum_campaign_cost


@dataclass
class Snapshot:
    """What several metrics read, computed once per recorded quarter."""

    model: EcosystemModel
    st: TerritoryState
    rows: np.ndarray  # live startups
    diversity: tuple[float, float]  # (specialization, solution) now
    diversity0: tuple[float, float]  # and at the start

    @cached_property
    def variety(self) -> tuple[np.ndarray, np.ndarray]:
        """(related, unrelated) variety, read by four metrics: computed once."""
        return measures.variety(self.st.startups_by_sector, self.model.sector_groups)


@dataclass(frozen=True)
class Metric:
    """`territory(s)`: one value per territory (None: a world metric only); `world(s)`:
    the world's value (None: the total of the territory values, unless `total` is False:
    a territory-only metric). A mechanism's metrics take the mechanism first,
    `territory(mechanism, s)`, until `bound_to` it."""

    name: str
    territory: Callable[..., np.ndarray] | None = None
    world: Callable[..., float] | None = None
    total: bool = True

    def bound_to(self, owner) -> Metric:
        """This metric reading `owner` (its mechanism): functions of the snapshot alone."""
        territory = None if self.territory is None else partial(self.territory, owner)
        world = None if self.world is None else partial(self.world, owner)
        return Metric(self.name, territory, world, self.total)


def _flow(name: str) -> Metric:
    return Metric(name, lambda s: getattr(s.st, name))


def _relative(now: float, start: float) -> float:
    return now / start if start > 0 else 1.0


def _mean_quality(s: Snapshot) -> np.ndarray:
    pop, n = s.model.population, s.model.territories.n
    total = np.bincount(pop.territory[s.rows], weights=pop.quality[s.rows], minlength=n)
    return total / np.maximum(s.st.live, 1)


def _within_share(s: Snapshot) -> float:
    within, across = s.st.cum_imitations_within.sum(), s.st.cum_imitations_across.sum()
    return float(within / (within + across)) if within + across > 0 else float("nan")


def _variety(s: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    """(related, unrelated) variety of each territory's startups (world: their mean)."""
    return s.variety


def _investor_multiple(s: Snapshot) -> float:
    # Python's sum of numpy scalars, in investor order: plain additions, as the KPI has
    # always been added up (`sum` of Python floats is compensated on Python >= 3.12).
    invested = sum(s.model.funding.funds.invested)
    proceeds = sum(s.model.funding.funds.proceeds)
    return proceeds / invested if invested > 0 else 0.0


METRICS = (
    Metric("live_startups", lambda s: s.st.live),
    *map(_flow, ("births", "failures", "exits", "exit_value", "cum_exit_value", "revenue")),
    *map(_flow, ("cum_revenue", "link_cost", "cum_link_cost", "campaign_cost")),
    Metric(
        "cum_net_return",
        lambda s: s.st.cum_exit_value - s.st.cum_cost,
        lambda s: float(s.st.cum_exit_value.sum() - s.st.cum_cost.sum()),
    ),
    Metric(
        "value_created",
        lambda s: s.st.cum_exit_value - s.st.cum_investment - s.st.cum_cost,
        lambda s: float(
            s.st.cum_exit_value.sum() - s.st.cum_investment.sum() - s.st.cum_cost.sum()
        ),
    ),
    *map(_flow, ("investment", "deals", "seekers", "external_investment", "talent")),
    *map(_flow, ("talent_inflow", "imitations_within", "imitations_across")),
    Metric("within_territory_imitation_share", world=_within_share),
    _flow("attractiveness"),
    Metric("links", lambda s: s.model.links.degree, lambda s: float(s.model.links.count)),
    Metric(
        "mean_quality",
        _mean_quality,
        lambda s: float(s.model.population.quality[s.rows].mean()) if len(s.rows) else 0.0,
    ),
    Metric(
        "primary_sector",
        lambda s: s.model.territories.specialization.argmax(axis=1),
        total=False,
    ),
    Metric("related_variety", lambda s: _variety(s)[0], lambda s: float(_variety(s)[0].mean())),
    Metric("unrelated_variety", lambda s: _variety(s)[1], lambda s: float(_variety(s)[1].mean())),
    Metric("specialization_diversity", world=lambda s: s.diversity[0]),
    Metric("solution_diversity", world=lambda s: s.diversity[1]),
    Metric(
        "diversity_loss",
        world=lambda s: (
            1
            - 0.5 * _relative(s.diversity[0], s.diversity0[0])
            - 0.5 * _relative(s.diversity[1], s.diversity0[1])
        ),
    ),
    Metric(
        "solution_diversity_loss", world=lambda s: 1 - _relative(s.diversity[1], s.diversity0[1])
    ),
    Metric(
        "distinct_solutions",
        world=lambda s: float(
            measures.distinct_solutions(
                s.model.population.bits[s.rows], s.model.population.sector[s.rows]
            )
        ),
    ),
    Metric(
        "distinct_specializations",
        world=lambda s: float(
            measures.distinct_specializations(s.model.territories.specialization)
        ),
    ),
    Metric("gini_attractiveness", world=lambda s: measures.gini(s.st.attractiveness)),
    Metric("gini_investment", world=lambda s: measures.gini(s.st.cum_investment)),
    Metric("top_share_investment", world=lambda s: measures.top_share(s.st.cum_investment)),
    Metric("investor_multiple", world=_investor_multiple),
    Metric(
        "failure_rate",
        world=lambda s: float(s.st.failures.sum() / max(s.st.live.sum() + s.st.failures.sum(), 1)),
    ),
)


def collect(mechanisms: Iterable) -> tuple[Metric, ...]:
    """Every metric of a model: the books' own, then each mechanism's, in registry order.
    A name declared twice is a mistake: ValueError."""
    found = [*METRICS, *(m.bound_to(mech) for mech in mechanisms for m in mech.METRICS)]
    names = [m.name for m in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"metrics declared more than once: {', '.join(twice)}")
    return tuple(found)


def territory_columns(s: Snapshot, declared: tuple[Metric, ...]) -> dict[str, np.ndarray]:
    return {m.name: m.territory(s) for m in declared if m.territory is not None}


def world_values(
    s: Snapshot, territory: dict[str, np.ndarray], declared: tuple[Metric, ...]
) -> dict[str, float]:
    """The world's values; totals are summed from the `territory_columns` already computed."""
    out = {}
    for m in declared:
        if m.world is not None:
            out[m.name] = m.world(s)
        elif m.total:
            out[m.name] = float(territory[m.name].sum())
    return out
