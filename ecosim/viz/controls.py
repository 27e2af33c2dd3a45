"""What a class can change: the world preset, the networking policy, the seed and a
few knobs, each a (config key, label, range) entry so that new mechanisms become new
knobs by adding one line.

A choice of world or policy loads that preset's values into the knobs (the presets
in `configs/` are the reference), and the knobs are then applied on top of the
preset. The mechanism knobs (diversity protection = `protection.level`, diaspora
incentives, horizon) are neutral (0) in every preset; `diversity_aware`'s own damping
of imitation and drift is part of its policy preset and adds to the protection knob. Presets are
merged with OmegaConf directly rather than through Hydra's global state, because
the app builds models from several threads (one per browser session).
"""

from __future__ import annotations

from dataclasses import dataclass

from omegaconf import OmegaConf

from ecosim.config import ConfigError, EcosimConfig, config_dir, get_value, validate
from ecosim.names import NAMES
from ecosim.numbers import colon, number


@dataclass(frozen=True)
class Knob:
    """A slider bound to one config key; `inverted` shows 1 - value (e.g. protection).

    `unit` is what the slider's number counts, shown next to it so that a class can
    read "Link budget: 3 links" off the screen.
    """

    name: str
    key: str
    label: dict[str, str]
    lo: float
    hi: float
    step: float
    unit: dict[str, str]
    inverted: bool = False

    @property
    def is_int(self) -> bool:
        return all(float(v).is_integer() for v in (self.lo, self.hi, self.step))

    def from_config(self, cfg: EcosimConfig) -> float:
        node = get_value(cfg, self.key)
        # Rounded so that 1 - 0.3 shows as 0.7 on a slider.
        return round(1 - node if self.inverted else node, 6)

    def to_config(self, value: float) -> float:
        return 1 - value if self.inverted else value

    def shown(self, value: float, lang: str) -> str:
        """The slider's label with its value and unit: "Link budget: 3 links", "Ouverture :
        0,80 (part des flux, 0-1)"."""
        text = number(value, lang, 0 if self.is_int else 2)
        return f"{colon(self.label[lang], lang)} {text} {self.unit[lang]}"


KNOBS = (
    Knob(
        "link_budget",
        "policy.link_budget",
        {"en": "Link budget", "fr": "Budget de liens"},
        0,
        10,
        1,
        {"en": "links per hub", "fr": "liens par pôle"},
    ),
    Knob(
        "openness",
        "policy.openness",
        {"en": "Openness", "fr": "Ouverture"},
        0.0,
        1.0,
        0.05,
        {"en": "(share of flows, 0-1)", "fr": "(part des flux, 0-1)"},
    ),
    # The model's protection of specificities: less drift and cross-link imitation,
    # distinctive sectors' deals weigh more (docs/ODD.md, Protection).
    Knob(
        "diversity_protection",
        "protection.level",
        {"en": "Diversity protection", "fr": "Protection de la diversité"},
        0.0,
        1.0,
        0.05,
        {"en": "(level, 0-1)", "fr": "(niveau, 0-1)"},
    ),
    # Diaspora incentives: support programmes for expatriates (engagement, bridges).
    Knob(
        "diaspora_programmes",
        "diaspora.programmes",
        {"en": "Diaspora programmes", "fr": "Programmes pour la diaspora"},
        0.0,
        1.0,
        0.05,
        {"en": "(level, 0-1)", "fr": "(niveau, 0-1)"},
    ),
    # ... and tax advantages for returnees.
    Knob(
        "diaspora_tax_advantage",
        "diaspora.tax_advantage",
        {"en": "Tax advantage for returnees", "fr": "Avantage fiscal au retour"},
        0.0,
        1.0,
        0.05,
        {"en": "(level, 0-1)", "fr": "(niveau, 0-1)"},
    ),
    # Technological turbulence: a sector's landscape is shocked with this probability per
    # quarter, so yesterday's best solution may stop being best (docs/ODD.md, Turbulence).
    Knob(
        "turbulence",
        "knowledge.turbulence",
        {"en": "Technological turbulence", "fr": "Turbulence technologique"},
        0.0,
        0.2,
        0.01,
        {"en": "(shocks per sector per quarter)", "fr": "(chocs par secteur et trimestre)"},
    ),
    # Stakeholders' horizon: links that have not paid back after it are cut (0: never).
    Knob(
        "horizon",
        "horizon.quarters",
        {"en": "Horizon", "fr": "Horizon"},
        0,
        40,
        1,
        {"en": "quarters (0 = never cut)", "fr": "trimestres (0 = jamais coupé)"},
    ),
)

