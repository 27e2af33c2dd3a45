"""The educator app without a browser: controls -> configs, the fixed layout, compare
mode's two worlds in lockstep, the lessons in both languages and the effects they ask
a class to watch, the snapshot, and where the offline assets come from."""

import csv
import html
import inspect
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ecosim.config import ConfigError
from ecosim.kpis import CHARTED, KPIS
from ecosim.viz import assets
from ecosim.viz.controls import (
    KNOBS,
    VARIABLE,
    build_config,
    choices,
    complete,
    differences,
    preset_values,
)
from ecosim.viz.lessons import LANGUAGES, LESSONS, UI
from ecosim.viz.worlds import Classroom, ClassroomModel


def test_knobs_apply_on_top_of_presets():
    cfg = build_config(
        "archipelago",
        "open_mesh",
        4,
        openness=0.5,
        diversity_protection=0.25,
        diaspora_programmes=0.5,
        diaspora_tax_advantage=1.0,
        horizon=8,
    )
    assert (cfg.world.name, cfg.policy.name, cfg.seed) == ("archipelago", "open_mesh", 4)
    assert cfg.policy.openness == 0.5 and cfg.protection.level == 0.25
    assert (cfg.diaspora.programmes, cfg.diaspora.tax_advantage) == (0.5, 1.0)
    assert cfg.horizon.quarters == 8
    # A knob left at None keeps the preset: diversity_aware damps imitation by itself,
    # and the mechanism knobs are neutral in every preset.
    assert build_config("balanced", "diversity_aware").policy.cross_imitation == 0.3
    values = preset_values("balanced", "diversity_aware")
    assert values["diversity_protection"] == 0 and values["horizon"] == 0


def test_bad_presets_and_values_are_config_errors():
    with pytest.raises(ConfigError, match="policy=nope"):
        build_config("two_speed", "nope")
    with pytest.raises(ConfigError, match="policy.openness"):
        build_config(openness=2.0)


def test_every_control_has_a_label_with_its_value_and_unit_in_both_languages():
    from ecosim.viz.controls import NAMES, display, shown

    # Knobs reach the model by name (**kwargs): a new knob is one line in KNOBS.
    assert "knobs" in inspect.signature(Classroom.__init__).parameters
    values = {k.name: k.hi for k in KNOBS}
    (model,) = Classroom(**values).worlds
    assert model.settings == {
        "world": "two_speed",
        "policy": "complementarity",
        "seed": 0,
        **values,
    }
    budget = next(k for k in KNOBS if k.name == "link_budget")
    assert budget.shown(3, "en") == "Link budget: 3 links per hub"
    # French: a no-break space before the colon, a decimal comma
    assert shown("horizon", 0, "fr") == "Horizon\u00a0: 0 trimestres (0 = jamais coupé)"
    assert shown("openness", 0.8, "fr") == "Ouverture\u00a0: 0,80 (part des flux, 0-1)"
    assert shown("openness", 0.8, "en") == "Openness: 0.80 (share of flows, 0-1)"
    for k in KNOBS:
        assert k.shown(k.lo, "fr").startswith(f"{k.label['fr']}\u00a0: ")
        assert k.unit["en"] and k.unit["fr"]
    # every world and policy preset has a name in both languages, never its id
    for group in NAMES:
        assert set(NAMES[group]) == set(choices(group))
        for preset in choices(group):
            for lang in LANGUAGES:
                assert display(group, preset, lang) and display(group, preset, lang) != preset
    assert shown("policy", "hub_and_spoke", "fr") == "Politique de mise en réseau\u00a0: En étoile"


