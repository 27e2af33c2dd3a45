"""The educator app without a browser: controls -> configs, the fixed layout, the
lessons in both languages, and where the offline assets come from."""

import inspect
import subprocess

import numpy as np
import pytest

from ecosim.config import ConfigError
from ecosim.viz import assets
from ecosim.viz.controls import KNOBS, build_config, choices, preset_values
from ecosim.viz.lessons import LANGUAGES, LESSONS, UI


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


def test_every_control_is_a_model_parameter():
    from ecosim.viz.app import ClassroomModel, model_params

    names = {"world", "policy", "seed", *(k.name for k in KNOBS)}
    assert set(inspect.signature(ClassroomModel.__init__).parameters) - {"self"} == names
    assert set(model_params("fr")) == names


def test_layout_is_computed_once_from_map_positions_and_stays():
    from ecosim.viz.app import ClassroomModel

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
        assert set(lesson.text) == set(LANGUAGES)
        for text in lesson.text.values():
            assert text.title and text.do and text.watch and text.why
        for settings in (lesson.start, lesson.then):
            assert settings["world"] in choices("world")
            build_config(**settings)
    assert set(UI["en"]) == set(UI["fr"])


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
