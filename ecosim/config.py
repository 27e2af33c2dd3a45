"""The configuration schema: every parameter, its default, unit and allowed range.

The dataclasses are registered in Hydra's ConfigStore so that YAML files in
`configs/` are merged *into* them: unknown keys and wrong types are rejected by
OmegaConf, and `validate` checks the declared ranges. The ranges live in each
field's metadata so that other tools (sensitivity analysis, the bad-input tests)
read them from one place.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore

#: Names that end up in directory names: no separators, no "..", no spaces.
SAFE_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}"


def param(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    unit: str = "",
    help: str = "",
    choices: tuple[str, ...] | None = None,
    factory: bool = False,
    pattern: str | None = None,
):
    """A dataclass field carrying its allowed range (or choices or pattern), unit and meaning."""
    meta = {
        "min": lo,
        "max": hi,
        "unit": unit,
        "help": help,
        "choices": choices,
        "pattern": pattern,
    }
    if factory:
        return field(default_factory=default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class TerritorySpec:
    """One territory given explicitly (e.g. built by `ecosim map` from an actor table)."""

    name: str = param("territory", help="display name")
    size: float = param(1.0, 0.01, 100.0, unit="relative", help="overall size (metropolis = 1)")
    market: float = param(1.0, 0.0, 100.0, unit="relative", help="local market size")
    talent: float = param(1.0, 0.0, 100.0, unit="relative", help="talent pool")
    capital: float = param(1.0, 0.0, 100.0, unit="relative", help="local investment capital")
    experimentation: float = param(0.5, 0.0, 1.0, help="experimentation capacity")
    visibility: float = param(1.0, 0.0, 1.0, help="visibility to outside partners")
    connection_capacity: float = param(1.0, 0.0, 10.0, help="multiplier of the link budget")
    specialization: list[float] = param(
        list, factory=True, help="weights over sectors (empty: generated)"
    )
    research: list[float] = param(
        list, factory=True, help="research strength per sector (empty: generated)"
    )
    x: float = param(0.5, 0.0, 1.0, help="map position (distances make links costlier)")
    y: float = param(0.5, 0.0, 1.0, help="map position")
    # Measured data (`ecosim regions`): when population_m > 0, the model maps these to size,
    # market, talent, capital, research and initial startups with `geography.*`, and the
    # derived fields above are not read for them. 0 = unknown.
    population_m: float = param(
        0.0, 0.0, 10000.0, unit="million inhabitants", help="measured population (0: unknown)"
    )
    gdp_per_capita_keur: float = param(
        0.0, 0.0, 10000.0, unit="thousand EUR", help="measured GDP per inhabitant (0: unknown)"
    )
    rd_intensity_pct: float = param(
        0.0, 0.0, 100.0, unit="% of GDP", help="measured R&D expenditure (0: unknown)"
    )
    tertiary_students_k: float = param(
        0.0, 0.0, 1e6, unit="thousand students", help="measured tertiary students (0: unknown)"
    )
    startups: float = param(
        0.0, 0.0, 1e9, unit="startups", help="measured startups, stock or creations (0: unknown)"
    )


@dataclass
class WorldConfig:
    """The territories and sectors: generated from a few parameters, or given explicitly."""

    name: str = param(
        "two_speed", help="preset name (labels and run directory names)", pattern=SAFE_NAME
    )
    n_territories: int = param(10, 2, 500, unit="territories")
    n_sectors: int = param(6, 1, 20, unit="sectors")
    size_skew: float = param(0.8, 0.0, 4.0, help="size of rank r is (r+1)^-skew")
    specialization_strength: float = param(
        0.6, 0.0, 1.0, help="weight of each territory's primary sector"
    )
    capital_concentration: float = param(
        2.5, 0.0, 5.0, help="local capital grows as size^this (VC concentrates)"
    )
    startups_per_size: float = param(
        250.0, 1.0, 100000.0, unit="startups", help="initial startups per unit of territory size"
    )
    nk_n: int = param(12, 2, 20, unit="bits", help="N of the sector NK landscapes")
    nk_k: int = param(3, 0, 19, help="K of the sector NK landscapes (K < N)")
    sector_groups: list[int] = param(
        list,
        0,
        19,
        factory=True,
        help="group of each sector (related sectors share one); empty: two halves",
    )
    territories: list[TerritorySpec] = param(
        list, factory=True, help="explicit territories (override generation)"
    )


@dataclass
class GeographyConfig:
    """How measured territory data become the model's territory assets (`ecosim regions`;
    docs/ODD.md section 6.1). Read only for territories given with raw data
    (`world.territories[i].population_m > 0`); generated and mapped worlds ignore it.
    Defaults are neutral, not tuned: each asset is proportional to the measure of it."""

    capital_elasticity: float = param(
        1.0,
        0.0,
        5.0,
        help="local capital = (economic size / largest)^this; economic size = population x "
        "GDP per inhabitant (1: proportional)",
    )
    market_from_gdp: float = param(
        1.0,
        0.0,
        2.0,
        help="market ~ population x (GDP per inhabitant)^this (1: proportional to GDP, "
        "0: to population)",
    )
    talent_from_students: float = param(
        1.0,
        0.0,
        1.0,
        help="talent ~ population^(1-this) x tertiary students^this (1: proportional to "
        "students, 0: to population; population when students are unknown)",
    )
    research_from_rd: float = param(
        1.0,
        0.0,
        2.0,
        help="research x (R&D intensity / the whole world's)^this (1: proportional, "
        "0: not read; the size rule alone when unknown)",
    )
    startups_from_data: float = param(
        1.0,
        0.0,
        1.0,
        help="initial startups ~ size^(1-this) x (measured startups / largest)^this "
        "(1: proportional, 0: size; size when unknown)",
    )


@dataclass
class PolicyConfig:
    """How hubs choose partners and how much flows across a link."""

    name: str = param(
        "complementarity",
        help="networking policy",
        choices=(
            "isolated",
            "random",
            "hub_and_spoke",
            "preferential",
            "complementarity",
            "diversity_aware",
            "open_mesh",
        ),
    )
    link_budget: int = param(3, 0, 500, unit="links", help="links a hub of capacity 1 keeps")
    link_cost: float = param(
        0.3,
        0.0,
        10.0,
        unit="EUR M / quarter",
        help="cost of one link at distance 0 (grows with distance)",
    )
    distance_cost: float = param(1.0, 0.0, 10.0, help="extra link cost per unit of distance")
    trust_rate: float = param(
        0.06,
        0.0,
        1.0,
        unit="1 / quarter",
        help="share of the remaining trust gap closed each quarter",
    )
    openness: float = param(0.8, 0.0, 1.0, help="share of cross-link flows allowed")
    cross_imitation: float = param(
        1.0, 0.0, 1.0, help="weight of imitation across links (diversity_aware < 1)"
    )
    drift_rate: float = param(
        0.03,
        0.0,
        1.0,
        unit="1 / quarter",
        help="pull of partners' specializations per quarter at full trust",
    )
    rewire_every: int = param(4, 1, 1000, unit="quarters", help="how often hubs revise links")


@dataclass
class EconomyConfig:
    """Startups' money: births, burn, rounds, revenue, exits; investors' funds."""

    birth_rate: float = param(
        15.0,
        0.0,
        1000.0,
        unit="startups / quarter / talent",
        help="expected births per quarter per unit of talent",
    )
    founder_capital: float = param(
        0.6, 0.0, 100.0, unit="EUR M", help="mean founders' money (exponentially distributed)"
    )
    burn: list[float] = param(
        lambda: [0.05, 0.3, 1.0],
        0.0,
        100.0,
        factory=True,
        unit="EUR M / quarter",
        help="burn in seed, growth, scale stage",
    )
    round_size: list[float] = param(
        lambda: [0.5, 3.0, 10.0],
        0.0,
        10000.0,
        factory=True,
        unit="EUR M",
        help="round raised in seed, growth, scale stage",
    )
    runway_quarters: float = param(
        2.83, 0.0, 40.0, unit="quarters", help="a startup seeks money when capital < runway x burn"
    )
    revenue_scale: list[float] = param(
        lambda: [0.01, 0.1, 0.5],
        0.0,
        1000.0,
        factory=True,
        unit="EUR M / quarter",
        help="revenue at quality 1 and market access 1, per stage",
    )
    market_friction: float = param(0.5, 0.0, 1.0, help="share of a linked market lost to friction")
    exit_rate: list[float] = param(
        lambda: [0.01, 0.01, 0.0766],
        0.0,
        1.0,
        factory=True,
        unit="1 / quarter",
        help="exit hazard at quality 1, per stage (calibrated: docs/VALIDATION.md)",
    )
    exit_sigma: float = param(1.35, 0.0, 5.0, help="log-sd of exit multiples (return skew)")
    exit_mu: float = param(-1.6, -10.0, 10.0, help="log-mean of exit multiples at quality 1")
    revenue_valuation: float = param(
        2.0, 0.0, 100.0, unit="x annual revenue", help="how exits value the startup's revenue"
    )
    recycling: float = param(
        0.2, 0.0, 1.0, help="share of exit proceeds an investor puts back in its fund"
    )
    recycling_cap: float = param(
        1.2,
        1.0,
        1000.0,
        unit="x commitments",
        help="a fund reinvests proceeds only while commitments + proceeds reinvested stay "
        "within this multiple of its commitments (most common cap in limited partnership "
        "agreements: 120%, Goodwin Terms Database 2025); 1000: never reached, no cap",
    )
    investors_per_territory: int = param(2, 0, 100, unit="investors")
    global_investors: int = param(3, 0, 1000, unit="investors")
    fund_inflow: float = param(
        11.2,
        0.0,
        10000.0,
        unit="EUR M / quarter / capital",
        help="new money committed per quarter per unit of local capital",
    )
    global_fund_inflow: float = param(8.0, 0.0, 10000.0, unit="EUR M / quarter / investor")
    deals_per_investor: int = param(20, 0, 10000, unit="deals / quarter")
    min_quality: float = param(0.391, 0.0, 1.0, help="investors' bar on perceived quality")
    home_bias: float = param(
        0.5, 0.0, 1.0, help="weight of non-home deals relative to home ones (0.5: half)"
    )
    distance_decay: float = param(1.0, 0.0, 20.0, help="exp(-decay x distance) on remote deals")
    quality_power: float = param(
        8.0, 0.1, 32.0, help="quality = (fitness / max fitness)^power (Lazer-Friedman)"
    )
    talent_mobility: float = param(
        0.01,
        0.0,
        1.0,
        unit="1 / quarter",
        help="share of talent that may move across links per quarter",
    )


@dataclass
class KnowledgeConfig:
    """Local search and imitation on the sector landscapes (Lazer & Friedman 2007)."""

    velocity: float = param(0.742, 0.0, 1.0, help="probability a startup looks at peers")
    copy_error: float = param(0.118, 0.0, 1.0, help="probability a differing bit is not copied")
    partner_trials: float = param(
        1.0, 0.0, 1.0, help="max extra search trial from technical partners"
    )
    turbulence: float = param(
        0.0,
        0.0,
        1.0,
        unit="1/quarter",
        help="probability a sector's landscape is shocked each quarter (March 1991)",
    )
    turbulence_share: float = param(
        0.5, 0.0, 1.0, help="share of a shocked landscape's contributions redrawn"
    )
    recombination: float = param(
        0.0,
        0.0,
        1.0,
        unit="1/quarter",
        help="probability a startup tries a cross-sector combination (Fleming 2001)",
    )
    recombination_spread: float = param(
        0.5,
        0.0,
        3.0,
        help="log-sd of a combination's value per unit of sector distance (mean-preserving)",
    )


@dataclass
class SectorShocksConfig:
    """Sector demand shocks: persistent drops and recoveries of each sector's demand."""

    shock_rate: float = param(
        0.0, 0.0, 1.0, unit="1/quarter", help="probability a sector's demand drops each quarter"
    )
    shock_size: float = param(0.5, 0.0, 1.0, help="share of a sector's demand lost in a shock")
    recovery: float = param(
        0.1, 0.0, 1.0, unit="1/quarter", help="share of the gap to normal demand closed per quarter"
    )


