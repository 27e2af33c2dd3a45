"""The territories as a network, drawn the same way live (the app) and in the slide export.

The layout is the territories' own map positions, computed once per world and kept
while the model runs: nodes never jump between frames, so a class sees links form
and thicken rather than a graph that rearranges itself. Node area is live startups
(on a scale fixed at the start, so growth shows), colour the dominant
specialization, edge width the link's trust (how much flows across it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps

SECTOR_COLOURS = colormaps["tab10"].colors
MAX_NODE_AREA = 900.0  # points^2 of the largest territory at the start


@dataclass(frozen=True)
class NetworkLayout:
    """Fixed drawing positions and the node-size reference of one world."""

    positions: np.ndarray  # (T, 2), read-only
    names: tuple[str, ...]
    size_reference: float  # live startups that draw as MAX_NODE_AREA

    @classmethod
    def of(cls, territories, live_startups) -> NetworkLayout:
        positions = np.array(territories.position, dtype=float)
        positions.setflags(write=False)
        return cls(positions, tuple(territories.names), float(max(np.max(live_startups), 1.0)))


def sector_colour(sector: int):
    return SECTOR_COLOURS[int(sector) % len(SECTOR_COLOURS)]


def draw_network(ax, layout: NetworkLayout, live, primary, active, trust, title: str = "") -> None:
    """Draw one frame on `ax`: edges (width = trust), nodes (area = live, colour = sector)."""
    pos = layout.positions
    ax.clear()
    i, j = np.nonzero(np.triu(active, 1))
    for a, b in zip(i, j, strict=True):
        ax.plot(
            pos[[a, b], 0],
            pos[[a, b], 1],
            color="#555555",
            linewidth=0.6 + 6.0 * float(trust[a, b]),
            alpha=0.35 + 0.5 * float(trust[a, b]),
            zorder=1,
        )
    area = MAX_NODE_AREA * np.asarray(live, dtype=float) / layout.size_reference
    ax.scatter(
        pos[:, 0],
        pos[:, 1],
        s=np.maximum(area, 12.0),
        c=[sector_colour(s) for s in primary],
        edgecolors="white",
        linewidths=1.0,
        zorder=2,
    )
    for (x, y), name in zip(pos, layout.names, strict=True):
        ax.annotate(
            name,
            (x, y),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            color="#333333",
            zorder=3,
        )
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.12, 1.1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=10)


def sector_legend(ax, sectors, label: str = "sector") -> None:
    """One legend entry per dominant sector present."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            color=sector_colour(s),
            label=f"{label} {int(s) + 1}",
        )
        for s in sorted(set(int(s) for s in sectors))
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize=7,
              frameon=False, ncol=6, handletextpad=0.1, columnspacing=0.8)  # fmt: skip
