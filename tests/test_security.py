"""Configs are data: no code execution from YAML or overrides, no path escapes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import ecosim
from ecosim import cli
from ecosim.config import config_dir

PACKAGE = Path(ecosim.__file__).resolve().parent


def test_package_never_evaluates_or_instantiates_user_data():
    pattern = re.compile(r"\b(eval|exec)\(|instantiate\(|yaml\.load\(|pickle\.load")
    offenders = [
        f"{p.relative_to(PACKAGE)}:{i}"
        for p in PACKAGE.rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "override",
    [
        "+world._target_=os.system",
        "+_target_=subprocess.run",
        "world.name=../../outside",
        "world.name=a/b",
        "world.name=..",
    ],
)
def test_targets_and_escaping_names_are_rejected(override, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", override])
    assert exc.value.code == 2
    assert capsys.readouterr().err.startswith("ecosim: error:")
    assert list(tmp_path.iterdir()) == []


def test_a_preset_with_a_target_is_rejected(tmp_path, monkeypatch, capsys):
    configs = tmp_path / "configs"
    shutil.copytree(config_dir(), configs)
    (configs / "world" / "evil.yaml").write_text("name: evil\n_target_: os.system\n")
    monkeypatch.setenv("ECOSIM_CONFIG_DIR", str(configs))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", "world=evil"])
    assert exc.value.code == 2
    assert "_target_" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()
