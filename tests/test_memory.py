"""A worker runs many models one after another: its memory must stay flat."""

import gc
import tracemalloc

import pytest

from ecosim.runs.run import simulate
from tests.conftest import make_config


@pytest.mark.slow
def test_memory_stays_flat_over_many_runs_in_one_process():
    """30 runs through `simulate` (what every sweep job calls). A model that stayed
    alive would add about one run's peak each time; released models add only the
    interpreter's bounded caches."""
    tracemalloc.start()
    try:
        current, peak = [], 0
        for i in range(30):
            tracemalloc.reset_peak()
            simulate(
                make_config(i % 5, "complementarity", steps=4, world={"startups_per_size": 120.0})
            )
            gc.collect()
            now, run_peak = tracemalloc.get_traced_memory()
            current.append(now)
            peak = max(peak, run_peak)
    finally:
        tracemalloc.stop()
    growth = current[-1] - current[9]  # over the last 20 runs, after warm-up
    assert growth < 0.1 * peak, (growth, peak)
