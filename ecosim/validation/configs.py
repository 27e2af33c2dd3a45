"""The ecosystem runs of the validation checks: the default world, changed only through
its config (dotted keys, as on the `ecosim run` command line)."""

from __future__ import annotations

from ecosim.config import EcosimConfig, set_value, validate


def ecosystem_config(seed: int, quarters: int, overrides: dict | None = None) -> EcosimConfig:
    """`EcosimConfig()` defaults with `overrides` such as {"policy.link_budget": 2},
    validated like any run's config; quiet (no progress lines)."""
    cfg = EcosimConfig(seed=seed)
    cfg.sim.steps, cfg.sim.progress = quarters, False
    for key, value in (overrides or {}).items():
        set_value(cfg, key, value)
    return validate(cfg)