@dataclass
class DeprecatedMarketConfig:
    """`market.*`, the old name of `sector_shocks.*`: a value set here moves there (with a
    one-line note), so old commands and configs keep working. Not a parameter section."""

    shock_rate: float | None = None
    shock_size: float | None = None
    recovery: float | None = None


#: deprecated section -> the section that holds its keys now
SECTION_ALIASES = {"market": "sector_shocks"}


@dataclass
class PracticesConfig:
    """Best practices spread: hubs' support programmes improve by adapting partners' ones."""

    initial_low: float = param(
        0.2, 0.0, 1.0, help="lowest support-programme quality at start (uniform draw)"
    )
    initial_high: float = param(
        0.8, 0.0, 1.0, help="highest support-programme quality at start (uniform draw)"
    )
    adoption_rate: float = param(
        0.1,
        0.0,
        1.0,
        unit="1 / quarter",
        help="share of the gap to better partners' practice closed per quarter at full link weight",
    )
    context_penalty: float = param(
        0.5,
        0.0,
        1.0,
        help="share of a partner's practice lost when its specialization differs entirely",
    )
    delay: int = param(
        4, 0, 400, unit="quarters", help="quarters between seeing a practice and running it"
    )
    reached_at: float = param(
        0.9, 0.0, 1.0, help="a territory has the best practice at this share of its quality"
    )
    birth_effect: float = param(
        0.0, 0.0, 10.0, help="births x (1 + this x quality); 0 keeps the core calibration"
    )
    survival_effect: float = param(
        0.0, 0.0, 1.0, help="burn x (1 - this x quality); 0 keeps the core calibration"
    )


