"""Outcomes: burn, failure when capital runs out, and heavy-tailed exits.

Exit hazard rises with stage and quality; a startup exits when its accumulated
hazard passes the Exp(1) threshold it drew at birth (the same in distribution as a
per-quarter coin flip, but tied to the startup, so paired scenarios share it). The
exit value is a log-normal multiple (luck also drawn at birth, median growing with
quality) of what the startup has built: the capital raised plus its revenue valued
at `revenue_valuation` times annual revenue - so market access pays at exit. The log-normal's
spread gives the venture return skew (most deals return < 1x, a few return most
of the money). Exit proceeds go to the startup's investors pro rata.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ecosim.core.model import EcosystemModel

FAILED, EXITED = 1, 2


def burn_and_resolve(model: EcosystemModel) -> dict[str, np.ndarray]:
    """Apply burn, then fail the broke and exit the lucky. Returns the ended rows by kind."""
    pop, e = model.population, model.cfg.economy
    rows = pop.live_rows()
    # Support programmes (practices.py) can lower what a startup burns: `signals.burn_factor`.
    pop.capital[rows] -= (
        np.asarray(e.burn)[pop.stage[rows]] * model.signals.burn_factor[pop.territory[rows]]
    )
    failed = rows[pop.capital[rows] < 0]
    still = rows[pop.capital[rows] >= 0]
    pop.exit_clock[still] += np.asarray(e.exit_rate)[pop.stage[still]] * pop.quality[still]
    exited = still[pop.exit_clock[still] >= pop.exit_threshold[still]]
    multiple = np.exp(e.exit_mu + e.exit_sigma * pop.luck[exited]) * (1 + 4 * pop.quality[exited])
    value = (pop.raised[exited] + e.revenue_valuation * 4 * pop.revenue[exited]) * multiple
    value *= model.signals.demand[pop.sector[exited]]  # buyers pay less in a depressed sector
    return {"failed": failed, "exited": exited, "exit_value": value}
