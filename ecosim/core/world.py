"""Territories: the places startups are born in, with their assets and gaps.

Territories are data (arrays indexed by territory), not agents: they do not decide
anything themselves. Their hub (an agent) decides for them. A world is generated
from a few parameters (`n_territories`, `size_skew`, `specialization_strength`), or
given territory by territory: with derived assets (e.g. from `ecosim map`), or with
measured data (population, GDP per inhabitant, ... from `ecosim regions`) that
`measured_assets` maps to assets with the `geography.*` parameters (docs/ODD.md §6.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecosim.config import GeographyConfig, TerritorySpec, WorldConfig


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
    #: initial startups per unit of `world.startups_per_size` (None: size)
    seed_weight: np.ndarray | None = None

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


def generate_territories(
    cfg: WorldConfig, rng: np.random.Generator, geography: GeographyConfig | None = None
) -> Territories:
    """Territories from the preset's parameters, or from its explicit list (measured data
    mapped with `geography`, the schema's defaults when not given)."""
    if cfg.territories:
        return _from_specs(cfg, rng, geography or GeographyConfig())
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


def _relative(x: np.ndarray) -> np.ndarray:
    return x / x.max()


def measured_assets(specs: list[TerritorySpec], geo: GeographyConfig) -> dict[str, np.ndarray]:
    """Size, market, talent, capital, a research factor and initial-startup weights from
    measured data (every spec has population_m > 0; `config.validate` checks it).

    No exponent is chosen here: each mapping is a `geography.*` parameter whose default
    makes the asset proportional to its measure. An optional column (R&D intensity,
    students, startups) counts only when every territory gives it (shares must be over the
    same territories); otherwise its asset follows population as when it is absent."""
    data = lambda attr: np.array([getattr(t, attr) for t in specs], dtype=float)  # noqa: E731
    pop, gdp = data("population_m"), data("gdp_per_capita_keur")
    economy = pop * gdp
    size = _relative(pop)
    out = {
        "size": size,
        "market": _relative(pop * gdp**geo.market_from_gdp),
        "capital": _relative(economy) ** geo.capital_elasticity,
        "talent": size,
        "research_factor": np.ones(len(specs)),
        "seed_weight": size,
    }
    students, rd, startups = data("tertiary_students_k"), data("rd_intensity_pct"), data("startups")
    if (students > 0).all():
        w = geo.talent_from_students
        out["talent"] = _relative(pop ** (1 - w) * students**w)
    if (rd > 0).all():
        whole = (rd * economy).sum() / economy.sum()  # the world's own intensity
        out["research_factor"] = (rd / whole) ** geo.research_from_rd
    if (startups > 0).all():
        w = geo.startups_from_data
        out["seed_weight"] = size ** (1 - w) * _relative(startups) ** w
    return out


def _from_specs(cfg: WorldConfig, rng: np.random.Generator, geo: GeographyConfig) -> Territories:
    specs, s = cfg.territories, cfg.n_sectors

    def vec(values: list[float], fallback: np.ndarray) -> np.ndarray:
        v = np.asarray(values, dtype=float) if values else fallback
        total = v.sum()
        return v / total if total > 0 else np.full(s, 1.0 / s)

    spec = np.array([vec(t.specialization, rng.dirichlet(np.ones(s))) for t in specs])
    arr = lambda attr: np.array([getattr(t, attr) for t in specs], dtype=float)  # noqa: E731
    if specs[0].population_m > 0:
        assets = measured_assets(specs, geo)
    else:
        assets = {key: arr(key) for key in ("size", "market", "talent", "capital")}
        assets |= {"research_factor": np.ones(len(specs)), "seed_weight": None}
    size = assets["size"]
    research = np.array(
        [
            np.asarray(t.research, dtype=float)
            if t.research
            else spec[i] * size[i] ** 0.5 * assets["research_factor"][i]
            for i, t in enumerate(specs)
        ]
    )
    return Territories(
        names=[t.name for t in specs],
        size=size,
        market=assets["market"],
        talent=assets["talent"],
        capital=assets["capital"],
        experimentation=arr("experimentation"),
        visibility=arr("visibility"),
        connection_capacity=arr("connection_capacity"),
        specialization=spec,
        research=research,
        position=np.stack([arr("x"), arr("y")], axis=1),
        seed_weight=assets["seed_weight"],
    )


def sector_groups(w: WorldConfig) -> np.ndarray:
    """Each sector's group of related sectors (Frenken et al. 2007): as configured, or the
    first and second half of the sectors."""
    if w.sector_groups:
        return np.asarray(w.sector_groups, dtype=np.int64)
    return np.arange(w.n_sectors, dtype=np.int64) * 2 // max(w.n_sectors, 1)