@dataclass
class AlignmentConfig:
    """Alignment of interests: orientations from local-first (0) to international (1)."""

    orientation: float = param(0.5, 0.0, 1.0, help="mean orientation (0 local-first, 1 global)")
    spread: float = param(
        0.0, 0.0, 1.0, help="orientations ~ uniform(mean - spread, mean + spread); 0: aligned"
    )
    sensitivity: float = param(
        1.0, 0.0, 1.0, help="each side accepts with probability 1 - this x orientation gap"
    )
    break_rate: float = param(
        0.05,
        0.0,
        1.0,
        unit="1 / quarter",
        help="hazard that a link ends, per unit of orientation gap",
    )


@dataclass
class CapacityConfig:
    """Unequal capacity to connect: courted hubs choose, the periphery takes what is left."""

    trade_up: bool = param(
        True, help="a hub at capacity swaps its weakest link (trust counted) for a better offer"
    )
    periphery: float = param(
        0.5, 0.0, 1.0, help="share of territories, smallest first, counted as the periphery"
    )


@dataclass
class HorizonConfig:
    """Short-term results vs long-term vision: links must pay back within a horizon."""

    quarters: int = param(
        0,
        0,
        10000,
        unit="quarters",
        help="horizon over which links must pay back (0: never judged)",
    )


