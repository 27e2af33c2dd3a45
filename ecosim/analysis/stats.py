"""Statistics over seeds: means with 95% confidence intervals, paired differences, and
the verdicts every finding of ecosim is stated with (docs/STATISTICS.md).

Student-t intervals: runs of one scenario over seeds are independent draws, and a
paired difference (same seed, two scenarios, common random numbers) removes the
variation the scenarios share. Relative differences divide the paired difference and its
interval by the baseline's mean over the same seeds (a fixed scale, not a ratio
estimator), so "+12% [8%, 16%]" reads as the absolute interval in baseline units.

A finding has one of three verdicts (`verdict`), against the smallest effect that
matters for its KPI (`ecosim.kpis`, `smallest_effect`):

- *distinguishable*: the 95% interval excludes zero;
- *equivalent to zero*: two one-sided tests (TOST) at 5% put the difference inside
  +/- the smallest effect (the 90% interval lies within the margin);
- *not established*: neither - the data cannot tell; never read as "no effect".

Seeds are chosen by precision (`seeds_by_precision`): batches are added until the
interval's half-width is below the smallest effect or a stated cap is reached. Runs that
share parameters (posterior draws, generated worlds) are not independent: their
interval is cluster-robust (`cluster_ci`: the mean over clusters of each cluster's mean,
with a t interval on the clusters, G - 1 degrees of freedom). Many comparisons in one
report are corrected together (`adjust_pvalues`: Benjamini-Hochberg false discovery
rate, or Holm's family-wise error); `adjust_verdicts` does it for the tables of
`paired_differences`: a comparison is then *distinguishable* only when its adjusted
p-value is below 5% and its interval excludes zero.

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


#: the verdicts of a finding (docs/STATISTICS.md)
DISTINGUISHABLE, EQUIVALENT, NOT_ESTABLISHED = "distinguishable", "equivalent", "not established"


@dataclass(frozen=True)
class Verdict:
    """A paired difference judged against its smallest effect of interest (`margin`)."""

    interval: Interval  # 95% interval of the mean difference
    margin: float  # smallest effect of interest, in the difference's units
    p_value: float  # two-sided t test of a zero mean difference
    p_equivalence: float  # TOST: the larger of the two one-sided p-values
    verdict: str

    @property
    def half_width(self) -> float:
        return (self.interval.high - self.interval.low) / 2


def _t_test(x: np.ndarray) -> tuple[float, float, float]:
    """(mean, standard error, degrees of freedom) of a sample's mean."""
    n = len(x)
    return float(x.mean()), float(x.std(ddof=1) / np.sqrt(n)), n - 1


def verdict(
    differences, margin: float, level: float = 0.95, alpha: float = 0.05, clusters=None
) -> Verdict:
    """The verdict on paired differences (one per seed): distinguishable when the
    `level` interval excludes 0, equivalent when TOST at `alpha` puts the mean within
    +/- `margin`, else not established. NaNs are dropped; fewer than 2 values: not
    established. A NaN `margin` (none can be stated, e.g. 5% of a zero baseline) leaves
    equivalence untested. With `clusters` (one label per difference: the posterior draw,
    the world), the tests and the interval are on the clusters' means (`cluster_ci`)."""
    if margin <= 0:
        raise ValueError(f"the smallest effect of interest must be > 0, not {margin}")
    x = np.asarray(differences, dtype=float)
    if clusters is not None:
        x = _cluster_means(x, clusters)
    x = x[np.isfinite(x)]
    ci = mean_ci(x, level)
    if len(x) < 2:
        return Verdict(ci, margin, float("nan"), float("nan"), NOT_ESTABLISHED)
    m, se, df = _t_test(x)
    if se == 0:  # every pair the same: the difference is known exactly
        p = 0.0 if m != 0 else 1.0
        p_eq = 0.0 if abs(m) < margin else 1.0
    else:
        p = float(2 * sps.t.sf(abs(m) / se, df))
        p_eq = float(max(sps.t.sf((m + margin) / se, df), sps.t.cdf((m - margin) / se, df)))
    if not np.isfinite(margin):
        p_eq = float("nan")
    if ci.excludes_zero:
        name = DISTINGUISHABLE
    elif p_eq < alpha:
        name = EQUIVALENT
    else:
        name = NOT_ESTABLISHED
    return Verdict(ci, margin, p, p_eq, name)


