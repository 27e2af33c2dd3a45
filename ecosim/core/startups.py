"""The startups as one Mesa agent set over the population's columns (no object per startup).

Startups are many and hold no decisions of their own: every mechanism acts on all of them
at once through `model.population` (a struct of numpy arrays). Creating, registering and
removing one Mesa `Agent` per birth and end cost more than the mechanisms themselves, and
no mechanism read those objects. So, as mesa-frames does, the startups are one agent set:
`model.startups`, also registered as `model.agents_by_type[Startup]`, with the operations a
Mesa user expects of an `AgentSet`:

- `len(model.startups)`: live startups;
- iteration yields `Startup` row views, made on demand (a view names its startup by id, so
  it stays valid while the startup lives, across the population's compaction);
- `select(mask)` (a boolean array over the set's members, or a function of the set that
  returns one) and `at_most`: a sub-set;
- `get("capital")`: an attribute of every member as one array (`set` writes one);
- `do(fn)`: a vectorized method, called once with the whole set; `agg(attr, fn)`.

Hubs, investors and expatriates, which hold decisions and state, stay Mesa agents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from ecosim.core import mesa_adapter
from ecosim.core.population import COLUMNS, STAGES

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel

#: what `get` reads beyond the population's columns
DERIVED = ("unique_id", "age", "bits")


class Startup:
    """One startup, seen through its row of the population (made on demand, never stored).

    Attributes are read from the columns each time, so a view always shows the current
    state; it names its startup by `unique_id`, found again after compaction."""

    __slots__ = ("model", "unique_id")

    def __init__(self, model: EcosystemModel, unique_id: int):
        self.model = model
        self.unique_id = int(unique_id)

    @property
    def row(self) -> int:
        """The startup's row in `model.population` now (rows move when dead rows are dropped)."""
        return self.model.population.row_of(self.unique_id)

    def _value(self, name: str):
        return getattr(self.model.population, name)[self.row]

    territory = property(lambda self: int(self._value("territory")))
    sector = property(lambda self: int(self._value("sector")))
    capital = property(lambda self: float(self._value("capital")))
    raised = property(lambda self: float(self._value("raised")))
    fitness = property(lambda self: float(self._value("fitness")))
    quality = property(lambda self: float(self._value("quality")))
    alive = property(lambda self: bool(self._value("alive")))

    @property
    def solution(self) -> str:
        return "".join(map(str, self._value("bits")))

    @property
    def stage(self) -> str:
        return STAGES[self._value("stage")]

    @property
    def age(self) -> int:
        return int(self.model.steps - self._value("birth_step"))

    @property
    def needs(self) -> dict[str, bool]:
        """What the startup lacks now: money, market, a technical partner."""
        return self.model.needs_of(self.row)

    def __repr__(self) -> str:
        return f"Startup({self.unique_id})"


class Startups:
    """An agent set of startups: all live ones (`uids=None`) or a selection of them by id.

    The whole set follows the population (births join it, ends leave it); a selection is
    the startups chosen when it was made, less those that have ended since."""

    def __init__(self, model: EcosystemModel, uids: np.ndarray | None = None):
        self.model = model
        self._uids = None if uids is None else np.asarray(uids, dtype=np.int64)

    # -- membership -------------------------------------------------------------
    def rows(self) -> np.ndarray:
        """The members' rows in `model.population`, in birth order."""
        pop = self.model.population
        if self._uids is None:
            return pop.live_rows()
        rows = pop.rows_of(self._uids)
        rows = rows[rows >= 0]
        return rows[pop.alive[rows]]

    def __len__(self) -> int:
        if self._uids is None:
            return self.model.population.n_live
        return len(self.rows())

    def __iter__(self) -> Iterator[Startup]:
        for uid in self.get("unique_id"):
            yield Startup(self.model, uid)

    def __contains__(self, startup) -> bool:
        uid = startup.unique_id if isinstance(startup, Startup) else int(startup)
        return bool(np.isin(uid, self.get("unique_id")))

    def select(
        self, mask: np.ndarray | Callable | None = None, at_most: int | float = np.inf
    ) -> Startups:
        """The members where `mask` is true (an array over members, or `mask(self)`), at most
        `at_most` of them (an int: a count; a float < 1: a share), in birth order."""
        uids = self.get("unique_id")
        if mask is not None:
            chosen = mask(self) if callable(mask) else mask
            chosen = np.asarray(chosen, dtype=bool)
            if chosen.shape != uids.shape:
                raise ValueError(f"mask has {chosen.size} values for {uids.size} startups")
            uids = uids[chosen]
        if isinstance(at_most, float) and at_most <= 1.0:
            at_most = int(at_most * len(uids))
        if at_most != np.inf:
            uids = uids[: int(at_most)]
        return Startups(self.model, uids)

    # -- attributes ---------------------------------------------------------------
    def get(self, attr: str | list[str]):
        """One attribute of every member as an array (a list of names: a dict of arrays).

        Names are the population's columns (`capital`, `stage` as 0/1/2, ...), `unique_id`,
        `age` (quarters) and `bits` (the solutions, one row per startup)."""
        if not isinstance(attr, str):
            return {name: self.get(name) for name in attr}
        pop, rows = self.model.population, self.rows()
        if attr == "unique_id":
            return pop.uid[rows]
        if attr == "age":
            return self.model.steps - pop.birth_step[rows]
        if attr in COLUMNS or attr == "bits":
            return getattr(pop, attr)[rows]
        allowed = ", ".join([*COLUMNS, *DERIVED])
        raise AttributeError(f"startups have no attribute {attr!r}; allowed: {allowed}")

    def set(self, attr: str, values) -> Startups:
        """Write a column for every member (a scalar or one value per member)."""
        if attr not in COLUMNS or attr in ("uid", "alive"):
            raise AttributeError(f"cannot set {attr!r} on startups")
        getattr(self.model.population, attr)[self.rows()] = values
        return self

    def do(self, method: str | Callable, *args, **kwargs) -> Startups:
        """A vectorized method, called once with the whole set: `method(self, ...)`, or the
        set's own method of that name."""
        if isinstance(method, str):
            getattr(self, method)(*args, **kwargs)
        else:
            method(self, *args, **kwargs)
        return self

    def agg(self, attr: str, func: Callable):
        """`func` of one attribute over the members, e.g. `agg("capital", np.sum)`."""
        return func(self.get(attr))

    def __repr__(self) -> str:
        return f"Startups({len(self)} startups)"


def register(model: EcosystemModel, startups: Startups) -> None:
    """Make the set the model's agent set of `Startup`: `model.agents_by_type[Startup]`
    (through `mesa_adapter`); `model.agents` remains the Mesa agents alone."""
    mesa_adapter.add_agent_set(model, Startup, startups)


def unregister(model: EcosystemModel) -> None:
    mesa_adapter.remove_agent_set(model, Startup)
