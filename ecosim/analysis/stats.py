"""Statistics over seeds: means with 95% confidence intervals, paired differences.

Student-t intervals: runs of one scenario over seeds are independent draws, and a
paired difference (same seed, two scenarios, common random numbers) removes the
variation the scenarios share. A difference is *distinguishable from zero* when its
interval excludes zero. Relative differences divide the paired difference and its
interval by the baseline's mean over the same seeds (a fixed scale, not a ratio
estimator), so "+12% [8%, 16%]" reads as the absolute interval in baseline units.

Rows of the tables below are plain records (one per group and metric) so that the
report and its tests read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float
    n: int

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


def mean_ci(values, level: float = 0.95) -> Interval:
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    m = float(x.mean())
    if n == 1:
        return Interval(m, float("nan"), float("nan"), 1)
    half = float(sps.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / np.sqrt(n))
    return Interval(m, m - half, m + half, n)


def paired_difference(treatment, baseline, level: float = 0.95) -> Interval:
    """CI of the mean of treatment - baseline, paired element by element (same seeds)."""
    a, b = np.asarray(treatment, dtype=float), np.asarray(baseline, dtype=float)
    if a.shape != b.shape:
        raise ValueError("paired samples must have the same length (same seeds)")
    return mean_ci(a - b, level)


def grouped_ci(df: pd.DataFrame, by: list[str], columns: list[str], level: float = 0.95):
    """Mean and interval of each column within each group (groups in order of appearance).

    One row per group and column: the `by` keys, `metric`, `mean`, `low`, `high`, `n`.
    """
    rows = []
    for key, group in df.groupby(list(by), sort=False):
        for col in columns:
            ci = mean_ci(group[col], level)
            rows.append({**dict(zip(by, key, strict=True)), "metric": col, **_fields(ci)})
    return pd.DataFrame(rows)


def paired_differences(
    df: pd.DataFrame,
    factor: str,
    baseline,
    columns: list[str],
    within: list[str] = (),
    pair_on: tuple[str, ...] | list[str] = ("seed",),
    level: float = 0.95,
) -> pd.DataFrame:
    """Each level of `factor` minus its `baseline` level, paired on the `pair_on` keys (the
    seed; the draw and the seed in a posterior sweep) within each combination of the
    `within` keys (the other swept factors).

    One row per compared level, `within` combination and column: `factor`, the `within`
    keys, `metric`, `mean`, `low`, `high`, `n` (pairs), `distinguishable`,
    `baseline_mean` (over the same pairs) and `rel_mean`, `rel_low`, `rel_high` in % of it.
    """
    within = list(within)
    base = df[df[factor] == baseline]
    rows = []
    for value in df[factor].drop_duplicates():
        if value == baseline:
            continue
        treated = df[df[factor] == value]
        pairs = treated.merge(base, on=[*within, *pair_on], suffixes=("", "@base"))
        groups = pairs.groupby(within, sort=False) if within else [((), pairs)]
        for key, group in groups:
            for col in columns:
                a, b = group[col].to_numpy(float), group[f"{col}@base"].to_numpy(float)
                both = np.isfinite(a) & np.isfinite(b)
                ci = paired_difference(a[both], b[both], level)
                scale = abs(float(b[both].mean())) if both.any() else float("nan")
                rel = [
                    100 * x / scale if scale else float("nan") for x in (ci.mean, ci.low, ci.high)
                ]
                rows.append(
                    {
                        factor: value,
                        **dict(zip(within, key, strict=True)),
                        "metric": col,
                        **_fields(ci),
                        "distinguishable": ci.excludes_zero,
                        "baseline_mean": float(b[both].mean()) if both.any() else float("nan"),
                        "rel_mean": rel[0],
                        "rel_low": rel[1],
                        "rel_high": rel[2],
                    }
                )
    return pd.DataFrame(rows)


def pareto_front(costs) -> np.ndarray:
    """True for rows of `costs` (points x objectives, all minimized) that no other row
    matches or beats on every objective while beating on one."""
    c = np.asarray(costs, float).reshape(len(costs), -1)
    no_worse = (c[None, :, :] <= c[:, None, :]).all(axis=2)
    better = (c[None, :, :] < c[:, None, :]).any(axis=2)
    return ~(no_worse & better).any(axis=1)


def pareto_efficient(maximize, minimize) -> np.ndarray:
    """True where no other point is at least as good on both and better on one."""
    return pareto_front(np.column_stack([-np.asarray(maximize, float), minimize]))


def _fields(ci: Interval) -> dict:
    return {"mean": ci.mean, "low": ci.low, "high": ci.high, "n": ci.n}