def test_numbers_in_english_and_french():
    from ecosim.numbers import number
    from ecosim.viz.view import readable, signed

    assert number(4406.2) == "4,406" and number(4406.2, "fr") == "4\u202f406"
    assert number(0.8, "en", 2) == "0.80" and number(0.8, "fr", 2) == "0,80"
    assert number(-1234567.891, "fr", 1) == "-1\u202f234\u202f567,9"
    assert number(-0.0001, "fr", 3) == "0,000"
    assert readable(1622.4, "fr") == "1\u202f622" and signed(0.558, "fr") == "+0,558"
    assert readable(1622.4) == "1,622" and signed(12.34) == "+12.3"


def test_lessons_name_the_buttons_the_page_shows():
    """A lesson says "▶ Lecture" where the button is "▶ Lecture": no button word of the
    other language, and every Play is the button's own words."""
    for lesson in LESSONS:
        for lang in LANGUAGES:
            other = next(x for x in LANGUAGES if x != lang)
            words = UI[lang]
            text = " ".join((*lesson.text[lang].do, lesson.text[lang].watch))
            for key in ("reset", "step", "play"):
                if UI[other][key] != words[key]:
                    assert UI[other][key] not in text, (lesson.id, lang, key)
            assert words["play"] in " ".join(lesson.text[lang].do), (lesson.id, lang)
            assert "Lecture" not in text.replace(words["play"], "") or lang == "en"


def same(a: dict, b: dict) -> bool:
    """Equal key by key, NaN equal to NaN (unmeasured metrics, e.g. without sector shocks)."""
    return a.keys() == b.keys() and all(
        a[k] == b[k] or (isinstance(a[k], float) and a[k] != a[k] and b[k] != b[k]) for k in a
    )


def test_compare_mode_twins_with_the_same_settings_stay_identical_step_by_step():
    settings = complete({"world": "archipelago", "policy": "open_mesh", "seed": 3, "horizon": 6})
    classroom = Classroom(**settings, variant={})
    left, right = classroom.worlds
    assert left is not right and classroom.compared
    for _ in range(25):
        classroom.step()
        assert left.steps == right.steps
        assert same(left.world_metrics, right.world_metrics)
    assert same(left.summary(), right.summary())
    assert left.history.series() == right.history.series()


def test_compare_mode_right_world_differs_only_in_its_variant():
    left = complete({"world": "two_speed", "policy": "isolated", "seed": 5})
    right = complete({**left, "policy": "complementarity", "openness": 0.4})
    assert differences(left, right) == {"policy": "complementarity", "openness": 0.4}
    classroom = Classroom(**left, variant=differences(left, right))
    a, b = classroom.worlds
    assert a.settings == left and b.settings == right
    # Same world and seed: the same territories and startups to begin with.
    assert np.array_equal(a.territories.specialization, b.territories.specialization)
    assert np.array_equal(a.state.live, b.state.live)
    for _ in range(3):
        classroom.step()
    assert a.steps == b.steps == 3 and classroom.steps == 3
    with pytest.raises(ConfigError, match="share seed"):
        differences(left, {**right, "seed": 6})
    with pytest.raises(ConfigError, match="not in seed"):
        Classroom(**left, variant={"seed": 6})
    assert set(VARIABLE) == {"policy", *(k.name for k in KNOBS)}


def test_charts_draw_one_line_per_world_and_the_difference_is_right_minus_left():
    from matplotlib.figure import Figure

    from ecosim.viz.view import difference_rows, difference_table, draw_charts

    classroom = Classroom(**complete({"policy": "isolated"}), variant={"policy": "random"})
    for _ in range(4):
        classroom.step()
    axes = Figure().subplots(2, 2).ravel()
    draw_charts(axes, classroom, ("isolated", "random"), "fr")
    for ax, key in zip(axes, CHARTED, strict=True):
        labelled = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
        assert [line.get_label() for line in labelled] == ["isolated", "random"]
        assert ax.get_title() == KPIS[key].title("fr")
    quarter, rows = difference_rows(classroom)
    left, right = (m.world_metrics for m in classroom.worlds)
    assert quarter == 4 and [r[0] for r in rows] == list(CHARTED)
    for key, a, b, diff in rows:
        assert (a, b, diff) == (left[key], right[key], right[key] - left[key])
    table = difference_table(classroom, ("isolé", "aléatoire"), "fr")
    assert "aléatoire − isolé" in table
    assert html.escape(KPIS["gini_investment"].title("fr")) in table


