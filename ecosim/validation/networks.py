"""Communication networks of the validation runs, as symmetric boolean adjacency matrices.

Lazer & Friedman (2007) compare a linear network, a totally connected one, random
networks of a given density and small worlds (a lattice with a few rewired links);
Fang, Lee & Schilling (2010) use semi-isolated groups joined by a few cross-group
links. Each builder takes a seeded numpy Generator (networkx is only a test-time
check), returns a matrix without self-loops, and draws nothing when the network is
fixed, so a landscape's other random streams do not depend on the network type.
"""

from __future__ import annotations

import numpy as np


def linear(n: int) -> np.ndarray:
    """Every agent linked to the agent on each side, in a circle (LF's linear network)."""
    adj = np.zeros((n, n), dtype=bool)
    i = np.arange(n)
    adj[i, (i + 1) % n] = adj[(i + 1) % n, i] = True
    np.fill_diagonal(adj, False)
    return adj


def full(n: int) -> np.ndarray:
    """Everyone linked to everyone (LF's totally connected network)."""
    return ~np.eye(n, dtype=bool)


def random_density(n: int, density: float, rng: np.random.Generator) -> np.ndarray:
    """Erdos-Renyi: each of the n(n-1)/2 pairs linked with probability `density`."""
    upper = np.triu(rng.random((n, n)) < density, k=1)
    return upper | upper.T


def small_world(n: int, rewirings: int, rng: np.random.Generator) -> np.ndarray:
    """The linear network with `rewirings` links moved (Watts & Strogatz 1998, as in LF):
    each time a random link (u, v) is dropped and u linked to a random non-neighbour."""
    adj = linear(n)
    for _ in range(rewirings):
        u, v = np.argwhere(np.triu(adj))[rng.integers(adj.sum() // 2)]
        if rng.random() < 0.5:
            u, v = v, u
        free = np.flatnonzero(~adj[u])
        free = free[free != u]
        if len(free) == 0:
            continue
        w = rng.choice(free)
        adj[u, v] = adj[v, u] = False
        adj[u, w] = adj[w, u] = True
    return adj


def clusters(groups: int, size: int, cross_links: int, rng: np.random.Generator) -> np.ndarray:
    """`groups` fully connected groups of `size` agents, plus `cross_links` links drawn at
    random among the pairs in different groups (Fang, Lee & Schilling 2010)."""
    member = np.repeat(np.arange(groups), size)
    adj = member[:, None] == member[None, :]
    np.fill_diagonal(adj, False)
    u, v = np.nonzero(np.triu(member[:, None] != member[None, :]))
    pick = rng.choice(len(u), size=min(cross_links, len(u)), replace=False)
    adj[u[pick], v[pick]] = adj[v[pick], u[pick]] = True
    return adj


def cross_group_pairs(groups: int, size: int) -> int:
    """How many cross-group links there can be (all of them: the totally connected network)."""
    n = groups * size
    return n * (n - 1) // 2 - groups * size * (size - 1) // 2


def reach(adjacency: np.ndarray) -> np.ndarray:
    """The `reach` matrix `imitate_and_search` takes: 1 where linked and on the diagonal
    (an agent's own node: it never copies itself, not being strictly better)."""
    out = adjacency.astype(float)
    np.fill_diagonal(out, 1.0)
    return out
