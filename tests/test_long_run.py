"""A long run (2,000 quarters = 500 years) on the preset with the most territories stays
finite: no NaN, inf or overflow in any recorded number."""

import warnings

import numpy as np
import pytest

from ecosim.core.mechanisms.sector_shocks import MEASURED_AFTER_SHOCKS
from ecosim.core.model import EcosystemModel
from tests.conftest import make_config


@pytest.mark.slow
def test_two_thousand_quarters_on_archipelago_stay_finite():
    cfg = make_config(11, "complementarity", steps=2000)
    cfg.world.name, cfg.world.n_territories = "archipelago", 16
    cfg.world.size_skew, cfg.world.specialization_strength = 0.3, 0.7
    cfg.world.startups_per_size = 80.0
    model = EcosystemModel(cfg)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # overflow / invalid become failures
        model.run()
    ts = model.timeseries()
    for kind in (ts[ts.territory == "world"], ts[ts.territory != "world"]):
        values = kind.drop(columns=["territory"]).dropna(axis=1, how="all")
        assert np.isfinite(values.to_numpy(dtype=float)).all()
    assert ts["step"].max() == 2000
    assert len(model.startups) > 0
    summary = model.summary()
    # no sector shock in this world: its resilience measures stay unmeasured (NaN)
    assert all(np.isfinite(v) for k, v in summary.items() if k not in MEASURED_AFTER_SHOCKS)