LABELS = {
    "world": {"en": "World", "fr": "Monde"},
    "policy": {"en": "Networking policy", "fr": "Politique de mise en réseau"},
    "seed": {"en": "Seed (another draw of chance)", "fr": "Graine (un autre tirage du hasard)"},
}
SEEDS = (0, 99)
#: What the page calls the presets (the configs' file names are ids, not words for a class).
DEFAULT_SCENARIO = {"world": "two_speed", "policy": "complementarity", "seed": 0}
#: what two compared worlds may differ in: everything but the world and the seed, which
#: they share so that they have the same territories, startups and random streams
VARIABLE = ("policy", *(k.name for k in KNOBS))


def choices(group: str) -> list[str]:
    return sorted(p.stem for p in (config_dir() / group).glob("*.yaml"))


def build_config(
    world: str = "two_speed", policy: str = "complementarity", seed: int = 0, **knobs
) -> EcosimConfig:
    """The validated config of a world preset x policy preset, with knob values on top.

    A knob given as None keeps the preset's value.
    """
    known = {k.name: k for k in KNOBS}
    unknown = set(knobs) - set(known)
    if unknown:
        raise TypeError(f"unknown knob(s): {', '.join(sorted(unknown))}")
    for group, name in (("world", world), ("policy", policy)):
        if name not in choices(group):
            raise ConfigError(
                f"{group}={name} is not an option; allowed: {', '.join(choices(group))}"
            )
    cfg = OmegaConf.merge(
        OmegaConf.structured(EcosimConfig),
        {
            "world": OmegaConf.load(config_dir() / "world" / f"{world}.yaml"),
            "policy": OmegaConf.load(config_dir() / "policy" / f"{policy}.yaml"),
            "seed": int(seed),
        },
    )
    for name, value in knobs.items():
        if value is not None:
            OmegaConf.update(cfg, known[name].key, known[name].to_config(value))
    return validate(OmegaConf.to_object(cfg))


def preset_values(world: str, policy: str) -> dict[str, float]:
    """The knob values a world x policy preset has before anyone moves a slider."""
    return knob_values(build_config(world, policy))


def complete(settings: dict) -> dict:
    """Every control's value: the defaults, the presets' knob values, then `settings`."""
    scenario = {**DEFAULT_SCENARIO, **settings}
    return {**scenario, **preset_values(scenario["world"], scenario["policy"]), **settings}


def differences(left: dict, right: dict) -> dict:
    """What the right world changes from the left one, control by control (complete
    settings). World and seed are shared by construction, never a difference."""
    for shared in ("world", "seed"):
        if left[shared] != right[shared]:
            raise ConfigError(
                f"compared worlds must share {shared}; got {left[shared]} and {right[shared]}"
            )
    return {name: right[name] for name in VARIABLE if right[name] != left[name]}


def display(group: str, preset: str, lang: str) -> str:
    """A world's or policy's name in the page's language (its id if it has none yet)."""
    return NAMES[group].get(preset, {}).get(lang, preset)


def label(name: str, lang: str) -> str:
    """A control's name as the page shows it."""
    knob = next((k for k in KNOBS if k.name == name), None)
    return knob.label[lang] if knob is not None else LABELS[name][lang]


def shown(name: str, value, lang: str) -> str:
    """One control with its value, as a reader sees it: "Link budget: 3 links per hub"."""
    knob = next((k for k in KNOBS if k.name == name), None)
    if knob is not None:
        return knob.shown(value, lang)
    if name in NAMES:
        value = display(name, value, lang)
    return f"{colon(LABELS[name][lang], lang)} {value}"


def described(settings: dict, lang: str) -> str:
    """Several controls with their values, for a title or a list of differences."""
    return "; ".join(shown(name, value, lang) for name, value in settings.items())


def knob_values(cfg: EcosimConfig) -> dict[str, float]:
    """The knobs' values in a built model's config (what the model really runs with)."""
    return {k.name: k.from_config(cfg) for k in KNOBS}
