"""Turn Hydra/OmegaConf composition errors into one line naming the key, the value and
what is allowed. The user sees this line and exit code 2, never a traceback."""

from __future__ import annotations

import dataclasses
import re
from difflib import get_close_matches
from pathlib import Path

from ecosim.config import ConfigError, EcosimConfig, TerritorySpec, iter_params


def _schema_keys(prefix: str) -> list[str]:
    """Keys allowed directly under `prefix` ('' for the top level)."""
    keys = set()
    for key, _ in iter_params(EcosimConfig):
        if key.startswith(prefix):
            keys.add(key[len(prefix) :].split(".")[0])
    return sorted(keys)


def _full_key(text: str) -> str | None:
    m = re.search(r"full_key:\s*(\S+)", text)
    return m.group(1) if m else None


def _group_options(config_dir: Path, group: str) -> list[str]:
    return sorted(p.stem for p in (config_dir / group).glob("*.yaml"))


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and its causes; Hydra raises a preset file's error while handling the
    OmegaConf one (a context, not a cause), so both links are followed."""
    chain = [exc]
    while (chain[-1].__cause__ or chain[-1].__context__) is not None:
        chain.append(chain[-1].__cause__ or chain[-1].__context__)
    return chain


def _source(chain: list[BaseException]) -> str | None:
    """The preset file an error comes from (`world/custom.yaml`), None for an override."""
    for e in chain:
        m = re.match(r"In '([^']+)':", str(e))
        if m:
            return f"{m.group(1)}.yaml"
    return None


def _territory_where(
    config_dir: Path | None, source: str | None, key: str, value: str | None = None
) -> str:
    """`territory 'B' (world.territories[1])`: the first territory of the preset file that
    sets `key` (to `value` when given), so that a user of a 13-region file finds the line."""
    territories = _read_yaml(config_dir / source).get("territories") if source else None
    for i, t in enumerate(territories if isinstance(territories, list) else []):
        if isinstance(t, dict) and key in t and (value is None or str(t[key]) == value):
            return _territory_name(t, i)
    return "world.territories[]"


def _territory_name(t: dict, i: int) -> str:
    return f"territory {t.get('name', i)!r} (world.territories[{i}])"


def _unknown_territory_key(where: str, key: str) -> str:
    allowed = [f.name for f in dataclasses.fields(TerritorySpec)]
    hint = get_close_matches(key, allowed, n=1)
    did = f"did you mean {hint[0]!r}? " if hint else ""
    return f"{where}: unknown key {key!r}; {did}allowed: {', '.join(allowed)}"


def _read_yaml(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


_KINDS = {"Float": "a number", "Integer": "an integer", "Boolean": "true or false"}


def _allowed_value(meta: dict, kind: str) -> str:
    """`a number in [0.01, 100.0], written with a decimal point (1.5, not 1,5)`."""
    lo, hi = meta.get("min"), meta.get("max")
    span = f" in [{lo}, {hi}]" if lo is not None and hi is not None else ""
    point = ", written with a decimal point (1.5, not 1,5)" if kind == "Float" else ""
    return f"{_KINDS.get(kind, kind.lower())}{span}{point}"


def one_line(exc: BaseException, config_dir: Path | None = None) -> str:
    """The most useful single line for a composition error: the preset file when the error
    is in one, the key, the value and what is allowed, with a "did you mean"."""
    chain = _chain(exc)
    named = [
        e for e in chain if type(e).__module__.startswith("omegaconf") and "full_key:" in str(e)
    ]
    root = named[0] if named else chain[-1]
    text = str(root)
    name = type(root).__name__
    source = _source(chain)
    prefix = f"{source}: " if source else ""
    missing = re.search(r"Could not find '([^'/]+)/([^']+)'", text)
    if missing and config_dir is not None:
        group, value = missing.groups()
        options = _group_options(config_dir, group)
        hint = get_close_matches(value, options, n=1)
        did = f"did you mean {hint[0]!r}? " if hint else ""
        return f"{group}={value} is not an option; {did}allowed: {', '.join(options)}"
    full = _full_key(text)
    in_territory = re.search(r"reference_type=TerritorySpec", text) is not None
    if name in ("ConfigAttributeError", "ConfigKeyError"):
        bad = re.search(r"Key '([^']+)' not in '(\w+)'", text)
        key = full or (bad.group(1) if bad else "?")
        if in_territory:
            return prefix + _unknown_territory_key(_territory_where(config_dir, source, key), key)
        parent = key.rsplit(".", 1)[0] + "." if "." in key else ""
        where = parent.rstrip(".") or "the top level"
        allowed = _schema_keys(parent)
        hint = get_close_matches(key.rsplit(".", 1)[-1], allowed, n=1)
        did = f"did you mean {parent + hint[0]!r}? " if hint else ""
        return f"{prefix}unknown key {key!r}; {did}allowed under {where}: " + ", ".join(allowed)
    converted = re.search(r"Value '(.*)' of type '\w+' could not be converted to (\w+)", text)
    if converted and full:
        value, kind = converted.groups()
        if in_territory:
            fields = {f.name: f for f in dataclasses.fields(TerritorySpec)}
            prefix += _territory_where(config_dir, source, full, value) + ": "
        else:
            fields = dict(iter_params(EcosimConfig))
        meta = fields[full].metadata if full in fields else {}
        return f"{prefix}{full}={value!r} is not allowed; expected {_allowed_value(meta, kind)}"
    first = text.strip().splitlines()[0] if text.strip() else name
    if full:
        return f"{prefix}{full}: {first}"
    return prefix + first


def check_yaml_files(config_dir: Path, overrides: list[str]) -> None:
    """The primary config and every preset chosen must be a non-empty YAML mapping."""
    import yaml

    primary = config_dir / "config.yaml"
    chosen = {}
    for entry in yaml.safe_load(primary.read_text(encoding="utf-8")).get("defaults", []):
        if isinstance(entry, dict):
            chosen.update({k: v for k, v in entry.items() if not k.startswith("override")})
    for o in overrides:
        key, _, value = o.partition("=")
        if key in chosen:
            chosen[key] = value
    for path in [primary] + [config_dir / g / f"{v}.yaml" for g, v in chosen.items()]:
        if not path.is_file():
            continue  # a missing option is reported by composition, with suggestions
        rel = path.relative_to(config_dir)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise ConfigError(
                f"{rel}: not UTF-8 text; a config must be a UTF-8 YAML file"
            ) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or "malformed"
            raise ConfigError(f"{rel}: malformed YAML{where}: {problem}") from None
        if data is None:
            raise ConfigError(f"{rel}: the file is empty; a preset must set at least `name`")
        if not isinstance(data, dict):
            raise ConfigError(f"{rel}: expected a mapping of key: value, got {type(data).__name__}")
        if path.parent.name == "world":
            _check_territory_assets(rel, data.get("territories"))


#: what a territory given by derived values (docs/ODD.md section 2) must state: the schema's
#: defaults (1.0) are a metropolis's assets, so a missing one would silently make a small
#: place as large as the largest in that asset
TERRITORY_ASSETS = ("size", "market", "talent", "capital")


def _check_territory_assets(rel: Path, territories) -> None:
    """Each territory of a world file gives measured data (population_m > 0, mapped by
    geography.*) or all of size, market, talent and capital; none is filled in silently.
    A mistyped key is named first: `talnet` is why `talent` is missing."""
    known = {f.name for f in dataclasses.fields(TerritorySpec)}
    for i, t in enumerate(territories if isinstance(territories, list) else []):
        if not isinstance(t, dict):
            continue
        unknown = [k for k in t if k not in known]
        if unknown:
            raise ConfigError(
                f"{rel}: " + _unknown_territory_key(_territory_name(t, i), unknown[0])
            )
        absent = [k for k in TERRITORY_ASSETS if k not in t]
        if absent and not t.get("population_m"):
            raise ConfigError(
                f"{rel}: {_territory_name(t, i)} has no "
                f"{', '.join(absent)}; a territory without measured data (population_m) must "
                "give size, market, talent and capital"
            )


def compose_checked(config_dir: Path, overrides: list[str], return_hydra_config: bool = False):
    """Compose the config for `overrides`; any problem raises ConfigError with one line.

    With `return_hydra_config`, the result also has the `hydra` node (sweep directory and
    parameters), resolved before Hydra's global state is cleared."""
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra
    from hydra.core.override_parser.overrides_parser import OverridesParser

    booleans = {k for k, f in iter_params(EcosimConfig) if str(f.type) == "bool"}
    for o in OverridesParser.create().parse_overrides(overrides):
        key = o.get_key_element()
        value = o.value()
        # OmegaConf reads any integer as a boolean; ecosim accepts only true/false.
        if key in booleans and not isinstance(value, bool) and not o.is_sweep_override():
            raise ConfigError(f"{key}={value!r} is not allowed; expected true or false")
        if (o.is_add() or o.is_force_add()) and not key.lstrip("+").startswith("hydra"):
            raise ConfigError(
                f"unknown key {key.lstrip('+')!r}; ecosim's schema has no such key "
                "(see `ecosim run --help` or docs/ODD.md)"
            )
    check_yaml_files(config_dir, overrides)
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(
            version_base="1.3", config_dir=str(config_dir), job_name="ecosim"
        ):
            cfg = compose("config", overrides=overrides, return_hydra_config=return_hydra_config)
            if return_hydra_config:
                from omegaconf import OmegaConf, open_dict

                params = cfg.hydra.sweeper.params
                with open_dict(cfg):
                    cfg.hydra.sweep.dir = str(cfg.hydra.sweep.dir)
                    cfg.hydra.sweeper.params = (
                        OmegaConf.to_container(params, resolve=True) if params else {}
                    )
            return cfg
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - every composition error becomes one line
        raise ConfigError(one_line(exc, config_dir)) from exc
    finally:
        GlobalHydra.instance().clear()
