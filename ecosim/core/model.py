"""The ecosystem model: territories, startups, investors and hubs, one step per quarter.

`step()` reads as the process overview of docs/ODD.md §3, one named phase per line:
hubs revise links and trust builds, the levers send their signals, startups are born,
exchange knowledge, sell, raise money, burn it, fail or exit; then talent moves,
specializations drift, the levers learn from the quarter, and metrics are recorded.
Each mechanism lives in its own module; this file only sequences them. The levers talk
to the core through `self.signals` (`ecosim.core.signals`), the books are
`ecosim.core.books`.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd

from ecosim.config import EcosimConfig
from ecosim.core import births, funding, knowledge, market, metrics, outcomes
from ecosim.core.agents import Hub
from ecosim.core.books import Snapshot, TerritoryState, territory_columns, world_values
from ecosim.core.landscape import Landscapes
from ecosim.core.ledger import Ledger
from ecosim.core.levers.alignment import Alignment
from ecosim.core.levers.capacity import Capacity
from ecosim.core.levers.diaspora import Diaspora
from ecosim.core.levers.horizon import Horizon
from ecosim.core.levers.narratives import Narratives
from ecosim.core.levers.practices import Practices
from ecosim.core.levers.protection import Protection
from ecosim.core.links import LinkNetwork
from ecosim.core.policies import make_policy
from ecosim.core.population import Population
from ecosim.core.random_streams import RandomStreams
from ecosim.core.recombination import Recombination
from ecosim.core.recorder import Recorder
from ecosim.core.sector_shocks import SectorShocks
from ecosim.core.signals import Signals
from ecosim.core.startups import Startups, register, unregister
from ecosim.core.territory_dynamics import drift_specialization, migrate_talent
from ecosim.core.turbulence import Turbulence
from ecosim.core.world import generate_territories, sector_groups


class EcosystemModel(mesa.Model):
    def __init__(self, cfg: EcosimConfig):
        super().__init__(rng=cfg.seed)
        self.cfg = cfg
        self.streams = RandomStreams(cfg.seed)
        w = cfg.world
        self.territories = generate_territories(w, self.streams.world)
        self.distance = self.territories.distances()
        self.sector_groups = sector_groups(w)
        self.landscapes = Landscapes(w.n_sectors, w.nk_n, w.nk_k, self.streams.landscape)
        self.population = Population(w.nk_n)
        self.ledger = Ledger()
        self.stakes = funding.Stakes()
        self.state = TerritoryState(self.territories.n, w.n_sectors, self.territories.talent)
        self.policy = make_policy(cfg.policy.name)
        self.links = LinkNetwork(self.territories.n, self.distance, cfg.policy)
        self.hubs = [Hub(self, t, self.policy) for t in range(self.territories.n)]
        self.investors = funding.create_investors(self)
        self.investor_homes = np.array(
            [-1 if i.home is None else i.home for i in self.investors], dtype=np.int64
        )
        self.investor_linked = np.array([i.reach == i.LINKED for i in self.investors], dtype=bool)
        # The startups: one agent set over the population's columns (ecosim.core.startups).
        self.startups = Startups(self)
        register(self, self.startups)
        # What the levers below tell the core each quarter (neutral until they speak).
        self.signals = Signals.neutral(self.territories.visibility, w.n_sectors)
        # The seed text's challenges and strategies, one object per mechanism.
        self.practices = Practices(self)
        self.alignment = Alignment(self)
        self.capacity = Capacity(self)
        self.horizon = Horizon(self)
        self.protection = Protection(self)
        self.narratives = Narratives(self)
        self.signals.sector_priority = self.protection.sector_priority()
        self.founder_proceeds = 0.0
        self._seed_startups()
        self.diaspora = Diaspora(self)
        # Why diversity pays: a changing environment and combinations of distant know-how.
        self.turbulence = Turbulence(self)
        self.sector_shocks = SectorShocks(self)
        self.recombination = Recombination(self)
        self.mechanisms = (
            self.practices,
            self.alignment,
            self.capacity,
            self.horizon,
            self.protection,
            self.narratives,
            self.diaspora,
            self.turbulence,
            self.sector_shocks,
            self.recombination,
        )
        self._flow = np.zeros((self.territories.n, self.territories.n))
        self._access = market.market_access(self, self._flow)
        self._tech = knowledge.partner_support(self, self._flow)
        self.recorder = Recorder(self.territories.names, cfg.sim.collect_agents)
        self._net_flow_series: list[float] = []
        self._count_startups()
        self._diversity0 = self._diversity()
        self.world_metrics: dict[str, float] = {}
        self._recorded_step = 0

    # -- set-up -----------------------------------------------------------------
    def _seed_startups(self) -> None:
        """An ecosystem already running: startups at every stage, in specialized sectors."""
        terr, w, e = self.territories, self.cfg.world, self.cfg.economy
        rng = self.streams.world
        counts = np.maximum(np.round(w.startups_per_size * terr.size), 1).astype(int)
        territory = np.repeat(np.arange(terr.n), counts)
        spec = terr.specialization[territory]
        sector = np.minimum(
            (spec.cumsum(1) < rng.random(len(territory))[:, None]).sum(1), w.n_sectors - 1
        )
        rows = self._add_startups(territory, sector, rng)
        stage = rng.choice(3, size=len(rows), p=[0.6, 0.3, 0.1])
        pop = self.population
        pop.stage[rows] = stage
        pop.rounds[rows] = stage
        pop.raised[rows] = np.cumsum(np.asarray(e.round_size))[stage] * (stage > 0)
        pop.capital[rows] = np.asarray(e.burn)[stage] * rng.uniform(1, 6, len(rows))
        pop.birth_step[rows] = -rng.integers(0, 16, len(rows))
        funding.initial_portfolio(self, rows)

    def _add_startups(self, territory, sector, rng=None) -> np.ndarray:
        if len(territory) == 0:
            return np.zeros(0, dtype=np.int64)
        rng = rng or self.streams.births
        bits = rng.integers(0, 2, size=(len(territory), self.landscapes.n), dtype=np.uint8)
        fit = self.landscapes.fitness(bits, sector)
        quality = self.landscapes.quality(fit, sector, self.cfg.economy.quality_power)
        # Founders' own money varies a lot: exponential around the configured mean.
        capital = self.cfg.economy.founder_capital * rng.exponential(size=len(territory))
        return self.population.add(territory, sector, bits, fit, quality, capital, self.steps, rng)

    # -- the quarter ----------------------------------------------------------------
    def step(self) -> None:
        self.state.reset_flows()
        flow = self._revise_links()
        self._send_signals()
        self._change_environment()
        self._give_birth()
        self._exchange_knowledge(flow)
        self._sell(flow)
        deals = self._fund(flow)
        self._resolve(outcomes.burn_and_resolve(self))
        self._move_talent(flow)
        self._drift_specializations(flow)
        self._adapt(flow, deals)
        self._close_books()
        if self.steps % self.cfg.sim.record_every == 0 or self.steps == self.cfg.sim.steps:
            self._record()
        self._reclaim_rows()

    def _revise_links(self) -> np.ndarray:
        """Hubs revise links (every `rewire_every` quarters), mismatched ones break, trust
        builds; returns the quarter's link weights, the channel of every exchange."""
        if (self.steps - 1) % self.cfg.policy.rewire_every == 0:
            self.horizon.judge(self)
            for i in self.streams.links.permutation(len(self.hubs)):
                self.hubs[i].revise_links()
            self.diaspora.introduce(self)
        self.alignment.break_mismatched(self)
        self.links.build_trust()
        self.diaspora.strengthen(self)
        self._flow = self.links.weights(self.cfg.policy.openness)
        self.state.link_cost[:] = self.links.cost_per_territory()
        return self._flow

    def _send_signals(self) -> None:
        """The levers' influence on this quarter's births, funding and burn."""
        self.narratives.apply(self)
        self.signals.support = self.practices.support() * self.narratives.support()
        self.signals.burn_factor = self.practices.burn_factor()
        self.signals.introductions = self.diaspora.introductions()

    def _change_environment(self) -> None:
        """The world outside moves: technologies (turbulence) and sectors' demand (shocks)."""
        self.turbulence.shake(self)
        self.sector_shocks.shift(self)

    def _give_birth(self) -> None:
        terr, sector = births.draw_births(self, self.state.talent, self.signals.support)
        self._add_startups(terr, sector)
        self.state.births[:] = np.bincount(terr, minlength=self.territories.n)

    def _exchange_knowledge(self, flow: np.ndarray) -> None:
        """Technical partners found across links; search and imitation (expatriates carry
        knowledge too; protection damps imitation across links)."""
        self._tech = knowledge.partner_support(self, flow)
        seen = np.maximum(flow, self.diaspora.bridge)
        self._learn(self.protection.imitation(seen))
        self.recombination.combine(self, flow)

    def _sell(self, flow: np.ndarray) -> None:
        self._access = market.market_access(self, flow)
        self.state.revenue[:] = market.earn_revenue(self, self._access)

    def _fund(self, flow: np.ndarray) -> dict[str, np.ndarray]:
        st = self.state
        self.funds.replenish()
        deals = funding.fund_startups(self, flow)
        st.investment[:] = deals["received"]
        st.external_investment[:] = deals["external"]
        st.deals[:] = deals["deals"]
        st.seekers[:] = deals["seekers"]
        return deals

    def _move_talent(self, flow: np.ndarray) -> None:
        st = self.state
        moves = migrate_talent(st.talent, st.attractiveness, flow, self.cfg.economy.talent_mobility)
        st.talent_inflow[:] = moves.sum(axis=0)
        st.talent = st.talent - moves.sum(axis=1) + st.talent_inflow

    def _drift_specializations(self, flow: np.ndarray) -> None:
        rate = self.protection.drift_rate(self.cfg.policy.drift_rate)
        terr = self.territories
        terr.specialization = drift_specialization(terr.specialization, flow, rate)

    def _adapt(self, flow: np.ndarray, deals: dict[str, np.ndarray]) -> None:
        """The levers learn from the quarter: links' value, practices, images, expatriates."""
        st = self.state
        self.horizon.account(self, flow, st.revenue, self._access, deals["by_source"])
        self.practices.spread(self, flow)
        self.narratives.update(self, flow, st.exits)
        st.campaign_cost[:] = self.narratives.cost
        self.diaspora.update(self, deals["by_source"], flow)

    def _learn(self, flow: np.ndarray) -> None:
        pop, k = self.population, self.cfg.knowledge
        rows = pop.live_rows()
        reach = flow * self.cfg.policy.cross_imitation
        np.fill_diagonal(reach, 1.0)
        sector, terr = pop.sector[rows], pop.territory[rows]
        bits, fit, source = knowledge.imitate_and_search(
            pop.bits[rows],
            pop.fitness[rows],
            sector,
            terr,
            reach,
            self.landscapes,
            self.streams.knowledge,
            k.velocity,
            k.copy_error,
            self._tech[terr, sector],
        )
        pop.bits[rows] = bits
        # Knowledge partnerships: copies from the own territory vs across a link.
        n, copied = self.territories.n, source >= 0
        home = copied & (source == terr)
        self.state.imitations_within[:] = np.bincount(terr[home], minlength=n)
        self.state.imitations_across[:] = np.bincount(terr[copied & ~home], minlength=n)
        # A startup that moved to another solution left its combination's novelty behind.
        pop.novelty[rows[copied | (fit != pop.fitness[rows])]] = 1.0
        pop.fitness[rows] = fit
        pop.quality[rows] = self.landscapes.quality(fit, sector, self.cfg.economy.quality_power)

    def rescore(self, rows: np.ndarray) -> None:
        """Score startups' solutions again after their landscape changed (turbulence)."""
        pop, sector = self.population, self.population.sector[rows]
        power = self.cfg.economy.quality_power
        raw = self.landscapes.fitness(pop.bits[rows], sector)
        pop.fitness[rows] = raw * pop.novelty[rows] ** (1 / power)
        pop.quality[rows] = self.landscapes.quality(pop.fitness[rows], sector, power)

    def _resolve(self, ended: dict[str, np.ndarray]) -> None:
        """Close failed and exited startups: pay investors, book territory outcomes."""
        pop, st = self.population, self.state
        failed, exited, value = ended["failed"], ended["exited"], ended["exit_value"]
        rows = np.concatenate([failed, exited])
        values = np.concatenate([np.zeros(len(failed)), value])
        proceeds, founders = self.stakes.settle(pop.uid[rows], values, len(self.investors))
        self.founder_proceeds += founders
        self.funds.receive(proceeds, self.cfg.economy.recycling)
        n = self.territories.n
        self.sector_shocks.count_failures(pop.sector[failed])
        st.failures[:] = np.bincount(pop.territory[failed], minlength=n)
        st.exits[:] = np.bincount(pop.territory[exited], minlength=n)
        st.exit_value[:] = np.bincount(pop.territory[exited], weights=value, minlength=n)
        outcome = np.concatenate(
            [np.full(len(failed), outcomes.FAILED), np.full(len(exited), outcomes.EXITED)]
        )
        self.ledger.close(pop, rows, outcome, values, self.steps)
        pop.end(rows)

    # -- books and metrics -----------------------------------------------------------------
    def _count_startups(self) -> None:
        pop, st = self.population, self.state
        rows = pop.live_rows()
        n, s = self.territories.n, self.cfg.world.n_sectors
        key = pop.territory[rows] * s + pop.sector[rows]
        st.startups_by_sector = np.bincount(key, minlength=n * s).reshape(n, s).astype(float)
        st.live = st.startups_by_sector.sum(axis=1)

    def _diversity(self) -> tuple[float, float]:
        pop = self.population
        rows = pop.live_rows()
        return (
            metrics.specialization_diversity(self.territories.specialization),
            metrics.solution_diversity(pop.bits[rows], pop.sector[rows], self.cfg.world.n_sectors),
        )

    def _close_books(self) -> None:
        """Every quarter: count startups, add the flows to the running totals; mechanisms
        that keep books over quarters close theirs (`close_quarter`), recorded or not."""
        self._count_startups()
        st, e = self.state, self.cfg.economy
        st.close_quarter(e.round_size[0], e.birth_rate)
        self.links.close_quarter()
        for mechanism in self.mechanisms:
            if hasattr(mechanism, "close_quarter"):
                mechanism.close_quarter(self)
        net = float(st.exit_value.sum() - st.link_cost.sum() - st.campaign_cost.sum())
        self._net_flow_series.append(net)

    def _record(self) -> None:
        """Record every territory's and the world's metrics of the quarter just closed
        (every `sim.record_every` quarters, the last one, and on demand: `recorded`)."""
        st = self.state
        step = int(self.steps)
        self._recorded_step = step
        snap = Snapshot(self, st, self.population.live_rows(), self._diversity(), self._diversity0)
        territory = territory_columns(snap)
        columns = territory | self._mechanism_metrics("territory_metrics")
        self.recorder.territories(step, columns)
        self.recorder.agents(step, self.population)
        self.world_metrics = {
            "step": step,
            "territory": "world",
            **world_values(snap, territory),
            **self.links.world_metrics(step),
            **self._mechanism_metrics("world_metrics"),
        }
        self.recorder.world(self.world_metrics)

    def recorded(self) -> None:
        """Make sure the latest quarter is recorded (a run stopped between recordings)."""
        if self.steps > 0 and self._recorded_step != self.steps:
            self._record()

    def _reclaim_rows(self) -> None:
        """Drop dead startups' rows once they are half of the population's."""
        if self.population.n > 2 * max(self.population.n_live, 512):
            self.population.compact()

    def _mechanism_metrics(self, kind: str) -> dict:
        """Each mechanism's metrics of one kind (territory arrays, world numbers, summary)."""
        out = {}
        for mechanism in self.mechanisms:
            if hasattr(mechanism, kind):
                out.update(getattr(mechanism, kind)(self))
        return out

    def needs_of(self, row: int) -> dict[str, bool]:
        pop, e = self.population, self.cfg.economy
        t, s = int(pop.territory[row]), int(pop.sector[row])
        return {
            "funding": bool(pop.capital[row] < e.runway_quarters * e.burn[pop.stage[row]]),
            "market": bool(self._access[t] < np.median(self._access)),
            "technical_partner": bool(self._tech[t, s] < 0.5 * self.cfg.knowledge.partner_trials),
        }

    # -- results ----------------------------------------------------------------------
    def timeseries(self) -> pd.DataFrame:
        """Long table: one row per recorded step and territory, plus one 'world' row per
        recorded step (every step unless `sim.record_every` > 1)."""
        self.recorded()
        return self.recorder.timeseries()

    def summary(self) -> dict[str, float]:
        """Final KPIs of the run (definitions in docs/ODD.md)."""
        sim = self.cfg.sim
        self.recorded()
        w = dict(self.world_metrics)
        w.pop("territory")
        w.pop("step")
        flows = np.asarray(self._net_flow_series)
        rate = sim.discount_rate
        survival = self.ledger.cohort_statistics(self.population, self.steps, sim.burn_in)
        return {
            "steps": int(self.steps),
            **{k: float(v) for k, v in w.items()},
            "npv_short": metrics.discounted(flows[: sim.short_horizon], rate),
            "npv_long": metrics.discounted(flows, rate),
            **survival,
            **self.links.summary(),
            **self._mechanism_metrics("summary"),
        }

    def run(self, steps: int | None = None, progress=None) -> None:
        steps = self.cfg.sim.steps if steps is None else steps
        for i in range(steps):
            self.step()
            if progress is not None:
                progress(i + 1, steps)

    def release(self) -> None:
        """Free the model's agents so a worker running many models keeps flat memory.

        Mesa 3.3 keeps a class-level id counter keyed by model; drop it too.
        """
        for agent in list(self.agents):
            agent.remove()
        unregister(self)
        ids = getattr(mesa.Agent, "_ids", None)
        if ids is not None:
            ids.pop(self, None)
