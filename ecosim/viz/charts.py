"""The four KPI charts a class watches, from world series, live or exported: one line
per world, so that in compare mode both worlds share the same axes."""

from __future__ import annotations

import math
import textwrap

from matplotlib.ticker import Formatter

from ecosim.kpis import CHARTED, KPIS
from ecosim.numbers import number

QUARTER = {"en": "quarter", "fr": "trimestre"}
#: line colours of the left and right worlds (the networks' titles use the same)
WORLD_COLOURS = ("#1f77b4", "#d62728")


class TickNumbers(Formatter):
    """Tick labels in the page's language ("4,000" / "4 000", "0.25" / "0,25"), with as
    many decimals as the ticks' spacing needs."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, value, pos=None):
        locs = sorted(self.locs)
        steps = [b - a for a, b in zip(locs, locs[1:], strict=False) if b > a]
        step = min(steps) if steps else 1.0
        decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
        return number(value, self.lang, decimals)


def draw_kpis(
    axes,
    lines,
    lang: str = "en",
    last_step: int | None = None,
    text_size: float = 7,
    wrap: int | None = None,
) -> None:
    """One chart per KPI on `axes` (4 axes), one line per world.

    `lines`: (label or None, steps, series) per world; `last_step` fixes the x range;
    `text_size` is the ticks' size in points (titles 2 points larger), `wrap` the
    titles' width in characters (None: one line).
    """
    for ax, key in zip(axes, CHARTED, strict=True):
        ax.clear()
        for (label, steps, series), colour in zip(lines, WORLD_COLOURS, strict=False):
            ax.plot(steps, series[key], color=colour, linewidth=1.6, label=label)
        title = KPIS[key].title(lang)
        ax.set_title(textwrap.fill(title, wrap) if wrap else title, fontsize=text_size + 2)
        ax.tick_params(labelsize=text_size)
        ax.xaxis.set_major_formatter(TickNumbers(lang))
        ax.yaxis.set_major_formatter(TickNumbers(lang))
        ax.grid(alpha=0.3)
        if last_step:
            ax.set_xlim(0, last_step)
        if key == "cum_net_return":
            ax.axhline(0, color="#999999", linewidth=0.8)
    if any(label for label, _, _ in lines):
        axes[0].legend(fontsize=text_size, loc="best")
    axes[-1].set_xlabel(QUARTER[lang], fontsize=text_size + 1)
    axes[-2].set_xlabel(QUARTER[lang], fontsize=text_size + 1)


class WorldHistory:
    """World KPIs step by step, for live charts (the model's recorder builds its table
    only at the end). The page reads while the Play thread appends, so `series` cuts
    every list to the shortest."""

    def __init__(self, keys):
        self.steps: list[int] = []
        self.values: dict[str, list[float]] = {k: [] for k in keys}

    def append(self, step: int, metrics: dict) -> None:
        for key, values in self.values.items():
            values.append(float(metrics[key]))
        self.steps.append(int(step))

    def series(self) -> tuple[list[int], dict[str, list[float]]]:
        n = min([len(self.steps), *(len(v) for v in self.values.values())])
        return self.steps[:n], {k: v[:n] for k, v in self.values.items()}
