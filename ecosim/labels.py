"""Where names sit on a drawing: beside their marker, clear of each other.

Shared by the educator app's networks (`ecosim.viz.network`) and the report's maps
(`ecosim.report.figures`), in points, so that one rule places every label.
"""

from __future__ import annotations

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


def labels_clear(rects) -> bool:
    """No two rectangles (x0, y0, x1, y1) overlap."""
    return all(_overlap(a, b) == 0 for k, a in enumerate(rects) for b in rects[k + 1 :])
