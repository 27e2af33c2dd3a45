"""Knowledge: local search and imitation on the sector landscapes.

The mechanism is Lazer & Friedman's (2007): each quarter a startup, with
probability `velocity`, looks at the best solution it can reach in its sector; if
that solution is better it copies it, each differing bit with probability
1 - `copy_error`. Otherwise it flips one random bit and keeps the change only if it
improves (local search). Reach: its own territory, and linked territories with a
probability equal to the link's weight (trust x openness x the policy's
cross-imitation). Technical partners (research x experimentation in the sector, own
and linked) give it an extra search trial.

`imitate_and_search` works on any set of agents with solutions and a reach matrix;
the ecosystem model and the Lazer-Friedman validation both call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ecosim.core.landscape import Landscapes

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel


def best_per_group(fitness: np.ndarray, group: np.ndarray, n_groups: int):
    """Row index and fitness of the best member of each group (-1 / -inf when empty)."""
    order = np.lexsort((-fitness, group))  # by group, best first
    g_sorted = group[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = g_sorted[1:] != g_sorted[:-1]
    best_row = np.full(n_groups, -1, dtype=np.int64)
    best_fit = np.full(n_groups, -np.inf)
    best_row[g_sorted[first]] = order[first]
    best_fit[g_sorted[first]] = fitness[order[first]]
    return best_row, best_fit


def imitate_and_search(
    bits: np.ndarray,
    fitness: np.ndarray,
    sector: np.ndarray,
    group: np.ndarray,
    reach: np.ndarray,
    landscapes: Landscapes,
    rng: np.random.Generator,
    velocity: float,
    copy_error: float,
    extra_trial: np.ndarray | None = None,
):
    """One round of imitation-or-search for every solution; returns new (bits, fitness,
    source).

    `group` is each agent's node (territory); `reach[g, h]` the probability that node
    g sees node h's best solution this round (diagonal = 1 for local peers). Solutions
    are compared within a sector only: groups are (node, sector) pairs. `source` is the
    node each agent copied from, -1 if it searched: whether knowledge came from its own
    territory or across a link (the model's partnership statistics).
    """
    m, n_bits = bits.shape
    n_nodes = reach.shape[0]
    n_sectors = landscapes.n_sectors
    key = group * n_sectors + sector
    best_row, best_fit = best_per_group(fitness, key, n_nodes * n_sectors)
    best_fit = best_fit.reshape(n_nodes, n_sectors)
    best_row = best_row.reshape(n_nodes, n_sectors)
    # Which nodes each node sees this round, then the best visible solution per sector.
    sees = rng.random((n_nodes, n_nodes)) < reach
    visible = np.where(sees[:, :, None], best_fit[None, :, :], -np.inf)  # (g, h, s)
    source_node = visible.argmax(axis=1)  # (g, s)
    target_fit = np.take_along_axis(visible, source_node[:, None, :], axis=1)[:, 0, :]
    target_row = best_row[source_node, np.arange(n_sectors)[None, :]]

    looks = rng.random(m) < velocity
    t_fit = target_fit[group, sector]
    copies = looks & (t_fit > fitness)
    new_bits = bits.copy()
    source = np.full(m, -1, dtype=np.int64)
    if copies.any():
        who = np.flatnonzero(copies)
        source[who] = source_node[group[who], sector[who]]
        model_bits = bits[target_row[group[who], sector[who]]]
        take = rng.random((len(who), n_bits)) >= copy_error
        new_bits[who] = np.where(take, model_bits, bits[who])

    explorers = np.flatnonzero(~copies)
    trials = 1 if extra_trial is None else 2
    flips = rng.integers(0, n_bits, size=(len(explorers), trials))
    use_second = (
        rng.random(len(explorers)) < extra_trial[explorers] if extra_trial is not None else None
    )
    best_bits = bits[explorers]
    best_f = fitness[explorers]
    for j in range(trials):
        cand = bits[explorers].copy()
        cand[np.arange(len(explorers)), flips[:, j]] ^= 1
        f = landscapes.fitness(cand, sector[explorers])
        better = f > best_f
        if j == 1:
            better &= use_second
        best_bits[better] = cand[better]
        best_f[better] = f[better]
    new_bits[explorers] = best_bits

    new_fit = fitness.copy()
    new_fit[explorers] = best_f
    if copies.any():
        new_fit[who] = landscapes.fitness(new_bits[who], sector[who])
    return new_bits, new_fit, source


def partner_support(model: EcosystemModel, weights: np.ndarray) -> np.ndarray:
    """(territory, sector) probability of an extra search trial from technical partners.

    Research strength x experimentation capacity, own plus linked (weighted by the
    link), saturating: a strong partner matters most to a weak territory.
    """
    terr = model.territories
    capacity = terr.research * terr.experimentation[:, None]
    reachable = capacity + weights @ capacity
    scale = capacity.max() + 1e-12
    return model.cfg.knowledge.partner_trials * (1 - np.exp(-reachable / scale))
