"""Warm-up of a simulation's output: where the initial transient ends, by a stated rule.

MSER-5 (White 1997; White, Cobb & Spratt 2000; Franklin & White 2008): cut the series into
batches of 5 consecutive observations and take their means Z_1..Z_k; for each truncation
of the first d batches, the marginal standard error of the remaining mean is

    MSER(d) = sum_{j > d} (Z_j - mean(Z_{d+1..k}))^2 / (k - d)^2,

the squared standard error of the truncated mean up to a constant. The warm-up is the d
that minimises it, in observations: 5 d. Deleting the transient removes its bias from the
mean; deleting too much raises its variance; the minimum balances the two. Candidates
are limited to the first half of the batches, as is customary: a run whose transient
lasts longer is too short to judge it. When the minimum over that half sits at its edge
(the statistic was still falling), the series has not settled within the run:
`Warmup.reliable` is then False and `Warmup.point` is only a lower bound. (The global
minimum is not used for this check: with one or two batches left, MSER(d) is small by
chance, a known end-of-run artefact of the rule.)

`mser` judges one series; `mser_replications` judges each replication and the mean over
replications (seeds), which is how ecosim's burn-in (`sim.burn_in`, docs/ODD.md sections
7 and 8) is measured.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Warmup:
    """The MSER truncation of one series."""

    point: int  # observations to delete from the start (a multiple of `batch`)
    batch: int  # observations per batch
    statistic: np.ndarray  # MSER(d) for d = 0 .. candidates - 1 (batches deleted)
    reliable: bool  # the minimum lies inside the first half, not at its edge

    @property
    def batches(self) -> int:
        """Batches deleted."""
        return self.point // self.batch


def batch_means(series, batch: int = 5) -> np.ndarray:
    """Means of consecutive batches of `batch` observations (a trailing partial batch is
    left out: the rule compares whole batches)."""
    x = np.asarray(series, dtype=float)
    k = len(x) // batch
    return x[: k * batch].reshape(k, batch).mean(axis=1)


def mser_statistic(series, batch: int = 5) -> np.ndarray:
    """MSER(d) for every truncation d (in batches) that leaves at least two batches."""
    z = batch_means(series, batch)
    k = len(z)
    if k < 3:
        raise ValueError(f"MSER needs at least 3 batches of {batch}; the series has {k}")
    if not np.isfinite(z).all():
        raise ValueError("MSER needs a finite series")
    # Sums over the tails z[d:], from the end, so every d costs O(1).
    tail_n = np.arange(k, 0, -1, dtype=float)  # k - d
    tail_sum = np.cumsum(z[::-1])[::-1]
    tail_sq = np.cumsum((z**2)[::-1])[::-1]
    sse = np.maximum(tail_sq - tail_sum**2 / tail_n, 0.0)  # sum of squared deviations
    return (sse / tail_n**2)[: k - 1]


def mser(series, batch: int = 5, max_fraction: float = 0.5) -> Warmup:
    """The MSER-`batch` warm-up of one series (MSER-5 by default): the truncation, among the
    first `max_fraction` of the batches, that minimises the standard error of the mean of
    what remains."""
    stat = mser_statistic(series, batch)
    k = len(stat) + 1
    allowed = max(1, int(np.floor(max_fraction * k)))
    d = int(np.argmin(stat[:allowed]))
    return Warmup(point=d * batch, batch=batch, statistic=stat, reliable=d < allowed - 1)


@dataclass(frozen=True)
class ReplicatedWarmup:
    """MSER over replications: each replication's truncation and the mean series'."""

    each: tuple[Warmup, ...]  # one per replication (seed)
    of_mean: Warmup  # the mean over replications, observation by observation

    @property
    def points(self) -> np.ndarray:
        return np.array([w.point for w in self.each])

    @property
    def unreliable(self) -> int:
        """Replications that have not settled within the run (`Warmup.reliable` False)."""
        return sum(not w.reliable for w in self.each)


def mser_replications(series, batch: int = 5, max_fraction: float = 0.5) -> ReplicatedWarmup:
    """MSER of each replication (rows of `series`, one per seed, same length) and of their
    mean. The mean over replications has less noise, so its truncation is the steadier
    estimate (Franklin & White 2008 apply MSER to the averaged output); the per-seed
    truncations show the spread."""
    x = np.asarray(series, dtype=float)
    if x.ndim != 2:
        raise ValueError("series: one row per replication, all of the same length")
    each = tuple(mser(row, batch, max_fraction) for row in x)
    return ReplicatedWarmup(each=each, of_mean=mser(x.mean(axis=0), batch, max_fraction))
