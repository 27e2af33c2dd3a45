"""Slow territory dynamics: talent moves toward attraction, specializations drift.

Talent: across each link, a share `talent_mobility` x link weight of the less
attractive side's talent may move to the more attractive side, in proportion to
the attractiveness gap (total talent is conserved).

Specialization drift (homogenization): each territory's sector weights move toward
the weighted mean of its partners' by `drift_rate x link weight` (diversity_aware
lowers drift_rate for everyone).
"""

from __future__ import annotations

import numpy as np


def migrate_talent(
    talent: np.ndarray, attract: np.ndarray, flow: np.ndarray, mobility: float
) -> np.ndarray:
    """Returns the talent moving from u to t (matrix [u, t])."""
    gap = attract[None, :] - attract[:, None]  # [u, t] > 0: t more attractive than u
    pull = np.clip(gap / (attract[None, :] + attract[:, None] + 1e-9), 0, None)
    return mobility * flow * pull * talent[:, None]


def drift_specialization(spec: np.ndarray, flow: np.ndarray, rate) -> np.ndarray:
    """`rate` is one number or one per territory."""
    strength = flow.sum(axis=1, keepdims=True)
    partners = flow @ spec / np.maximum(strength, 1e-12)
    pull = np.reshape(rate, (-1, 1)) * np.minimum(strength, 1.0)
    return spec + pull * (partners - spec)
