"""Long runs: a 2,000-quarter run stays finite, and the economy does not drift with run
length - investment per quarter after the burn-in, 5-year survival, the shares of deals
returning >= 10x and < 1x and time to exit measured at 80 and 160 quarters are
equivalent within their smallest effects of interest, paired by seed; talent keeps
moving to the metropolis, and is tested as that mechanism's drift (docs/ODD.md section
8.1: the burn-in, the measurement window and the drift)."""

import warnings
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import yaml

from ecosim.analysis.facts import FACTS_QUARTERS
from ecosim.analysis.stats import verdict
from ecosim.config import EcosimConfig
from ecosim.core.mechanisms.sector_shocks import MEASURED_AFTER_SHOCKS
from ecosim.core.model import EcosystemModel
from ecosim.kpis import smallest_effect
from tests.conftest import ROOT, make_config


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


# -- drift with run length ------------------------------------------------------------------
SHORT, LONG = 80, 160

#: Margins of the drift test: the smallest effect of interest of each fact, from
#: `ecosim.kpis` where the fact is a KPI, otherwise stated here.
MARGINS = {
    # the published range (4-6%) is 2 points wide: a 2-point margin would let the fact
    # cross it, so half of it
    "share_10x": 0.01,
    "survival_5y": smallest_effect("survival_5y").size,  # 2 points (a KPI)
    "years_to_exit": 0.5,  # half a year, as the issue proposed; the published range is 3-7
    "share_below_1x": 0.02,  # 2 points, as for the shares that are KPIs
}


@cache
def facts_by_length(seed: int, talent_mobility: float | None = None) -> dict[int, dict]:
    """The facts of one seed at 80 and 160 quarters: a run to 80 quarters is the first
    half of a run to 160 (the same quarters, drawn from the same streams), so one run to
    160 is judged at both lengths."""
    economy = {} if talent_mobility is None else {"talent_mobility": talent_mobility}
    model = EcosystemModel(make_config(seed, steps=LONG, economy=economy))
    burn_in = model.cfg.sim.burn_in
    metropolis = int(np.argmax(model.territories.capital))
    invested, out = [], {}
    for quarter in range(1, LONG + 1):
        model.step()
        invested.append(float(model.state.investment.sum()))
        if quarter in (SHORT, LONG):
            summary = model.summary()
            talent = model.state.talent
            out[quarter] = {
                **summary,
                "years_to_exit": summary["mean_quarters_to_exit"] / 4,
                "investment_per_quarter": float(np.mean(invested[burn_in:quarter])),
                "metropolis_talent": float(talent[metropolis] / talent.sum()),
            }
    model.release()
    return out


def drift(seeds, key: str, talent_mobility: float | None = None) -> np.ndarray:
    """Per seed: the fact at 160 quarters minus the fact at 80 quarters."""
    runs = [facts_by_length(s, talent_mobility) for s in seeds]
    return np.array([r[LONG][key] - r[SHORT][key] for r in runs])


def test_a_run_to_80_quarters_is_the_first_half_of_a_run_to_160():
    short = EcosystemModel(make_config(0, steps=SHORT))
    short.run()
    judged = facts_by_length(0)[SHORT]
    for key, value in short.summary().items():
        assert value == judged[key] or (value != value and judged[key] != judged[key]), key
    assert judged["investment_per_quarter"] == np.mean(
        short.timeseries()
        .query("territory == 'world'")["investment"]
        .to_numpy()[short.cfg.sim.burn_in :]
    )


#: 40 seeds: at 20 the paired differences' standard deviations were 0.019 (share >= 10x),
#: 0.012 (5-year survival) and EUR 0.64 M (investment), so with 40 the 90% intervals of the
#: TOST are about +-0.005, +-0.003 and +-0.17: half a margin or less.
STEADY = range(40)


@pytest.mark.slow
@pytest.mark.parametrize(
    "key",
    ["investment_per_quarter", "survival_5y", "share_10x", "share_below_1x", "years_to_exit"],
)
def test_the_economy_does_not_drift_after_the_burn_in(key):
    """Investment per quarter after the burn-in, 5-year survival, the shares of deals
    returning >= 10x and < 1x and time to exit are the same at 80 and 160 quarters within
    their margins: equivalent by TOST (p < 0.05), paired by seed. Equivalent is not zero:
    after the funding tie-break fix two of them move by distinguishable amounts far
    inside their margins (seeds 0-39: investment -0.30 [-0.44, -0.17] EUR M per quarter
    against 2.49; survival +0.008 [+0.004, +0.012] against 0.02); >= 10x +0.0045 [-0.0020,
    +0.0110] against 0.01 is equivalent only just (p = 0.049). Before the recycling cap,
    investment rose from EUR 115 M to 150 M per quarter between the two lengths
    (docs/ODD.md section 8.1)."""
    if key == "investment_per_quarter":
        baseline = np.mean([facts_by_length(s)[SHORT][key] for s in STEADY])
        margin = smallest_effect(key).margin(baseline)  # 5% of the baseline (not a KPI)
    else:
        margin = MARGINS[key]
    result = verdict(drift(STEADY, key), margin)
    assert result.p_equivalence < 0.05, result


@pytest.mark.slow
def test_talent_keeps_moving_to_the_metropolis_for_the_whole_run():
    """At the defaults talent moves across links toward the more attractive side for the
    whole run (docs/ODD.md section 6.2, Talent): the metropolis's share of talent rises
    between 80 and 160 quarters (+0.139 [+0.129, +0.149], seeds 0-39), by more than 2
    points. Before the funding tie-break fix births followed it into the metropolis's
    crowded funding and moved deals below 1x and time to exit with it; now they do not
    (the test above), and without talent mobility the share does not move at all."""
    talent = verdict(drift(STEADY, "metropolis_talent"), 0.02)
    assert talent.interval.low > 0.02, talent
    assert np.all(drift(range(5), "metropolis_talent", talent_mobility=0.0) == 0)


def test_the_facts_run_length_leaves_a_cohort_to_judge():
    """Stylized facts and the default calibration run FACTS_QUARTERS quarters: after the
    burn-in and the follow-up, at least 20 quarters of births are judged."""
    sim = EcosimConfig().sim
    assert sim.burn_in + sim.follow_up + 20 <= FACTS_QUARTERS
    spec = yaml.safe_load(Path(ROOT / "configs/calibration/default.yaml").read_text())
    assert spec["quarters"] == FACTS_QUARTERS
