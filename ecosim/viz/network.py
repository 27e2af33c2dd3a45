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


#: where a label may sit around its node, in order of preference: below, above, right,
#: left, then the four diagonals (unit directions from the node's centre)
_SIDES = ((0, -1), (0, 1), (1, 0), (-1, 0), (0.71, -0.71), (-0.71, -0.71), (0.71, 0.71),
          (-0.71, 0.71))  # fmt: skip


def _overlap(a, b) -> float:
    """Overlap area of two rectangles (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(centres, radii, sizes, bounds, gap: float = 2.0) -> list[tuple]:
    """A rectangle (x0, y0, x1, y1) per label, in the units of its arguments (points):
    beside its node (centre, radius), clear of the other labels and nodes where it can be.

    Labels are placed largest node first; each takes the first side (below, above, right,
    left, diagonals; beside the node, then one label's height further out) where it
    overlaps nothing, else the place where it overlaps least.
    `sizes` are (width, height) per label, `bounds` the drawing's (x0, y0, x1, y1).
    """
    nodes = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(centres, radii, strict=True)]
    placed: dict[int, tuple] = {}
    for i in sorted(range(len(centres)), key=lambda k: -radii[k]):
        (x, y), r, (w, h) = centres[i], radii[i], sizes[i]
        best, best_cost = None, None
        # a first ring beside the node, then a second one a label's height further out
        for ring, (ux, uy) in ((ring, side) for ring in (0, 1) for side in _SIDES):
            reach = r + gap + ring * h
            ax_, ay_ = x + ux * reach, y + uy * reach
            x0 = ax_ - w / 2 if ux == 0 else (ax_ if ux > 0 else ax_ - w)
            y0 = ay_ - h / 2 if uy == 0 else (ay_ if uy > 0 else ay_ - h)
            rect = (x0, y0, x0 + w, y0 + h)
            cost = sum(_overlap(rect, other) for other in placed.values()) * 10
            cost += sum(_overlap(rect, node) for j, node in enumerate(nodes) if j != i)
            inside = _overlap(rect, bounds)
            cost += (w * h - inside) * 10 + ring  # the first ring when it is as good
            if best_cost is None or cost < best_cost:
                best, best_cost = rect, cost
            if cost == 0:
                break
        placed[i] = best
    return [placed[i] for i in range(len(centres))]


_SMALL_WORDS = {"of", "and", "the", "di", "del", "della", "de", "du", "des", "la", "le", "et"}


def short_names(names) -> tuple[str, ...]:
    """Short, distinct names for a crowded map: the initials of a name's words
    ("Baden-Württemberg" -> "BW", "North East" -> "NE"), a one-word name's first three
    letters ("Bayern" -> "Bay"); a name that would repeat another keeps more letters."""
    import re

    shorts: list[str] = []
    for name in names:
        first = name.split("/")[0]  # a bilingual name by its first language
        words = [
            w for w in re.split(r"[\s\-'’]+", first) if len(w) > 1 and w.lower() not in _SMALL_WORDS
        ]
        short = "".join(w[0].upper() for w in words) if len(words) > 1 else name[:3]
        extra = 1
        while short in shorts and extra < len(name):
            short = (
                (words[-1] if words else name)[: 2 + extra]
                if len(words) <= 1
                else ("".join(w[0].upper() for w in words[:-1]) + words[-1][: 1 + extra])
            )
            extra += 1
        shorts.append(short)
    return tuple(shorts)


def _labels_clear(rects) -> bool:
    return all(_overlap(a, b) == 0 for k, a in enumerate(rects) for b in rects[k + 1 :])


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
    if not _labels_clear(rects):
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
