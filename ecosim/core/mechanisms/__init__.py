"""Every mechanism of the model, one module each, and the one registry the model loops over.

The link network (`ecosim.core.links`); the seed text's challenges: best practices
spread (`practices`), alignment of interests (`alignment`), unequal capacity to connect
(`capacity`), short-term results vs long-term vision (`horizon`), homogenization and its
protection (`protection`); its strategies: territorial narratives (`narrative`),
expatriate talent (`diaspora`) - the actor map of strategy 1 is an input tool; and why
diversity pays: a changing world (`turbulence`, `sector_shocks`) and combinations of
distant know-how (`recombination`); and a geography that emerges: births that follow
startups and research (`agglomeration`), rounds that grow with local money (`deal_size`),
commitments that follow the money returned (`track_record`).

Each is a `Mechanism` (`ecosim.core.mechanism`): neutral at its default, it reads the
model and returns what it wants changed; the model applies it. Adding one touches its
config section, its module, one line of `MECHANISMS` and its test (docs/CONTRIBUTING.md).
Mechanisms import the rest of `ecosim.core` and the shared bottom modules, nothing above.
"""

from __future__ import annotations

from ecosim.core.links import LinkNetwork
from ecosim.core.mechanism import Changes, Mechanism
from ecosim.core.mechanisms.agglomeration import Agglomeration
from ecosim.core.mechanisms.alignment import Alignment
from ecosim.core.mechanisms.capacity import Capacity
from ecosim.core.mechanisms.deal_size import DealSize
from ecosim.core.mechanisms.diaspora import Diaspora
from ecosim.core.mechanisms.horizon import Horizon
from ecosim.core.mechanisms.narrative import Narrative
from ecosim.core.mechanisms.practices import Practices
from ecosim.core.mechanisms.protection import Protection
from ecosim.core.mechanisms.recombination import Recombination
from ecosim.core.mechanisms.sector_shocks import SectorShocks
from ecosim.core.mechanisms.track_record import TrackRecord
from ecosim.core.mechanisms.turbulence import Turbulence

#: Every mechanism, in the order the model builds them and calls each phase hook: the
#: order of their output columns, of the signals they compose, of the changes applied.
MECHANISMS: tuple[type[Mechanism], ...] = (
    LinkNetwork,
    Practices,
    Alignment,
    Capacity,
    Horizon,
    Protection,
    Narrative,
    Diaspora,
    Turbulence,
    SectorShocks,
    Recombination,
    Agglomeration,
    DealSize,
    TrackRecord,
)

__all__ = ["MECHANISMS", "Changes", "Mechanism"]
