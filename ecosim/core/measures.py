"""Measures: the functions metrics are computed with (diversity, variety, returns, inequality).

The metrics themselves are declared in `books` and by each mechanism; definitions are in
docs/ODD.md.

All functions take arrays and return numbers, so they are tested on their own.
"""

from __future__ import annotations

import numpy as np


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, -> 1 = one holds all)."""
    x = np.sort(np.asarray(x, dtype=float))
    n, total = len(x), x.sum()
    if n == 0 or total <= 0:
        return 0.0
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * total))


def top_share(x: np.ndarray) -> float:
    total = float(np.sum(x))
    return float(np.max(x) / total) if total > 0 else 0.0


def specialization_diversity(spec: np.ndarray) -> float:
    """Mean total-variation distance of territories' sector weights from the world mean, [0, 1]."""
    return float(0.5 * np.abs(spec - spec.mean(axis=0)).sum(axis=1).mean())


def solution_diversity(bits: np.ndarray, sector: np.ndarray, n_sectors: int) -> float:
    """Mean over sectors of the expected normalized Hamming distance between two startups, [0, 1].

    From bit frequencies p: E[d] = mean_l 2 p_l (1 - p_l) x m / (m - 1).
    """
    if len(bits) == 0:
        return 0.0
    counts = np.bincount(sector, minlength=n_sectors).astype(float)
    one_hot = np.zeros((n_sectors, len(sector)))
    one_hot[sector, np.arange(len(sector))] = 1.0
    ones = one_hot @ bits
    ok = counts >= 2
    if not ok.any():
        return 0.0
    p = ones[ok] / counts[ok, None]
    d = (2 * p * (1 - p)).mean(axis=1) * counts[ok] / (counts[ok] - 1)
    return float(d.mean())


def distinct_solutions(bits: np.ndarray, sector: np.ndarray) -> int:
    if len(bits) == 0:
        return 0
    codes = bits.astype(np.int64) @ (1 << np.arange(bits.shape[1], dtype=np.int64))
    return int(len(np.unique(codes * 64 + sector)))


def distinct_specializations(spec: np.ndarray) -> int:
    return int(len(np.unique(spec.argmax(axis=1))))


def discounted(values: np.ndarray, rate: float) -> float:
    """Present value at quarter 0 of a per-quarter series starting at quarter 1."""
    t = np.arange(1, len(values) + 1)
    return float(np.sum(np.asarray(values) / (1 + rate) ** t))


def cohort_survival(
    birth: np.ndarray, end: np.ndarray, failed: np.ndarray, now: int, quarters: int
) -> float:
    """Share of startups old enough to be judged that did not fail within `quarters`."""
    judged = birth <= now - quarters
    if not judged.any():
        return float("nan")
    died_young = failed & (end - birth < quarters)
    return float(1 - died_young[judged].mean())


def variety(counts: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(related, unrelated) variety of each row of sector counts, in bits.

    Frenken, Van Oort & Verburg (2007): unrelated variety is the entropy of the shares of
    sector groups; related variety the share-weighted entropy of sectors within each
    group. Rows with no startups have 0 of both."""
    counts = np.asarray(counts, dtype=float)
    total = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    member = np.zeros((len(groups), n_groups))
    member[np.arange(len(groups)), groups] = 1.0
    group_share = share @ member
    unrelated = -np.sum(group_share * _log2(group_share), axis=1)
    own_group = group_share[:, groups]
    within = np.divide(share, own_group, out=np.zeros_like(share), where=own_group > 0)
    related = -np.sum(share * _log2(within), axis=1)
    return related, unrelated


def _log2(x: np.ndarray) -> np.ndarray:
    """log2 where x > 0, else 0 (so that 0 log 0 = 0)."""
    return np.log2(np.where(x > 0, x, 1.0))
