"""Findings over the posterior: in how many posterior draws does a finding's direction hold?

A report's finding ("complementarity raises value created over isolated") is a paired
difference at one point in parameter space unless the sweep ran at posterior draws
(`ecosim sweep --posterior`). Then each draw is a world the calibration finds plausible,
and a finding is robust when its direction holds in most of them. For each compared
scenario and KPI: the paired difference pooled over draws and seeds gives the finding's
direction; the paired difference within each draw (over its seeds) gives one effect per
draw; the *robustness share* is the share of draws whose effect has the finding's
direction, and the interval over draws is the 5-95% range of the per-draw effects (how
much the effect itself depends on the uncertain parameters, not its seed noise).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecosim.analysis.stats import paired_differences
from ecosim.runs.posterior_draws import DRAW


def robustness(
    done: pd.DataFrame, factor: str, baseline, metrics: list[str], within: list[str] = ()
) -> pd.DataFrame:
    """One row per compared level of `factor`, `within` combination and metric: `draws`,
    `direction` (+1, -1, or 0 when the pooled effect is exactly 0), `share_holding` (share
    of draws whose mean paired effect has that direction), `draw_q05`, `draw_median`,
    `draw_q95` (of the per-draw mean effects) and the pooled `mean`."""
    within = list(within)
    pooled = paired_differences(
        done, factor, baseline, metrics, within, (DRAW, "seed"), cluster=DRAW
    )
    per_draw = paired_differences(done, factor, baseline, metrics, [*within, DRAW], ("seed",))
    keys = [factor, *within, "metric"]
    by_finding = {k: g["mean"].to_numpy(float) for k, g in per_draw.groupby(keys, sort=False)}
    rows = []
    for _, row in pooled.iterrows():
        effects = by_finding.get(tuple(row[key] for key in keys), np.array([]))
        effects = effects[np.isfinite(effects)]
        direction = int(np.sign(row["mean"])) if np.isfinite(row["mean"]) else 0
        share = (
            float(np.mean(np.sign(effects) == direction)) if direction and len(effects) else np.nan
        )
        q05, q50, q95 = np.quantile(effects, [0.05, 0.5, 0.95]) if len(effects) else [np.nan] * 3
        rows.append(
            {
                **{key: row[key] for key in keys},
                "draws": len(effects),
                "mean": float(row["mean"]),
                "direction": direction,
                "share_holding": share,
                "draw_q05": float(q05),
                "draw_median": float(q50),
                "draw_q95": float(q95),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            *keys,
            "draws",
            "mean",
            "direction",
            "share_holding",
            "draw_q05",
            "draw_median",
            "draw_q95",
        ],
    )
