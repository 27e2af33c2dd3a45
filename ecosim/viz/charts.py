"""The four KPI charts a class watches, from a run's world series, live or exported."""

from __future__ import annotations

from ecosim.kpis import CHARTED, KPIS

QUARTER = {"en": "quarter", "fr": "trimestre"}


def draw_kpis(axes, steps, series: dict, lang: str = "en", last_step: int | None = None) -> None:
    """One line chart per KPI on `axes` (4 axes); `last_step` fixes the x range."""
    for ax, key in zip(axes, CHARTED, strict=True):
        ax.clear()
        ax.plot(steps, series[key], color="#1f77b4", linewidth=1.6)
        ax.set_title(KPIS[key].title(lang), fontsize=9)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
        if last_step:
            ax.set_xlim(0, last_step)
        if key == "cum_net_return":
            ax.axhline(0, color="#999999", linewidth=0.8)
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
