"""What the page shows of the worlds, as figures and numbers: one world's network, the
KPI charts with one line per world, the running difference of the charted KPIs, and
the snapshot that puts all of it into one PNG for slides.

The live page and the snapshot draw with the same functions, so a slide shows exactly
what the class saw.
"""

from __future__ import annotations

import html
import io

from matplotlib.figure import Figure

from ecosim.kpis import CHARTED, KPIS
from ecosim.viz.charts import WORLD_COLOURS, draw_kpis
from ecosim.viz.lessons import UI
from ecosim.viz.network import draw_network, sector_legend
from ecosim.viz.worlds import Classroom, ClassroomModel


def draw_world(ax, model: ClassroomModel, title: str, lang: str) -> None:
    """One world's territories and links as they are now."""
    primary = model.territories.specialization.argmax(axis=1)
    draw_network(
        ax, model.layout, model.state.live, primary, model.links.active, model.links.trust, title
    )
    sector_legend(ax, primary, UI[lang]["sector"])


def aligned(classroom: Classroom) -> tuple[list[int], list[dict]]:
    """The worlds' charted series cut to the quarters all of them have recorded (the Play
    thread may have stepped one world and not yet the other while the page draws)."""
    histories = [model.history.series() for model in classroom.worlds]
    n = min(len(steps) for steps, _ in histories)
    steps = histories[0][0][:n]
    return steps, [{k: v[:n] for k, v in series.items()} for _, series in histories]


def draw_charts(axes, classroom: Classroom, names: tuple[str, ...] | None, lang: str) -> None:
    steps, series = aligned(classroom)
    labels = names or (None,) * len(series)
    last = max(classroom.worlds[0].cfg.sim.steps, steps[-1] if steps else 0)
    draw_kpis(
        axes, [(label, steps, s) for label, s in zip(labels, series, strict=True)], lang, last
    )


def readable(value: float) -> str:
    """Enough digits to read a difference: EUR M as whole numbers, shares to 0.001."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"


def signed(value: float) -> str:
    """A difference, with its sign even when positive."""
    return f"+{readable(value)}" if value > 0 else readable(value)


def difference_rows(classroom: Classroom) -> tuple[int, list[tuple[str, float, float, float]]]:
    """The last common quarter and, per charted KPI: (key, left, right, right - left)."""
    steps, (left, right) = aligned(classroom)
    if not steps:
        return 0, []
    rows = [(k, left[k][-1], right[k][-1], right[k][-1] - left[k][-1]) for k in CHARTED]
    return steps[-1], rows


def difference_table(classroom: Classroom, names: tuple[str, str], lang: str) -> str:
    """The running difference "right - left" of the charted KPIs, as an HTML table."""
    words = UI[lang]
    quarter, rows = difference_rows(classroom)
    left, right = (html.escape(name) for name in names)
    head = (
        f"<tr><th>{words['quarter']} {quarter}</th><th>{left}</th><th>{right}</th>"
        f"<th>{right} − {left}</th></tr>"
    )
    body = "".join(
        f"<tr><td>{html.escape(KPIS[k].title(lang))}</td><td>{readable(a)}</td>"
        f"<td>{readable(b)}</td><td><b>{signed(d)}</b></td></tr>"
        for k, a, b, d in rows
    )
    return head + body


def snapshot_png(
    classroom: Classroom, title: str, names: tuple[str, ...] | None, lang: str
) -> bytes:
    """The current view (every world's network, the KPI charts) as one PNG."""
    words = UI[lang]
    count = len(classroom.worlds)
    fig = Figure(figsize=(13, 9), dpi=100)
    fig.suptitle(title, fontsize=12)
    grid = fig.add_gridspec(2, 4, height_ratios=(1.5, 1), left=0.04, right=0.98, top=0.92,
                            bottom=0.07, wspace=0.35, hspace=0.25)  # fmt: skip
    for i, model in enumerate(classroom.worlds):
        ax = fig.add_subplot(grid[0, 2 * i : 2 * i + 2] if count == 2 else grid[0, 1:3])
        name = f" · {names[i]}" if names else ""
        draw_world(ax, model, f"{words['quarter']} {model.steps}{name}", lang)
        ax.title.set_color(WORLD_COLOURS[i])
    draw_charts([fig.add_subplot(grid[1, c]) for c in range(4)], classroom, names, lang)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
