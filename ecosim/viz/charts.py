"""The four KPI charts a class watches, from world series, live or exported: one line
per world, so that in compare mode both worlds share the same axes."""

from __future__ import annotations

from ecosim.kpis import CHARTED, KPIS

QUARTER = {"en": "quarter", "fr": "trimestre"}
#: line colours of the left and right worlds (the networks' titles use the same)
WORLD_COLOURS = ("#1f77b4", "#d62728")


def draw_kpis(axes, lines, lang: str = "en", last_step: int | None = None) -> None:
    """One chart per KPI on `axes` (4 axes), one line per world.

    `lines`: (label or None, steps, series) per world; `last_step` fixes the x range.
    """
    for ax, key in zip(axes, CHARTED, strict=True):
        ax.clear()
        for (label, steps, series), colour in zip(lines, WORLD_COLOURS, strict=False):
            ax.plot(steps, series[key], color=colour, linewidth=1.6, label=label)
        ax.set_title(KPIS[key].title(lang), fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        if last_step:
            ax.set_xlim(0, last_step)
        if key == "cum_net_return":
            ax.axhline(0, color="#999999", linewidth=0.8)
    if any(label for label, _, _ in lines):
        axes[0].legend(fontsize=7, loc="best")
    axes[-1].set_xlabel(QUARTER[lang], fontsize=8)
    axes[-2].set_xlabel(QUARTER[lang], fontsize=8)


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
