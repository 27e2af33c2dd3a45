"""Real territories as a world preset: French regions from a data file shipped in the repo.

`configs/world/data/france_regions.csv` holds each region's population and GDP per
inhabitant with their sources; the preset `configs/world/france_regions.yaml` is written
from it by `python -m ecosim.inputs.territory_data` (a test checks the two agree).
The mapping is the generated worlds' own rule applied to measured sizes: size, talent and
market follow population (market weighted by GDP per inhabitant), local capital follows
economic size (population x GDP per inhabitant) to the power `world.capital_concentration`.
Venture-capital shares are never an input: they are the held-out pattern
(docs/VALIDATION.md), so the preset cannot reproduce them by construction.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ecosim.config import EcosimConfig, TerritorySpec, WorldConfig, config_dir, validate

NAME = "france_regions"


def data_file() -> Path:
    return config_dir() / "world" / "data" / f"{NAME}.csv"


def read_regions(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.DictReader(lines))


def france_regions_world(path: Path | None = None) -> WorldConfig:
    rows = read_regions(path or data_file())
    capital_power = WorldConfig().capital_concentration
    pop = [float(r["population_m"]) for r in rows]
    gdp = [float(r["gdp_per_capita_keur"]) for r in rows]
    top_pop, top_econ = max(pop), max(p * g for p, g in zip(pop, gdp, strict=True))
    top_gdp = max(gdp)
    specs = [
        TerritorySpec(
            name=r["region"],
            size=round(p / top_pop, 4),
            talent=round(p / top_pop, 4),
            market=round(p / top_pop * g / top_gdp, 4),
            capital=round((p * g / top_econ) ** capital_power, 5),
            x=float(r["x"]),
            y=float(r["y"]),
        )
        for r, p, g in zip(rows, pop, gdp, strict=True)
    ]
    world = WorldConfig(name=NAME, n_territories=len(specs), territories=specs)
    validate(EcosimConfig(world=world))
    return world


def preset_yaml(world: WorldConfig) -> str:
    from omegaconf import OmegaConf

    return (
        "# French regions, written by `python -m ecosim.inputs.territory_data` from\n"
        "# configs/world/data/france_regions.csv (sources there; mapping in the module's\n"
        "# docstring). Held-out pattern: Ile-de-France's share of venture capital.\n"
        + OmegaConf.to_yaml(OmegaConf.structured(world))
    )


if __name__ == "__main__":
    out = config_dir() / "world" / f"{NAME}.yaml"
    out.write_text(preset_yaml(france_regions_world()), encoding="utf-8")
    print(out)
