"""`ecosim animate RUN_DIR`: a GIF of a run's network and KPIs, one frame per quarter, for
slides (a classroom without a network can still show the dynamics).

A run directory records per-territory and world series but not the links. Runs are
deterministic given their config and seed, so the links are recovered by replaying
the run from its `config.yaml`; the replay is checked against the recorded world
series, and a run that does not replay (made by another version of the model) is
refused rather than drawn wrong. Node sizes and colours come from the recorded
`timeseries.parquet`, the KPI lines too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ecosim import io
from ecosim.config import ConfigError, EcosimConfig, validate
from ecosim.kpis import CHARTED
from ecosim.runs.run_dir import is_done
from ecosim.viz.charts import draw_kpis
from ecosim.viz.network import NetworkLayout, draw_network, sector_legend

TITLES = {"en": "Quarter", "fr": "Trimestre"}
CHECKED = ("cum_net_return", "links", "live_startups")


def load_run(run_dir: Path) -> tuple[EcosimConfig, pd.DataFrame]:
    """The resolved config and the time series of a complete run directory."""
    from omegaconf import OmegaConf

    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise ConfigError(f"{run_dir} is not a directory; expected a run directory of `ecosim run`")
    missing = [f for f in ("config.yaml", "timeseries.parquet") if not (run_dir / f).is_file()]
    if missing or not is_done(run_dir):
        what = ", ".join(missing) if missing else "the .done marker (the run is incomplete)"
        raise ConfigError(f"{run_dir} lacks {what}; expected a complete run of `ecosim run`")
    try:
        merged = OmegaConf.merge(
            OmegaConf.structured(EcosimConfig), OmegaConf.load(run_dir / "config.yaml")
        )
        cfg = validate(OmegaConf.to_object(merged))
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - any unreadable config becomes one line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConfigError(f"{run_dir / 'config.yaml'} cannot be read: {first}") from exc
    return cfg, pd.read_parquet(run_dir / "timeseries.parquet")


def replay_links(cfg: EcosimConfig, world: pd.DataFrame):
    """The layout and each quarter's (active, trust) link matrices, from a replay checked
    against the recorded world series."""
    from ecosim.core.model import EcosystemModel

    model = EcosystemModel(cfg)
    try:
        layout = NetworkLayout.of(model.territories, model.state.live)
        links, replayed = [], []
        for _ in range(len(world)):
            model.step()
            links.append((model.links.active.copy(), model.links.trust.copy()))
            replayed.append([model.world_metrics[k] for k in CHECKED])
    finally:
        model.release()
    if not np.allclose(np.asarray(replayed), world[list(CHECKED)].to_numpy(), rtol=1e-9):
        raise ConfigError(
            "the run does not replay from its config.yaml (made by another version of "
            "ecosim?); re-run it with `ecosim run` and animate the new directory"
        )
    return layout, links


def animate(run_dir: Path, out: Path | None = None, fps: int = 4, lang: str = "en") -> Path:
    """Write the animation (GIF) and return its path: one frame per recorded quarter."""
    from matplotlib.animation import PillowWriter
    from matplotlib.figure import Figure

    run_dir = Path(run_dir)
    out = Path(out) if out else run_dir / "animation.gif"
    cfg, ts = load_run(run_dir)
    world = ts[ts.territory == "world"].sort_values("step").reset_index(drop=True)
    if world.empty:
        raise ConfigError(f"{run_dir} has no recorded quarters to animate")
    layout, links = replay_links(cfg, world)
    terr = ts[ts.territory != "world"]
    by_step = {
        step: rows.set_index("territory").loc[list(layout.names)]
        for step, rows in terr.groupby("step")
    }
    fig = Figure(figsize=(11, 5), dpi=80)
    grid = fig.add_gridspec(2, 3, width_ratios=(1.25, 1, 1), left=0.02, right=0.98,
                            top=0.9, bottom=0.1, wspace=0.35, hspace=0.5)  # fmt: skip
    ax_net = fig.add_subplot(grid[:, 0])
    kpi_axes = [fig.add_subplot(grid[r, c]) for r in range(2) for c in (1, 2)]
    steps = world["step"].astype(int).tolist()
    series = {k: world[k].tolist() for k in CHARTED}
    label = f"{cfg.world.name} · {cfg.policy.name} · seed {cfg.seed}"

    def write(tmp: Path) -> None:
        writer = PillowWriter(fps=fps)
        with writer.saving(fig, str(tmp), dpi=80):
            for i, step in enumerate(steps):
                rows = by_step[step]
                primary = rows["primary_sector"].to_numpy().astype(int)
                active, trust = links[i]
                title = f"{TITLES[lang]} {step} · {label}"
                draw_network(ax_net, layout, rows["live_startups"], primary, active, trust, title)
                sector_legend(ax_net, primary, "sector" if lang == "en" else "secteur")
                part = {k: v[: i + 1] for k, v in series.items()}
                draw_kpis(kpi_axes, [(None, steps[: i + 1], part)], lang, last_step=steps[-1])
                writer.grab_frame()

    io.atomic_write(out, write, suffix=".tmp.gif")
    return out
