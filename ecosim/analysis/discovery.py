"""`ecosim discover`: under which conditions does an outcome hold? (scenario discovery)

A policy team asks "under which conditions does a small territory gain?", not "what is
the average gain?". Scenario discovery answers with *boxes*: ranges of a few parameters
inside which the outcome (e.g. `periphery_gain>0`) holds in most runs. The boxes come from
PRIM (Friedman and Fisher's patient rule induction), as implemented by the EMA Workbench
(`ema_workbench.analysis.prim`): starting from the whole space, it peels a thin slice
(`--peel-alpha`) off one side of one parameter at a time, the slice whose removal raises
the share of runs where the outcome holds the most, until the box holds `--mass-min` of
the runs; then pastes back what helps. Each box of this *peeling trajectory* has a
**coverage** (share of all runs where the outcome holds that fall in the box) and a
**density** (share of the box's runs where it holds): peeling trades one for the other.
The box reported is the densest whose coverage is at least `--min-coverage` (ties: the
larger coverage); the whole trajectory is kept (`trajectory.csv`, the figure), and each
restricted parameter's range comes with PRIM's quasi-p value (a one-sided binomial test of
that restriction, Bryant and Lempert 2010).

The runs come from either
- a sweep directory or a named experiment (run first, like `ecosim sweep`): one row per
  run, the swept keys as parameters; or
- a Latin-hypercube design of `--params key=lo:hi,...` (`--samples` points x `--seeds`
  seeds, scipy's seeded `LatinHypercube`), run through the same launchers as sweeps.

An outcome on a paired KPI (`ecosim.kpis.PAIRED`, e.g. `periphery_gain`) compares each run
with its baseline run with the same seed: in a sweep, `--baseline key=value` (default
`policy=isolated`); in a design, each point's `baseline_point`
(`ecosim.analysis.distribution`). Output directory (`results/discovery/<stamp>/`):
`data.csv` (parameters, outcome value, whether it holds), `trajectory.csv`, `box.csv`,
`discovery.json`, `figures/peeling.png`; `ecosim report SWEEP --add DIR` adds its section.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from inspect import signature
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim import io
from ecosim.analysis.designs import Param, parse_ranges, point_overrides
from ecosim.config import ConfigError
from ecosim.kpis import KPIS, PAIRED
from ecosim.plots import png, pyplot

INFO, DATA, TRAJECTORY, BOX = "discovery.json", "data.csv", "trajectory.csv", "box.csv"
#: what discovery.json says about where its runs came from
SOURCE_KEYS = ("design", "samples", "seeds", "design_seed", "overrides", "baseline", "space")
SOURCE_KEYS += ("sweep", "experiment")
OPERATORS = {
    ">": np.greater,
    ">=": np.greater_equal,
    "<": np.less,
    "<=": np.less_equal,
}


@dataclass(frozen=True)
class Outcome:
    kpi: str
    op: str
    bound: float

    def __str__(self) -> str:
        return f"{self.kpi}{self.op}{self.bound:g}"

    @property
    def paired(self) -> bool:
        return self.kpi in PAIRED

    def holds(self, values) -> np.ndarray:
        """True where it holds; an undefined value (NaN) does not hold."""
        return OPERATORS[self.op](np.asarray(values, float), self.bound)


def parse_outcome(text: str) -> Outcome:
    """`periphery_gain>0` -> Outcome; a KPI of a run or a paired KPI, then <, <=, >, >=."""
    match = re.fullmatch(r"\s*(\w+)\s*(<=|>=|<|>)\s*([-+]?[0-9.]+(?:[eE][-+]?\d+)?)\s*", text)
    if not match:
        raise ConfigError(
            f"--outcome {text!r}: expected KPI>value, KPI>=value, KPI<value or KPI<=value"
        )
    kpi = match[1]
    if kpi not in KPIS and kpi not in PAIRED:
        allowed = ", ".join([*KPIS, *PAIRED])
        raise ConfigError(f"--outcome {text!r}: {kpi!r} is not a KPI; allowed: {allowed}")
    try:
        bound = float(match[3])
    except ValueError:
        raise ConfigError(f"--outcome {text!r}: {match[3]!r} is not a number") from None
    return Outcome(kpi, match[2], bound)


def parse_params(text: str) -> list[Param]:
    """`key=lo:hi,...` -> the design's parameters (at least one)."""
    params = parse_ranges(text.split(","), "--params")
    if len({p.key for p in params}) != len(params):
        raise ConfigError("--params: a parameter is listed twice")
    return params


