"""The ecosystem model: territories, startups, investors and hubs, one step per quarter.

The step reads as the process overview of docs/ODD.md: hubs revise links, trust
builds, startups are born, search and imitate, earn revenue, raise money, burn it,
fail or exit; then talent moves, specializations drift, practices spread,
perceptions and expatriates' engagement change, and metrics are recorded.
Each mechanism lives in its own module; this file only sequences them and keeps
the books.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd

from ecosim.config import EcosimConfig
from ecosim.core import births, funding, knowledge, market, metrics, outcomes
from ecosim.core.agents import Hub, Startup
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
from ecosim.core.recorder import Recorder
from ecosim.core.territory_dynamics import drift_specialization, migrate_talent
from ecosim.core.world import generate_territories

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


class TerritoryState:
    """Per-territory books: this quarter's flows and their running totals."""

    def __init__(self, n: int, n_sectors: int, talent: np.ndarray):
        for name in TERRITORY_COUNTERS:
            setattr(self, name, np.zeros(n))
        self.cum_exit_value = np.zeros(n)
        self.cum_link_cost = np.zeros(n)
        self.cum_campaign_cost = np.zeros(n)
        self.cum_revenue = np.zeros(n)
        self.cum_investment = np.zeros(n)
        self.cum_external_investment = np.zeros(n)
        self.cum_imitations_within = np.zeros(n)
        self.cum_imitations_across = np.zeros(n)
        self.attractiveness = np.zeros(n)
        self.talent = talent.astype(float).copy()
        self.startups_by_sector = np.zeros((n, n_sectors))
        self.live = np.zeros(n)

    def reset_flows(self) -> None:
        for name in TERRITORY_COUNTERS:
            getattr(self, name)[:] = 0.0


