"""Stylized facts of start-up ecosystems: what the model is checked and calibrated against.

Each fact is a statistic of one run (docs/ODD.md section 5 defines it and the population
it covers) with the range the literature gives (`../shared/reference/
calibration-and-validation.md`). Figures marked secondary there are treated as ranges:
a point figure gets +-10 points (+-5 for Eurostat's survival rates), a published range
is used as it is. Each fact has a role: `calibration` facts are what `ecosim calibrate`
fits; `held_out` facts are never shown to the calibration and judge its posterior
(docs/VALIDATION.md says which is which and why).

A fact is judged by its interval over seeds (the 95% confidence interval of the mean),
not by its mean alone: `inside` when the interval lies in the published range,
`overlaps` when they intersect, `outside` when they do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecosim.analysis.stats import mean_ci
from ecosim.kpis import KPIS

#: a fact's status in docs/FACTS.md: fitted by the calibration, used (looked at while
#: choosing something, so agreeing with it is no validation), or held out (never looked
#: at before its one check). No fact here is held out: each was seen while the defaults
#: were tuned (docs/FACTS.md says when); the held-out facts are read by no code yet.
CALIBRATION, USED = "calibration", "used"

#: The run length the facts are measured at (the stylized facts check, the default
#: calibration config): venture facts judge startups born after `sim.burn_in` (36) at
#: `sim.follow_up` (40) quarters of age, so 120 quarters judge 44 quarters of births; the
#: 80 quarters of a default run would judge 5. A disclosed choice (docs/VALIDATION.md
#: section 5): the facts do not depend on it beyond seed noise and the drift of talent
#: migration (docs/ODD.md section 8).
FACTS_QUARTERS = 120


@dataclass(frozen=True)
class Fact:
    key: str  # the statistic (docs/ODD.md section 5)
    label: str
    low: float
    high: float
    published: str
    source: str
    role: str
    scale: float = 1.0  # run value x scale = the published unit

    @property
    def target(self) -> float:
        """The value a calibration aims at: the middle of the published range."""
        return 0.5 * (self.low + self.high)


FACTS = (
    Fact(
        "share_below_1x",
        "realized deals returning < 1x",
        0.55,
        0.75,
        "~65%",
        "venture return skew (secondary)",
        CALIBRATION,
    ),
    Fact("share_10x", "realized deals returning >= 10x", 0.04, 0.06, "4-6%", "idem", CALIBRATION),
    Fact(
        "top5pct_value_share",
        "exit value made by the top 5% of deals",
        0.50,
        0.70,
        "~60% (by the 4-6% of 10x deals)",
        "idem",
        CALIBRATION,
    ),
    Fact(
        "survival_1y",
        KPIS["survival_1y"].label["en"],
        0.75,
        0.85,
        "~80%",
        "Eurostat",
        CALIBRATION,
    ),
    Fact(
        "survival_5y",
        KPIS["survival_5y"].label["en"],
        0.39,
        0.49,
        "~44%",
        "Eurostat (BLS: 44% at 4 years)",
        CALIBRATION,
    ),
    Fact(
        "second_round_share",
        "funded startups raising a second round",
        0.40,
        0.46,
        "40-46%",
        "CB Insights (secondary)",
        USED,
    ),
    Fact(
        "mean_quarters_to_exit",
        "time to venture-backed exit (years)",
        3.0,
        7.0,
        "3-7 years",
        "US venture-backed exits 2001-2014",
        USED,
        scale=0.25,
    ),
    Fact(
        "top_share_investment",
        KPIS["top_share_investment"].label["en"],
        0.50,
        0.90,
        "top 5 of 40 ecosystems ~50%; top 5 US metros >80%",
        "Startup Genome 2024; US VC (secondary)",
        USED,
    ),
    Fact(
        "within_territory_imitation_share",
        "knowledge partnerships within the own territory",
        0.36,
        0.56,
        "46% same region, 54% elsewhere",
        "OECD co-patenting",
        USED,
    ),
    Fact(
        "territory_mean_within_share",
        "idem, mean over territories",
        0.36,
        0.56,
        "46% same region, 54% elsewhere",
        "idem",
        USED,
    ),
)

BY_KEY = {f.key: f for f in FACTS}

#: A real-territory pattern, measured in the `france_regions` world preset (not the
#: default world): Île-de-France's share of the investment French regions received.
#: EY venture-capital barometer via the press: 80% (2021), 62% (2023), 67% (2024).
FRANCE_CAPITAL_SHARE = Fact(
    "capital_region_investment_share",
    "Île-de-France's share of French regions' venture capital",
    0.62,
    0.80,
    "62-80% (2021-2024)",
    "EY venture-capital barometer (secondary)",
    USED,
)
CAPITAL_REGION = "Île-de-France"


def territory_investment_share(timeseries: pd.DataFrame, territory: str) -> float:
    """One territory's share of all investment received over the run."""
    terr = timeseries[timeseries.territory != "world"]
    received = terr.groupby("territory")["investment"].sum()
    return float(received.get(territory, np.nan) / received.sum())


def calibration_facts() -> tuple[Fact, ...]:
    return tuple(f for f in FACTS if f.role == CALIBRATION)


def territory_mean_within_share(timeseries: pd.DataFrame) -> float:
    """Share of each territory's copies made within it over the run, averaged over
    territories: the aggregate share is dominated by the largest territory."""
    terr = timeseries[timeseries.territory != "world"].groupby("territory")
    within, across = terr["imitations_within"].sum(), terr["imitations_across"].sum()
    return float((within / (within + across)).mean())


def fact_values(summary: dict, timeseries: pd.DataFrame) -> dict[str, float]:
    """Every fact of one run, in the published unit (NaN where undefined)."""
    values = dict(summary, territory_mean_within_share=territory_mean_within_share(timeseries))
    return {f.key: float(values[f.key]) * f.scale for f in FACTS}


def judge(low: float, high: float, interval_low: float, interval_high: float) -> str:
    """`inside`, `overlaps` or `outside`: where an interval over seeds lies against the
    published range [low, high]; `undefined` when the interval is not finite."""
    if not (np.isfinite(interval_low) and np.isfinite(interval_high)):
        return "undefined"
    if low <= interval_low and interval_high <= high:
        return "inside"
    if interval_high < low or interval_low > high:
        return "outside"
    return "overlaps"


def compare(per_seed: pd.DataFrame, facts=FACTS) -> pd.DataFrame:
    """Per fact: the published range, the mean over seeds with its 95% CI, and where the
    CI lies against the range (`judge`)."""
    rows = []
    for f in facts:
        ci = mean_ci(per_seed[f.key].dropna())
        rows.append(
            {
                "fact": f.label,
                "key": f.key,
                "role": f.role,
                "published": f.published,
                "source": f.source,
                "low": f.low,
                "high": f.high,
                "measured": ci.mean,
                "ci95_low": ci.low,
                "ci95_high": ci.high,
                "status": judge(f.low, f.high, ci.low, ci.high),
            }
        )
    return pd.DataFrame(rows)
