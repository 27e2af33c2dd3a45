"""Independent random streams, one per mechanism, all derived from the run's seed.

Common random numbers: two scenarios run with the same seed draw the same world,
landscapes and births from the same streams, even when one scenario draws more
numbers in another mechanism (e.g. a policy that ranks at random). Paired
differences between scenarios then measure the scenarios, not the noise.
"""

from __future__ import annotations

import numpy as np

STREAMS = (
    "world",
    "landscape",
    "births",
    "knowledge",
    "funding",
    "outcomes",
    "links",
    "mechanisms",
)


class RandomStreams:
    def __init__(self, seed: int):
        for i, name in enumerate(STREAMS):
            setattr(self, name, np.random.default_rng(np.random.SeedSequence([seed, i])))