class EcosystemModel(mesa.Model):
    def __init__(self, cfg: EcosimConfig):
        super().__init__(rng=cfg.seed)
        self.cfg = cfg
        self.streams = RandomStreams(cfg.seed)
        w = cfg.world
        self.territories = generate_territories(w, self.streams.world)
        self.distance = self.territories.distances()
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
        self.startup_agents: dict[int, Startup] = {}
        n = self.territories.n
        # Hooks through which the mechanisms below act on the core (1 / 0: no effect).
        self.perceived_visibility = self.territories.visibility.copy()
        self.perceived_quality_factor = np.ones(n)
        self.support = np.ones(n)
        self.burn_factor = np.ones(n)
        self.introductions = np.zeros((n, n))
        # The seed text's challenges and strategies, one object per mechanism.
        self.practices = Practices(self)
        self.alignment = Alignment(self)
        self.capacity = Capacity(self)
        self.horizon = Horizon(self)
        self.protection = Protection(self)
        self.narratives = Narratives(self)
        self.sector_priority = self.protection.sector_priority()
        self.founder_proceeds = 0.0
        self._seed_startups()
        self.diaspora = Diaspora(self)
        self.mechanisms = (
            self.practices,
            self.alignment,
            self.capacity,
            self.horizon,
            self.protection,
            self.narratives,
            self.diaspora,
        )
        self._flow = np.zeros((self.territories.n, self.territories.n))
        self._access = market.market_access(self, self._flow)
        self._tech = knowledge.partner_support(self, self._flow)
        self.recorder = Recorder(self.territories.names, cfg.sim.collect_agents)
        self._net_flow_series: list[float] = []
        self._count_startups()
        self._diversity0 = self._diversity()
        self.world_metrics: dict[str, float] = {}

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
        agents = [Startup(self, -1) for _ in range(len(territory))]
        uids = np.array([a.unique_id for a in agents], dtype=np.int64)
        # Founders' own money varies a lot: exponential around the configured mean.
        capital = self.cfg.economy.founder_capital * rng.exponential(size=len(territory))
        rows = self.population.add(
            territory, sector, bits, fit, quality, capital, uids, self.steps, rng
        )
        for a, r in zip(agents, rows, strict=True):
            a.row = int(r)
            self.startup_agents[a.unique_id] = a
        return rows

    # -- the quarter ----------------------------------------------------------------
    def step(self) -> None:
        cfg, pop, st = self.cfg, self.population, self.state
        st.reset_flows()
        if (self.steps - 1) % cfg.policy.rewire_every == 0:
            self.horizon.judge(self)
            for i in self.streams.links.permutation(len(self.hubs)):
                self.hubs[i].revise_links()
            self.diaspora.introduce(self)
        self.alignment.break_mismatched(self)
        self.links.build_trust()
        self.diaspora.strengthen(self)
        flow = self.links.weights(cfg.policy.openness)
        self._flow = flow
        st.link_cost[:] = self.links.cost_per_territory()

        self.narratives.apply(self)
        self.support = self.practices.support() * self.narratives.support()
        self.burn_factor = self.practices.burn_factor()
        self.introductions = self.diaspora.introductions()

        talent = st.talent
        terr_b, sec_b = births.draw_births(self, talent, self.support)
        self._add_startups(terr_b, sec_b)
        st.births[:] = np.bincount(terr_b, minlength=self.territories.n)

        self._tech = knowledge.partner_support(self, flow)
        seen = np.maximum(flow, self.diaspora.bridge)  # expatriates carry knowledge too
        self._learn(self.protection.imitation(seen))
        self._access = market.market_access(self, flow)
        st.revenue[:] = market.earn_revenue(self, self._access)

        funding.replenish_funds(self)
        deals = funding.fund_startups(self, flow)
        st.investment[:] = deals["received"]
        st.external_investment[:] = deals["external"]
        st.deals[:] = deals["deals"]
        st.seekers[:] = deals["seekers"]

        self._resolve(outcomes.burn_and_resolve(self))

        moves = migrate_talent(talent, st.attractiveness, flow, cfg.economy.talent_mobility)
        st.talent_inflow[:] = moves.sum(axis=0)
        st.talent = talent - moves.sum(axis=1) + st.talent_inflow
        self.territories.specialization = drift_specialization(
            self.territories.specialization, flow, self.protection.drift_rate(cfg.policy.drift_rate)
        )
        self.horizon.account(self, flow, st.revenue, self._access, deals["by_source"])
        self.practices.spread(self, flow)
        self.narratives.update(self, flow, st.exits)
        st.campaign_cost[:] = self.narratives.cost
        self.diaspora.update(self, deals["by_source"], flow)

        self._count_startups()
        self._record()
        if pop.n > 2 * max(len(self.startup_agents), 512):
            self._compact()

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
        pop.fitness[rows] = fit
        # Knowledge partnerships: copies from the own territory vs across a link.
        n, copied = self.territories.n, source >= 0
        home = copied & (source == terr)
        self.state.imitations_within[:] = np.bincount(terr[home], minlength=n)
        self.state.imitations_across[:] = np.bincount(terr[copied & ~home], minlength=n)
        pop.quality[rows] = self.landscapes.quality(fit, sector, self.cfg.economy.quality_power)

    def _resolve(self, ended: dict[str, np.ndarray]) -> None:
        """Close failed and exited startups: pay investors, book territory outcomes."""
        pop, st = self.population, self.state
        failed, exited, value = ended["failed"], ended["exited"], ended["exit_value"]
        rows = np.concatenate([failed, exited])
        values = np.concatenate([np.zeros(len(failed)), value])
        proceeds, founders = self.stakes.settle(pop.uid[rows], values, len(self.investors))
        self.founder_proceeds += founders
        for inv, p in zip(self.investors, proceeds, strict=True):
            inv.proceeds += p
            inv.fund += self.cfg.economy.recycling * p
        n = self.territories.n
        st.failures[:] = np.bincount(pop.territory[failed], minlength=n)
        st.exits[:] = np.bincount(pop.territory[exited], minlength=n)
        st.exit_value[:] = np.bincount(pop.territory[exited], weights=value, minlength=n)
        outcome = np.concatenate(
            [np.full(len(failed), outcomes.FAILED), np.full(len(exited), outcomes.EXITED)]
        )
        self.ledger.close(pop, rows, outcome, values, self.steps)
        pop.alive[rows] = False
        for uid in pop.uid[rows]:
            self.startup_agents.pop(int(uid)).remove()

    def _compact(self) -> None:
        mapping = self.population.compact()
        del mapping
        pop = self.population
        for r in range(pop.n):
            self.startup_agents[int(pop.uid[r])].row = r

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

    def _record(self) -> None:
        st, e = self.state, self.cfg.economy
        st.cum_exit_value += st.exit_value
        st.cum_link_cost += st.link_cost
        st.cum_campaign_cost += st.campaign_cost
        st.cum_revenue += st.revenue
        st.cum_investment += st.investment
        st.cum_external_investment += st.external_investment
        st.cum_imitations_within += st.imitations_within
        st.cum_imitations_across += st.imitations_across
        # Attractiveness in startup-equivalents per quarter (docs/ODD.md).
        st.attractiveness = (
            st.births + st.external_investment / e.round_size[0] + st.talent_inflow * e.birth_rate
        )
        pop = self.population
        rows = pop.live_rows()
        mean_q = np.bincount(
            pop.territory[rows], weights=pop.quality[rows], minlength=self.territories.n
        ) / np.maximum(st.live, 1)
        degree = self.links.degree
        primary = self.territories.specialization.argmax(axis=1)
        step = int(self.steps)
        cost = st.cum_link_cost + st.cum_campaign_cost
        self.recorder.territories(
            step,
            {
                "live_startups": st.live,
                "births": st.births,
                "failures": st.failures,
                "exits": st.exits,
                "exit_value": st.exit_value,
                "cum_exit_value": st.cum_exit_value,
                "revenue": st.revenue,
                "cum_revenue": st.cum_revenue,
                "link_cost": st.link_cost,
                "cum_link_cost": st.cum_link_cost,
                "campaign_cost": st.campaign_cost,
                "cum_net_return": st.cum_exit_value - cost,
                "value_created": st.cum_exit_value - st.cum_investment - cost,
                "investment": st.investment,
                "deals": st.deals,
                "seekers": st.seekers,
                "external_investment": st.external_investment,
                "talent": st.talent,
                "talent_inflow": st.talent_inflow,
                "imitations_within": st.imitations_within,
                "imitations_across": st.imitations_across,
                "attractiveness": st.attractiveness,
                "links": degree,
                "mean_quality": mean_q,
                "primary_sector": primary,
                **self._mechanism_metrics("territory_metrics"),
            },
        )
        self.recorder.agents(step, pop)
        d_spec, d_sol = self._diversity()
        d0_spec, d0_sol = self._diversity0
        net = float(st.exit_value.sum() - st.link_cost.sum() - st.campaign_cost.sum())
        self._net_flow_series.append(net)
        invested = sum(i.invested for i in self.investors)
        within, across = st.cum_imitations_within.sum(), st.cum_imitations_across.sum()
        within_share = float(within / (within + across)) if within + across > 0 else float("nan")
        proceeds = sum(i.proceeds for i in self.investors)
        self.world_metrics = {
            "step": step,
            "territory": "world",
            "live_startups": float(st.live.sum()),
            "births": float(st.births.sum()),
            "failures": float(st.failures.sum()),
            "exits": float(st.exits.sum()),
            "exit_value": float(st.exit_value.sum()),
            "cum_exit_value": float(st.cum_exit_value.sum()),
            "revenue": float(st.revenue.sum()),
            "cum_revenue": float(st.cum_revenue.sum()),
            "link_cost": float(st.link_cost.sum()),
            "cum_link_cost": float(st.cum_link_cost.sum()),
            "campaign_cost": float(st.campaign_cost.sum()),
            "cum_net_return": float(st.cum_exit_value.sum() - cost.sum()),
            "value_created": float(st.cum_exit_value.sum() - st.cum_investment.sum() - cost.sum()),
            "investment": float(st.investment.sum()),
            "deals": float(st.deals.sum()),
            "seekers": float(st.seekers.sum()),
            "external_investment": float(st.external_investment.sum()),
            "talent": float(st.talent.sum()),
            "talent_inflow": float(st.talent_inflow.sum()),
            "imitations_within": float(st.imitations_within.sum()),
            "imitations_across": float(st.imitations_across.sum()),
            "within_territory_imitation_share": within_share,
            "attractiveness": float(st.attractiveness.sum()),
            "links": float(self.links.count),
            "mean_quality": float(pop.quality[rows].mean()) if len(rows) else 0.0,
            "specialization_diversity": d_spec,
            "solution_diversity": d_sol,
            "diversity_loss": 1
            - 0.5 * (d_spec / d0_spec if d0_spec > 0 else 1.0)
            - 0.5 * (d_sol / d0_sol if d0_sol > 0 else 1.0),
            "solution_diversity_loss": 1 - (d_sol / d0_sol if d0_sol > 0 else 1.0),
            "distinct_solutions": float(
                metrics.distinct_solutions(pop.bits[rows], pop.sector[rows])
            ),
            "distinct_specializations": float(
                metrics.distinct_specializations(self.territories.specialization)
            ),
            "gini_attractiveness": metrics.gini(st.attractiveness),
            "gini_investment": metrics.gini(st.cum_investment),
            "top_share_investment": metrics.top_share(st.cum_investment),
            "investor_multiple": proceeds / invested if invested > 0 else 0.0,
            "failure_rate": float(st.failures.sum() / max(st.live.sum() + st.failures.sum(), 1)),
            **self.links.world_metrics(step),
            **self._mechanism_metrics("world_metrics"),
        }
        self.recorder.world(self.world_metrics)

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
        """Long table: one row per step and territory, plus one 'world' row per step."""
        return self.recorder.timeseries()

    def summary(self) -> dict[str, float]:
        """Final KPIs of the run (definitions in docs/ODD.md)."""
        sim = self.cfg.sim
        w = dict(self.world_metrics)
        w.pop("territory")
        w.pop("step")
        flows = np.asarray(self._net_flow_series)
        rate = sim.discount_rate
        survival = self.ledger.survival(self.population, self.steps)
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
        self.startup_agents.clear()
        ids = getattr(mesa.Agent, "_ids", None)
        if ids is not None:
            ids.pop(self, None)