def seeds_by_precision(
    differences_for, margin: float, batch: int = 10, cap: int = 100, first_seed: int = 0
) -> tuple[Verdict, list[int]]:
    """Add seeds in batches until the 95% half-width of the mean difference is below
    `margin` (or the verdict is distinguishable with that precision), or `cap` seeds are
    used; returns the verdict and the seeds. `differences_for(seeds)` returns one paired
    difference per seed. At the cap the verdict is whatever the data give, often *not
    established*: reported as such, never as a null."""
    seeds: list[int] = []
    values: list[float] = []
    while True:
        new = list(range(first_seed + len(seeds), first_seed + min(len(seeds) + batch, cap)))
        seeds += new
        values += list(differences_for(new))
        result = verdict(values, margin)
        if result.half_width < margin or len(seeds) >= cap:
            return result, seeds


def cluster_ci(values, clusters, level: float = 0.95) -> Interval:
    """Interval of a mean over runs that share parameters within clusters (posterior draws,
    generated worlds): each cluster's mean, then a t interval over the G clusters (G - 1
    degrees of freedom). `n` is the number of clusters. With one run per cluster this is
    `mean_ci`."""
    return mean_ci(_cluster_means(values, clusters), level)


def _cluster_means(values, clusters) -> np.ndarray:
    """Each cluster's mean of its finite values, in order of appearance."""
    frame = pd.DataFrame({"v": np.asarray(values, dtype=float), "c": np.asarray(clusters)})
    frame = frame[np.isfinite(frame.v)]
    return frame.groupby("c", sort=False).v.mean().to_numpy()


def adjust_pvalues(p_values, method: str = "bh") -> np.ndarray:
    """p-values adjusted for many comparisons: `bh` (Benjamini-Hochberg, false discovery
    rate) or `holm` (family-wise error). NaNs stay NaN and are not counted."""
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = len(ok)
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    ranked = p[order]
    if method == "bh":
        adjusted = ranked * m / np.arange(1, m + 1)
        adjusted = np.minimum.accumulate(adjusted[::-1])[::-1]
    elif method == "holm":
        adjusted = np.maximum.accumulate(ranked * (m - np.arange(m)))
    else:
        raise ValueError(f"unknown correction {method!r}; choose bh or holm")
    out[order] = np.minimum(adjusted, 1.0)
    return out


def adjust_verdicts(
    tables: list[pd.DataFrame], method: str = "bh", alpha: float = 0.05
) -> tuple[list[pd.DataFrame], int]:
    """The comparisons of several tables (rows of `paired_differences` or `comparison`)
    corrected together: `p_adjusted` over all their rows (`adjust_pvalues`), and each
    verdict again: *distinguishable* when the adjusted p-value is below `alpha` and the
    interval excludes zero, else *equivalent* when TOST (not adjusted) puts the difference
    within its margin, else *not established*. Returns the tables (copies, same order) and
    the number of comparisons corrected (those with a p-value)."""
    p = np.concatenate([t["p_value"].to_numpy(float) for t in tables if len(t)] or [[]])
    adjusted = adjust_pvalues(p, method)
    out, start = [], 0
    for table in tables:
        table = table.copy()
        if len(table):
            table["p_adjusted"] = adjusted[start : start + len(table)]
            start += len(table)
            table["verdict"] = [_verdict_name(r, alpha) for r in table.to_dict("records")]
            table["distinguishable"] = table["verdict"] == DISTINGUISHABLE
        out.append(table)
    return out, int(np.isfinite(p).sum())


def _verdict_name(row: dict, alpha: float) -> str:
    excludes_zero = row["low"] > 0 or row["high"] < 0
    if row["p_adjusted"] < alpha and excludes_zero:
        return DISTINGUISHABLE
    if row["p_equivalence"] < alpha:
        return EQUIVALENT
    return NOT_ESTABLISHED