@pytest.mark.slow
def test_worlds_are_named_by_their_lesson_else_by_what_differs():
    from ecosim.viz.app import page_title, world_names

    lesson = LESSONS[0]
    for seed in (0, 7):  # a lesson's worlds on another seed are still its worlds
        left = complete({**lesson.start, "seed": seed})
        right = complete({**lesson.then, "seed": seed})
        classroom = Classroom(**left, variant=differences(left, right))
        assert world_names(classroom, "fr") == lesson.names["fr"] == ("isolé", "connecté")
    assert page_title(classroom, "en") == "ecosim: isolated (left) vs connected (right)"
    moved = complete({**lesson.start, "link_budget": 5})
    classroom = Classroom(**moved, variant={"policy": "complementarity"})
    assert world_names(classroom, "en") == (
        "Networking policy: Isolated",
        "Networking policy: Complementarity",
    )
    assert world_names(Classroom(**moved, variant={}), "en") == UI["en"]["twins"]
    assert world_names(Classroom(**moved), "en") is None
    assert page_title(Classroom(**moved), "fr") == UI["fr"]["title"]


def test_snapshot_is_a_png_of_both_networks_and_the_charts():
    from ecosim.viz.view import snapshot_png

    classroom = Classroom(**complete({}), variant={"link_budget": 1})
    for _ in range(2):
        classroom.step()
    png = snapshot_png(classroom, "ecosim: A vs B", ("A", "B"), "en")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1300, 900)


def test_layout_is_computed_once_from_map_positions_and_stays():
    model = ClassroomModel(world="two_speed", policy="open_mesh", seed=1)
    layout = model.layout
    assert np.array_equal(layout.positions, model.territories.position)
    assert not layout.positions.flags.writeable
    for _ in range(5):
        model.step()
    assert model.layout is layout and np.array_equal(layout.positions, model.territories.position)
    steps, series = model.history.series()
    assert steps == [1, 2, 3, 4, 5] and len(series["diversity_loss"]) == 5


def test_lessons_are_complete_in_both_languages_and_load():
    assert len(LESSONS) >= 4 and len({lesson.id for lesson in LESSONS}) == len(LESSONS)
    titles = {lesson.text["en"].title for lesson in LESSONS}
    assert {"Isolated vs connected", "The homogenization trap", "The long game"} <= titles
    for lesson in LESSONS:
        assert set(lesson.text) == set(lesson.names) == set(LANGUAGES)
        for lang, text in lesson.text.items():
            assert text.title and text.do and text.watch and text.why
            left, right = lesson.names[lang]
            assert left and right and left != right
        for settings in (lesson.start, lesson.then):
            assert settings["world"] in choices("world")
            build_config(**settings)
        # Every lesson compares two settings: it opens in compare mode, and its two
        # worlds differ only in what it changes (same world and seed).
        assert differences(complete(lesson.start), complete(lesson.then))
        # `effects` may be empty: a lesson whose effect the study does not establish
        # lists none (its text says so).
        assert all(key in KPIS and sign in (-1, 1) for key, sign in lesson.effects)
    assert set(UI["en"]) == set(UI["fr"])


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_effect_shows_on_its_seed_within_40_quarters(lesson):
    """The effect a lesson's 'what to watch' names, in its direction, at quarter 40 on the
    lesson's own seed - what the class sees (one draw; the text gives the interval over
    seeds, from the study experiments/lessons)."""
    from ecosim.viz.effects import effect

    for key, (left, right) in effect(lesson).items():
        sign = dict(lesson.effects)[key]
        assert sign * (right - left) > 0, (lesson.id, key, left, right)