def latin_hypercube(params: list[Param], samples: int, seed: int) -> np.ndarray:
    """`samples` points, one per stratum of each parameter's range (scipy, seeded)."""
    from scipy.stats import qmc

    unit = qmc.LatinHypercube(d=len(params), seed=seed).random(samples)
    return qmc.scale(unit, [p.low for p in params], [p.high for p in params])


@dataclass
class Box:
    """The reported box and the trajectory it was chosen from."""

    trajectory: pd.DataFrame  # one row per box: coverage, density, mass, res_dim, n, k
    chosen: int
    limits: pd.DataFrame  # param, low, high, qp_low, qp_high (restricted parameters only)

    @property
    def coverage(self) -> float:
        return float(self.trajectory.loc[self.chosen, "coverage"])

    @property
    def density(self) -> float:
        return float(self.trajectory.loc[self.chosen, "density"])


def prim_box(
    x: pd.DataFrame,
    holds: np.ndarray,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float = 0.5,
) -> Box:
    """PRIM's first box (EMA Workbench) over the parameters `x`; see the module doc."""
    with warnings.catch_warnings():  # ema_workbench warns about optional parallel backends
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

    y = np.asarray(holds, dtype=int)
    peeling = {"peel_alpha": peel_alpha, "mass_min": mass_min}
    # integers as reals: ema_workbench 2.5's pasting writes fractional limits into them
    x = x.apply(lambda c: c.astype(float) if pd.api.types.is_numeric_dtype(c) else c)
    if y.sum() == 0:
        raise ConfigError("the outcome holds in no run: there is no box to find")
    # The threshold marks the cases of interest (y >= it, so y = 1) and is the density a
    # box needs to be kept; just above 0, every peeling trajectory is kept and the box is
    # chosen from it (`choose`), not cut by PRIM.
    # EMA Workbench 2.5 (Python 3.11) marks the cases of interest with a threshold on y;
    # 3.x (Python >= 3.12) takes them as booleans and has no threshold.
    if "threshold" in signature(prim.Prim.__init__).parameters:
        finder = prim.Prim(x.reset_index(drop=True), y, threshold=1e-9, **peeling)
    else:
        finder = prim.Prim(x.reset_index(drop=True), y.astype(bool), **peeling)
    found = finder.find_box()
    trajectory = found.peeling_trajectory.reset_index(drop=True)
    chosen = choose(trajectory, min_coverage)
    # The chosen box's limits and quasi-p values, read from the box rather than through
    # `inspect`, which fails on categorical parameters with recent pandas. `qp` lists the
    # restricted parameters; -1 marks a side that is not restricted.
    qps = vars(found)["p_values" if "p_values" in vars(found) else "qp"]  # 3.x / 2.5 name
    lims, qp = found.box_lims[chosen], qps[chosen]
    restricted = sorted(qp, key=lambda p: min(v for v in qp[p] if v >= 0) if max(qp[p]) >= 0 else 1)
    limits = pd.DataFrame(
        {
            "param": restricted,
            "low": [lims[p].iloc[0] for p in restricted],
            "high": [lims[p].iloc[1] for p in restricted],
            "qp_low": [qp[p][0] if qp[p][0] >= 0 else np.nan for p in restricted],
            "qp_high": [qp[p][1] if qp[p][1] >= 0 else np.nan for p in restricted],
        }
    )
    return Box(trajectory, chosen, limits)


def choose(trajectory: pd.DataFrame, min_coverage: float) -> int:
    """The densest box with coverage >= min_coverage (ties: larger coverage); the first
    box (the whole space) when none has that coverage."""
    ok = trajectory[trajectory.coverage >= min_coverage]
    if ok.empty:
        return 0
    best = ok.sort_values(["density", "coverage"], ascending=False, kind="stable")
    return int(best.index[0])


def peeling_figure(box: Box, outcome: Outcome) -> bytes:
    """Coverage against density of every box on the trajectory (colour: restricted
    parameters), the chosen one circled."""
    plt = pyplot()
    t = box.trajectory
    fig, ax = plt.subplots(figsize=(7, 5))
    points = ax.scatter(t.coverage, t.density, c=t.res_dim, cmap="viridis", s=25, zorder=3)
    ax.plot(t.coverage, t.density, color="#999999", lw=0.8)
    ax.scatter(
        [box.coverage], [box.density], s=160, facecolors="none", edgecolors="#c44e52", zorder=4
    )
    fig.colorbar(points, ax=ax, label="restricted parameters")
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.set_title(f"PRIM peeling trajectory: {outcome}")
    ax.grid(alpha=0.3)
    return png(fig)


