"""`ecosim map`: the actor table's strengths, synergies, differentiation and world config;
bad tables exit 2 with one line naming the line; the world it writes runs."""

import json
import subprocess

import numpy as np
import pytest

from ecosim.config import ConfigError
from ecosim.inputs.actor_map import read_actors, synergies, territory_specs, world_config
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "actors.csv"
HEADER = "name,type,territory,sector,size\n"


def write(tmp_path, text, name="actors.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(cmd, cwd, env, *args):
    return subprocess.run(
        [cmd, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_example_is_a_realistic_map():
    m = read_actors(EXAMPLE)
    assert 6 <= len(m.territories) <= 10 and 200 <= m.counts.sum() <= 600
    assert (m.counts.sum(axis=(1, 2)) > 0).all()  # every actor type present
    actors = m.counts.sum(axis=(0, 2))
    assert (np.diff(actors) <= 0).all()  # largest territory first
    world = world_config(m, "example")
    assert world.n_territories == len(m.territories) and world.n_sectors == len(m.sectors)
    for t in world.territories:
        assert abs(sum(t.specialization) - 1) < 1e-3 and 0.2 <= t.experimentation <= 1


def test_synergies_pair_expertise_with_startups_that_need_it(tmp_path):
    rows = [
        "a1,startup,Alpha,energy,",
        "a2,startup,Alpha,energy,",
        "b1,research centre,Beta,energy,100",
        "b2,startup,Beta,health,",
        "c1,startup,Gamma,health,",
        "c2,investor,Gamma,health,",
    ]
    m = read_actors(write(tmp_path, HEADER + "\n".join(rows) + "\n"))
    pairs = {(m.territories[a], m.territories[b]): why for a, b, _, why in synergies(m)}
    assert any("Beta's expertise in energy for Alpha's startups" in w for w in pairs.values())
    specs = {t.name: t for t in territory_specs(m)}
    assert specs["Gamma"].capital == 1.0 and specs["Alpha"].capital == 0.0
    assert specs["Beta"].research[m.sectors.index("energy")] == 1.0


def test_semicolons_extra_columns_and_type_spellings_are_accepted(tmp_path):
    text = "Name;Type;Territory;Sector;Website\nx;Research_Center;A;AI;w\ny;start-up;B;ai;w\n"
    m = read_actors(write(tmp_path, text))
    assert m.sectors == ["ai"] and m.ignored_columns == ["website"]
    assert m.counts.sum() == 2


BAD_TABLES = [
    ("", "utf-8", "is empty"),
    ("name,type,territory\nx,startup,A\n", "utf-8", "line 1: missing column 'sector'"),
    (HEADER + "x,startup,A,ai,1\ny,laboratory,B,ai,1\n", "utf-8", "line 3, column 'type'"),
    (HEADER + "x,startup,A,ai,1\ny,startup,B,ai,-2\n", "utf-8", "line 3, column 'size'"),
    (HEADER + "x,startup,A,ai,1\ny,startup,,ai,1\n", "utf-8", "line 3, column 'territory'"),
    (HEADER + "x,startup,A,ai\n", "utf-8", "line 2: 4 values for 5 columns"),
    # Latin-1 is read (tests/test_faults_tables.py); a byte Windows-1252 leaves undefined is not
    (HEADER + "x,startup,Zürich,ai,1\ny,startup,Gen\x81ve,ai,1\n", "latin-1", "line 3"),
    (HEADER, "utf-8", "no actors"),
    (HEADER + "x,startup,A,ai,1\n", "utf-8", "at least 2 territories"),
]


@pytest.mark.parametrize(("text", "encoding", "expected"), BAD_TABLES)
def test_bad_tables_name_the_line(tmp_path, text, encoding, expected):
    with pytest.raises(ConfigError, match="^.*" + expected.replace("(", r"\(")):
        read_actors(write(tmp_path, text, encoding=encoding))


@pytest.mark.parametrize(
    ("text", "encoding", "args", "expected"),
    [
        ("name,type,territory\n", "utf-8", [], "missing column 'sector'"),
        (HEADER + "x,startup,A,ai,1\ny,lab,B,ai,1\n", "utf-8", [], "allowed: startup"),
        ("", "utf-8", [], "is empty"),
        (HEADER + "x,startup,Z\x81rich,ai,1\n", "latin-1", [], "neither UTF-8 nor Windows"),
        (HEADER + "x,startup,A,ai,1\n", "utf-8", ["--bogus"], "unknown option"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    ecosim_cmd, clean_env, tmp_path, text, encoding, args, expected
):
    table = write(tmp_path, text, encoding=encoding)
    res = run(ecosim_cmd, tmp_path, clean_env, "map", str(table), "--out", "out", *args)
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecosim: error:"), res.stderr
    assert expected in lines[0] and "Traceback" not in res.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_map_writes_a_report_and_a_world_that_ecosim_run_accepts(ecosim_cmd, clean_env, tmp_path):
    res = run(ecosim_cmd, tmp_path, clean_env, "map", str(EXAMPLE), "--out", "mymap")
    assert res.returncode == 0, res.stderr
    report = (tmp_path / "mymap" / "actors-map.md").read_text()
    for section in ("Strength profiles", "Synergies", "Points of differentiation"):
        assert section in report and section in res.stdout
    assert (tmp_path / "mymap" / "world" / "actors.yaml").is_file()
    assert "ecosim run --config-dir mymap world=actors" in res.stdout
    res = run(
        ecosim_cmd,
        tmp_path,
        clean_env,
        "run",
        "--config-dir",
        "mymap",
        "world=actors",
        "sim.steps=3",
        "sim.progress=false",
    )
    assert res.returncode == 0, res.stderr
    (run_dir,) = (tmp_path / "results" / "runs").iterdir()
    assert run_dir.name.endswith("-actors-s0") and (run_dir / ".done").exists()
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["steps"] == 3
    res = run(ecosim_cmd, tmp_path, clean_env, "run", "--config-dir", "nowhere", "world=actors")
    assert res.returncode == 2 and res.stderr.startswith("ecosim: error: --config-dir")


def test_duplicated_actor_names_point_to_both_lines(tmp_path):
    text = HEADER + "Acme,startup,A,ai,1\nBeta,startup,B,ai,1\nacme,investor,A,ai,2\n"
    with pytest.raises(ConfigError, match=r"line 4, column 'name': 'acme' in 'A' .* line 2"):
        read_actors(write(tmp_path, text))
    # the same name in another territory is another organisation
    ok = HEADER + "Acme,startup,A,ai,1\nAcme,startup,B,ai,1\n"
    assert read_actors(write(tmp_path, ok)).counts.sum() == 2


@pytest.mark.slow
def test_a_100_megabyte_table_is_refused_in_bounded_memory(tmp_path):
    import tracemalloc

    big = tmp_path / "huge.csv"
    line = "startup-{:09d},startup,Territory {},software and services,1\n"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        chunk = "".join(line.format(i, i % 7) for i in range(100_000))
        while fh.tell() < 100 * 2**20:
            fh.write(chunk.replace("startup-0", f"s{fh.tell()}-0"))
    assert big.stat().st_size >= 100 * 2**20
    tracemalloc.start()
    with pytest.raises(ConfigError, match=r"line 200002: more than 200,000 actors"):
        read_actors(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 80 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_differentiation_states_counts_not_only_a_size_weighted_share(tmp_path):
    """A big startup and a small one in énergie: "holds 1 of the map's 2 startups", with
    the size-weighted share after it, never "75%" alone (which reads as many startups)."""
    from ecosim.inputs.actor_map import differentiation

    text = HEADER + "a,startup,Lyon,énergie,3\nb,startup,Nice,énergie,1\nc,startup,Nice,ai,1\n"
    m = read_actors(write(tmp_path, text))
    lyon = differentiation(m)[m.territories.index("Lyon")]
    assert "holds 1 of the map's 2 startups in énergie (75% of their size)" in lyon, lyon