def test_solara_assets_come_from_this_machine():
    needed = assets.required_packages()
    assert any(s.startswith("@widgetti/solara-vuetify-app@") for s in needed)
    assert any(s.startswith("requirejs@") for s in needed)
    assert any(s.startswith("font-awesome@") for s in needed)
    env = assets.server_env()
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["--port", "abc"], "--port"), (["--port", "70000"], "--port"), (["--bogus"], "--bogus")],
)
def test_viz_bad_input_is_one_line_exit_2(ecosim_cmd, clean_env, tmp_path, args, expected):
    res = subprocess.run(
        [ecosim_cmd, "viz", *args], cwd=tmp_path, env=clean_env, capture_output=True, text=True
    )
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecosim: error:") and expected in lines[0]


def test_viz_on_a_busy_port_is_one_line_without_the_url(ecosim_cmd, clean_env, tmp_path):
    """The port is tried before the URL is printed: one line, exit 2, not a URL then an
    Errno from the server."""
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = subprocess.run(
            [ecosim_cmd, "viz", "--port", str(port)],
            cwd=tmp_path,
            env=clean_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert res.returncode == 2 and res.stdout == "", res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0], res.stderr
    assert "--port 0" in lines[0]


#: What the lessons' texts and the README say of seeds 0-9 at quarter 40 (right - left):
#: +1 / -1 a direction whose 95% interval excludes zero, 0 an interval that includes it.
OVER_TEN_SEEDS = {
    "isolated_vs_connected": {"cum_net_return": 1, "diversity_loss": 1},
    "homogenization_trap": {"diversity_loss": -1, "cum_net_return": 0},
    "long_game": {"cum_net_return": 0, "diversity_loss": 1},
    "small_hub_strategies": {"cum_net_return": 0},
    "mobilize_diaspora": {"cum_net_return": 1, "gini_investment": -1},
}


#: The committed study of the lessons (experiments/lessons): what their texts quote.
LESSON_STUDY = Path(__file__).resolve().parents[1] / "experiments" / "lessons" / "results.csv"


def lesson_study() -> dict[tuple[str, str], dict]:
    """(lesson, KPI) -> its row of the committed study."""
    rows = csv.DictReader(LESSON_STUDY.open())
    return {(row["lesson"], row["kpi"]): row for row in rows}


def test_lessons_list_only_effects_the_study_finds_and_quote_its_seed_counts():
    """A lesson's `effects` are those the committed study finds distinguishable over
    seeds, in their sign, and its texts give the seed count each verdict rests on (a
    text written for other results names other counts)."""
    study = lesson_study()
    for lesson in LESSONS:
        for key, sign in lesson.effects:
            row = study[(lesson.id, key)]
            assert row["verdict"] == "distinguishable", (lesson.id, key, row)
            assert sign * float(row["mean"]) > 0, (lesson.id, key, row)
        for key in {key for (lesson_id, key) in study if lesson_id == lesson.id}:
            row = study[(lesson.id, key)]
            assert int(row["seed"]) == lesson.start["seed"], (lesson.id, key)
        counts = {study[(lesson.id, key)]["seeds"] for key, _ in lesson.effects}
        for count in counts:
            assert f"{count} seeds" in lesson.text["en"].watch, (lesson.id, count)
            assert f"{count} graines" in lesson.text["fr"].watch, (lesson.id, count)


LISTING = [lesson for lesson in LESSONS if lesson.effects]


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LISTING, ids=[lesson.id for lesson in LISTING])
def test_lesson_effect_over_seeds_is_distinguishable_in_its_sign(lesson):
    """Each effect a lesson lists is the rule, not the luck of its seed: recomputed from
    the model over the seeds the study used (seeds 0 to N-1, at least 40, so that a
    model change can overturn it), right - left at quarter 40 is distinguishable from
    zero in the listed sign."""
    from ecosim.analysis.stats import DISTINGUISHABLE
    from ecosim.viz.effects import effect, judged

    study = lesson_study()
    seeds = max([40, *(int(study[(lesson.id, key)]["seeds"]) for key, _ in lesson.effects)])
    runs = [effect(lesson, seed) for seed in range(seeds)]
    for key, sign in lesson.effects:
        found = judged(runs, key)
        assert found.verdict == DISTINGUISHABLE, (lesson.id, key, found)
        assert sign * found.interval.mean > 0, (lesson.id, key, found)