def sweep_table(sweep_dir: Path, outcome: Outcome, baseline: str | None) -> pd.DataFrame:
    """One row per run of a sweep: its swept keys and the outcome's KPI (paired runs only
    for a paired KPI, the baseline's own runs left out)."""
    from ecosim.analysis.distribution import choose_baseline, distribution
    from ecosim.runs import collect

    collected = collect.collect(Path(sweep_dir))
    factors = [k for k in collected.factors if k != "seed"]
    if not factors:
        raise ConfigError(f"{sweep_dir}: nothing is swept but the seed; no parameter to explain")
    done = collected.complete
    if done.empty:
        raise ConfigError(f"{sweep_dir} has no complete run; finish it with ecosim sweep --resume")
    if not outcome.paired:
        return done[[*factors, "seed", outcome.kpi]].reset_index(drop=True)
    factor, base = choose_baseline(collected, baseline)
    within = [k for k in factors if k != factor]
    runs = distribution(collected, factor, base, within).runs
    keep = [k for k in (factor, *within) if runs[k].nunique() > 1]
    if not keep:
        raise ConfigError(
            f"{sweep_dir}: no swept key varies among the runs compared with {factor}={base}; "
            "sweep a parameter (or use --params for a design)"
        )
    return runs[[*keep, "seed", outcome.kpi]].reset_index(drop=True)


def design_table(
    out: Path,
    fixed: list[str],
    params: list[Param],
    x: np.ndarray,
    seeds: int,
    outcome: Outcome,
    baseline: str,
    n_jobs,
) -> pd.DataFrame:
    """Run a design (each point x each seed, and for a paired KPI each point's baseline);
    one row per run: the point's parameters (as run), `seed` and the KPIs (every paired
    KPI for a paired outcome, every KPI of a run otherwise), so that another outcome on
    the same runs needs no new run (`ecosim discover DIR --outcome ...`)."""
    from ecosim.analysis.designs import run_design
    from ecosim.analysis.distribution import run_paired_design
    from ecosim.runs.collect import parse_values

    points = point_overrides(params, x)
    values = pd.DataFrame([parse_values(p) for p in points])[[p.key for p in params]]
    if outcome.paired:
        _, runs = run_paired_design(out, fixed, points, seeds, n_jobs, baseline)
    else:
        collected = run_design(out, fixed, points, seeds, n_jobs)
        keys = [p.key for p in params]
        runs = collected.complete.merge(values.reset_index(names="point"), on=keys, how="inner")
    table = values.iloc[runs["point"].to_numpy()].reset_index(drop=True)
    table["seed"] = runs["seed"].to_numpy()
    for kpi in PAIRED if outcome.paired else [k for k in KPIS if k in runs.columns]:
        table[kpi] = runs[kpi].to_numpy(float)
    return table


def stored_table(directory: Path, outcome: Outcome) -> tuple[pd.DataFrame, dict]:
    """The runs of an earlier discovery (its data.csv), for another outcome."""
    info = json.loads((directory / INFO).read_text(encoding="utf-8"))
    data = pd.read_csv(directory / DATA)
    if outcome.kpi not in data.columns:
        kept = [c for c in data.columns if c in KPIS or c in PAIRED]
        raise ConfigError(
            f"--outcome {outcome}: {directory} holds {', '.join(kept)}; run a new discovery"
        )
    params = info["params"]
    return data[[*params, "seed", *(c for c in data.columns if c in KPIS or c in PAIRED)]], {
        **{k: v for k, v in info.items() if k in SOURCE_KEYS},
        "from": str(directory),
    }


def runs_from_design(
    out: Path,
    fixed: list[str],
    params: list[Param],
    samples: int,
    seeds: int,
    design_seed: int,
    outcome: Outcome,
    baseline: str,
    n_jobs,
) -> tuple[pd.DataFrame, dict]:
    """A Latin-hypercube design of `params` (`samples` points x `seeds` seeds), run into
    `out`: its table of runs (`design_table`) and where they came from."""
    x = latin_hypercube(params, samples, design_seed)
    source = {
        "design": "latin_hypercube",
        "samples": samples,
        "seeds": seeds,
        "design_seed": design_seed,
        "overrides": fixed,
        "baseline": baseline,
        "space": {p.key: [p.low, p.high] for p in params},
    }
    return design_table(out, fixed, params, x, seeds, outcome, baseline, n_jobs), source