@dataclass
class ProtectionConfig:
    """Protection of territorial specificities against homogenization."""

    level: float = param(
        0.0,
        0.0,
        1.0,
        help="share of specialization drift prevented; distinctive sectors' deals weigh 1 + this",
    )


@dataclass
class DiasporaConfig:
    """Expatriate talent: bridges between origin and host territories."""

    per_territory: int = param(10, 0, 10000, unit="expatriates", help="expatriates per origin")
    base_engagement: float = param(
        0.0, 0.0, 1.0, help="mean spontaneous engagement (0 keeps the core calibration)"
    )
    programmes: float = param(
        0.0, 0.0, 1.0, help="support programmes for expatriates (0 none, 1 strongest)"
    )
    tax_advantage: float = param(0.0, 0.0, 1.0, help="tax advantages for returnees (0 none, 1 max)")
    engagement_rate: float = param(
        0.1, 0.0, 1.0, unit="1 / quarter", help="speed at which engagement follows incentives"
    )
    bridge: float = param(
        0.3, 0.0, 10.0, help="bridge strength per fully engaged expatriate (saturating)"
    )
    return_rate: float = param(
        0.02,
        0.0,
        1.0,
        unit="1 / quarter",
        help="return hazard of a fully engaged, fully incentivized expatriate",
    )
    returnee_talent: float = param(
        0.01, 0.0, 10.0, unit="talent", help="talent a returnee brings home (taken from the host)"
    )


