"""One check of investors' home bias on the UK's regions (issue 24, item 3): the share of
the money London's startups receive that comes from funds based in London.

Published: 90% of investors in London firms are London-based (British Business Bank,
Regions and Nations Tracker 2021, via ../shared/reference/regions-and-rigour.md §2), a
count of investors, here compared with the model's share of money - a proxy, stated.
Held out until this check (docs/FACTS.md): the procedure below was written and committed
before the model's value was computed, and nothing is tuned on it.

Procedure, fixed in advance: the `uk_regions` preset at the defaults (neutral geography:
no geography mechanism on), 20 seeds, 120 quarters; per run, over the quarters after the
burn-in, 1 - London's external investment / London's investment (external: from funds
based elsewhere, global funds included); the 95% interval over runs judged against
90% +- 10 points, the ledger's range for a secondary figure (docs/FACTS.md).

Usage: python experiments/regions/home_bias.py --out docs/figures/regions
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed

import ecosim
from ecosim.analysis.facts import judge
from ecosim.analysis.stats import mean_ci

SEEDS = range(20)
QUARTERS = 120
PUBLISHED, LOW, HIGH = 0.90, 0.80, 1.00


def london_home_share(seed: int) -> float:
    result = ecosim.run("world=uk_regions", f"sim.steps={QUARTERS}", f"seed={seed}")
    ts = result.timeseries
    london = ts[(ts.territory == "London") & (ts.step > result.config.sim.burn_in)]
    return float(1.0 - london.external_investment.sum() / london.investment.sum())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("results/regions"))
    p.add_argument("--jobs", type=int, default=2)
    ns = p.parse_args()
    shares = np.array(Parallel(n_jobs=ns.jobs)(delayed(london_home_share)(s) for s in SEEDS))
    ci = mean_ci(shares)
    status = judge(LOW, HIGH, ci.low, ci.high)
    ns.out.mkdir(parents=True, exist_ok=True)
    (ns.out / "home_bias_check.md").write_text(
        "# Home bias: London's startups' money from London-based funds\n\n"
        f"uk_regions, defaults, seeds {SEEDS.start}-{SEEDS.stop - 1}, {QUARTERS} quarters, "
        "quarters after the burn-in.\n\n"
        f"Model: {ci.mean:.3f} [{ci.low:.3f}, {ci.high:.3f}] (mean [95% interval] over runs); "
        f"published: {PUBLISHED:.0%} of investors (range {LOW:.2f}-{HIGH:.2f}); "
        f"status: **{status}**.\n",
        encoding="utf-8",
    )
    print(f"{ci.mean:.3f} [{ci.low:.3f}, {ci.high:.3f}] {status}")


if __name__ == "__main__":
    main()
