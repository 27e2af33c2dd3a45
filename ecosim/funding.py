"""Funding: startups short of runway raise rounds from investors within reach.

Each quarter investors, in random order, rank the seeking startups they can reach
by expected value (perceived quality, discounted for distance and home bias,
Sorenson & Stuart 2001) and fund the best ones while money lasts. Seekers are
sorted by territory so an investor only looks at the territories it reaches:
nothing pairs every investor with every startup.

Every deal is a stake (startup, investor, amount); exits pay stakes pro rata.
"""

from __future__ import annotations

import numpy as np

from ecosim.agents import Investor
from ecosim.population import SCALE


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
        ended = np.isin(self.uid, uids)
        founders = float(values[~np.isin(uids, self.uid[ended])].sum())
        if ended.any():
            pos = np.searchsorted(uids, self.uid[ended], sorter=np.argsort(uids))
            order = np.argsort(uids)
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


def create_investors(model) -> list[Investor]:
    """Local and linked-reach funds in each territory, plus a few global funds."""
    e, terr = model.cfg.economy, model.territories
    investors = []
    for t in range(terr.n):
        for j in range(e.investors_per_territory):
            reach = Investor.LOCAL if j % 2 == 0 else Investor.LINKED
            inflow = e.fund_inflow * terr.capital[t] / max(e.investors_per_territory, 1)
            investors.append(Investor(model, len(investors), t, reach, inflow))
    for _ in range(e.global_investors):
        investors.append(
            Investor(model, len(investors), None, Investor.GLOBAL, e.global_fund_inflow)
        )
    return investors


def initial_portfolio(model, rows: np.ndarray) -> None:
    """The money already in the initial startups came from their territory's first fund."""
    pop = model.population
    funded = rows[pop.raised[rows] > 0]
    first_fund = {}
    for inv in model.investors:
        if inv.home is not None:
            first_fund.setdefault(inv.home, inv)
    owners = [first_fund.get(int(t), model.investors[-1]) for t in pop.territory[funded]]
    for inv, amount in zip(owners, pop.raised[funded], strict=True):
        inv.invested += amount
    model.stakes.add(
        pop.uid[funded],
        np.array([o.index for o in owners], dtype=np.int64),
        pop.raised[funded].copy(),
    )


def reach_weights(model, inv: Investor, flow: np.ndarray) -> np.ndarray:
    """How much an investor values a deal in each territory, relative to a home deal."""
    e = model.cfg.economy
    n = model.territories.n
    if inv.reach == Investor.GLOBAL:
        return model.perceived_visibility.copy()
    w = np.zeros(n)
    decay = np.exp(-e.distance_decay * model.distance[inv.home])
    if inv.reach == Investor.LINKED:
        # The link itself makes the partner's startups visible to this fund.
        w = e.home_bias * decay * np.minimum(flow[inv.home], 1.0)
    # An engaged expatriate's introduction lifts the home bias for its origin's startups
    # (Sorenson & Stuart 2001: better-networked investors are less locally biased).
    w = np.maximum(w, decay * model.introductions[inv.home])
    w[inv.home] = 1.0
    return w


def fund_startups(model, flow: np.ndarray) -> dict[str, np.ndarray]:
    """Match seekers to investors; per territory: money received (all and from outside),
    deals made and startups that sought money; and `by_source[h, t]`, the money funds based
    in territory h (row n: global funds) put into territory t's startups.

    Investors rank seekers by perceived quality: quality x the territory's image
    (`perceived_quality_factor`, narratives) x the sector's priority (`sector_priority`,
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
        * model.perceived_quality_factor[terr_s]
        * model.sector_priority[terr_s, pop.sector[seekers]]
    )
    seekers, perceived = seekers[perceived >= e.min_quality], perceived[perceived >= e.min_quality]
    by_source = np.zeros((n_terr + 1, n_terr))
    if len(seekers) == 0:
        zero = np.zeros(n_terr)
        return {
            "received": zero,
            "external": zero,
            "deals": zero,
            "seekers": seeking,
            "by_source": by_source,
        }
    order = np.argsort(pop.territory[seekers], kind="stable")
    seekers, perceived = seekers[order], perceived[order]
    seeker_terr = pop.territory[seekers]
    bounds = np.searchsorted(seeker_terr, np.arange(n_terr + 1))
    taken = np.zeros(len(seekers), dtype=bool)
    round_size = np.asarray(e.round_size)
    new_rows, new_inv, new_amt, new_external = [], [], [], []
    for idx in model.streams.funding.permutation(len(model.investors)):
        inv = model.investors[idx]
        w = reach_weights(model, inv, flow)
        terrs = np.flatnonzero(w > 0)
        cand = np.concatenate([np.arange(bounds[t], bounds[t + 1]) for t in terrs])
        cand = cand[~taken[cand]]
        if len(cand) == 0:
            continue
        score = perceived[cand] * w[seeker_terr[cand]]
        k = min(e.deals_per_investor, len(cand))
        best = cand[np.argsort(-score, kind="stable")[:k]]
        sizes = round_size[pop.stage[seekers[best]]]
        affordable = np.cumsum(sizes) <= inv.fund
        best, sizes = best[affordable], sizes[affordable]
        if len(best) == 0:
            continue
        taken[best] = True
        r = seekers[best]
        pop.capital[r] += sizes
        pop.raised[r] += sizes
        pop.rounds[r] += 1
        pop.stage[r] = np.minimum(pop.stage[r] + 1, SCALE)
        inv.fund -= sizes.sum()
        inv.invested += sizes.sum()
        inv.deals += len(best)
        source = n_terr if inv.home is None else inv.home
        by_source[source] += np.bincount(pop.territory[r], weights=sizes, minlength=n_terr)
        new_rows.append(r)
        new_inv.append(np.full(len(r), inv.index))
        new_amt.append(sizes)
        new_external.append(pop.territory[r] != (-1 if inv.home is None else inv.home))
    rows_f = np.concatenate(new_rows) if new_rows else np.zeros(0, dtype=np.int64)
    amount = np.concatenate(new_amt) if new_amt else np.zeros(0)
    outside = np.concatenate(new_external) if new_external else np.zeros(0, dtype=bool)
    where = pop.territory[rows_f]
    if len(rows_f):
        model.stakes.add(pop.uid[rows_f], np.concatenate(new_inv), amount)
    return {
        "received": np.bincount(where, weights=amount, minlength=n_terr),
        "external": np.bincount(where[outside], weights=amount[outside], minlength=n_terr),
        "deals": np.bincount(where, minlength=n_terr).astype(float),
        "seekers": seeking,
        "by_source": by_source,
    }


def replenish_funds(model) -> None:
    for inv in model.investors:
        inv.fund += inv.inflow