@pytest.mark.parametrize("module", ["solara", "ipyvuetify"])
def test_viz_without_a_module_of_the_app_says_what_to_install(
    ecosim_cmd, clean_env, tmp_path, module
):
    """An environment without the app's extra: one line naming the module and the install
    command, exit 2, and no server started (simulated by a module that cannot import)."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / f"{module}.py").write_text(
        f'raise ModuleNotFoundError("No module named {module}", name={module!r})\n'
    )
    path = os.pathsep.join(p for p in (str(shim), clean_env.get("PYTHONPATH")) if p)
    res = subprocess.run(
        [ecosim_cmd, "viz", "--port", "0"],
        cwd=tmp_path,
        env={**clean_env, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert res.stderr.strip().splitlines() == [
        f"ecosim viz: missing {module}; install the app with: pip install -e '.[viz]'"
    ]
    assert "open http" not in res.stdout


@pytest.mark.slow
def test_step_clicks_queue_quarters_and_the_snapshot_frame_is_the_settled_one():
    """Ten quick Steps are ten quarters (the clicks return at once, the worker steps and
    publishes frames in order), and the frame a snapshot takes is the one at quarter 10."""
    import threading

    from ecosim.viz.app import Motor

    motor = Motor(Classroom(**complete({}), variant={"link_budget": 1}))
    views = []
    cancel = threading.Event()
    worker = threading.Thread(target=motor.run, args=(cancel, views.append))
    worker.start()
    try:
        for _ in range(10):
            motor.ask_step()
        frame = motor.settled(timeout=60)
    finally:
        cancel.set()
        worker.join()
    assert frame.quarter == 10 == motor.classroom.worlds[0].steps == motor.classroom.worlds[1].steps
    assert [w.steps for w in frame.worlds] == [10, 10]
    assert frame.worlds[0].history[0][-1] == 10
    quarters = [view.frame.quarter for view in views]
    assert quarters == sorted(quarters) and quarters[-1] == 10
    assert views[-1].queued == 0 and not views[-1].playing


@pytest.mark.parametrize("world", choices("world"))
def test_node_labels_of_every_world_preset_do_not_overlap(world):
    """The networks' names placed clear of each other (measured as matplotlib draws
    them; the browser test measures them on the page)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ecosim.viz.view import NETWORK_FIGSIZE, Frame, draw_world

    frame = Frame.of(Classroom(**complete({"world": world, "policy": "open_mesh"})))
    fig = Figure(figsize=NETWORK_FIGSIZE)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.9))
    draw_world(ax, frame.worlds[0], "", "en")
    renderer = fig.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in ax.texts]
    assert len(boxes) == len(frame.worlds[0].layout.names)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            width = min(a.x1, b.x1) - max(a.x0, b.x0)
            height = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert width <= 0.5 or height <= 0.5, (world, a, b)


@pytest.mark.parametrize("world", ["germany_regions", "italy_regions", "uk_regions"])
def test_short_names_of_a_crowded_map_are_distinct_and_short(world):
    """Crowded maps fall back to short names; two regions must never share one."""
    import ecosim
    from ecosim.labels import short_names

    names = [t.name for t in ecosim.configure(f"world={world}").world.territories]
    shorts = short_names(names)
    assert len(set(shorts)) == len(names)
    assert max(len(s) for s in shorts) <= 4
    assert short_names(["Sachsen", "Sachsen-Anhalt", "Saarland", "Sachsen"])[:3] == (
        "Sac",
        "SA",
        "Saa",
    )
