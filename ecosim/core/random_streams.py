"""Independent random streams, one per mechanism, all derived from the run's seed.

Common random numbers: two scenarios run with the same seed draw the same world,
landscapes and births from the same streams, even when one scenario draws more
numbers in another mechanism (e.g. a policy that ranks at random). Paired
differences between scenarios then measure the scenarios, not the noise.
"""

from __future__ import annotations

import zlib

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
        self.seed = seed
        for i, name in enumerate(STREAMS):
            setattr(self, name, np.random.default_rng(np.random.SeedSequence([seed, i])))

    def for_mechanism(self, name: str) -> np.random.Generator:
        """A stream of its own for one named mechanism, a child of the `mechanisms` stream.

        Keyed by name rather than drawn from a shared generator, so that switching one
        mechanism on (and drawing more numbers) never shifts another mechanism's draws.
        """
        key = [self.seed, STREAMS.index("mechanisms"), zlib.crc32(name.encode())]
        return np.random.default_rng(np.random.SeedSequence(key))
