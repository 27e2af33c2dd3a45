"""The held-out check of the geography (issue 24, item 4): predictions against the
published regional venture-capital shares of the United Kingdom, Germany and Italy.

Reads the predictions `fit.py predict` wrote (`heldout_predictions.csv`,
`heldout_region_shares.csv`) and the held-out figures (`configs/targets/heldout_vc.csv`:
country, year, region, amount_share, deal_share, source), and writes one table per
variant and country: the predicted leader (and in how many runs it leads), the leader's
annual amount share (90% interval over runs) against the published range, its value/deal
gap, the Spearman rank correlation between predicted and published regions' amount shares
(the regions with a published share), and whether the leader is right. Measured, not
tuned: nothing here feeds back into a parameter. The held-out figures were read once, for
this check (docs/FACTS.md records when).

Usage: python experiments/regions/check.py --out results/regions
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[2]


def published(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, comment="#")


def check(out: Path, observed: pd.DataFrame) -> pd.DataFrame:
    runs = pd.read_csv(out / "heldout_predictions.csv")
    regions = pd.read_csv(out / "heldout_region_shares.csv")
    rows = []
    for (variant, country), group in runs.groupby(["variant", "country"], sort=False):
        seen = observed[observed.country == country]
        by_region = seen.groupby("region")[["amount_share", "deal_share"]].mean()
        true_leader = by_region.amount_share.idxmax()
        lead = seen[seen.region == true_leader]
        leader = group.leader.mode().iloc[0]
        lo, hi = np.quantile(group.leader_amount, [0.05, 0.95])
        gap = group.leader_amount - group.leader_deals
        predicted = regions[(regions.variant == variant) & (regions.country == country)]
        both = predicted.set_index("region").amount.to_frame().join(by_region, how="inner")
        rho = spearmanr(both.amount, both.amount_share).statistic if len(both) >= 3 else np.nan
        obs_gap = (lead.amount_share - lead.deal_share).dropna()
        rows.append(
            {
                "variant": variant,
                "country": country,
                "predicted leader": f"{leader} ({(group.leader == leader).mean():.0%} of runs)",
                "published leader": true_leader,
                "right leader": "yes" if leader == true_leader else "no",
                "leader amount share, predicted 90%": f"[{lo:.2f}, {hi:.2f}]",
                "published": f"{lead.amount_share.min():.2f}-{lead.amount_share.max():.2f}",
                "inside": "yes"
                if lo <= lead.amount_share.max() and hi >= lead.amount_share.min()
                else "no",
                "value-deal gap, predicted (mean)": f"{gap.mean():+.2f}",
                "published gap": f"{obs_gap.mean():+.2f}" if len(obs_gap) else "n/a",
                "rank correlation (regions)": f"{rho:.2f} ({len(both)})",
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("results/regions"))
    p.add_argument("--observed", type=Path, default=ROOT / "configs/targets/heldout_vc.csv")
    ns = p.parse_args()
    table = check(ns.out, published(ns.observed))
    header = "| " + " | ".join(table.columns) + " |\n|" + "---|" * len(table.columns) + "\n"
    body = "".join("| " + " | ".join(map(str, row)) + " |\n" for row in table.itertuples(False))
    (ns.out / "heldout_check.md").write_text(
        "# Held-out check: the geography fitted on France, on three other countries\n\n"
        + header
        + body,
        encoding="utf-8",
    )
    print(header + body)


if __name__ == "__main__":
    main()
