"""`ecosim animate RUN_DIR`: a GIF with one frame per recorded quarter, drawn from a
replay that matches the recorded run; bad input is one line and exit 2."""

import subprocess

import pytest
from PIL import Image


def run(cmd, cwd, env, *args):
    return subprocess.run([cmd, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip


@pytest.fixture
def run_dir(ecosim_cmd, clean_env, tmp_path):
    res = run(ecosim_cmd, tmp_path, clean_env, "run", "world=balanced", "sim.steps=5", "seed=2",
              "sim.progress=false")  # fmt: skip
    assert res.returncode == 0, res.stderr
    (path,) = (tmp_path / "results" / "runs").iterdir()
    return path


@pytest.mark.slow
def test_animation_has_one_frame_per_step(ecosim_cmd, clean_env, run_dir):
    res = run(ecosim_cmd, run_dir.parent, clean_env, "animate", str(run_dir), "--lang", "fr")
    assert res.returncode == 0, res.stderr
    gif = run_dir / "animation.gif"
    assert str(gif) in res.stdout and gif.stat().st_size > 0
    with Image.open(gif) as im:
        assert im.format == "GIF" and im.n_frames == 5
        assert im.size[0] > 400 and im.size[1] > 200
    assert not [p for p in run_dir.iterdir() if p.name.endswith(".tmp.gif")]


@pytest.mark.slow
def test_a_run_that_does_not_replay_is_refused(ecosim_cmd, clean_env, run_dir):
    config = run_dir / "config.yaml"
    config.write_text(config.read_text().replace("seed: 2", "seed: 3"))
    res = run(ecosim_cmd, run_dir.parent, clean_env, "animate", str(run_dir))
    assert res.returncode == 2 and "does not replay" in res.stderr
    assert not (run_dir / "animation.gif").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nowhere"], "not a directory"),
        ([], "run_dir"),
        (["RUN", "--fps", "0"], "--fps"),
        (["RUN", "--out", "x.mp4"], ".gif"),
        (["RUN", "--lang", "de"], "--lang"),
    ],
)
def test_bad_input_is_one_line_exit_2(ecosim_cmd, clean_env, tmp_path, args, expected):
    (tmp_path / "RUN").mkdir()
    res = run(ecosim_cmd, tmp_path, clean_env, "animate", *args)
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecosim: error:") and expected in lines[0]
