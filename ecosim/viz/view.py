"""What the page shows of the worlds, as figures and numbers: one world's network, the
KPI charts with one line per world, the running difference of the charted KPIs, and
the snapshot that puts all of it into one PNG for slides.

Everything is drawn from a `Frame`: a copy of what the worlds are at one quarter (the
networks' state, each world's KPI history up to it), taken between two quarters. The
page shows the latest frame while the model may already be stepping on, and the
snapshot draws the frame the page shows, so it names and shows the same quarter. The
live page and the snapshot draw with the same functions, so a slide shows exactly what
the class saw.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from ecosim.kpis import CHARTED, KPIS
from ecosim.numbers import number
from ecosim.viz.charts import WORLD_COLOURS, draw_kpis
from ecosim.viz.lessons import UI
from ecosim.viz.network import NetworkLayout, draw_network, sector_legend


@dataclass(frozen=True, eq=False)  # one frame is equal only to itself
class WorldFrame:
    """One world at one quarter: what its network and charts need, copied."""

    steps: int
    settings: dict
    layout: NetworkLayout
    live: np.ndarray
    primary: np.ndarray
    active: np.ndarray
    trust: np.ndarray
    history: tuple[list[int], dict[str, list[float]]]
    last_step: int  # the run's length: the charts' x range

    @classmethod
    def of(cls, model) -> WorldFrame:
        steps, series = model.history.series()
        return cls(
            steps=int(model.steps),
            settings=model.settings,
            layout=model.layout,
            live=np.array(model.state.live, dtype=float),
            primary=model.territories.specialization.argmax(axis=1),
            active=np.array(model.links.active),
            trust=np.array(model.links.trust, dtype=float),
            history=(list(steps), {k: list(v) for k, v in series.items()}),
            last_step=int(model.cfg.sim.steps),
        )


@dataclass(frozen=True, eq=False)
class Frame:
    """Every world of a classroom at one quarter (two in compare mode)."""

    worlds: tuple[WorldFrame, ...]
    running: bool = True

    @property
    def compared(self) -> bool:
        return len(self.worlds) == 2

    @property
    def quarter(self) -> int:
        return self.worlds[0].steps

    @classmethod
    def of(cls, classroom) -> Frame:
        return cls(tuple(WorldFrame.of(m) for m in classroom.worlds), bool(classroom.running))


def as_frame(what) -> Frame:
    """A frame, or a classroom's frame now."""
    return what if isinstance(what, Frame) else Frame.of(what)


#: sizes in points of the page's drawings, chosen so that at 1280x720 the networks'
#: labels are >= 14 px and the charts' ticks >= 12 px (tests/test_app_browser.py measures)
NETWORK_FIGSIZE = (4.2, 3.7)
NETWORK_LABEL = 11.0
NETWORK_TITLE = 11.0
CHARTS_FIGSIZE = (9.0, 6.0)
CHART_TICKS = 10.0


def draw_world(
    ax, world: WorldFrame, title: str, lang: str, label_size: float = NETWORK_LABEL
) -> None:
    """One world's territories and links at its frame's quarter."""
    draw_network(ax, world.layout, world.live, world.primary, world.active, world.trust,
                 title, label_size=label_size, title_size=NETWORK_TITLE)  # fmt: skip


def sectors_shown(frame: Frame) -> list[int]:
    """The dominant sectors the networks show (what the sector key lists)."""
    return sorted({int(s) for world in frame.worlds for s in world.primary})


def aligned(frame: Frame) -> tuple[list[int], list[dict]]:
    """The worlds' charted series cut to the quarters all of them have recorded."""
    histories = [world.history for world in frame.worlds]
    n = min(len(steps) for steps, _ in histories)
    steps = histories[0][0][:n]
    return steps, [{k: v[:n] for k, v in series.items()} for _, series in histories]


def draw_charts(
    axes, what, names: tuple[str, ...] | None, lang: str, text_size: float = 7, wrap=None
) -> None:
    frame = as_frame(what)
    steps, series = aligned(frame)
    labels = names or (None,) * len(series)
    last = max(frame.worlds[0].last_step, steps[-1] if steps else 0)
    lines = [(label, steps, s) for label, s in zip(labels, series, strict=True)]
    draw_kpis(axes, lines, lang, last, text_size=text_size, wrap=wrap)


