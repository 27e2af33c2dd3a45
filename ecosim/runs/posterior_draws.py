"""Parameter sets drawn from a calibration's posterior, as the overrides of sweep jobs.

`ecosim sweep EXPERIMENT --posterior DIR --draws K` runs every job of the experiment once
per posterior draw: K parameter sets resampled (with replacement, by weight) from
`DIR/posterior.parquet` (`ecosim calibrate`'s last generation). The same K draws serve
every scenario and every seed, so scenarios stay paired by draw and seed (common random
numbers, docs/ODD.md §6.3) and a finding can be checked draw by draw.

A draw's parameters become Hydra overrides of the job; a per-stage element
(`economy.exit_rate[2]`) is written as the whole list with that element replaced, since
Hydra overrides cannot address a list element. The job's `draw=i` override labels the run
(`EcosimConfig.draw`), which is how `collect` and the report find its draw.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.config import ConfigError, get_value, set_value

POSTERIOR = "posterior.parquet"
DRAW = "draw"
WEIGHT = "weight"


def read_posterior(directory: Path) -> pd.DataFrame:
    """A calibration's weighted posterior; ConfigError (one line) if there is none."""
    path = Path(directory) / POSTERIOR
    try:
        post = pd.read_parquet(path)
    except (OSError, ValueError):
        raise ConfigError(
            f"--posterior {directory}: no readable {POSTERIOR}; "
            "expected a directory written by `ecosim calibrate` (results/calibration/<stamp>)"
        ) from None
    params = [c for c in post.columns if c != WEIGHT]
    weights = post.get(WEIGHT)
    if post.empty or not params or weights is None or not np.all(np.isfinite(weights)):
        raise ConfigError(f"--posterior {directory}: {POSTERIOR} has no weighted particles")
    return post


def resample(post: pd.DataFrame, k: int, seed: int) -> list[dict[str, float]]:
    """`k` parameter sets drawn by weight from the posterior (seeded: the same draws every
    time for the same posterior, k and seed)."""
    weights = post[WEIGHT].to_numpy(float)
    rows = np.random.default_rng(seed).choice(len(post), size=k, p=weights / weights.sum())
    params = [c for c in post.columns if c != WEIGHT]
    return [{key: float(post.iloc[i][key]) for key in params} for i in rows]


def overrides(params: dict[str, float], base) -> list[str]:
    """Hydra overrides setting a parameter set on top of `base` (the experiment's composed
    config): one `key=value` per parameter, per-stage elements merged into their list."""
    cfg = copy.deepcopy(base)
    names = dict.fromkeys(set_value(cfg, key, value) for key, value in params.items())
    values = {name: get_value(cfg, name) for name in names}
    return [f"{name}={_hydra(value)}" for name, value in values.items()]


def _hydra(value) -> str:
    if isinstance(value, list):
        return "[" + ",".join(_hydra(v) for v in value) + "]"
    return repr(float(value))


def posterior_jobs(jobs: list[list[str]], draws: list[list[str]]) -> list[list[str]]:
    """Every job once per draw (each draw given as its `overrides`), labelled `draw=i`
    (draw-major: all of draw 0 first)."""
    return [[*job, *draw, f"{DRAW}={i}"] for i, draw in enumerate(draws) for job in jobs]
