import itertools

import pytest

from ecosim.config import (
    ConfigError,
    EcosimConfig,
    config_dir,
    get_value,
    iter_params,
    register_configs,
    set_value,
    validate,
)
from ecosim.runs.config_errors import compose_checked
from ecosim.runs.hydra_app import to_config

register_configs()
WORLDS = sorted(p.stem for p in (config_dir() / "world").glob("*.yaml"))
POLICIES = sorted(p.stem for p in (config_dir() / "policy").glob("*.yaml"))


@pytest.mark.parametrize(("world", "policy"), list(itertools.product(WORLDS, POLICIES)))
def test_every_preset_composes_and_validates(world, policy):
    cfg = to_config(compose_checked(config_dir(), [f"world={world}", f"policy={policy}"]))
    assert cfg.world.name == world and cfg.policy.name == policy


def test_schema_defaults_are_valid_and_every_parameter_declares_its_range():
    validate(EcosimConfig())
    for key, f in iter_params():
        meta = f.metadata
        assert (
            meta.get("help") or meta.get("unit") or key in ("seed",) or meta.get("min") is not None
        ), key


def test_out_of_range_values_name_key_and_range():
    cfg = EcosimConfig()
    cfg.knowledge.copy_error = 1.5
    with pytest.raises(ConfigError, match=r"knowledge.copy_error=1.5 is out of range"):
        validate(cfg)


def test_the_old_market_section_is_an_alias_of_sector_shocks(capsys, monkeypatch):
    """`market.*` keys (before the section was named for what it drives) still work, move
    to `sector_shocks.*` with a one-line note (once per process), and are not parameters."""
    import ecosim.config

    monkeypatch.setattr(ecosim.config, "_noted", set())
    old = to_config(compose_checked(config_dir(), ["market.shock_rate=0.05"]))
    assert old.sector_shocks.shock_rate == 0.05 and old.market.shock_rate is None
    note = capsys.readouterr().err.strip().splitlines()
    assert note == ["ecosim: note: market.shock_rate is deprecated; use sector_shocks.shock_rate"]
    new = to_config(compose_checked(config_dir(), ["sector_shocks.shock_rate=0.05"]))
    assert new == old
    assert not [k for k, _ in iter_params() if k.startswith("market.")]


def test_get_value_reads_what_set_value_writes():
    cfg = EcosimConfig()
    assert get_value(cfg, "policy.openness") == cfg.policy.openness
    assert get_value(cfg, "seed") == cfg.seed
    assert set_value(cfg, "policy.openness", 0.25) == "policy.openness"
    assert get_value(cfg, "policy.openness") == 0.25
    before = list(cfg.economy.exit_rate)
    assert set_value(cfg, "economy.exit_rate[2]", 0.05) == "economy.exit_rate"
    assert get_value(cfg, "economy.exit_rate[2]") == 0.05
    assert get_value(cfg, "economy.exit_rate") == [*before[:2], 0.05]
    assert EcosimConfig().economy.exit_rate == before  # the default list is not shared
    for key, _ in iter_params():
        assert get_value(cfg, key) is not None, key


@pytest.mark.parametrize("key", ["policy.nokey", "nosection.openness", "nokey", "policy..x"])
def test_get_value_of_an_unknown_key_is_a_config_error(key):
    with pytest.raises(ConfigError, match="key"):
        get_value(EcosimConfig(), key)