def readable(value: float, lang: str = "en") -> str:
    """Enough digits to read a difference: EUR M as whole numbers, shares to 0.001."""
    if abs(value) >= 100:
        return number(value, lang, 0)
    return number(value, lang, 1 if abs(value) >= 10 else 3)


def signed(value: float, lang: str = "en") -> str:
    """A difference, with its sign even when positive."""
    return f"+{readable(value, lang)}" if value > 0 else readable(value, lang)


def difference_rows(what) -> tuple[int, list[tuple[str, float, float, float]]]:
    """The last common quarter and, per charted KPI: (key, left, right, right - left)."""
    steps, (left, right) = aligned(as_frame(what))
    if not steps:
        return 0, []
    rows = [(k, left[k][-1], right[k][-1], right[k][-1] - left[k][-1]) for k in CHARTED]
    return steps[-1], rows


def difference_table(what, names: tuple[str, str], lang: str) -> str:
    """The running difference "right - left" of the charted KPIs, as an HTML table."""
    words = UI[lang]
    quarter, rows = difference_rows(what)
    left, right = (html.escape(name) for name in names)
    head = (
        f"<tr><th>{words['quarter']} {quarter}</th><th>{left}</th><th>{right}</th>"
        f"<th>{right} − {left}</th></tr>"
    )
    body = "".join(
        f"<tr><td>{html.escape(KPIS[k].title(lang))}</td><td>{readable(a, lang)}</td>"
        f"<td>{readable(b, lang)}</td><td><b>{signed(d, lang)}</b></td></tr>"
        for k, a, b, d in rows
    )
    return head + body


def svg(fig: Figure, salt: str) -> str:
    """A figure as inline SVG markup whose texts stay text (so the browser draws them in
    its font and a test can measure them), scaled to its container's width."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # the drawing's own size goes: it takes its container's width, its height follows
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
    return text.replace("<svg", '<svg style="width: 100%; height: auto; display: block"', 1)


def world_svg(world: WorldFrame, title: str, lang: str, salt: str) -> str:
    fig = Figure(figsize=NETWORK_FIGSIZE)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.9))
    draw_world(ax, world, title, lang)
    return svg(fig, salt)


def charts_svg(frame: Frame, names: tuple[str, ...] | None, lang: str) -> str:
    fig = Figure(figsize=CHARTS_FIGSIZE)
    axes = fig.subplots(2, 2).ravel()
    fig.subplots_adjust(left=0.1, right=0.98, top=0.93, bottom=0.1, hspace=0.45, wspace=0.25)
    draw_charts(axes, frame, names, lang, text_size=CHART_TICKS)
    return svg(fig, "charts")


def snapshot_png(what, title: str, names: tuple[str, ...] | None, lang: str) -> bytes:
    """The view at a frame's quarter (every world's network, the KPI charts) as one PNG."""
    frame = as_frame(what)
    words = UI[lang]
    count = len(frame.worlds)
    fig = Figure(figsize=(13, 9), dpi=100)
    fig.suptitle(title, fontsize=14)
    grid = fig.add_gridspec(2, 4, height_ratios=(1.5, 1), left=0.05, right=0.98, top=0.92,
                            bottom=0.07, wspace=0.4, hspace=0.3)  # fmt: skip
    for i, world in enumerate(frame.worlds):
        ax = fig.add_subplot(grid[0, 2 * i : 2 * i + 2] if count == 2 else grid[0, 1:3])
        name = f" · {names[i]}" if names else ""
        draw_world(ax, world, f"{words['quarter']} {world.steps}{name}", lang)
        sector_legend(ax, world.primary, words["sector"])
        ax.title.set_color(WORLD_COLOURS[i])
    axes = [fig.add_subplot(grid[1, c]) for c in range(4)]
    draw_charts(axes, frame, names, lang, text_size=9, wrap=28)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
