"""Statistics over seeds: means with 95% confidence intervals, paired differences.

Student-t intervals: runs of one scenario over seeds are independent draws, and a
paired difference (same seed, two scenarios, common random numbers) removes the
variation the scenarios share.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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
