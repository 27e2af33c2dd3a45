"""The educator app: Mesa's SolaraViz page for ecosim (run it with `ecosim viz`).

The page is Mesa's SolaraViz (Step / Play / Reset, the model's parameters in the
sidebar) with two live components, the territories as a network and the four KPI
charts, and above them a lesson panel in English or French.

The controls' values live in per-session reactive variables (Solara gives each
browser session its own value of a module-level `solara.reactive`) and are handed
to SolaraViz as the parameters' values. That lets a lesson, or a change of world or
policy preset, set the sliders, and Reset then builds the model the sliders show.
"""

from __future__ import annotations

import solara
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from ecosim.core.model import EcosystemModel
from ecosim.kpis import CHARTED
from ecosim.viz.charts import WorldHistory, draw_kpis
from ecosim.viz.controls import KNOBS, LABELS, SEEDS, build_config, choices, preset_values
from ecosim.viz.lessons import LANGUAGES, LESSONS, UI, by_id
from ecosim.viz.network import NetworkLayout, draw_network, sector_legend

DEFAULTS = {"world": "two_speed", "policy": "complementarity", "seed": 0}
DEFAULTS.update(preset_values(DEFAULTS["world"], DEFAULTS["policy"]))

controls = {name: solara.reactive(value) for name, value in DEFAULTS.items()}
language = solara.reactive("en")
lesson_id = solara.reactive(LESSONS[0].id)


def _current(value):
    """SolaraViz first hands over the parameters' initial values as given: our reactives."""
    return value.value if isinstance(value, solara.Reactive) else value


class ClassroomModel(EcosystemModel):
    """The ecosystem model built from the app's controls, keeping what the page draws.

    The network layout is computed here, once per world, from the territories' map
    positions; the world KPIs are kept step by step for the charts.
    """

    def __init__(
        self,
        world: str = DEFAULTS["world"],
        policy: str = DEFAULTS["policy"],
        seed: int = 0,
        link_budget: int | None = None,
        openness: float | None = None,
        diversity_protection: float | None = None,
        diaspora_programmes: float | None = None,
        diaspora_tax_advantage: float | None = None,
        horizon: int | None = None,
    ):
        knobs = {
            "link_budget": link_budget,
            "openness": openness,
            "diversity_protection": diversity_protection,
            "diaspora_programmes": diaspora_programmes,
            "diaspora_tax_advantage": diaspora_tax_advantage,
            "horizon": horizon,
        }
        cfg = build_config(
            _current(world),
            _current(policy),
            int(_current(seed)),
            **{name: _current(value) for name, value in knobs.items()},
        )
        super().__init__(cfg)
        self.layout = NetworkLayout.of(self.territories, self.state.live)
        self.history = WorldHistory(list(CHARTED))

    def step(self) -> None:
        super().step()
        self.history.append(self.steps, self.world_metrics)
        self.running = self.steps < self.cfg.sim.steps


def current_settings() -> dict:
    return {name: r.value for name, r in controls.items()}


def apply_settings(settings: dict) -> dict:
    """Set every control: the preset's knob values, then the settings given."""
    full = {**DEFAULTS, **preset_values(settings["world"], settings["policy"]), **settings}
    for name, value in full.items():
        controls[name].value = value
    return full


def follow_presets():
    """A new world or policy loads its preset's knob values into the sliders."""

    def refill(_):
        for name, value in preset_values(controls["world"].value, controls["policy"].value).items():
            controls[name].value = value

    unsubscribe = [controls[group].subscribe(refill) for group in ("world", "policy")]
    return lambda: [u() for u in unsubscribe]


