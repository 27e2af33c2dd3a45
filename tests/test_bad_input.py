"""Every parameter of the schema, tried with out-of-range values, wrong types and
nonsense: each attempt exits with code 2 and one line naming the key, and leaves no
run directory. Runs the console script's `main` in-process (the same code path as
the `ecosim` script, without paying a process start per attempt)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecosim import cli
from ecosim.config import config_dir, iter_params

SKIP = {"world.territories"}  # a list of records: covered by its own cases below


def bad_values(key: str, f) -> list[str]:
    meta, kind = f.metadata, str(f.type)
    lo, hi = meta.get("min"), meta.get("max")
    values = []
    if kind.startswith("list"):
        values += ["[1.0]", "[a,b,c]", "notalist"]
        if lo is not None:
            values.append(f"[{lo - 1},{lo},{lo}]")
        if hi is not None:
            values.append(f"[{hi},{hi},{hi * 2 + 1}]")
        return values
    if kind == "bool":
        return ["maybe", "2", "[true]"]
    if kind in ("int", "float"):
        values += ["abc", "[1,2]", "{a: 1}"]
        if kind == "int":
            values.append("1.5")
        if kind == "float":
            values += ["nan", "inf"]
        if lo is not None:
            values.append(str(lo - 1))
        if hi is not None:
            values.append(str(hi * 2 + 1))
        return values
    if meta.get("choices") or meta.get("pattern"):
        return ["nonsense_value!", "'../../escape'", "[1,2]"]
    return ["[1,2]", "{a: 1}"]


CASES = [
    (key, value)
    for key, f in iter_params()
    if key not in SKIP and key != "results_dir"
    for value in bad_values(key, f)
]
EXTRA = [
    ("world.territories=[{name: a, foo: 1}]", "foo"),
    ("world.territories=[{name: a, size: -1}]", "size"),
    ("world.territories=[{name: a}]", "world.territories"),  # 1 listed, 10 expected
    ("world.nosuchkey=1", "world.nosuchkey"),
    ("nosuchsection.key=1", "nosuchsection"),
    ("+world.extra=1", "world.extra"),
    ("policy=complementarty", "complementarity"),
    ("world=two_sped", "two_speed"),
    ("world.nk_k=12", "world.nk_k"),  # K must be < N
]


def attempt(args: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", *args])
    err = capsys.readouterr().err
    assert exc.value.code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecosim: error:"), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert not (tmp_path / "results").exists(), "a rejected run left a directory behind"


#: All cases take about a minute together: every key's last bad value (its out-of-range
#: value when it has a range) runs in every lane, the others are marked slow (make test).
LAST = {key: value for key, value in CASES}
PARAMS = [
    pytest.param(k, v, id=f"{k}={v}", marks=() if LAST[k] == v else pytest.mark.slow)
    for k, v in CASES
]


@pytest.mark.parametrize(("key", "value"), PARAMS)
def test_every_parameter_rejects_bad_values(key, value, capsys, in_tmp):
    line = attempt([f"{key}={value}"], capsys)
    assert key in line or key.split(".")[-1] in line


@pytest.mark.parametrize(("override", "named"), EXTRA)
def test_unknown_keys_options_and_contradictions(override, named, capsys, in_tmp):
    assert named in attempt([override], capsys)


def test_every_schema_parameter_is_tried():
    tried = {k for k, _ in CASES} | {"world.territories", "results_dir"}
    assert tried == {k for k, _ in iter_params()}
    assert len(CASES) + len(EXTRA) > 150


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("", "empty"),
        ("name: [unclosed\n", "malformed YAML at line"),
        ("- just\n- a list\n", "mapping"),
        (b"name: caf\xe9\n", "UTF-8"),
    ],
)
def test_broken_preset_files(content, named, tmp_path, monkeypatch, capsys, in_tmp):
    configs = tmp_path / "configs"
    shutil.copytree(Path(config_dir()), configs)
    broken = configs / "world" / "broken.yaml"
    if isinstance(content, bytes):
        broken.write_bytes(content)
    else:
        broken.write_text(content)
    monkeypatch.setenv("ECOSIM_CONFIG_DIR", str(configs))
    line = attempt(["world=broken"], capsys)
    assert "world/broken.yaml" in line and named in line


TERRITORY_B = "- name: B\n  size: 0.5\n  market: 0.5\n  talent: 0.5\n  capital: 0.5\n"
TWO = "name: custom\nn_territories: 2\nterritories:\n- name: A\n  size: 1.0\n  market: 1.0\n"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        # a territory with derived values and no talent: refused, not given the default 1.0
        (
            TWO + "  capital: 1.0\n" + TERRITORY_B,
            "territory 'A' (world.territories[0]) has no talent",
        ),
        # a mistyped key of a territory: named with its territory and a suggestion
        (
            TWO + "  capital: 1.0\n  talnet: 1.0\n" + TERRITORY_B,
            "territory 'A' (world.territories[0]): unknown key 'talnet'; did you mean 'talent'?",
        ),
        # a mistyped key of the world: a suggestion and the allowed keys, not a cut-off line
        (
            "name: custom\nn_territries: 3\n",
            "unknown key 'world.n_territries'; did you mean 'world.n_territories'? allowed "
            "under world: capital_concentration",
        ),
        # a decimal comma: the territory, the key, the value and what is allowed
        (
            TWO + "  capital: 1.0\n  talent: 1.0\n" + TERRITORY_B.replace("0.5", '"1,0"', 1),
            "territory 'B' (world.territories[1]): size='1,0' is not allowed; expected a number "
            "in [0.01, 100.0], written with a decimal point",
        ),
    ],
    ids=["no-talent", "mistyped-territory-key", "mistyped-world-key", "decimal-comma"],
)
def test_world_files_are_read_strictly(content, named, tmp_path, monkeypatch, capsys, in_tmp):
    configs = tmp_path / "configs"
    shutil.copytree(Path(config_dir()), configs)
    (configs / "world" / "custom.yaml").write_text(content)
    monkeypatch.setenv("ECOSIM_CONFIG_DIR", str(configs))
    line = attempt(["world=custom"], capsys)
    assert line.startswith("ecosim: error: world/custom.yaml: ") and named in line, line
