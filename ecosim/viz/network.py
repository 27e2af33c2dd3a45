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

from ecosim.labels import labels_clear, place_labels, short_names

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


def draw_network(
    ax,
    layout: NetworkLayout,
    live,
    primary,
    active,
    trust,
    title: str = "",
    label_size: float = 7,
    title_size: float = 10,
) -> None:
    """Draw one frame on `ax`: edges (width = trust), nodes (area = live, colour = sector),
    each territory's name beside its node where it overlaps no other name (`label_size`
    points; each label's SVG group is `node-label-<i>`). When the full names cannot all
    sit clear of each other (16 Länder, 20 Italian regions on a projector), every node
    is labelled by its short name instead, so no name hides another."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

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
    area = np.maximum(MAX_NODE_AREA * np.asarray(live, dtype=float) / layout.size_reference, 12.0)
    ax.scatter(
        pos[:, 0],
        pos[:, 1],
        s=area,
        c=[sector_colour(s) for s in primary],
        edgecolors="white",
        linewidths=1.0,
        zorder=2,
    )
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.12, 1.1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=title_size)
    ax.apply_aspect()
    # Label placement in points: node centres and radii (a scatter's size is its area in
    # points^2), label sizes as drawn (pixels at 72 dpi are points).
    to_points = 72.0 / ax.figure.dpi
    centres = [tuple(c) for c in ax.transData.transform(pos) * to_points]
    radii = [float(np.sqrt(a) / 2 + 1.0) for a in area]
    measure = RendererAgg(1, 1, 72)
    font = FontProperties(size=label_size)
    pad = 0.12 * label_size  # the browser's text box is a little taller than Agg's
    box = ax.get_window_extent()
    bounds = (box.x0 * to_points, box.y0 * to_points, box.x1 * to_points, box.y1 * to_points)

    def placed(names):
        sizes = []
        for name in names:
            w, h, _ = measure.get_text_width_height_descent(name, font, ismath=False)
            sizes.append((w + 2 * pad, h + 2 * pad))
        return place_labels(centres, radii, sizes, bounds)

    names = layout.names
    rects = placed(names)
    if not labels_clear(rects):
        names = short_names(names)
        rects = placed(names)
    for k, ((x, y), name, rect) in enumerate(zip(pos, names, rects, strict=True)):
        cx, cy = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
        text = ax.annotate(
            name,
            (x, y),
            xytext=(cx - centres[k][0], cy - centres[k][1]),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=label_size,
            color="#222222",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        )
        text.set_gid(f"node-label-{k}")


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
