"""The ecosystem model: territories, startups, investors and hubs, one step per quarter.

`step()` reads as the process overview of docs/ODD.md §3, one named phase per line:
hubs revise links and trust builds, the world outside moves, the mechanisms send their
signals, startups are born, exchange knowledge, sell, raise money, burn it, fail or
exit; then talent moves, specializations drift, the mechanisms learn from the quarter,
and metrics are recorded.

The core phases live in their modules (births, knowledge, market, funding, outcomes,
territory dynamics); every other mechanism is a `Mechanism` of the registry
(`ecosim.core.mechanisms.MECHANISMS`), which the model builds in order and calls at each
phase. Mechanisms never write the model's state: they return `Changes` and signals, and
this file applies them, one place per kind (`apply_changes`, `_send_signals`). Each mechanism
is also the model's attribute of its name (`model.diaspora`), for its queries
(`alignment.agree`, `capacity.weakest_partner`) and for readers such as the app.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd

from ecosim.config import EcosimConfig
from ecosim.core import births, knowledge, market, measures, mesa_adapter, outcomes
from ecosim.core.agents import Hub
from ecosim.core.books import Snapshot, TerritoryState, collect, territory_columns, world_values
from ecosim.core.funding import Funding
from ecosim.core.landscape import Landscapes
from ecosim.core.ledger import Ledger
from ecosim.core.mechanism import Changes, Mechanism
from ecosim.core.mechanisms import MECHANISMS
from ecosim.core.policies import make_policy
from ecosim.core.population import Population
from ecosim.core.random_streams import RandomStreams
from ecosim.core.recorder import Recorder
from ecosim.core.signals import Signals
from ecosim.core.startups import Startups, register, unregister
from ecosim.core.territory_dynamics import drift_specialization, migrate_talent
from ecosim.core.world import generate_territories, sector_groups


class EcosystemModel(mesa.Model):
    def __init__(self, cfg: EcosimConfig):
        super().__init__(rng=cfg.seed)
        self.cfg = cfg
        self.streams = RandomStreams(cfg.seed)
        w = cfg.world
        self.territories = generate_territories(w, self.streams.world, cfg.geography)
        self.distance = self.territories.distances()
        self.sector_groups = sector_groups(w)
        self.landscapes = Landscapes(w.n_sectors, w.nk_n, w.nk_k, self.streams.landscape)
        self.population = Population(w.nk_n)
        self.ledger = Ledger()
        self.state = TerritoryState(self.territories.n, w.n_sectors, self.territories.talent)
        self.policy = make_policy(cfg.policy.name)
        self.hubs = [Hub(self, t, self.policy) for t in range(self.territories.n)]
        self.funding = Funding(self)
        # The startups: one agent set over the population's columns (ecosim.core.startups).
        self.startups = Startups(self)
        register(self, self.startups)
        # Every other mechanism, in registry order (the links first).
        self.mechanisms: dict[str, Mechanism] = {}
        for kind in MECHANISMS:
            mechanism = kind.build(self)
            self.mechanisms[kind.name] = mechanism
            setattr(self, kind.name, mechanism)
        self.metrics = collect(self.mechanisms.values())
        # Neutral until the first quarter's signals: the first revision of links sees
        # territories as they are (what the model has always done).
        self.signals = Signals.neutral(self.territories.visibility, w.n_sectors)
        self.founder_proceeds = 0.0
        self._seed_startups()
        self._flow = np.zeros((self.territories.n, self.territories.n))
        self.market_access = market.market_access(self, self._flow)
        self._tech = knowledge.partner_support(self, self._flow)
        self.recorder = Recorder(self.territories.names, cfg.sim.collect_agents)
        self._net_flow_series: list[float] = []
        self._count_startups()
        self._diversity0 = self._diversity()
        self.world_metrics: dict[str, float] = {}
        self._recorded_step = 0

    @property
    def investors(self) -> list:
        """The investors (Mesa agents; their money is `funding.funds`)."""
        return self.funding.investors

    # -- set-up -----------------------------------------------------------------
    def _seed_startups(self) -> None:
        """An ecosystem already running: startups at every stage, in specialized sectors."""
        terr, w, e = self.territories, self.cfg.world, self.cfg.economy
        rng = self.streams.world
        weight = terr.size if terr.seed_weight is None else terr.seed_weight
        counts = np.maximum(np.round(w.startups_per_size * weight), 1).astype(int)
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
        self.funding.initial_portfolio(self, rows)

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
        self._change_environment()
        self._send_signals()
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
        """Hubs revise links (every `rewire_every` quarters; mechanisms judge links before
        and broker links after), links end, trust builds; returns the quarter's link
        weights, the channel of every exchange."""
        if (self.steps - 1) % self.cfg.policy.rewire_every == 0:
            self._each("judge_links")
            for i in self.streams.links.permutation(len(self.hubs)):
                self.hubs[i].revise_links()
            self._each("after_revision")
        self._each("tend_links")
        self.links.build_trust()
        self._each("grow_trust")
        self._flow = self.links.weights(self.cfg.policy.openness)
        self.state.link_cost[:] = self.links.cost_per_territory()
        return self._flow

    def _change_environment(self) -> None:
        """The world outside moves: technologies (turbulence) and sectors' demand (shocks)."""
        self._each("change_environment")

    def _send_signals(self) -> None:
        """The mechanisms' influence on this quarter's births, funding, burn, sales, search
        and drift: the only place `Signals` are written."""
        self.signals = self._compose_signals()

    def _compose_signals(self) -> Signals:
        sent = ((name, m.signals(self)) for name, m in self.mechanisms.items())
        return Signals.compose(self.territories.visibility, self.cfg.world.n_sectors, sent)

    def _each(self, hook: str, *args) -> None:
        """Call one phase hook of every mechanism, in registry order, applying its changes."""
        for mechanism in self.mechanisms.values():
            changes = getattr(mechanism, hook)(self, *args)
            if changes is not None:
                self.apply_changes(mechanism, changes)

    def apply_changes(self, mechanism: Mechanism, changes: Changes) -> None:
        """Apply what a mechanism wants changed: one place per kind of core state."""
        for sector, table in changes.landscapes.items():
            self.landscapes.replace(sector, table)
        pop = self.population
        for column, (rows, values) in changes.columns.items():
            getattr(pop, column)[rows] = values
        if changes.rescore is not None:
            self._rescore(changes.rescore)
        for a, b in changes.end_links:
            self.links.disconnect(a, b, self.steps)
        if changes.broker_links:
            formed = [(a, b) for a, b in changes.broker_links if self.links.broker(self, a, b)]
            mechanism.links_brokered(self, formed)
        if changes.trust_gain is not None:
            self.links.trust += changes.trust_gain
        if changes.talent is not None:
            taken, given = changes.talent
            self.state.talent -= taken
            self.state.talent += given
        for name, amount in changes.flows.items():
            getattr(self.state, name)[:] += amount

    def _give_birth(self) -> None:
        terr, sector = births.draw_births(self, self.state.talent, self.signals.support)
        self._add_startups(terr, sector)
        self.state.births[:] = np.bincount(terr, minlength=self.territories.n)

    def _exchange_knowledge(self, flow: np.ndarray) -> None:
        """Technical partners found across links; search and imitation (what expatriates
        see counts as a link; protection damps imitation); then new combinations."""
        self._tech = knowledge.partner_support(self, flow)
        seen = np.maximum(flow, self.signals.bridges)
        self._learn(seen * self.signals.imitation)
        self._each("exchange", flow)

    def _sell(self, flow: np.ndarray) -> None:
        self.market_access = market.market_access(self, flow)
        self.state.revenue[:] = market.earn_revenue(self, self.market_access)

    def _fund(self, flow: np.ndarray) -> dict[str, np.ndarray]:
        st = self.state
        self.funding.replenish(self.signals.commitments)
        deals = self.funding.fund_startups(self, flow)
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
        rate = self.cfg.policy.drift_rate * self.signals.drift
        terr = self.territories
        terr.specialization = drift_specialization(terr.specialization, flow, rate)

    def _adapt(self, flow: np.ndarray, deals: dict[str, np.ndarray]) -> None:
        """The mechanisms learn from the quarter: links' value, practices, images, expatriates."""
        self._each("adapt", flow, deals)

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

    def _rescore(self, rows: np.ndarray) -> None:
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
        self.founder_proceeds += self.funding.settle(
            pop.uid[rows], values, self.cfg.economy.recycling
        )
        n = self.territories.n
        for mechanism in self.mechanisms.values():
            mechanism.observe_ends(self, failed, exited)
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
            measures.specialization_diversity(self.territories.specialization),
            measures.solution_diversity(pop.bits[rows], pop.sector[rows], self.cfg.world.n_sectors),
        )

    def _close_books(self) -> None:
        """Every quarter: count startups, add the flows to the running totals; mechanisms
        that keep books over quarters close theirs (`close_quarter`), recorded or not."""
        self._count_startups()
        st, e = self.state, self.cfg.economy
        st.close_quarter(e.round_size[0], e.birth_rate)
        for mechanism in self.mechanisms.values():
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
        territory = territory_columns(snap, self.metrics)
        self.recorder.territories(step, territory)
        self.recorder.agents(step, self.population)
        self.world_metrics = {
            "step": step,
            "territory": "world",
            **world_values(snap, territory, self.metrics),
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

    def needs_of(self, row: int) -> dict[str, bool]:
        pop, e = self.population, self.cfg.economy
        t, s = int(pop.territory[row]), int(pop.sector[row])
        return {
            "funding": bool(pop.capital[row] < e.runway_quarters * e.burn[pop.stage[row]]),
            "market": bool(self.market_access[t] < np.median(self.market_access)),
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
        survival = self.ledger.cohort_statistics(
            self.population, self.steps, sim.burn_in, sim.follow_up
        )
        return {
            "steps": int(self.steps),
            **{k: float(v) for k, v in w.items()},
            "npv_short": measures.discounted(flows[: sim.short_horizon], rate),
            "npv_long": measures.discounted(flows, rate),
            **survival,
            **{k: v for m in self.mechanisms.values() for k, v in m.summary(self).items()},
        }

    def run(self, steps: int | None = None, progress=None) -> None:
        steps = self.cfg.sim.steps if steps is None else steps
        for i in range(steps):
            self.step()
            if progress is not None:
                progress(i + 1, steps)

    def release(self) -> None:
        """Free the model's agents so a worker running many models keeps flat memory."""
        for agent in list(self.agents):
            agent.remove()
        unregister(self)
        mesa_adapter.forget_model(self)