@dataclass
class NarrativeConfig:
    """Territorial narratives: external image and internal confidence vs real performance."""

    stereotype: float = param(
        0.0, 0.0, 4.0, help="initial image = (size / largest)^this (0: seen as it is)"
    )
    self_doubt: float = param(
        0.0, 0.0, 4.0, help="initial confidence = (size / largest)^this (0: confident)"
    )
    learning_rate: float = param(
        0.05,
        0.0,
        1.0,
        unit="1 / quarter",
        help="share of the perception gap closed per quarter at full exposure",
    )
    success_visibility: float = param(
        0.2, 0.0, 10.0, help="exposure from one exit, relative to one full-trust link"
    )
    campaign_start: int = param(
        0, 0, 100000, unit="quarter", help="quarter a narrative campaign starts (0: none)"
    )
    campaign_quarters: int = param(8, 1, 100000, unit="quarters", help="campaign length")
    campaign_cost: float = param(
        0.5, 0.0, 100.0, unit="EUR M / quarter", help="cost per campaigning territory"
    )
    campaign_strength: float = param(
        0.1,
        0.0,
        1.0,
        unit="1 / quarter",
        help="share of an under-rated territory's image gap closed per campaign quarter",
    )


@dataclass
class SimConfig:
    steps: int = param(80, 1, 100000, unit="quarters")
    burn_in: int = param(
        36,
        0,
        100000,
        unit="quarters",
        help="cohort and venture statistics count startups born from this quarter on "
        "(MSER-5 warm-up of the world's investment, docs/ODD.md section 8)",
    )
    follow_up: int = param(
        40,
        0,
        100000,
        unit="quarters",
        help="venture statistics judge each startup at this age (a venture fund's 10-year "
        "life); 0: up to the end of the run",
    )
    collect_agents: bool = param(False, help="also record every startup every step")
    record_every: int = param(
        1,
        1,
        100000,
        unit="quarters",
        help="record territory and world metrics every k quarters (and the last one)",
    )
    progress: bool = param(True, help="print progress while running")
    short_horizon: int = param(
        8, 1, 100000, unit="quarters", help="horizon of the short-run discounted return (npv_short)"
    )
    discount_rate: float = param(
        0.02, 0.0, 1.0, unit="1 / quarter", help="discount rate of npv_short and npv_long"
    )


@dataclass
class AgglomerationConfig:
    """Startup creation that follows existing startups and research (docs/ODD.md §6.2,
    "Agglomeration"); both elasticities 0: births follow talent alone."""

    startups_elasticity: float = param(
        0.0,
        0.0,
        2.0,
        help="births x (live startups per talent / world's)^this (0: not read)",
    )
    research_elasticity: float = param(
        0.0,
        0.0,
        2.0,
        help="births x (research per talent / world's)^this (0: not read)",
    )


@dataclass
class DealSizeConfig:
    """Round sizes that grow with local money per startup (docs/ODD.md §6.2, "Deal
    size"); elasticity 0: a round's size depends on the startup's stage only."""

    capital_elasticity: float = param(
        0.0,
        0.0,
        2.0,
        help="round size x (local funds' money per startup / world's)^this (0: not read)",
    )


@dataclass
class TrackRecordConfig:
    """New commitments that follow the money earlier exits returned (docs/ODD.md §6.2,
    "Track record"); elasticity 0: a fund's commitments are fixed by local capital."""

    elasticity: float = param(
        0.0,
        0.0,
        2.0,
        help="new commitments x (money returned per euro committed / world's)^this (0: not read)",
    )


@dataclass
class EcosimConfig:
    world: WorldConfig = field(default_factory=WorldConfig)
    geography: GeographyConfig = field(default_factory=GeographyConfig)
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    economy: EconomyConfig = field(default_factory=EconomyConfig)
    knowledge: KnowledgeConfig = field(default_factory=KnowledgeConfig)
    sector_shocks: SectorShocksConfig = field(default_factory=SectorShocksConfig)
    sim: SimConfig = field(default_factory=SimConfig)
    practices: PracticesConfig = field(default_factory=PracticesConfig)
    alignment: AlignmentConfig = field(default_factory=AlignmentConfig)
    capacity: CapacityConfig = field(default_factory=CapacityConfig)
    horizon: HorizonConfig = field(default_factory=HorizonConfig)
    protection: ProtectionConfig = field(default_factory=ProtectionConfig)
    diaspora: DiasporaConfig = field(default_factory=DiasporaConfig)
    narrative: NarrativeConfig = field(default_factory=NarrativeConfig)
    agglomeration: AgglomerationConfig = field(default_factory=AgglomerationConfig)
    deal_size: DealSizeConfig = field(default_factory=DealSizeConfig)
    track_record: TrackRecordConfig = field(default_factory=TrackRecordConfig)
    market: DeprecatedMarketConfig = field(default_factory=DeprecatedMarketConfig)
    seed: int = param(0, 0, 2**31 - 1, help="master seed of all random streams")
    draw: int = param(
        -1,
        -1,
        10**6,
        help="the posterior draw this run's parameters come from (ecosim sweep --posterior); "
        "a label, -1 outside posterior sweeps",
    )
    results_dir: str = param("results", help="where runs are written")


