"""Optimisations must not change results: fixed-seed summaries against stored ones.

A deliberate change of the model's results regenerates them with
`python -m tests.golden.update` and says why in its commit."""

import json
import math

import pytest

from tests.golden.update import CASES, HERE, summary


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixed_seed_summary_is_unchanged(name):
    stored = json.loads((HERE / f"{name}.json").read_text())
    now = json.loads(json.dumps(summary(CASES[name]), sort_keys=True))
    assert stored.keys() == now.keys()
    for key, value in stored.items():
        same = value == now[key] or (
            isinstance(value, float) and math.isnan(value) and math.isnan(now[key])
        )
        assert same, f"{key}: stored {value!r}, now {now[key]!r}"
