"""The report's figures, drawn with matplotlib's Agg backend (no display, no network) and
kept as PNG bytes: the HTML report embeds them, `figures/*.png` keeps copies."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecosim.analysis.stats import pareto_efficient
from ecosim.kpis import CHARTED, REPORTED, heading
from ecosim.plots import png
from ecosim.report.text import TEXT, effect, number


@dataclass
class Figure:
    name: str
    title: str
    caption: str
    png: bytes


def all_figures(a) -> list[Figure]:
    """Every figure of the report for an `ecosim.report.command.Analysis`."""
    import matplotlib

    matplotlib.use("Agg")
    t = TEXT[a.lang]
    figures = [
        Figure("timeseries", t["timeseries"], "", timeseries(a)),
        Figure("tradeoff", t["tradeoff"], t["tradeoff_caption"], tradeoff(a)),
    ]
    if not a.paired.empty:
        figures.append(Figure("differences", t["differences"], t["paired_note"], differences(a)))
    caption = t["territories_caption"] if not a.territory_diff.empty else ""
    figures.append(Figure("territories", t["territories"], caption, territories(a)))
    if a.distribution is not None and not a.distribution.territories.empty:
        base = a.base_label
        figures.insert(0, Figure("channels", t["channels"], t["channels_caption"], channels(a)))
        caption = t["gains_map_caption"].format(base=base)
        figures.insert(0, Figure("gains_map", t["gains_map"], caption, gains_map(a)))
    return figures


def _eur(lang: str) -> str:
    return "M EUR" if lang == "fr" else "EUR M"


#: the figures of the report's first section, "who wins, who pays"
WHO_FIGURES = ("gains_map", "channels")


def _gain_norm(values):
    """A symmetric log colour scale around 0 for gains spanning orders of magnitude."""
    from matplotlib.colors import SymLogNorm

    finite = np.abs(np.asarray(values, float))
    top = float(np.nanmax(finite)) if finite.size and np.nanmax(finite) > 0 else 1.0
    return SymLogNorm(linthresh=max(top / 1000, 1e-9), vmin=-top, vmax=top)


def gains_map(a) -> bytes:
    """Territories at their map positions (the first baseline run's world), area by size,
    coloured by their mean gain; one panel per compared scenario."""
    import matplotlib.pyplot as plt

    from ecosim.analysis.distribution import run_territories

    table = a.distribution.territories
    base_runs = a.collected.complete[a.collected.complete[a.factor] == a.baseline]
    world = run_territories(a.collected.sweep_dir / base_runs["job"].iloc[0])
    where = {name: world.position[i] for i, name in enumerate(world.names)}
    size = dict(zip(world.names, world.size, strict=True))
    compared = list(table["scenario"].drop_duplicates())
    cols = min(len(compared), 3)
    rows = -(-len(compared) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4.6 * rows), squeeze=False)
    norm = _gain_norm(table["gain"])
    labelled = []
    for ax, scenario in zip(axes.flat, compared, strict=False):
        d = table[(table.scenario == scenario) & table.territory.isin(where)]
        xy = np.array([where[n] for n in d.territory])
        area = np.array([60 + 900 * size[n] for n in d.territory])
        image = ax.scatter(
            xy[:, 0], xy[:, 1], s=area, c=d["gain"], cmap="RdBu", norm=norm, edgecolors="k"
        )
        values = [f"{'+' if g > 0 else ''}{number(g, a.lang, 0)}" for g in d["gain"]]
        labelled.append((ax, xy, area, list(d.territory), values))
        ax.set_title(a.labels[scenario])
        ax.set_xticks([])
        ax.set_yticks([])
        ax.margins(0.15)
    for ax in list(axes.flat)[len(compared) :]:
        ax.axis("off")
    _colorbar(fig, image, axes.ravel().tolist(), norm, a.lang)
    for ax, xy, area, names, values in labelled:  # once the colour bar has taken its room
        place_map_labels(fig, ax, xy, area, names, values)
    return png(fig)


def place_map_labels(fig, ax, xy, area, names, values, fontsize: float = 7) -> None:
    """Each territory's name and value beside its marker, clear of the other labels and
    markers (the app's `place_labels`, in pixels); when full names cannot sit clear (13
    French regions on one panel), the app's short distinct names (IdF, ARA) take their
    place, as on the app's crowded maps."""
    from ecosim.labels import labels_clear, place_labels, short_names

    renderer = fig.canvas.get_renderer()
    centres = [tuple(p) for p in ax.transData.transform(xy)]
    radii = [np.sqrt(s) / 2 * fig.dpi / 72 for s in area]  # scatter sizes are points^2
    frame = ax.get_window_extent(renderer)
    bounds = (frame.x0, frame.y0, frame.x1, frame.y1)

    def placed(labels):
        sizes = []
        for label in labels:
            probe = ax.text(0, 0, label, fontsize=fontsize, bbox=LABEL_BOX)
            box = probe.get_window_extent(renderer)
            sizes.append((box.width, box.height))
            probe.remove()
        return place_labels(centres, radii, sizes, bounds)

    labels = [f"{n}\n{v}" for n, v in zip(names, values, strict=True)]
    rects = placed(labels)
    if not labels_clear(rects):
        labels = [f"{n}\n{v}" for n, v in zip(short_names(names), values, strict=True)]
        rects = placed(labels)
    for point, (cx, cy), label, r in zip(xy, centres, labels, rects, strict=True):
        ax.annotate(
            label,
            tuple(point),
            xytext=((r[0] + r[2]) / 2 - cx, (r[1] + r[3]) / 2 - cy),
            textcoords="offset pixels",
            ha="center",
            va="center",
            fontsize=fontsize,
            bbox=LABEL_BOX,
        )


def _colorbar(fig, image, ax, norm, lang: str) -> None:
    """A colour bar in EUR M whose ticks are a decade apart on the symmetric log scale
    (0, ±top/100, ±top/10, ±top): matplotlib's own symlog ticks crowd around zero and
    their labels overlap."""
    top = max(abs(norm.vmin), abs(norm.vmax))
    ticks = [0.0] + [sign * top * f for f in (0.01, 0.1, 1.0) for sign in (1, -1)]
    ticks = sorted(x for x in ticks if norm.vmin <= x <= norm.vmax)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, label=_eur(lang), ticks=ticks)
    bar.ax.set_yticklabels([number(x, lang, 0 if top >= 100 else 2) for x in ticks])


