"""The educator app: Mesa's SolaraViz page for ecosim (run it with `ecosim viz`).

The page is Mesa's SolaraViz (Step / Play / Reset, the model's parameters in the
sidebar) around our own panel: the lesson (English or French), compare mode, and the
worlds - one network per world side by side, the four KPI charts with one line per
world and, when two worlds are compared, the running difference of those KPIs.

The controls' values live in per-session reactive variables (Solara gives each
browser session its own value of a module-level `solara.reactive`): the sidebar's
sliders are bound to them, a lesson or a change of world or policy preset sets them,
and Reset builds the classroom they show (`SessionClassroom`). In compare mode the
sidebar sets the left world and both worlds share it; `variant` holds what the right
world changes (any control but the world and the seed).
"""

from __future__ import annotations

import functools

import solara
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from ecosim.viz.charts import WORLD_COLOURS
from ecosim.viz.controls import (
    KNOBS,
    LABELS,
    SEEDS,
    VARIABLE,
    choices,
    complete,
    described,
    differences,
    knob_values,
    label,
    preset_values,
    shown,
)
from ecosim.viz.lessons import LANGUAGES, LESSONS, UI, by_id
from ecosim.viz.view import difference_table, draw_charts, draw_world, snapshot_png
from ecosim.viz.worlds import Classroom

#: long slider labels (value and unit) above their slider; the difference table spaced
CSS = """
.v-input__slider .v-input__slot { flex-wrap: wrap; }
.v-input__slider .v-input__slot > .v-label { flex: 1 0 100%; white-space: normal; }
.ecosim-difference td, .ecosim-difference th { padding: 2px 12px; text-align: right; }
.ecosim-difference td:first-child { text-align: left; }
"""

controls = {name: solara.reactive(value) for name, value in complete({}).items()}
variant = solara.reactive(None)  # None: one world; a dict: the right world's differences
language = solara.reactive("en")
lesson_id = solara.reactive(LESSONS[0].id)


def current_settings() -> dict:
    return {name: r.value for name, r in controls.items()}


class SessionClassroom(Classroom):
    """Reset builds what this session's controls show: the sidebar's values and the
    right world's differences, whatever SolaraViz last recorded of them (its keyword
    arguments are ignored; Mesa's parameter check wants them named `kwargs`)."""

    def __init__(self, **kwargs):
        super().__init__(**current_settings(), variant=variant.value)


def apply_settings(settings: dict) -> dict:
    """Set every control: the preset's knob values, then the settings given."""
    full = complete(settings)
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
    """SolaraViz's parameter specs, in the page's language, valued by the controls; each
    slider's label carries its current value and unit."""
    seed = f"{LABELS['seed'][lang]}: {controls['seed'].value}"
    params = {
        "world": {"type": "Select", "values": choices("world"), "label": LABELS["world"][lang]},
        "policy": {"type": "Select", "values": choices("policy"), "label": LABELS["policy"][lang]},
        "seed": {"type": "SliderInt", "min": SEEDS[0], "max": SEEDS[1], "step": 1, "label": seed},
    }
    for k in KNOBS:
        kind = "SliderInt" if k.is_int else "SliderFloat"
        text = k.shown(controls[k.name].value, lang)
        params[k.name] = {"type": kind, "min": k.lo, "max": k.hi, "step": k.step, "label": text}
    for name, spec in params.items():
        spec["value"] = controls[name]
    return params


def _but_seed(settings: dict) -> tuple:
    return tuple(sorted({**settings, "seed": None}.items()))


@functools.cache
def _lesson_worlds() -> dict[tuple, str]:
    """Each lesson's two worlds (complete settings, any seed) -> the lesson's id; built
    once, as the page asks on every quarter."""
    worlds = {}
    for lesson in LESSONS:
        worlds[(_but_seed(complete(lesson.start)), _but_seed(complete(lesson.then)))] = lesson.id
    return worlds


def world_names(classroom: Classroom, lang: str) -> tuple[str, str] | None:
    """What the page calls the two worlds: a lesson's names while the worlds are that
    lesson's (on any seed), else what tells them apart."""
    if not classroom.compared:
        return None
    left, right = (model.settings for model in classroom.worlds)
    lesson = _lesson_worlds().get((_but_seed(left), _but_seed(right)))
    if lesson is not None:
        return by_id(lesson).names[lang]
    diff = differences(left, right)
    if not diff:
        return UI[lang]["twins"]
    return described({k: left[k] for k in diff}, lang), described(diff, lang)


def page_title(classroom: Classroom, lang: str) -> str:
    names = world_names(classroom, lang)
    if names is None:
        return UI[lang]["title"]
    return UI[lang]["title_compare"].format(left=names[0], right=names[1])


@solara.component
def WorldColumn(model, side: int, name: str | None):
    """One world: which it is, its quarter, the settings it was built with, its network."""
    lang = language.value
    words = UI[lang]
    cfg = model.cfg
    fig = Figure(figsize=(5.2, 4.5), dpi=90)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.92))
    draw_world(ax, model, words["network"], lang)
    colour = WORLD_COLOURS[side]
    with solara.Column(gap="0px", classes=[f"ecosim-world-{side}"]):
        if name is not None:
            heading = f"{words['left'] if side == 0 else words['right']}: {name}"
            solara.Text(heading, style={"font-weight": "bold", "color": colour})
        with solara.Row():
            solara.Text(f"{words['quarter']} {model.steps}", classes=["ecosim-quarter"])
            solara.Text(
                f"{cfg.world.name} · {cfg.policy.name} · seed {cfg.seed}",
                classes=["ecosim-scenario"],
            )
        solara.Text(
            " · ".join(shown(name, value, lang) for name, value in knob_values(cfg).items()),
            classes=["ecosim-settings"],
            style={"font-size": "0.75em"},
        )
        solara.FigureMatplotlib(
            fig, format="png", dependencies=[id(model), update_counter.value, lang]
        )


