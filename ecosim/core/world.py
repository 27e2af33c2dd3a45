"""Territories: the places startups are born in, with their assets and gaps.

Territories are data (arrays indexed by territory), not agents: they do not decide
anything themselves. Their hub (an agent) decides for them. A world is generated
from a few parameters (`n_territories`, `size_skew`, `specialization_strength`), or
given territory by territory (e.g. from `ecosim map`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecosim.config import WorldConfig


@dataclass
class Territories:
    names: list[str]
    size: np.ndarray  # relative, largest = 1
    market: np.ndarray
    talent: np.ndarray
    capital: np.ndarray
    experimentation: np.ndarray  # [0, 1]
    visibility: np.ndarray  # [0, 1]
    connection_capacity: np.ndarray
    specialization: np.ndarray  # (T, S), rows sum to 1
    research: np.ndarray  # (T, S)
    position: np.ndarray  # (T, 2)

    @property
    def n(self) -> int:
        return len(self.names)

    def distances(self) -> np.ndarray:
        diff = self.position[:, None, :] - self.position[None, :, :]
        return np.sqrt((diff**2).sum(-1))


def _tier_name(rank: int, size: float) -> str:
    if rank == 0 and size >= 1.0:
        return "Metropolis"
    return f"T{rank:02d}"


def generate_territories(cfg: WorldConfig, rng: np.random.Generator) -> Territories:
    """Territories from the preset's parameters, or from its explicit list."""
    if cfg.territories:
        return _from_specs(cfg, rng)
    n, s = cfg.n_territories, cfg.n_sectors
    size = (np.arange(n) + 1.0) ** (-cfg.size_skew)
    noise = lambda: rng.uniform(0.8, 1.2, n)  # noqa: E731 - local shorthand
    # Each territory has a distinct primary sector: the source of the world's diversity.
    primary = np.arange(n) % s
    spec = (1 - cfg.specialization_strength) * rng.dirichlet(np.ones(s), size=n)
    spec[np.arange(n), primary] += cfg.specialization_strength
    # Capital concentrates more than size (top metros hold most venture capital).
    capital = size**cfg.capital_concentration * noise()
    position = rng.uniform(0.0, 1.0, (n, 2))
    position[0] = 0.5  # the largest territory sits at the centre of the map
    return Territories(
        names=[_tier_name(i, size[i]) for i in range(n)],
        size=size,
        market=size * noise(),
        talent=size * noise(),
        capital=capital,
        # Experimentation sites do not follow size: small places can be test beds.
        experimentation=rng.uniform(0.2, 1.0, n),
        visibility=size**0.5,
        connection_capacity=np.clip(size**0.5 * 2.0, 0.5, None),
        specialization=spec,
        research=spec * size[:, None] ** 0.5 * noise()[:, None],
        position=position,
    )


def _from_specs(cfg: WorldConfig, rng: np.random.Generator) -> Territories:
    specs, s = cfg.territories, cfg.n_sectors

    def vec(values: list[float], fallback: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float) if values else fallback
        total = v.sum()
        return v / total if total > 0 else np.full(s, 1.0 / s)

    spec = np.array([vec(t.specialization, rng.dirichlet(np.ones(s))) for t in specs])
    size = np.array([t.size for t in specs], dtype=float)
    research = np.array(
        [
            np.asarray(t.research, dtype=float) if t.research else spec[i] * size[i] ** 0.5
            for i, t in enumerate(specs)
        ]
    )
    arr = lambda attr: np.array([getattr(t, attr) for t in specs], dtype=float)  # noqa: E731
    return Territories(
        names=[t.name for t in specs],
        size=size,
        market=arr("market"),
        talent=arr("talent"),
        capital=arr("capital"),
        experimentation=arr("experimentation"),
        visibility=arr("visibility"),
        connection_capacity=arr("connection_capacity"),
        specialization=spec,
        research=research,
        position=np.stack([arr("x"), arr("y")], axis=1),
    )


def sector_groups(w: WorldConfig) -> np.ndarray:
    """Each sector's group of related sectors (Frenken et al. 2007): as configured, or the
    first and second half of the sectors."""
    if w.sector_groups:
        return np.asarray(w.sector_groups, dtype=np.int64)
    return np.arange(w.n_sectors, dtype=np.int64) * 2 // max(w.n_sectors, 1)
