"""The educator app: a Solara page for ecosim (run it with `ecosim viz`).

The page: the sidebar runs the worlds (Reset, Play/Pause, Step, each named and
explained in the page's language) and holds the settings of the left world (world,
policy, seed, knobs, each label above its slider with its value and unit); the main
column holds the lesson (English or French), compare mode, and the worlds - one network
per world side by side with the sector key, the four KPI charts with one line per world
and, when two worlds are compared, the running difference of those KPIs.

A session's worlds (`Classroom`) are moved by one worker thread (`Motor`): Step queues a
quarter and returns at once, Play steps quarter after quarter, and after each batch the
worker publishes a `Frame` (a copy of the worlds at that quarter) that the page draws.
So ten quick clicks on Step make ten quarters, the page says how many are still queued,
and the snapshot - offered only while the worlds stand still - draws and names the
frame the page shows. Drawings are inline SVG whose texts stay text, sized for a
projector at 1280x720.

The controls' values live in per-session reactive variables (Solara gives each
browser session its own value of a module-level `solara.reactive`): the sidebar's
inputs are bound to them, a lesson or a change of world or policy preset sets them,
and Reset builds the classroom they show. In compare mode the sidebar sets the left
world and both worlds share it; `variant` holds what the right world changes (any
control but the world and the seed).
"""

from __future__ import annotations

import functools
import html
import threading
import time
from dataclasses import dataclass

import solara
from solara.components.file_download import FileDownloadWidget

from ecosim.numbers import colon
from ecosim.viz.charts import WORLD_COLOURS
from ecosim.viz.controls import (
    KNOBS,
    NAMES,
    SEEDS,
    VARIABLE,
    choices,
    complete,
    described,
    differences,
    display,
    label,
    preset_values,
    shown,
)
from ecosim.viz.lessons import LANGUAGES, LESSONS, UI, by_id
from ecosim.viz.network import sector_colour
from ecosim.viz.view import (
    Frame,
    charts_svg,
    difference_table,
    sectors_shown,
    snapshot_png,
    world_svg,
)
from ecosim.viz.worlds import Classroom

#: Readable from the back of a room: controls' labels above their sliders, help and key
#: in body size, the difference table spaced.
CSS = """
.ecosim-control { margin-bottom: 6px; }
.ecosim-control-label { font-size: 15px; line-height: 1.35; }
.ecosim-control .v-input__slider { margin-top: 0; }
.ecosim-control .v-input__slider .v-messages { display: none; }
.ecosim-help { display: block; font-size: 14px; line-height: 1.35; margin-top: 4px; }
.ecosim-status { display: block; font-size: 16px; font-weight: bold; margin: 8px 0 4px; }
.ecosim-sector-key { font-size: 15px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
.ecosim-sector { white-space: nowrap; }
.ecosim-swatch { display: inline-block; width: 14px; height: 14px; border-radius: 50%;
                 margin-right: 4px; vertical-align: -2px; }
.ecosim-difference td, .ecosim-difference th { padding: 2px 12px; text-align: right;
                                               font-size: 15px; }
.ecosim-difference td:first-child { text-align: left; }
.ecosim-settings { font-size: 13px; }
.ecosim-run .v-btn { text-transform: none; letter-spacing: normal; font-size: 15px;
                padding: 0 10px !important; }
"""

#: seconds between two quarters while playing (on top of drawing them)
PLAY_PAUSE = 0.15

controls = {name: solara.reactive(value) for name, value in complete({}).items()}
variant = solara.reactive(None)  # None: one world; a dict: the right world's differences
language = solara.reactive("en")
lesson_id = solara.reactive(LESSONS[0].id)


def current_settings() -> dict:
    return {name: r.value for name, r in controls.items()}


def new_classroom() -> Classroom:
    """What this session's controls show: the sidebar's values and the right world's
    differences."""
    return Classroom(**current_settings(), variant=variant.value)


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


@dataclass(frozen=True)
class View:
    """What the page shows of a session's worlds: the latest frame, the quarter Step has
    asked for and whether Play is on."""

    frame: Frame
    target: int
    playing: bool

    @property
    def queued(self) -> int:
        return max(0, self.target - self.frame.quarter)