class ConfigError(ValueError):
    """A bad configuration value; its message is the one line shown to the user."""


def register_configs() -> None:
    cs = ConfigStore.instance()
    cs.store(name="ecosim_schema", node=EcosimConfig)


def _check_value(path: str, value: Any, meta: dict) -> None:
    lo, hi, choices = meta.get("min"), meta.get("max"), meta.get("choices")
    if choices is not None and value not in choices:
        raise ConfigError(f"{path}={value!r} is not allowed; choose one of: {', '.join(choices)}")
    pattern = meta.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, str(value)):
        raise ConfigError(
            f"{path}={value!r} is not allowed; expected 1-64 letters, digits, "
            "'_' or '-' (it becomes part of a directory name)"
        )
    if isinstance(value, bool) or not isinstance(value, int | float):
        return
    if value != value or value in (float("inf"), float("-inf")):
        raise ConfigError(f"{path}={value} is not allowed; expected a finite number")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ConfigError(f"{path}={value} is out of range; allowed: [{lo}, {hi}]")


def iter_params(cls=EcosimConfig, prefix: str = ""):
    """Yield (dotted key, dataclass field) for every leaf parameter of the schema (not the
    deprecated aliases of sections)."""
    for f in dataclasses.fields(cls):
        key = f"{prefix}{f.name}"
        if key in SECTION_ALIASES:
            continue
        if dataclasses.is_dataclass(f.type) or (isinstance(f.type, str) and f.type in _NESTED):
            yield from iter_params(
                _NESTED[f.type] if isinstance(f.type, str) else f.type, key + "."
            )
        else:
            yield key, f


def _nested(cls) -> dict[str, type]:
    """Name -> class of every dataclass nested in `cls`, read from its type hints (with
    postponed annotations, `iter_params` meets a section's type as its name)."""
    found = {}
    for hint in typing.get_type_hints(cls).values():
        if dataclasses.is_dataclass(hint):
            found |= {hint.__name__: hint, **_nested(hint)}
    return found


_NESTED = _nested(EcosimConfig)


_noted: set[str] = set()


def _move_aliased(cfg: EcosimConfig) -> None:
    """Values set under a deprecated section's name move to the section that holds them."""
    for old, new in SECTION_ALIASES.items():
        node = getattr(cfg, old)
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if value is None:
                continue
            setattr(getattr(cfg, new), f.name, value)
            setattr(node, f.name, None)
            if f"{old}.{f.name}" not in _noted:
                _noted.add(f"{old}.{f.name}")
                print(
                    f"ecosim: note: {old}.{f.name} is deprecated; use {new}.{f.name}",
                    file=sys.stderr,
                )


def validate(cfg: EcosimConfig) -> EcosimConfig:
    """Check declared ranges and cross-field rules; raise ConfigError on the first problem."""
    _move_aliased(cfg)
    for key, f in iter_params():
        node = get_value(cfg, key)
        values = node if isinstance(node, list) and key != "world.territories" else [node]
        for v in values:
            _check_value(key, v, f.metadata)
    w, e = cfg.world, cfg.economy
    if w.nk_k >= w.nk_n:
        raise ConfigError(f"world.nk_k={w.nk_k} is not allowed; must be < world.nk_n={w.nk_n}")
    for key in ("burn", "round_size", "revenue_scale", "exit_rate"):
        if len(getattr(e, key)) != 3:
            raise ConfigError(
                f"economy.{key} has {len(getattr(e, key))} values; "
                "allowed: exactly 3 (seed, growth, scale)"
            )
    if w.sector_groups and len(w.sector_groups) != w.n_sectors:
        raise ConfigError(
            f"world.sector_groups has {len(w.sector_groups)} values; "
            f"allowed: 0 (two halves) or world.n_sectors={w.n_sectors}"
        )
    if cfg.practices.initial_low > cfg.practices.initial_high:
        raise ConfigError(
            f"practices.initial_low={cfg.practices.initial_low} is not allowed; "
            f"must be <= practices.initial_high={cfg.practices.initial_high}"
        )
    if w.territories:
        for i, t in enumerate(w.territories):
            for f in dataclasses.fields(TerritorySpec):
                v = getattr(t, f.name)
                for x in v if isinstance(v, list) else [v]:
                    _check_value(f"world.territories[{i}].{f.name}", x, f.metadata)
            for vec in ("specialization", "research"):
                n = len(getattr(t, vec))
                if n not in (0, w.n_sectors):
                    raise ConfigError(
                        f"world.territories[{i}].{vec} has {n} values; "
                        f"allowed: 0 or world.n_sectors={w.n_sectors}"
                    )
        _check_measured(w.territories)
        if len(w.territories) != w.n_territories:
            raise ConfigError(
                f"world.territories lists {len(w.territories)} territories; "
                f"must equal world.n_territories={w.n_territories}"
            )
    return cfg