def channels(a) -> bytes:
    """Stacked channel contributions of each compared scenario's biggest losers."""
    import matplotlib.pyplot as plt

    from ecosim.analysis.distribution import biggest_losers, channel_column
    from ecosim.kpis import CHANNELS

    table = a.distribution.territories
    rows = [
        (scenario, r)
        for scenario in table["scenario"].drop_duplicates()
        for r in biggest_losers(table, scenario).to_dict("records")
    ]
    fig, ax = plt.subplots(figsize=(10, 0.5 * max(len(rows), 2) + 1.8))
    cmap = plt.get_cmap("tab10")
    for y, (_, r) in enumerate(rows):
        left_pos = left_neg = 0.0
        for i, channel in enumerate(CHANNELS):
            v = r[channel_column(channel)]
            start = left_pos if v >= 0 else left_neg
            ax.barh(
                y, v, left=start, color=cmap(i), label=CHANNELS[channel][a.lang] if y == 0 else None
            )
            if v >= 0:
                left_pos += v
            else:
                left_neg += v
        ax.plot([r["gain"]], [y], marker="|", color="black", markersize=18, mew=2.5)
    ax.set_yticks(range(len(rows)), [f"{a.labels[s]}: {r['territory']}" for s, r in rows])
    ax.axvline(0, color="grey", lw=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(_eur(a.lang))
    # The longest bar and the gain's mark stay inside the frame: a stacked segment's base
    # is a sticky edge, and a negative segment based at the positive end would pin the
    # axis limit to the bar's end, margin or not.
    ax.use_sticky_edges = False
    ax.margins(x=0.06)
    ax.grid(alpha=0.3, axis="x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, frameon=False, fontsize=8)
    return png(fig)


def _order(a) -> list[str]:
    """Scenarios with at least one complete run, in the sweep's order."""
    present = set(a.kpis["scenario"])
    return [s for s in a.labels if s in present]


def _colors(a) -> dict:
    """One colour per scenario, the same in every figure."""
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap("tab10" if len(a.labels) <= 10 else "tab20")
    return {s: cmap(i % cmap.N) for i, s in enumerate(a.labels)}


def timeseries(a) -> bytes:
    """Mean and 95% band over seeds of the world series, one panel per metric."""
    import matplotlib.pyplot as plt

    order, colors = _order(a), _colors(a)
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for ax, metric in zip(axes.flat, CHARTED, strict=True):
        rows = a.bands[a.bands.metric == metric]
        for scenario in order:
            d, color = rows[rows.scenario == scenario], colors[scenario]
            ax.plot(d.step, d["mean"], color=color, lw=1.5, label=a.labels[scenario])
            ax.fill_between(d.step, d["low"], d["high"], color=color, alpha=0.2, lw=0)
        ax.set_title(heading(metric, a.lang))
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel(TEXT[a.lang]["step"])
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(len(order), 4), frameon=False)
    fig.tight_layout(rect=(0, 0.04 + 0.03 * (len(order) // 4), 1, 1))
    return png(fig)


def _wide(a, stat: str):
    return a.kpis.pivot(index="scenario", columns="metric", values=stat).loc[_order(a)]


def _errors(a, metric: str):
    mean, low, high = (_wide(a, s)[metric] for s in ("mean", "low", "high"))
    below = (mean - low).fillna(0).clip(lower=0)
    above = (high - mean).fillna(0).clip(lower=0)
    return np.vstack([below, above])


#: beyond this many scenarios, labels next to the points overlap: a legend instead
ANNOTATED = 6


def tradeoff(a) -> bytes:
    """Long-run returns against diversity loss (marker area: attractiveness), with the
    frontier circled; and short-run against whole-run discounted returns."""
    import matplotlib.pyplot as plt

    order, mean = _order(a), _wide(a, "mean")
    colors = [_colors(a)[s] for s in order]
    attract = mean["attractiveness"].fillna(0).clip(lower=0)
    sizes = 30 + 300 * (attract / attract.max() if attract.max() > 0 else attract)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    for ax, (x, y) in zip(
        (left, right),
        (("diversity_loss", "cum_net_return"), ("npv_short", "npv_long")),
        strict=True,
    ):
        xerr, yerr = _errors(a, x), _errors(a, y)
        for i, scenario in enumerate(order):
            px, py = mean[x].iloc[i], mean[y].iloc[i]
            ax.errorbar(
                px, py, xerr=xerr[:, [i]], yerr=yerr[:, [i]], color=colors[i], alpha=0.5, lw=1
            )
            size = sizes.iloc[i] if ax is left else 40
            ax.scatter([px], [py], s=size, color=colors[i], zorder=3, label=a.labels[scenario])
            if len(order) <= ANNOTATED:
                ax.annotate(a.labels[scenario], (px, py), xytext=(5, 5), textcoords="offset points")
        ax.set_xlabel(heading(x, a.lang))
        ax.set_ylabel(heading(y, a.lang))
        ax.grid(alpha=0.3)
    front = pareto_efficient(mean["cum_net_return"], mean["diversity_loss"])
    edge = mean[front].sort_values("diversity_loss")
    left.scatter(
        edge["diversity_loss"],
        edge["cum_net_return"],
        s=sizes[front] * 2.2,
        facecolors="none",
        edgecolors="black",
        zorder=4,
    )
    left.plot(edge["diversity_loss"], edge["cum_net_return"], "k--", lw=0.8)
    if len(order) > ANNOTATED:
        handles, labels = right.get_legend_handles_labels()
        fig.legend(handles, labels, loc="lower center", ncol=3, frameon=False)
        fig.tight_layout(rect=(0, 0.05 * ((len(order) + 2) // 3), 1, 1))
    else:
        fig.tight_layout()
    return png(fig)


def differences(a) -> bytes:
    """Paired differences against the baseline with their 95% intervals, one panel per
    KPI; filled markers are distinguishable from zero."""
    import matplotlib.pyplot as plt

    metrics = list(REPORTED)
    compared = list(a.paired["scenario"].drop_duplicates())
    colors = _colors(a)
    height = max(6.0, 0.9 * len(compared))
    fig, axes = plt.subplots(3, 3, figsize=(13, height), sharey=True)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        rows = a.paired[a.paired.metric == metric].to_dict("records")
        unit = ""
        for row in rows:
            e = effect(row)
            y = compared.index(row["scenario"])
            if not np.isfinite([e.value, e.low, e.high]).all():
                continue
            unit = e.unit
            color = colors[row["scenario"]]
            ax.errorbar(
                e.value,
                y,
                xerr=[[e.value - e.low], [e.high - e.value]],
                fmt="o",
                color=color,
                mfc=color if e.distinguishable else "white",
            )
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_title(heading(metric, a.lang))
        ax.set_xlabel(unit)
        ax.set_yticks(range(len(compared)), [a.labels[s] for s in compared])
        ax.grid(alpha=0.3, axis="x")
    axes[0, 0].invert_yaxis()
    fig.tight_layout()
    return png(fig)


def territories(a) -> bytes:
    """Final cumulative net return per territory and scenario; and, against the
    baseline, its paired difference in % (* distinguishable from zero)."""
    import matplotlib.pyplot as plt

    order = _order(a)
    names = list(a.territories["territory"].drop_duplicates())
    mean = a.territories.pivot(index="territory", columns="scenario", values="mean")
    mean = mean.loc[names, order]
    panels = 1 if a.territory_diff.empty else 2
    width = 1.2 + 0.9 * len(order)
    fig, axes = plt.subplots(1, panels, figsize=(min(6 * panels + width, 22), 0.5 * len(names) + 2))
    axes = np.atleast_1d(axes)
    t = TEXT[a.lang]
    _heatmap(fig, axes[0], mean, a, "viridis", lambda v, s: number(v, a.lang, 0))
    axes[0].set_title(t["heat_mean"])
    if panels == 2:
        compared = list(a.territory_diff["scenario"].drop_duplicates())
        diff = a.territory_diff.pivot(index="territory", columns="scenario", values="mean")
        sure = a.territory_diff.pivot(
            index="territory", columns="scenario", values="distinguishable"
        )
        diff, sure = diff.loc[names, compared], sure.loc[names, compared]
        _heatmap(
            fig,
            axes[1],
            diff,
            a,
            "RdBu",
            lambda v, s: (
                f"{'+' if v > 0 else ''}{number(v, a.lang, 0)}{'*' if sure.iloc[s] else ''}"
            ),
            symmetric=True,
        )
        axes[1].set_title(t["heat_diff"].format(base=a.base_label))
    fig.tight_layout()
    return png(fig)


LABEL_BOX = {"boxstyle": "round,pad=0.1", "fc": "white", "alpha": 0.6, "lw": 0}


def _heatmap(fig, ax, table, a, cmap, text, symmetric: bool = False) -> None:
    """A territory x scenario table on a symmetric log colour scale: amounts span orders
    of magnitude between a metropolis and a small territory, and may be negative."""
    from matplotlib.colors import SymLogNorm

    values = table.to_numpy(float)
    finite = values[np.isfinite(values)]
    top = float(np.abs(finite).max()) if finite.size and np.abs(finite).max() > 0 else 1.0
    low = -top if symmetric or finite.min(initial=0) < 0 else 0.0
    norm = SymLogNorm(linthresh=max(top / 1000, 1e-9), vmin=low, vmax=top)
    image = ax.imshow(values, aspect="auto", cmap=cmap, norm=norm)
    _colorbar(fig, image, ax, norm, a.lang)
    labels = [a.labels[s] for s in table.columns]
    ax.set_xticks(range(table.shape[1]), labels, rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), list(table.index))
    if values.size <= 240:
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(j, i, text(v, (i, j)), ha="center", va="center", fontsize=7, bbox=LABEL_BOX)