class Motor:
    """One session's classroom and what moves it, so that a click never waits for a
    quarter or a drawing: Step raises the target quarter and Play sets a flag, nothing
    else; the worker (`run`, one thread per session) steps towards the target (one
    quarter at a time while playing) and publishes the `View` the page draws. Views are
    published under `lock`, as is a rebuilt classroom's first view, so a view of replaced
    worlds never lands after the new ones."""

    def __init__(self, classroom: Classroom):
        self.lock = threading.Lock()  # the classroom steps, is copied or replaced
        self.guard = threading.Lock()  # target and playing
        self.classroom = classroom
        self.target = classroom.worlds[0].steps
        self.playing = False
        self.wake = threading.Event()
        self.shown = View(Frame.of(classroom), self.target, False)

    def ask_step(self) -> None:
        """One more quarter (up to the run's end)."""
        with self.guard:
            end = self.classroom.worlds[0].cfg.sim.steps
            self.target = min(self.target + 1, end)
        self.wake.set()

    def play(self, on: bool) -> None:
        with self.guard:
            self.playing = on
        self.wake.set()

    def _publish(self, publish, frame: Frame | None = None) -> None:
        with self.guard:
            view = View(frame or self.shown.frame, self.target, self.playing)
        if view != self.shown:
            self.shown = view
            publish(view)

    def settled(self, timeout: float = 30.0) -> Frame:
        """The frame the page shows once the quarters Step queued are drawn (while
        playing: the latest)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.guard:
                target, playing = self.target, self.playing
            frame = self.shown.frame
            if playing or frame.quarter >= target or not frame.running:
                return frame
            time.sleep(0.05)
        return self.shown.frame

    def replace(self, classroom: Classroom, publish) -> None:
        """New worlds at quarter 0 (waits for a quarter being computed)."""
        with self.lock:
            with self.guard:
                self.playing = False
                self.classroom = classroom
                self.target = classroom.worlds[0].steps
            self._publish(publish, Frame.of(classroom))

    def _batch(self, publish) -> bool:
        """Step towards the target (one quarter when playing) and publish the view;
        False when there is nothing to step."""
        with self.lock:
            classroom = self.classroom
            now = classroom.worlds[0].steps
            with self.guard:
                if not classroom.running:
                    self.playing, self.target = False, now
                elif self.playing:
                    self.target = max(self.target, now + 1)
                todo = self.target - now
            if todo <= 0:
                self._publish(publish)  # Play or Pause pressed: the buttons follow
                return False
            for _ in range(todo):
                if classroom.running:
                    classroom.step()
            self._publish(publish, Frame.of(classroom))
            return True

    def run(self, cancel: threading.Event, publish) -> None:
        while not cancel.is_set():
            self.wake.wait(0.2)
            self.wake.clear()
            while not cancel.is_set() and self._batch(publish):
                if self.playing:
                    time.sleep(PLAY_PAUSE)


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


def world_names(classroom, lang: str) -> tuple[str, str] | None:
    """What the page calls the two worlds (of a classroom or a frame): a lesson's names
    while the worlds are that lesson's (on any seed), else what tells them apart."""
    if not classroom.compared:
        return None
    left, right = (world.settings for world in classroom.worlds)
    lesson = _lesson_worlds().get((_but_seed(left), _but_seed(right)))
    if lesson is not None:
        return by_id(lesson).names[lang]
    diff = differences(left, right)
    if not diff:
        return UI[lang]["twins"]
    return described({k: left[k] for k in diff}, lang), described(diff, lang)


def page_title(classroom, lang: str) -> str:
    names = world_names(classroom, lang)
    if names is None:
        return UI[lang]["title"]
    return UI[lang]["title_compare"].format(left=names[0], right=names[1])


def scenario(settings: dict, lang: str) -> str:
    """A world's scenario in words: "Two-speed world · Isolated · seed 0"."""
    world = display("world", settings["world"], lang)
    policy = display("policy", settings["policy"], lang)
    return f"{world} · {policy} · {UI[lang]['seed']} {settings['seed']}"