@solara.component
def WorldsView(classroom: Classroom):
    """The worlds side by side, the KPI charts, the running difference, the snapshot."""
    update_counter.get()
    lang = language.value
    words = UI[lang]
    names = world_names(classroom, lang)
    fig = Figure(figsize=(9.5, 5.0), dpi=90)
    axes = fig.subplots(2, 2).ravel()
    fig.subplots_adjust(left=0.07, right=0.98, top=0.93, bottom=0.1, hspace=0.45, wspace=0.2)
    draw_charts(axes, classroom, names, lang)
    with solara.lab.Tabs(), solara.lab.Tab(words["panel"]):
        with solara.Columns([1, 1]):
            for side, model in enumerate(classroom.worlds):
                WorldColumn(model, side, names[side] if names else None)
        solara.Text(words["legend"], style={"font-size": "0.8em"})
        with solara.Column(classes=["ecosim-kpis"]):
            solara.FigureMatplotlib(
                fig, format="png", dependencies=[id(classroom), update_counter.value, lang]
            )
        if names is not None:
            solara.Text(words["difference"], style={"font-weight": "bold"})
            solara.HTML(
                tag="table",
                unsafe_innerHTML=difference_table(classroom, names, lang),
                classes=["ecosim-difference"],
            )
        solara.FileDownload(
            lambda: snapshot_png(classroom, page_title(classroom, lang), names, lang),
            filename=f"ecosim-quarter-{classroom.worlds[0].steps}.png",
            label=words["snapshot"],
            icon_name="mdi-camera",
        )


@solara.component
def VariantEditor():
    """What the right world changes: each difference (click to drop it), and a control
    with a value to add or change one. Any control but world and seed can differ."""
    lang = language.value
    words = UI[lang]
    diff = variant.value or {}
    name, set_name = solara.use_state(VARIABLE[0])
    value, set_value = solara.use_state(None)
    chosen = value if value is not None else diff.get(name, controls[name].value)

    def change(differences_now: dict):
        variant.value = differences_now

    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(f"{words['differs']}:" if diff else words["same"])
        for key, val in diff.items():
            solara.Button(
                f"{shown(key, val, lang)} ✕",
                small=True,
                outlined=True,
                on_click=lambda key=key: change({k: v for k, v in diff.items() if k != key}),
            )
    with solara.Row(
        style={"align-items": "center", "flex-wrap": "wrap"}, classes=["ecosim-variant"]
    ):
        labels = {n: label(n, lang) for n in VARIABLE}
        solara.Select(
            words["vary"],
            value=labels[name],
            values=list(labels.values()),
            on_value=lambda label: (
                set_name(next(n for n, t in labels.items() if t == label)),
                set_value(None),
            ),
            style={"max-width": "16em"},
        )
        if name == "policy":
            solara.Select(
                words["value"], value=chosen, values=choices("policy"), on_value=set_value
            )
        else:
            knob = next(k for k in KNOBS if k.name == name)
            slider = solara.SliderInt if knob.is_int else solara.SliderFloat
            with solara.Column(style={"min-width": "18em"}):
                slider(shown(name, chosen, lang), value=chosen, min=knob.lo, max=knob.hi,
                       step=knob.step, on_value=set_value)  # fmt: skip
        solara.Button(words["set"], outlined=True, on_click=lambda: change({**diff, name: chosen}))


@solara.component
def ComparePanel():
    words = UI[language.value]

    def toggle(on: bool):
        variant.value = {} if on else None

    with solara.Card(words["compare"]):
        solara.Checkbox(label=words["compare_on"], value=variant.value is not None, on_value=toggle)
        if variant.value is not None:
            VariantEditor()
        solara.Text(words["free"], style={"font-size": "0.8em"})


@solara.component
def LessonPanel(classroom: solara.Reactive[Classroom]):
    lang = language.value
    words = UI[lang]
    lesson = by_id(lesson_id.value)
    text = lesson.text[lang]

    def start():
        left, right = complete(lesson.start), complete(lesson.then)
        apply_settings(left)
        variant.value = differences(left, right)
        classroom.value = SessionClassroom()

    with solara.Card(words["lessons"]):
        with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
            solara.ToggleButtonsSingle(value=language, values=list(LANGUAGES))
            solara.Select(
                words["choose"],
                value=text.title,
                values=[item.text[lang].title for item in LESSONS],
                on_value=lambda title: lesson_id.set(
                    next(item.id for item in LESSONS if item.text[lang].title == title)
                ),
                style={"min-width": "18em"},
            )
            solara.Button(words["start"], color="primary", on_click=start)
        with solara.Columns([1, 1, 1]):
            with solara.Column():
                solara.Text(words["do"], style={"font-weight": "bold"})
                for i, line in enumerate(text.do, 1):
                    solara.Text(f"{i}. {line}")
            with solara.Column():
                solara.Text(words["watch"], style={"font-weight": "bold"})
                solara.Text(text.watch, classes=["ecosim-watch"])
            with solara.Column():
                solara.Text(words["why"], style={"font-weight": "bold"})
                solara.Text(text.why, classes=["ecosim-why"])


@solara.component
def Page():
    classroom = solara.use_reactive(solara.use_memo(SessionClassroom, []))
    solara.use_effect(follow_presets, [])
    lang = language.value
    title = page_title(classroom.value, lang)
    solara.Title(title)
    solara.Style(CSS)
    LessonPanel(classroom)
    ComparePanel()
    SolaraViz(
        classroom,
        components=[],
        model_params=model_params(lang),
        name=title,
        play_interval=150,
    )
    WorldsView(classroom.value)