def model_params(lang: str) -> dict:
    """SolaraViz's parameter specs, in the page's language, valued by the controls."""
    params = {
        "world": {"type": "Select", "values": choices("world")},
        "policy": {"type": "Select", "values": choices("policy")},
        "seed": {"type": "SliderInt", "min": SEEDS[0], "max": SEEDS[1], "step": 1},
    }
    for k in KNOBS:
        kind = "SliderInt" if k.is_int else "SliderFloat"
        params[k.name] = {
            "type": kind,
            "min": k.lo,
            "max": k.hi,
            "step": k.step,
            "label": k.label[lang],
        }
    for name, spec in params.items():
        spec["value"] = controls[name]
        spec.setdefault("label", LABELS.get(name, {}).get(lang, name))
    return params


@solara.component
def NetworkView(model: ClassroomModel):
    update_counter.get()
    words = UI[language.value]
    fig = Figure(figsize=(5.2, 4.5), dpi=90)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.92))
    primary = model.territories.specialization.argmax(axis=1)
    draw_network(
        ax,
        model.layout,
        model.state.live,
        primary,
        model.links.active,
        model.links.trust,
        title=words["network"],
    )
    sector_legend(ax, primary, words["sector"])
    cfg = model.cfg
    with solara.Column(gap="0px"):
        with solara.Row():
            solara.Text(f"{words['quarter']} {model.steps}", classes=["ecosim-quarter"])
            solara.Text(
                f"{cfg.world.name} · {cfg.policy.name} · seed {cfg.seed}",
                classes=["ecosim-scenario"],
            )
        solara.FigureMatplotlib(
            fig, format="png", dependencies=[update_counter.value, language.value]
        )
        solara.Text(words["legend"], style={"font-size": "0.8em"})


@solara.component
def KpiCharts(model: ClassroomModel):
    update_counter.get()
    fig = Figure(figsize=(5.4, 4.6), dpi=90)
    axes = fig.subplots(2, 2).ravel()
    fig.subplots_adjust(left=0.11, right=0.97, top=0.93, bottom=0.1, hspace=0.45, wspace=0.35)
    steps, series = model.history.series()
    draw_kpis(axes, steps, series, language.value, last_step=max(model.cfg.sim.steps, model.steps))
    with solara.Column(classes=["ecosim-kpis"]):
        solara.FigureMatplotlib(
            fig, format="png", dependencies=[update_counter.value, language.value]
        )


@solara.component
def LessonPanel(model: solara.Reactive[ClassroomModel]):
    lang = language.value
    words = UI[lang]
    lesson = by_id(lesson_id.value)
    text = lesson.text[lang]

    def start(settings):
        model.value = ClassroomModel(**apply_settings(settings))

    with solara.Card(words["lessons"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.ToggleButtonsSingle(value=language, values=list(LANGUAGES))
            solara.Select(
                words["choose"],
                value=lesson.text[lang].title,
                values=[item.text[lang].title for item in LESSONS],
                on_value=lambda title: lesson_id.set(
                    next(item.id for item in LESSONS if item.text[lang].title == title)
                ),
                style={"min-width": "18em"},
            )
            solara.Button(words["start"], color="primary", on_click=lambda: start(lesson.start))
            solara.Button(words["then"], outlined=True, on_click=lambda: start(lesson.then))
        with solara.Columns([1, 1, 1]):
            with solara.Column():
                solara.Text(words["do"], style={"font-weight": "bold"})
                for i, line in enumerate(text.do, 1):
                    solara.Text(f"{i}. {line}")
            with solara.Column():
                solara.Text(words["watch"], style={"font-weight": "bold"})
                solara.Text(text.watch)
            with solara.Column():
                solara.Text(words["why"], style={"font-weight": "bold"})
                solara.Text(text.why, classes=["ecosim-why"])


@solara.component
def Page():
    model = solara.use_reactive(solara.use_memo(lambda: ClassroomModel(**current_settings()), []))
    solara.use_effect(follow_presets, [])
    LessonPanel(model)
    SolaraViz(
        model,
        components=[NetworkView, KpiCharts],
        model_params=model_params(language.value),
        name="ecosim: interconnected innovation ecosystems",
        play_interval=150,
    )
