"""The console script: runs from any directory, from the checkout and from a wheel;
bad input exits 2 with one line and writes nothing."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT

BAD_INPUTS = [
    ("world.foo=1", "world.foo"),
    ("world.n_territories=abc", "world.n_territories"),
    ("policy=complementarty", "complementarity"),
    ("world=nowhere", "two_speed"),
    ("seed=-1", "seed"),
    ("policy.openness=1.5", "[0.0, 1.0]"),
    ("sim.steps=0", "sim.steps"),
    ("economy.burn=[1,2]", "economy.burn"),
    ("world.nk_k=12", "world.nk_k"),
    ("+extra=1", "extra"),
    ("policy.name=bogus", "isolated"),
    ("notanoverride", "key=value"),
    ("-m policy=isolated,nope", "nope"),
]


def run(cmd, cwd, env, *args):
    return subprocess.run(
        [cmd, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_run_writes_results_from_any_directory(ecosim_cmd, clean_env, tmp_path):
    res = run(
        ecosim_cmd,
        tmp_path,
        clean_env,
        "run",
        "policy=complementarity",
        "world=two_speed",
        "sim.steps=6",
        "seed=7",
    )
    assert res.returncode == 0, res.stderr
    (run_dir,) = (tmp_path / "results" / "runs").iterdir()
    assert {"timeseries.parquet", "summary.json", "config.yaml", "seed.txt", ".done"} <= {
        p.name for p in run_dir.iterdir()
    }
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["steps"] == 6
    ts = pd.read_parquet(run_dir / "timeseries.parquet")
    assert set(ts["step"]) == set(range(1, 7)) and "world" in set(ts["territory"])
    assert "cumulative net return" in res.stdout
    assert (run_dir / "seed.txt").read_text().strip() == "7"


@pytest.mark.slow
def test_help_lists_groups_and_options(ecosim_cmd, clean_env, tmp_path):
    res = run(ecosim_cmd, tmp_path, clean_env, "run", "--help")
    assert res.returncode == 0
    for word in ("world:", "policy:", "two_speed", "archipelago", "complementarity", "open_mesh"):
        assert word in res.stdout
    # every key with its unit, range and meaning from the schema, not only its default
    assert "  world.n_territories = 10  (territories; range [2, 500])" in res.stdout
    assert "  world.size_skew = 0.8  (range [0.0, 4.0])\n      size of rank r is" in res.stdout
    assert "economy.birth_rate = " in res.stdout and "expected births per quarter" in res.stdout


@pytest.mark.parametrize(("override", "expected"), BAD_INPUTS)
def test_bad_input_is_one_line_exit_2_nothing_written(
    ecosim_cmd, clean_env, tmp_path, override, expected
):
    res = run(ecosim_cmd, tmp_path, clean_env, "run", *override.split())
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecosim: error:"), res.stderr
    assert expected in lines[0]
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(
    "args, suggestion",
    [
        (["validate", "stylized_fact"], "did you mean 'stylized_facts'?"),
        (["report", "nowhere", "--lang", "fre"], "did you mean fr?"),
        (["sweep", "demo", "--launcher", "jobllib"], "did you mean joblib?"),
        (["sweep", "demoo"], "did you mean 'demo'?"),
    ],
)
def test_a_mistyped_name_gets_a_did_you_mean_in_one_line(
    args, suggestion, capsys, tmp_path, monkeypatch
):
    from ecosim import cli

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        cli.main(args)
    lines = capsys.readouterr().err.strip().splitlines()
    assert exc.value.code == 2 and len(lines) == 1 and suggestion in lines[0], lines
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_wheel_carries_configs_and_runs_outside_the_checkout(tmp_path, clean_env):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = wheel_dir.glob("ecosim-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "ecosim/configs/config.yaml" in names and "ecosim/configs/world/two_speed.yaml" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    env = dict(clean_env, PYTHONPATH=str(target))
    work = tmp_path / "elsewhere"
    work.mkdir()
    probe = subprocess.run(
        [sys.executable, "-c", "import ecosim.config as c; print(c.config_dir())"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()) == target / "ecosim" / "configs"
    script = target / "bin" / "ecosim"
    res = subprocess.run(
        [sys.executable, str(script), "run", "sim.steps=3", "world=balanced"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert len(list((work / "results" / "runs").iterdir())) == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    "missing, command, extra",
    [
        ("optuna", ["search", "--trials", "2"], "analysis"),
        ("SALib", ["sensitivity"], "analysis"),
        ("hydra_plugins.hydra_ray_launcher", ["sweep", "demo", "--launcher", "ray"], "ray"),
    ],
)
def test_a_missing_extra_is_named_in_one_line(missing, command, extra, tmp_path, clean_env):
    """The demo's environment lacks the extras: their commands say what to install.
    (`ecosim viz` imports the app in a child process, which a module blocked here does
    not reach: tests/test_viz.py blocks it on the child's path instead.)"""
    code = (
        "import sys; sys.modules[sys.argv[1]] = None; from ecosim.cli import main; "
        "main(sys.argv[2:])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, missing, *command],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and missing in lines[0] and f".[{extra}]" in lines[0], lines
    assert not any(tmp_path.iterdir())  # nothing written
