"""What every mechanism is: a room with one door to the model.

A mechanism keeps its own state and random stream. It *reads* the model (territories,
links, population, books) but never writes the model's state: each phase hook returns
what the mechanism wants changed - signals for the quarter, links to end or broker,
trust gained, talent moved, population columns, landscapes redrawn - and the model
applies every kind of change in one place (`EcosystemModel.apply_changes`). So a reader of
`model.py` sees every write to the core, and a new mechanism cannot reach around it.

The hooks follow the quarter (docs/ODD.md §3); each is a no-op here, so a mechanism
overrides only the phases it acts in:

- `judge_links`: before hubs revise their links (every `rewire_every` quarters);
- `after_revision`: after they did (people, not hubs, may broker links);
- `tend_links`: every quarter, before trust builds (links end);
- `grow_trust`: every quarter, after trust built (extra trust on some links);
- `change_environment`: the world outside moves (landscapes, demand);
- `signals`: what the mechanism tells births, funding and burn this quarter;
- `exchange`: after search and imitation (new combinations of know-how);
- `observe_ends`: the quarter's failures and exits, to count what it measures;
- `adapt`: it learns from the quarter (flows, deals);
- `close_quarter`: every quarter, recorded or not, after the books are closed.

Metrics are declared once, as `books.Metric` entries whose functions take the mechanism
and the recorded quarter's `books.Snapshot` (`METRICS`); the run's final numbers that are
not per-quarter metrics come from `summary`. Labels live in `ecosim.kpis`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ecosim.core.books import Metric

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


@dataclass
class Changes:
    """What a mechanism wants changed in the core; the model applies it (`apply_changes`).

    Each kind is applied in one place and in this order: landscapes, population
    columns, rescoring, links ended, links brokered, trust, talent, booked flows."""

    #: sector -> its landscape's new contribution table (turbulence)
    landscapes: dict[int, np.ndarray] = field(default_factory=dict)
    #: population column -> (rows, new values) (recombination)
    columns: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    #: rows whose solutions are scored again on their (changed) landscapes
    rescore: np.ndarray | None = None
    #: links (a, b) to end; their lifetime counts (`LinkNetwork.disconnect` with a step)
    end_links: list[tuple[int, int]] = field(default_factory=list)
    #: links (a, b) people propose outside hubs' budgets; the model reports which formed
    #: back to the mechanism (`links_brokered`)
    broker_links: list[tuple[int, int]] = field(default_factory=list)
    #: added to links' trust
    trust_gain: np.ndarray | None = None
    #: talent (taken, given) per territory, applied as talent -= taken; talent += given
    talent: tuple[np.ndarray, np.ndarray] | None = None
    #: this quarter's flows to book, per territory (`TerritoryState` counters)
    flows: dict[str, np.ndarray] = field(default_factory=dict)


class Mechanism:
    """A mechanism of the model: its state, its phase hooks, its metrics.

    Subclasses set `name` (the model's attribute and registry key) and override the
    hooks they need. Every hook takes the model as read-only input."""

    #: the model's attribute and the registry's key
    name: ClassVar[str] = ""
    #: the metrics it produces, in output column order (functions of (self, snapshot))
    METRICS: ClassVar[tuple[Metric, ...]] = ()

    @classmethod
    def build(cls, model: EcosystemModel) -> Mechanism:
        """The mechanism for this model (the registry builds each with this)."""
        return cls(model)

    def judge_links(self, model: EcosystemModel) -> Changes | None:
        return None

    def after_revision(self, model: EcosystemModel) -> Changes | None:
        return None

    def links_brokered(self, model: EcosystemModel, formed: list[tuple[int, int]]) -> None:
        """The links of `broker_links` that formed, in the order they were asked for."""

    def tend_links(self, model: EcosystemModel) -> Changes | None:
        return None

    def grow_trust(self, model: EcosystemModel) -> Changes | None:
        return None

    def change_environment(self, model: EcosystemModel) -> Changes | None:
        return None

    def signals(self, model: EcosystemModel) -> dict[str, np.ndarray]:
        """Factors on `Signals` fields (multiplied into the neutral values; introductions
        are added): e.g. {"support": ...}. Empty: the mechanism sends nothing."""
        return {}

    def exchange(self, model: EcosystemModel, flow: np.ndarray) -> Changes | None:
        return None

    def observe_ends(self, model: EcosystemModel, failed: np.ndarray, exited: np.ndarray) -> None:
        """The rows of the startups that failed and exited this quarter (before they end)."""

    def adapt(
        self, model: EcosystemModel, flow: np.ndarray, deals: dict[str, np.ndarray]
    ) -> Changes | None:
        return None

    def close_quarter(self, model: EcosystemModel) -> None:
        """Every quarter, recorded or not: close books kept over quarters."""

    def summary(self, model: EcosystemModel) -> dict[str, float]:
        """The run's final numbers that are not per-quarter metrics."""
        return {}
