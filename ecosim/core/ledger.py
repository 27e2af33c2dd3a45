"""The ledger of ended startups: when they were born, how they ended, what they returned.

It is what cohort statistics (survival at 1 and 5 years, share of second rounds,
time to exit, return skew) are computed from at the end of a run.
"""

from __future__ import annotations

import numpy as np

from ecosim.core import measures
from ecosim.core.outcomes import EXITED, FAILED


class Ledger:
    COLUMNS = ("territory", "sector", "birth", "end", "outcome", "raised", "rounds", "value")

    def __init__(self):
        self._parts: list[dict[str, np.ndarray]] = []

    def close(self, pop, rows, outcome, value, step) -> None:
        if len(rows) == 0:
            return
        self._parts.append(
            {
                "territory": pop.territory[rows].copy(),
                "sector": pop.sector[rows].copy(),
                "birth": pop.birth_step[rows].copy(),
                "end": np.full(len(rows), step),
                "outcome": outcome,
                "raised": pop.raised[rows].copy(),
                "rounds": pop.rounds[rows].copy(),
                "value": value,
            }
        )

    def table(self, pop=None, step: int = 0) -> dict[str, np.ndarray]:
        """All ended startups, plus the live ones (outcome 0) when `pop` is given."""
        parts = list(self._parts)
        if pop is not None:
            live = pop.live_rows()
            parts.append(
                {
                    "territory": pop.territory[live],
                    "sector": pop.sector[live],
                    "birth": pop.birth_step[live],
                    "end": np.full(len(live), step),
                    "outcome": np.zeros(len(live), dtype=np.int64),
                    "raised": pop.raised[live],
                    "rounds": pop.rounds[live],
                    "value": np.zeros(len(live)),
                }
            )
        if not parts:
            return {c: np.zeros(0) for c in self.COLUMNS}
        return {c: np.concatenate([p[c] for p in parts]) for c in self.COLUMNS}

    def cohort_statistics(
        self, pop, step: int, burn_in: int = 0, follow_up: int = 0
    ) -> dict[str, float]:
        """Cohort and venture statistics over the startups born during the run, after the
        burn-in (`sim.burn_in` quarters), each judged at a fixed age so that the statistics
        do not depend on how long the run is (docs/ODD.md section 5).

        The initial stock (born at step <= 0) is an artefact of initialization: it has no
        funding history, so counting it biases every venture statistic. Startups born in
        the burn-in meet an economy still settling from its initial state, so they are
        left out too. Survival is judged at 4 and 20 quarters of age (startups born at
        least that long before the end). Venture statistics are judged at `follow_up`
        quarters of age (`sim.follow_up`; 0: up to the end of the run, whatever the age):
        over the startups born at least `follow_up` quarters before the end, a deal is
        realized if it ended within `follow_up` quarters of birth. Counting outcomes up to
        the end of the run instead would count only the quick ones of the youngest
        startups - mostly failures - so the statistics would move with the run's length.
        """
        t = self.table(pop, step)
        cohort = t["birth"] >= max(1, burn_in)
        t = {c: v[cohort] for c, v in t.items()}
        birth, end, outcome = t["birth"], t["end"], t["outcome"]
        failed = outcome == FAILED
        survival = {
            "survival_1y": measures.cohort_survival(birth, end, failed, step, 4),
            "survival_5y": measures.cohort_survival(birth, end, failed, step, 20),
        }
        if follow_up > 0:
            judged = birth <= step - follow_up
            t = {c: v[judged] for c, v in t.items()}
            birth, end, outcome = t["birth"], t["end"], t["outcome"]
            within = (outcome != 0) & (end - birth <= follow_up)
        else:
            within = outcome != 0
        exited = (outcome == EXITED) & within
        funded = t["rounds"] >= 1
        # Venture return statistics are over realized deals (exited or written off), as
        # in the published figures: a live startup has not returned anything yet.
        realized = funded & within
        exit_value = np.where(exited, t["value"], 0.0)[realized]
        multiple = exit_value / np.maximum(t["raised"][realized], 1e-12)
        top = np.sort(exit_value)[::-1][: max(1, int(np.ceil(0.05 * len(exit_value))))]
        # Time to exit is published for venture-backed exits: unfunded trade sales are out.
        funded_exits = exited & funded
        return {
            **survival,
            "share_below_1x": float((multiple < 1).mean()) if realized.any() else float("nan"),
            "share_10x": float((multiple >= 10).mean()) if realized.any() else float("nan"),
            "top5pct_value_share": (
                float(top.sum() / exit_value.sum()) if exit_value.sum() > 0 else 0.0
            )
            if realized.any()
            else float("nan"),
            "second_round_share": float((t["rounds"] >= 2).sum() / funded.sum())
            if funded.any()
            else float("nan"),
            "mean_quarters_to_exit": float((end - birth)[funded_exits].mean())
            if funded_exits.any()
            else float("nan"),
        }