def _check_measured(territories: list[TerritorySpec]) -> None:
    """Measured data for every territory or for none (the mapping compares territories), and
    a GDP per inhabitant wherever a population is given."""
    given = [t.population_m > 0 for t in territories]
    if any(given) and not all(given):
        i = given.index(False)
        raise ConfigError(
            f"world.territories[{i}].population_m={territories[i].population_m} is not "
            "allowed: other territories give measured data; give population_m > 0 for every "
            "territory or for none"
        )
    for i, t in enumerate(territories):
        if t.population_m > 0 and t.gdp_per_capita_keur <= 0:
            raise ConfigError(
                f"world.territories[{i}].gdp_per_capita_keur={t.gdp_per_capita_keur} is not "
                "allowed with population_m > 0; expected a GDP per inhabitant > 0"
            )


#: a dotted schema key (`economy.exit_mu`) or one element of a per-stage list
#: (`economy.exit_rate[2]`): how calibration priors and posterior draws name parameters
_PARAM_KEY = re.compile(r"^([a-z_]+\.[a-z_]+)(?:\[(\d+)\])?$")


def split_key(key: str) -> tuple[str, int | None]:
    """(`section.name`, list index or None) of a parameter key; ConfigError if it is none."""
    m = _PARAM_KEY.match(key)
    if not m:
        raise ConfigError(f"{key!r} is not a dotted key such as economy.exit_mu")
    return m.group(1), None if m.group(2) is None else int(m.group(2))


def _section(cfg: EcosimConfig, key: str) -> tuple[Any, str, int | None]:
    """(the section holding a parameter key, the field's name, list index or None)."""
    name, index = split_key(key)
    section, field_name = name.split(".")
    node = getattr(cfg, section, None)
    if node is None or not hasattr(node, field_name):
        raise ConfigError(f"{key!r} is not a key of the schema (docs/ODD.md section 7)")
    return node, field_name, index


def set_value(cfg: EcosimConfig, key: str, value) -> str:
    """Set a parameter key (`section.name` or `section.name[i]`, replacing one element of a
    copy of the list) on a config; returns the `section.name` it changed."""
    node, field_name, index = _section(cfg, key)
    if index is not None:
        values = list(getattr(node, field_name))
        values[index] = value
        value = values
    setattr(node, field_name, value)
    return key.partition("[")[0]


def get_value(cfg: EcosimConfig, key: str):
    """The value of a parameter key: a top-level one (`seed`), `section.name`, or one
    element of a list (`section.name[i]`); ConfigError if the schema has no such key."""
    if "." not in key and "[" not in key:
        if key not in {f.name for f in dataclasses.fields(cfg)}:
            raise ConfigError(f"{key!r} is not a key of the schema (docs/ODD.md section 7)")
        return getattr(cfg, key)
    node, field_name, index = _section(cfg, key)
    value = getattr(node, field_name)
    return value if index is None else value[index]


def config_dir() -> Path:
    """Configs of an installed wheel (ecosim/configs) or of a checkout (configs/)."""
    env = os.environ.get("ECOSIM_CONFIG_DIR")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parent
    for candidate in (here / "configs", here.parent / "configs"):
        if (candidate / "config.yaml").is_file():
            return candidate
    raise ConfigError("cannot find ecosim's configs (set ECOSIM_CONFIG_DIR)")
