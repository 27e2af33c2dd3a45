"""Funding: startups short of runway raise rounds from investors within reach.

Each quarter investors, in random order, rank the seeking startups they can reach
by expected value (perceived quality, discounted for distance and home bias,
Sorenson & Stuart 2001) and fund the best ones while money lasts. Seekers are
sorted by territory so an investor only looks at the territories it reaches:
nothing pairs every investor with every startup.

Every deal is a stake (startup, investor, amount); exits pay stakes pro rata. A fund puts a
share `recycling` of its exit proceeds back to work, but only while the proceeds it has
reinvested stay within `recycling_cap - 1` times the commitments it has received (a
limited partnership agreement's recycling cap: what is above it goes back to the limited
partners, out of the model); without the cap, proceeds recycled out of a growing portfolio
compound and investment never settles (docs/ODD.md section 6.2, Funding). Investors
are Mesa agents; their money is kept in columns (`Funds`), so that paying out exits and
topping up funds are one numpy pass over all investors. `Funding` owns all of it: the
agents, the funds, the stakes and the investor columns only funding reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.agents import Investor
from ecosim.core.population import SCALE

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


class Funds:
    """Every investor's money as columns (`Investor` agents read theirs by index)."""

    def __init__(self, inflow: np.ndarray, recycling_cap: float):
        self.inflow = np.asarray(inflow, dtype=float)  # new commitments per quarter
        self.fund = self.inflow * 2.0  # dry powder
        self.invested = np.zeros(len(self.inflow))
        self.proceeds = np.zeros(len(self.inflow))
        self.deals = np.zeros(len(self.inflow), dtype=np.int64)
        self.recycling_cap = recycling_cap
        self.committed = self.fund.copy()  # commitments received so far (limited partners')
        self.recycled = np.zeros(len(self.inflow))  # proceeds put back to work so far

    def replenish(self, factor: np.ndarray | float = 1.0) -> None:
        """This quarter's commitments: each fund's inflow x `factor` (1: as set at the start)."""
        arriving = self.inflow * factor
        self.fund += arriving
        self.committed += arriving

    def receive(self, proceeds: np.ndarray, recycling: float) -> None:
        """Exit proceeds: booked, and a share `recycling` of them back into the funds, as far
        as each fund's recycling cap allows (the rest is distributed: it leaves the model)."""
        self.proceeds += proceeds
        room = np.maximum((self.recycling_cap - 1.0) * self.committed - self.recycled, 0.0)
        back = np.minimum(recycling * proceeds, room)
        self.recycled += back
        self.fund += back


class Stakes:
    """Open deals: who put how much into which live startup."""

    def __init__(self):
        self.uid = np.zeros(0, dtype=np.int64)
        self.investor = np.zeros(0, dtype=np.int64)
        self.amount = np.zeros(0)

    def add(self, uid, investor, amount) -> None:
        self.uid = np.concatenate([self.uid, uid])
        self.investor = np.concatenate([self.investor, investor])
        self.amount = np.concatenate([self.amount, amount])

    def settle(self, uids: np.ndarray, values: np.ndarray, n_investors: int):
        """Close the stakes of ended startups; returns (proceeds per investor, founders' part).

        `values[i]` is what startup `uids[i]` is sold for (0 on failure), shared among its
        investors in proportion to what each put in. Investors hold all the equity of a
        funded startup; a startup that never raised money belongs to its founders.
        """
        proceeds = np.zeros(n_investors)
        if len(uids) == 0:
            return proceeds, 0.0
        # Each stake's startup among the ended ones, by bisection in the ended ids.
        order = np.argsort(uids)
        pos = np.minimum(np.searchsorted(uids, self.uid, sorter=order), len(uids) - 1)
        ended = uids[order][pos] == self.uid
        backed = np.zeros(len(uids), dtype=bool)
        backed[order[pos[ended]]] = True
        founders = float(values[~backed].sum())
        if ended.any():
            pos = pos[ended]
            value = values[order][pos]
            total_in = np.bincount(pos, weights=self.amount[ended], minlength=len(uids))
            share = self.amount[ended] / total_in[pos]
            proceeds = np.bincount(
                self.investor[ended], weights=share * value, minlength=n_investors
            )
            keep = ~ended
            self.uid, self.investor, self.amount = (
                self.uid[keep],
                self.investor[keep],
                self.amount[keep],
            )
        return proceeds, founders


