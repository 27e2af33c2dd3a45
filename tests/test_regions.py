"""`ecosim regions`: region tables (a source line per column) become world presets that carry
the measured data; the model maps the data to assets with `geography.*` (proportional by
default, ignored by worlds given derived values); bad tables exit 2 with one line and
write nothing; the shipped presets are what the command writes from the shipped tables;
the targets of configs/targets/ are read strictly and read by no world."""

import json
import subprocess

import numpy as np
import pytest

from ecosim import cli
from ecosim.config import (
    ConfigError,
    EcosimConfig,
    GeographyConfig,
    TerritorySpec,
    WorldConfig,
    config_dir,
    validate,
)
from ecosim.core.random_streams import RandomStreams
from ecosim.core.world import generate_territories, measured_assets
from ecosim.inputs import regions
from tests.conftest import ROOT

SOURCES = (
    "# region: test names\n# population_m: test\n# gdp_per_capita_keur: test\n"
    "# x: test\n# y: test\n"
)
HEADER = "region,population_m,gdp_per_capita_keur,x,y\n"
GOOD = SOURCES + HEADER + "Île-de-France,12.3,61.4,0.5,0.7\nCorse,0.35,29.1,0.9,0.1\n"


def write(tmp_path, text, encoding="utf-8", name="table.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


# -- bad tables --------------------------------------------------------------------------------
BAD_TABLES = {
    "missing required column": (
        SOURCES + "region,population_m,x,y\nA,1,0.5,0.5\nB,2,0.5,0.5\n",
        "line 6: missing column 'gdp_per_capita_keur'",
    ),
    "zero population": (
        SOURCES + HEADER + "A,1,30,0.5,0.5\nB,0,30,0.5,0.5\n",
        "line 8, column 'population_m': 0 is not allowed; expected millions of inhabitants, > 0",
    ),
    "negative population": (
        SOURCES + HEADER + "A,-1,30,0.5,0.5\nB,2,30,0.5,0.5\n",
        "line 7, column 'population_m': -1 is not allowed",
    ),
    "duplicate region": (
        SOURCES + HEADER + "Bretagne,1,30,0.5,0.5\nbretagne,2,30,0.5,0.5\n",
        "line 8, column 'region': 'bretagne' is already listed on line 7",
    ),
    "non-numeric cell": (
        SOURCES + HEADER + 'A,1,30,0.5,0.5\nB,2,"30,5",0.5,0.5\n',
        "line 8, column 'gdp_per_capita_keur': '30,5' is not a number",
    ),
    "x outside [0, 1]": (
        SOURCES + HEADER + "A,1,30,1.2,0.5\nB,2,30,0.5,0.5\n",
        "line 7, column 'x': 1.2 is not allowed; expected a map position in [0, 1]",
    ),
    "y outside [0, 1]": (
        SOURCES + HEADER + "A,1,30,0.5,0.5\nB,2,30,0.5,-0.1\n",
        "line 8, column 'y': -0.1 is not allowed; expected a map position in [0, 1]",
    ),
    "column without a source line": (
        SOURCES.replace("# x: test\n", "") + HEADER + "A,1,30,0.5,0.5\nB,2,30,0.5,0.5\n",
        "column 'x' has no source line; add '# x: <source>' above the header",
    ),
    "not UTF-8": (
        (SOURCES + HEADER + "Zürich,1,30,0.5,0.5\nB,2,30,0.5,0.5\n").encode("latin-1"),
        "line 7: byte 0xFC is not UTF-8",
    ),
    "UTF-16": (
        GOOD.encode("utf-16"),
        "is UTF-16, not UTF-8; save the table as CSV UTF-8",
    ),
    "unknown column": (
        SOURCES + "# rd_intensity: test\n" + HEADER.strip() + ",rd_intensity\nA,1,30,0.5,0.5,2\n",
        "unknown column 'rd_intensity'; allowed: region, population_m",
    ),
    "negative optional value": (
        SOURCES
        + "# startups: test\n"
        + HEADER.strip()
        + ",startups\nA,1,30,.5,.5,3\nB,2,30,.5,.5,-3\n",
        "line 9, column 'startups': -3 is not allowed",
    ),
    "ragged row": (
        SOURCES + HEADER + "A,1,30,0.5\nB,2,30,0.5,0.5\n",
        "line 7: 4 values for 5 columns",
    ),
    "a single region": (SOURCES + HEADER + "A,1,30,0.5,0.5\n", "lists 1 region(s)"),
}


@pytest.mark.parametrize("case", list(BAD_TABLES))
def test_bad_table_exits_2_with_one_line_and_writes_nothing(case, tmp_path, capsys):
    text, expected = BAD_TABLES[case]
    table = write(tmp_path, text)
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exc:
        cli.main(["regions", str(table), "--out", str(out)])
    err = capsys.readouterr().err
    assert exc.value.code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecosim: error:"), err
    assert str(table) in lines[0] and expected in lines[0], lines[0]
    assert "Traceback" not in err and not out.exists()


def test_utf8_with_a_byte_order_mark_and_optional_columns_are_read(tmp_path):
    text = (
        SOURCES.replace("# region", "# region", 1)
        + "# tertiary_students_k: test\n"
        + HEADER.strip()
        + ",tertiary_students_k\n"
        + "Baden-Württemberg,11.1,51.6,0.36,0.19,354.7\nThüringen,2.1,33.8,0.56,0.48,\n"
    )
    table = regions.read_regions(write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert [t.name for t in table.specs] == ["Baden-Württemberg", "Thüringen"]
    assert table.specs[1].tertiary_students_k == 0.0  # empty: unknown
    assert table.unknown == ["rd_intensity_pct", "tertiary_students_k", "startups"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "give the region table"),
        (["t.csv"], "give the output directory with --out DIR"),
        (["t.csv", "--out", "o", "--bogus"], "unknown option '--bogus'"),
        (["t.csv", "--out", "o", "--name", "france_regions"], "shipped with ecosim"),
        (["t.csv", "--out", "o", "--name", "bad name!"], "--name 'bad name!' is not allowed"),
    ],
)
def test_bad_arguments_are_one_line(args, expected, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, GOOD, name="t.csv")
    with pytest.raises(SystemExit) as exc:
        cli.main(["regions", *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert exc.value.code == 2 and len(err) == 1 and expected in err[0], err
    assert not (tmp_path / "o").exists()


# -- the mapping -------------------------------------------------------------------------------
def specs(**columns) -> list[TerritorySpec]:
    pop, gdp = columns.pop("pop"), columns.pop("gdp")
    n = len(pop)
    return [
        TerritorySpec(
            name=f"R{i}",
            population_m=pop[i],
            gdp_per_capita_keur=gdp[i],
            **{k: v[i] for k, v in columns.items()},
        )
        for i in range(n)
    ]


def test_default_geography_makes_each_asset_proportional_to_its_measure():
    s = specs(pop=[10.0, 5.0, 2.0], gdp=[50.0, 20.0, 40.0], tertiary_students_k=[100, 100, 10])
    a = measured_assets(s, GeographyConfig())
    economy = np.array([500.0, 100.0, 80.0])
    np.testing.assert_allclose(a["size"], [1.0, 0.5, 0.2])
    np.testing.assert_allclose(a["capital"], economy / 500)
    np.testing.assert_allclose(a["market"], economy / 500)
    np.testing.assert_allclose(a["talent"], [1.0, 1.0, 0.1])
    np.testing.assert_allclose(a["research_factor"], 1.0)  # R&D unknown
    np.testing.assert_allclose(a["seed_weight"], a["size"])  # startups unknown


def test_each_geography_key_changes_its_asset_only():
    s = specs(
        pop=[10.0, 5.0],
        gdp=[50.0, 20.0],
        tertiary_students_k=[100, 100],
        rd_intensity_pct=[4.0, 1.0],
        startups=[100, 400],
    )
    base = measured_assets(s, GeographyConfig())
    geo = GeographyConfig(capital_elasticity=2.5, market_from_gdp=0.0, talent_from_students=0.0)
    geo.research_from_rd, geo.startups_from_data = 0.0, 0.0
    other = measured_assets(s, geo)
    np.testing.assert_allclose(other["capital"], base["capital"] ** 2.5)
    np.testing.assert_allclose(other["market"], other["size"])
    np.testing.assert_allclose(other["talent"], other["size"])
    np.testing.assert_allclose(other["research_factor"], 1.0)
    np.testing.assert_allclose(other["seed_weight"], other["size"])
    # R&D relative to the world's own intensity (GDP-weighted): 4 / (2100 / 600)
    np.testing.assert_allclose(base["research_factor"], [4 / (2100 / 600), 1 / (2100 / 600)])
    np.testing.assert_allclose(base["seed_weight"], [0.25, 1.0])


def test_an_optional_column_counts_only_when_every_region_gives_it():
    s = specs(pop=[10.0, 5.0], gdp=[50.0, 20.0], tertiary_students_k=[100, 0])
    np.testing.assert_allclose(measured_assets(s, GeographyConfig())["talent"], [1.0, 0.5])


@pytest.mark.parametrize("world", ["two_speed", "balanced", "archipelago", "mapped"])
def test_worlds_with_derived_values_ignore_the_geography(world):
    """Generated worlds and `ecosim map` worlds (derived values) are what they were."""
    if world == "mapped":
        cfg = WorldConfig(
            name="m",
            n_territories=2,
            territories=[TerritorySpec(name="a"), TerritorySpec(name="b", size=0.3, capital=0.1)],
        )
    else:
        from ecosim.runs.config_errors import compose_checked
        from ecosim.runs.hydra_app import to_config

        cfg = to_config(compose_checked(config_dir(), [f"world={world}"])).world
    wild = GeographyConfig(2.0, 0.0, 0.0, 2.0, 0.0)
    a = generate_territories(cfg, RandomStreams(3).world)
    b = generate_territories(cfg, RandomStreams(3).world, wild)
    for field in ("size", "market", "talent", "capital", "research", "position"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.seed_weight is None and b.seed_weight is None


def test_measured_data_for_some_territories_only_is_refused():
    t = [TerritorySpec(name="a", population_m=1, gdp_per_capita_keur=30), TerritorySpec(name="b")]
    with pytest.raises(ConfigError, match=r"territories\[1\].population_m=0.0 .* or for none"):
        validate(EcosimConfig(world=WorldConfig(n_territories=2, territories=t)))
    t[1] = TerritorySpec(name="b", population_m=2)
    with pytest.raises(ConfigError, match=r"territories\[1\].gdp_per_capita_keur=0.0"):
        validate(EcosimConfig(world=WorldConfig(n_territories=2, territories=t)))


# -- the shipped presets -----------------------------------------------------------------------
@pytest.mark.parametrize("name", list(regions.PRESETS))
def test_shipped_preset_is_what_the_command_writes_from_its_table(name, tmp_path):
    _, written = regions.write_regions(regions.data_file(name), tmp_path, name)
    shipped = config_dir() / "world" / f"{name}.yaml"
    assert shipped.read_text(encoding="utf-8") == written.read_text(encoding="utf-8")
    table = regions.read_regions(regions.data_file(name))
    assert all(t.population_m > 0 and t.gdp_per_capita_keur > 0 for t in table.specs)


def test_shipped_tables_have_their_regions_and_utf8_names():
    counts = {"france_regions": 13, "uk_regions": 12, "germany_regions": 16, "italy_regions": 20}
    names = {n: {t.name for t in regions.shipped_world(n).territories} for n in counts}
    assert {n: len(v) for n, v in names.items()} == counts
    assert {"Île-de-France", "Provence-Alpes-Côte d'Azur"} <= names["france_regions"]
    assert {"Baden-Württemberg", "Thüringen"} <= names["germany_regions"]
    assert {"Trentino-Alto Adige/Südtirol", "Valle d'Aosta/Vallée d'Aoste"} <= names[
        "italy_regions"
    ]


@pytest.mark.slow
def test_shipped_region_presets_build_their_worlds():
    """Each shipped preset composes and its largest economy holds the most capital."""
    from ecosim.runs.config_errors import compose_checked
    from ecosim.runs.hydra_app import to_config

    for name in regions.PRESETS:
        cfg = to_config(compose_checked(config_dir(), [f"world={name}"]))
        terr = generate_territories(cfg.world, RandomStreams(0).world, cfg.geography)
        economy = [t.population_m * t.gdp_per_capita_keur for t in cfg.world.territories]
        assert int(np.argmax(terr.capital)) == int(np.argmax(economy)) and terr.capital.max() == 1


def test_a_written_preset_runs(ecosim_cmd, clean_env, tmp_path):
    table = write(tmp_path, GOOD)
    run = lambda *a: subprocess.run(  # noqa: E731
        [ecosim_cmd, *a], cwd=tmp_path, env=clean_env, capture_output=True, text=True, timeout=300
    )
    res = run("regions", str(table), "--out", "mine", "--name", "two_regions")
    assert res.returncode == 0, res.stderr
    assert "ecosim run --config-dir mine world=two_regions" in res.stdout
    assert "Île-de-France" in res.stdout
    res = run(
        "run", "--config-dir", "mine", "world=two_regions", "sim.steps=4", "sim.progress=false"
    )
    assert res.returncode == 0, res.stderr
    (run_dir,) = (tmp_path / "results" / "runs").iterdir()
    assert json.loads((run_dir / "summary.json").read_text())["steps"] == 4
    assert "population_m: 12.3" in (run_dir / "config.yaml").read_text(encoding="utf-8")


# -- targets -----------------------------------------------------------------------------------
TARGET_SOURCES = "".join(f"# {c}: test\n" for c in regions.TARGET_COLUMNS)
TARGET_HEADER = ",".join(regions.TARGET_COLUMNS) + "\n"


def test_the_french_targets_are_read_and_name_the_regions_of_the_french_world():
    df = regions.read_targets(config_dir() / "targets" / "france_vc.csv")
    assert set(df.status) <= set(regions.STATUSES) and df.source.str.len().min() > 0
    assert set(df.region) <= {t.name for t in regions.shipped_world("france_regions").territories}
    idf = df[df.region == "Île-de-France"].set_index("year").amount_share
    assert idf.between(0.62, 0.80).all() and len(idf) >= 7


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("2021,A,62,,published,confirmed,x\n", "column 'amount_share': '62' is not allowed"),
        ("2021,A,0.6,,published,sure,x\n", "column 'status': 'sure' is not allowed"),
        ("2021,A,0.6,,p,confirmed,x\n2021,a,0.1,,p,confirmed,x\n", "already listed on line"),
        ("2021,A,,,published,confirmed,x\n", "neither amount_share nor deal_share"),
        ("21,A,0.6,,published,confirmed,x\n", "column 'year': '21' is not a year"),
        ("2021,A,0.7,,p,confirmed,x\n2021,B,0.4,,p,confirmed,x\n", "add up to 1.100"),
        ("2021,A,0.6,,published,confirmed,\n", "column 'source': empty value"),
    ],
)
def test_bad_targets_are_one_line(rows, expected, tmp_path):
    path = write(tmp_path, TARGET_SOURCES + TARGET_HEADER + rows)
    with pytest.raises(ConfigError) as exc:
        regions.read_targets(path)
    message = str(exc.value)
    assert message.startswith(str(path)) and expected in message and "\n" not in message


def test_a_target_column_without_its_source_line_is_refused(tmp_path):
    path = write(tmp_path, TARGET_SOURCES.replace("# status: test\n", "") + TARGET_HEADER)
    with pytest.raises(ConfigError, match="column 'status' has no source line"):
        regions.read_targets(path)


def test_no_world_and_no_core_module_reads_the_targets():
    """Targets are kept apart: the worlds and the model never see them."""
    files = [*(config_dir() / "world").rglob("*"), *(ROOT / "ecosim" / "core").rglob("*.py")]
    words = ("configs/targets", "france_vc", "read_targets", "targets_dir")
    readers = [f for f in files if f.is_file() and any(w in f.read_text("utf-8") for w in words)]
    assert readers == []
    assert sorted(p.name for p in (config_dir() / "targets").iterdir()) == [
        "france_vc.csv",
        "heldout_vc.csv",
    ]
