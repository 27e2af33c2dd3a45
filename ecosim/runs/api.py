"""The Python API: what a notebook, the EMA Workbench, SALib or a researcher's own script
calls instead of the command line.

    import ecosim
    result = ecosim.run("policy=isolated", "seed=3", "sim.steps=40")
    result.summary["cum_net_return"], result.timeseries  # a dict and a tidy DataFrame

`configure(*overrides)` composes a configuration exactly as `ecosim run` does - the
Hydra presets (`world=...`, `policy=...`) and dotted overrides (`economy.exit_mu=-1.5`),
with the same checks: bad input raises `ConfigError` whose message is the CLI's one
line. `run` runs overrides or a configuration (validated again: it may have been edited)
and returns a `Result`. Nothing is written to disk; the same configuration and seed give
identical results. Kept small on purpose: these names are the stable API.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ecosim.config import EcosimConfig, config_dir, register_configs, validate
from ecosim.runs.config_errors import compose_checked
from ecosim.runs.hydra_app import to_config
from ecosim.runs.run import simulate


@dataclass(frozen=True)
class Result:
    """One run: its configuration, its final KPIs and its tidy time series (one row per
    recorded quarter and territory, plus a `world` row per quarter)."""

    config: EcosimConfig
    summary: dict[str, float]
    timeseries: pd.DataFrame


def configure(*overrides: str, config_dir_path: str | Path | None = None) -> EcosimConfig:
    """A checked configuration from CLI-style overrides (`"policy=isolated"`, `"seed=3"`);
    `config_dir_path`: a directory of presets such as `ecosim map`/`ecosim regions` write
    (as `ecosim run --config-dir`)."""
    register_configs()
    where = Path(config_dir_path) if config_dir_path is not None else config_dir()
    cfg = to_config(compose_checked(where, [str(o) for o in overrides]))
    cfg.sim.progress = False
    return cfg


def run(
    *overrides: str, config: EcosimConfig | None = None, config_dir_path: str | Path | None = None
) -> Result:
    """Run `config`, or the configuration `overrides` compose (not both)."""
    if config is not None and overrides:
        raise TypeError("give either overrides or config=, not both")
    cfg = (
        validate(config)
        if config is not None
        else configure(*overrides, config_dir_path=config_dir_path)
    )
    summary, timeseries, _ = simulate(cfg)
    return Result(cfg, summary, timeseries)