def sector_key(frame: Frame, lang: str) -> str:
    """The colour key of the sectors the networks show, as HTML."""
    words = UI[lang]
    items = "".join(
        f'<span class="ecosim-sector" data-sector="{s + 1}">'
        f'<span class="ecosim-swatch" style="background: {_hex(sector_colour(s))}"></span>'
        f"{html.escape(words['sector'])} {s + 1}</span>"
        for s in sectors_shown(frame)
    )
    return f"<span>{html.escape(words['key'])}</span>{items}"


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb[:3])


@solara.component
def Control(name: str):
    """One setting: its label (with value and unit) above its input."""
    lang = language.value
    value = controls[name].value
    with solara.Column(gap="0px", classes=["ecosim-control", f"ecosim-control-{name}"]):
        if name in NAMES:
            ids = choices(name)
            names = {display(name, i, lang): i for i in ids}
            solara.Select(
                label(name, lang),
                value=display(name, value, lang),
                values=list(names),
                on_value=lambda text: controls[name].set(names[text]),
            )
            return
        solara.Text(shown(name, value, lang), classes=["ecosim-control-label"])
        if name == "seed":
            solara.SliderInt("", value=controls[name], min=SEEDS[0], max=SEEDS[1], step=1)
            return
        knob = next(k for k in KNOBS if k.name == name)
        slider = solara.SliderInt if knob.is_int else solara.SliderFloat
        slider("", value=controls[name], min=knob.lo, max=knob.hi, step=knob.step)


@solara.component
def RunPanel(view: View, on_step, on_play, on_reset):
    """Reset, Play/Pause and Step with what each does, and where the worlds are."""
    words = UI[language.value]
    frame = view.frame
    moving = view.playing and frame.running
    with solara.Card(words["run"], classes=["ecosim-run"]):
        with solara.Row(justify="space-between", style={"flex-wrap": "wrap", "gap": "8px"}):
            solara.Button(words["reset"], color="primary", on_click=on_reset)
            solara.Button(
                words["pause"] if moving else words["play"],
                color="primary",
                on_click=lambda: on_play(not moving),
                disabled=not frame.running,
            )
            solara.Button(words["step"], color="primary", on_click=on_step, disabled=moving)
        status = f"{words['quarter']} {frame.quarter}"
        queued = view.queued
        if moving:
            status += f" · {words['playing']}"
        elif queued:
            status += " · " + words["queued"].format(n=queued)
        elif not frame.running:
            status += f" · {words['ended']}"
        with solara.Column(gap="2px"):
            solara.Text(status, classes=["ecosim-status"])
            for key in ("help_step", "help_play", "help_reset"):
                solara.Text(words[key], classes=["ecosim-help"])


@solara.component
def SettingsPanel():
    words = UI[language.value]
    with solara.Card(words["settings"], classes=["ecosim-settings-panel"]):
        for name in ("world", "policy", "seed", *(k.name for k in KNOBS)):
            Control(name)


@solara.component
def WorldColumn(world, side: int, name: str | None, drawing: str):
    """One world: which it is, its quarter, the settings it was built with, its network."""
    lang = language.value
    words = UI[lang]
    colour = WORLD_COLOURS[side]
    with solara.Column(gap="0px", classes=[f"ecosim-world-{side}"]):
        if name is not None:
            heading = f"{colon(words['left'] if side == 0 else words['right'], lang)} {name}"
            solara.Text(heading, style={"font-weight": "bold", "color": colour})
        solara.Text(f"{words['quarter']} {world.steps}", classes=["ecosim-quarter"],
                    style={"font-weight": "bold"})  # fmt: skip
        solara.Text(scenario(world.settings, lang), classes=["ecosim-scenario"])
        solara.Text(
            " · ".join(shown(n, v, lang) for n, v in world.settings.items() if n in knob_names()),
            classes=["ecosim-settings"],
        )
        solara.HTML(tag="div", unsafe_innerHTML=drawing, classes=["ecosim-network"])


@functools.cache
def knob_names() -> frozenset:
    return frozenset(k.name for k in KNOBS)