class Funding:
    """The investors (Mesa agents), their money (`funds`), the open deals (`stakes`), and
    where each fund is based (`homes`, -1: global) and whether it reaches across links."""

    def __init__(self, model: EcosystemModel):
        """Local and linked-reach funds in each territory, plus a few global funds."""
        e, terr = model.cfg.economy, model.territories
        specs = []  # (home, reach, inflow)
        for t in range(terr.n):
            for j in range(e.investors_per_territory):
                reach = Investor.LOCAL if j % 2 == 0 else Investor.LINKED
                inflow = e.fund_inflow * terr.capital[t] / max(e.investors_per_territory, 1)
                specs.append((t, reach, inflow))
        specs += [(None, Investor.GLOBAL, e.global_fund_inflow)] * e.global_investors
        self.funds = Funds([inflow for _, _, inflow in specs], e.recycling_cap)
        self.stakes = Stakes()
        self.investors = [
            Investor(model, i, home, reach) for i, (home, reach, _) in enumerate(specs)
        ]
        self.homes = np.array([-1 if h is None else h for h, _, _ in specs], dtype=np.int64)
        self.linked = np.array([r == Investor.LINKED for _, r, _ in specs], dtype=bool)

    def initial_portfolio(self, model: EcosystemModel, rows: np.ndarray) -> None:
        """The money already in the initial startups came from their territory's first fund."""
        pop = model.population
        funded = rows[pop.raised[rows] > 0]
        first_fund = np.full(model.territories.n, len(self.investors) - 1)  # else a global fund
        homes, first = np.unique(self.homes, return_index=True)
        first_fund[homes[homes >= 0]] = first[homes >= 0]
        owners = first_fund[pop.territory[funded]]
        np.add.at(self.funds.invested, owners, pop.raised[funded])  # in order, as deals
        np.add.at(self.funds.committed, owners, pop.raised[funded])  # limited partners' money
        self.stakes.add(pop.uid[funded], owners.astype(np.int64), pop.raised[funded].copy())

    def replenish(self, commitments: np.ndarray) -> None:
        """New commitments arrive (every quarter, before deals), scaled for the funds based
        in each territory by `commitments` (`signals.commitments`: track record); global
        funds' commitments are fixed."""
        local = self.homes >= 0
        self.funds.replenish(np.where(local, commitments[np.where(local, self.homes, 0)], 1.0))

    def settle(self, uids: np.ndarray, values: np.ndarray, recycling: float) -> float:
        """Ended startups pay their investors (a share `recycling` goes back into the funds,
        within their recycling cap); returns what went to founders of startups no fund
        backed."""
        proceeds, founders = self.stakes.settle(uids, values, len(self.investors))
        self.funds.receive(proceeds, recycling)
        return founders

    def reach_weights(self, model: EcosystemModel, flow: np.ndarray) -> np.ndarray:
        """[investor, territory]: how much each fund values a deal there, relative to a home deal.

        Global funds see territories by their (perceived) visibility. A fund based in h sees
        its home at 1; a linked fund sees partners at `home_bias` x exp(-decay x distance) x
        link weight (the link itself makes their startups visible). An engaged expatriate's
        introduction lifts the home bias for its origin's startups (Sorenson & Stuart 2001:
        better-networked investors are less locally biased)."""
        e = model.cfg.economy
        homes, linked = self.homes, self.linked
        local = homes >= 0
        h = homes[local]
        decay = np.exp(-e.distance_decay * model.distance[h])
        w = np.where(linked[local, None], e.home_bias * decay * np.minimum(flow[h], 1.0), 0.0)
        w = np.maximum(w, decay * model.signals.introductions[h])
        w[np.arange(len(h)), h] = 1.0
        weights = np.empty((len(homes), model.territories.n))
        weights[local] = w
        weights[~local] = model.signals.visibility
        return weights

    def fund_startups(self, model: EcosystemModel, flow: np.ndarray) -> dict[str, np.ndarray]:
        """Match seekers to investors; per territory: money received (all and from outside),
        deals made and startups that sought money; and `by_source[h, t]`, the money funds based
        in territory h (row n: global funds) put into territory t's startups.

        Investors rank seekers by perceived quality: quality x the territory's image
        (`signals.quality_factor`, narratives) x the sector's priority (`signals.sector_priority`,
        protection of distinctive sectors)."""
        pop, e = model.population, model.cfg.economy
        n_terr = model.territories.n
        rows = pop.live_rows()
        burn = np.asarray(e.burn)[pop.stage[rows]]
        seekers = rows[pop.capital[rows] < e.runway_quarters * burn]
        seeking = np.bincount(pop.territory[seekers], minlength=n_terr).astype(float)
        terr_s = pop.territory[seekers]
        perceived = (
            pop.quality[seekers]
            * model.signals.quality_factor[terr_s]
            * model.signals.sector_priority[terr_s, pop.sector[seekers]]
        )
        seekers, perceived = (
            seekers[perceived >= e.min_quality],
            perceived[perceived >= e.min_quality],
        )
        by_source = np.zeros((n_terr + 1, n_terr))
        if len(seekers) == 0:
            return _no_deals(n_terr, seeking, by_source)
        # Seekers in a random order: funds rank them by score with a stable sort, so
        # equal scores (common: imitation makes many startups share one solution, hence
        # one quality) are broken at random. Sorted by territory, ties went to the first
        # territory of the list: in region presets, whichever region the table lists first.
        order = model.streams.funding.permutation(len(seekers))
        seekers, perceived = seekers[order], perceived[order]
        seeker_terr = pop.territory[seekers]
        taken = np.zeros(len(seekers), dtype=bool)
        sizes_all = (
            np.asarray(e.round_size)[pop.stage[seekers]] * model.signals.round_size[seeker_terr]
        )
        # Every fund's score of every seeker (0: out of its reach).
        scores = self.reach_weights(model, flow)[:, seeker_terr] * perceived
        # Every fund's seekers best first, sorted once (stable: ties keep the random order);
        # the ones it can reach (score > 0) are the first `reachable` of its row.
        ranked = np.argsort(-scores, axis=1, kind="stable")
        reachable = (scores > 0).sum(axis=1)
        picked, picked_by = [], []
        funds = self.funds
        # Sequential by nature: each fund takes its best seekers among those not taken yet.
        for idx in model.streams.funding.permutation(len(self.investors)):
            cand = ranked[idx, : reachable[idx]]
            best = cand[~taken[cand]][: e.deals_per_investor]
            sizes = sizes_all[best]
            best = best[np.cumsum(sizes) <= funds.fund[idx]]
            if len(best) == 0:
                continue
            taken[best] = True
            spent = sizes_all[best].sum()
            funds.fund[idx] -= spent
            funds.invested[idx] += spent
            funds.deals[idx] += len(best)
            picked.append(best)
            picked_by.append(np.full(len(best), idx))
        if not picked:
            return _no_deals(n_terr, seeking, by_source)
        best = np.concatenate(picked)
        investor = np.concatenate(picked_by)
        amount = sizes_all[best]
        rows_f = seekers[best]  # each seeker is funded at most once per quarter
        pop.capital[rows_f] += amount
        pop.raised[rows_f] += amount
        pop.rounds[rows_f] += 1
        pop.stage[rows_f] = np.minimum(pop.stage[rows_f] + 1, SCALE)
        self.stakes.add(pop.uid[rows_f], investor, amount)
        where = seeker_terr[best]
        home = self.homes[investor]
        source = np.where(home < 0, n_terr, home)
        by_source += np.bincount(
            source * n_terr + where, weights=amount, minlength=(n_terr + 1) * n_terr
        ).reshape(n_terr + 1, n_terr)
        outside = where != home
        return {
            "received": np.bincount(where, weights=amount, minlength=n_terr),
            "external": np.bincount(where[outside], weights=amount[outside], minlength=n_terr),
            "deals": np.bincount(where, minlength=n_terr).astype(float),
            "seekers": seeking,
            "by_source": by_source,
        }


def _no_deals(n_terr: int, seeking: np.ndarray, by_source: np.ndarray) -> dict:
    zero = np.zeros(n_terr)
    return {
        "received": zero,
        "external": zero,
        "deals": zero,
        "seekers": seeking,
        "by_source": by_source,
    }