def runs_from_target(
    target: str,
    overrides: list[str],
    fixed: list[str],
    outcome: Outcome,
    baseline: str | None,
    n_jobs,
) -> tuple[pd.DataFrame, dict]:
    """The runs of `target` and where they came from: an earlier discovery (its data.csv),
    a sweep directory, or a named experiment, run first with the `fixed` overrides
    (stdout is left to the caller). `overrides` are the scenario's own, which only an
    experiment takes."""
    from ecosim.runs.sweep import experiments, launch, make_plan

    if (Path(target) / INFO).is_file():
        if overrides:
            raise ConfigError("a discovery directory takes no overrides; they were set when it ran")
        return stored_table(Path(target), outcome)
    if Path(target).is_dir():
        if overrides:
            raise ConfigError("a sweep directory takes no overrides; they were set when it ran")
        source = {"sweep": str(target), "baseline": baseline}
        return sweep_table(Path(target), outcome, baseline), source
    if target in experiments():
        plan = make_plan([f"experiment={target}", *fixed])
        code = launch(plan, n_jobs, announce=False)
        if code == 130:
            raise SystemExit(130)
        source = {"sweep": str(plan.sweep_dir), "experiment": target, "baseline": baseline}
        return sweep_table(plan.sweep_dir, outcome, baseline), source
    allowed = ", ".join(experiments())
    raise ConfigError(
        f"{target!r} is neither a sweep directory nor an experiment ({allowed}); "
        "or give --params key=low:high,..."
    )


def discover(
    table: pd.DataFrame,
    outcome: Outcome,
    out: Path,
    source: dict,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float = 0.5,
) -> Box:
    """PRIM on a table of runs (parameters, `seed`, the outcome's KPI); writes the results."""
    params = [c for c in table.columns if c != "seed" and c not in KPIS and c not in PAIRED]
    holds = outcome.holds(table[outcome.kpi])
    box = prim_box(table[params], holds, peel_alpha, mass_min, min_coverage)
    data = table.assign(holds=holds)
    io.atomic_write(out / DATA, lambda p: data.to_csv(p, index=False))
    io.atomic_write(out / TRAJECTORY, lambda p: box.trajectory.to_csv(p, index=False))
    io.atomic_write(out / BOX, lambda p: box.limits.to_csv(p, index=False))
    info = {
        "outcome": str(outcome),
        **source,
        "runs": len(table),
        "holds": int(holds.sum()),
        "params": params,
        "peel_alpha": peel_alpha,
        "mass_min": mass_min,
        "min_coverage": min_coverage,
        "box": box.chosen,
        "coverage": box.coverage,
        "density": box.density,
        "restricted": {r.param: [_plain(r.low), _plain(r.high)] for r in box.limits.itertuples()},
    }
    io.write_text(out / INFO, json.dumps(info, indent=1) + "\n")
    image = peeling_figure(box, outcome)
    io.atomic_write(out / "figures" / "peeling.png", lambda p: p.write_bytes(image))
    return box


def _plain(value):
    """A box limit as JSON writes it: a number, or the set of categories as a list."""
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    return float(value) if isinstance(value, int | float | np.number) else str(value)


def describe(box: Box, outcome: Outcome, runs: int) -> str:
    """One line per restricted parameter, after the box's coverage and density."""
    lines = [
        f"discover: {outcome} holds in {box.density:.0%} of the runs in the box "
        f"(density), which holds {box.coverage:.0%} of the runs where it holds (coverage); "
        f"{runs} runs"
    ]
    if box.limits.empty:
        lines.append("  no restriction: no box is denser than the whole space at that coverage")
    for r in box.limits.itertuples():
        lines.append(
            f"  {r.param}: {_range(r.low, r.high)} (quasi-p {qp_text(r.qp_low, r.qp_high)})"
        )
    return "\n".join(lines)


def _range(low, high) -> str:
    if isinstance(low, set | frozenset):
        return "{" + ", ".join(sorted(map(str, low))) + "}"
    return f"[{low:.4g}, {high:.4g}]"


def qp_text(low: float, high: float) -> str:
    """The quasi-p value of each restricted side: `lower 0.02, upper 0.4` (a side that is
    not restricted is left out)."""
    sides = [f"{name} {v:.2g}" for name, v in (("lower", low), ("upper", high)) if np.isfinite(v)]
    return ", ".join(sides) or "n/a"