@solara.component
def WorldsView(frame: Frame, motor: Motor):
    """The worlds side by side, the sector key, the KPI charts, the running difference,
    the snapshot of the frame shown."""
    lang = language.value
    words = UI[lang]
    names = world_names(frame, lang)

    def draw():
        worlds = [
            world_svg(world, words["network"], lang, f"world{side}")
            for side, world in enumerate(frame.worlds)
        ]
        return worlds, charts_svg(frame, names, lang)

    worlds, charts = solara.use_memo(draw, [frame, lang])
    with solara.lab.Tabs(), solara.lab.Tab(words["panel"]):
        with solara.Columns([1, 1]):
            for side, world in enumerate(frame.worlds):
                WorldColumn(world, side, names[side] if names else None, worlds[side])
        solara.HTML(tag="div", unsafe_innerHTML=sector_key(frame, lang),
                    classes=["ecosim-sector-key"])  # fmt: skip
        solara.Text(words["legend"], classes=["ecosim-help"])
        solara.HTML(tag="div", unsafe_innerHTML=charts, classes=["ecosim-kpis"])
        if names is not None:
            solara.Text(words["difference"], style={"font-weight": "bold"})
            solara.HTML(
                tag="table",
                unsafe_innerHTML=difference_table(frame, names, lang),
                classes=["ecosim-difference"],
            )
        Snapshot(motor)


@solara.component
def Snapshot(motor: Motor):
    """Snapshot (PNG): a click takes the frame the page shows once Step's queued quarters
    are drawn, and names the file for its quarter; name and image are sent together."""
    lang = language.value
    shot, set_shot = solara.use_state(None)  # (file name, PNG) being downloaded

    def requested(on: bool):
        if not on:
            set_shot(None)
            return
        frame = motor.settled()
        png = snapshot_png(frame, page_title(frame, lang), world_names(frame, lang), lang)
        set_shot((f"ecosim-quarter-{frame.quarter}.png", png))

    FileDownloadWidget.element(
        filename=shot[0] if shot else "",
        bytes=shot[1] if shot else None,
        mime_type="image/png",
        request_download=shot is not None,
        on_request_download=requested,
        children=[solara.Button(UI[lang]["snapshot"], icon_name="mdi-camera", loading=False)],
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
            on_value=lambda text: (
                set_name(next(n for n, t in labels.items() if t == text)),
                set_value(None),
            ),
            style={"max-width": "16em"},
        )
        if name == "policy":
            policies = {display("policy", p, lang): p for p in choices("policy")}
            solara.Select(
                words["value"],
                value=display("policy", chosen, lang),
                values=list(policies),
                on_value=lambda text: set_value(policies[text]),
            )
        else:
            knob = next(k for k in KNOBS if k.name == name)
            slider = solara.SliderInt if knob.is_int else solara.SliderFloat
            with solara.Column(gap="0px", style={"min-width": "18em"}, classes=["ecosim-control"]):
                solara.Text(shown(name, chosen, lang), classes=["ecosim-control-label"])
                slider("", value=chosen, min=knob.lo, max=knob.hi, step=knob.step,
                       on_value=set_value)  # fmt: skip
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
        solara.Text(words["free"], classes=["ecosim-help"])


@solara.component
def LessonPanel(rebuild):
    lang = language.value
    words = UI[lang]
    lesson = by_id(lesson_id.value)
    text = lesson.text[lang]

    def start():
        left, right = complete(lesson.start), complete(lesson.then)
        apply_settings(left)
        variant.value = differences(left, right)
        rebuild()

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
    motor = solara.use_memo(lambda: Motor(new_classroom()), [])
    view = solara.use_reactive(motor.shown)  # set by the motor only
    solara.use_effect(follow_presets, [])
    solara.use_thread(
        lambda cancel: motor.run(cancel, view.set), dependencies=[], intrusive_cancel=False
    )
    lang = language.value
    title = page_title(view.value.frame, lang)

    def rebuild():
        motor.replace(new_classroom(), view.set)

    solara.Title(title)
    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle(title)
    with solara.Sidebar(), solara.Column(classes=["ecosim-sidebar"]):
        RunPanel(view.value, motor.ask_step, motor.play, rebuild)
        SettingsPanel()
    LessonPanel(rebuild)
    ComparePanel()
    WorldsView(view.value.frame, motor)