def comparison(differences, margin: float, clusters=None, level: float = 0.95) -> dict:
    """One comparison as a table row: the mean difference and its interval (clustered
    when `clusters` are given: then `clusters` counts them, else it is `n`), `n` (finite
    differences), its two-sided `p_value`, TOST's `p_equivalence` against `margin` (NaN
    when no margin > 0 can be stated), `margin`, `verdict` and `distinguishable` (before
    any correction: `adjust_verdicts` sets them for many comparisons)."""
    x = np.asarray(differences, dtype=float)
    labels = None if clusters is None else np.asarray(clusters)
    margin = float(margin) if np.isfinite(margin) and margin > 0 else float("nan")
    v = verdict(x, margin, level, 1 - level, labels)
    return {
        **_fields(v.interval),
        "n": int(np.isfinite(x).sum()),
        "clusters": v.interval.n,
        "p_value": v.p_value,
        "p_equivalence": v.p_equivalence,
        "margin": margin,
        "verdict": v.verdict,
        "distinguishable": v.verdict == DISTINGUISHABLE,
    }


def grouped_ci(
    df: pd.DataFrame, by: list[str], columns: list[str], level: float = 0.95, cluster=None
):
    """Mean and interval of each column within each group (groups in order of appearance).

    One row per group and column: the `by` keys, `metric`, `mean`, `low`, `high`, `n`.
    With `cluster` (a column: the posterior draw), the interval is clustered on it
    (`cluster_ci`), `n` counts the values and `clusters` the clusters.
    """
    rows = []
    for key, group in df.groupby(list(by), sort=False):
        for col in columns:
            if cluster is None:
                fields = _fields(mean_ci(group[col], level))
            else:
                ci = cluster_ci(group[col], group[cluster], level)
                n = int(np.isfinite(group[col].to_numpy(float)).sum())
                fields = {**_fields(ci), "n": n, "clusters": ci.n}
            rows.append({**dict(zip(by, key, strict=True)), "metric": col, **fields})
    return pd.DataFrame(rows)


def paired_differences(
    df: pd.DataFrame,
    factor: str,
    baseline,
    columns: list[str],
    within: list[str] = (),
    pair_on: tuple[str, ...] | list[str] = ("seed",),
    level: float = 0.95,
    cluster: str | None = None,
    correction: str = "bh",
) -> pd.DataFrame:
    """Each level of `factor` minus its `baseline` level, paired on the `pair_on` keys (the
    seed; the draw and the seed in a posterior sweep) within each combination of the
    `within` keys (the other swept factors).

    One row per compared level, `within` combination and column: `factor`, the `within`
    keys, `metric`, `mean`, `low`, `high`, `n` (pairs), `clusters`, `baseline_mean` (over
    the same pairs), `rel_mean`, `rel_low`, `rel_high` in % of it, and the comparison's
    test (`comparison`): `p_value`, `p_equivalence`, `margin` (the column's smallest
    effect, `ecosim.kpis.smallest_effect`: for a relative one, its size x |baseline_mean|),
    `p_adjusted` (`correction` over every row of the table, `adjust_verdicts`),
    `verdict` and `distinguishable` (adjusted p < 1 - `level` and interval excluding 0).
    With `cluster` (a `pair_on` key: the posterior draw), the pairs' differences are
    averaged within each cluster and the interval and tests are over the clusters.
    """
    from ecosim.kpis import smallest_effect

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
                base_mean = float(b[both].mean()) if both.any() else float("nan")
                margin = smallest_effect(col).margin(base_mean)
                labels = None if cluster is None else group[cluster].to_numpy()[both]
                found = comparison(a[both] - b[both], margin, labels, level)
                scale = abs(base_mean)
                rel = [
                    100 * found[k] / scale if scale else float("nan")
                    for k in ("mean", "low", "high")
                ]
                rows.append(
                    {
                        factor: value,
                        **dict(zip(within, key, strict=True)),
                        "metric": col,
                        **found,
                        "baseline_mean": base_mean,
                        "rel_mean": rel[0],
                        "rel_low": rel[1],
                        "rel_high": rel[2],
                    }
                )
    if not rows:
        return pd.DataFrame(rows)
    (table,), _ = adjust_verdicts([pd.DataFrame(rows)], correction, 1 - level)
    return table


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
