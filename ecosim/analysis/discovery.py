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

**Halves.** A box chosen on some runs always looks better on those runs than it is: the
peeling follows their noise, and PRIM's quasi-p values are computed on the same runs, so
they are no test of the box. The box is therefore chosen on one half of the runs and
measured on the other (docs/STATISTICS.md): the halves are a seeded random split of the
*parameter points* (`split_halves`, `--split-seed`, default 0): every run of a point
(its seeds, and in a sweep every seed of a scenario) falls on the same side, so the
held-out half tests the box on points it did not see. `coverage` and `density` are the
box's on the half that chose it (in-sample), `held_out_coverage` and `held_out_density`
on the other half; only the held-out ones say how well the box holds.

The runs come from either
- a sweep directory or a named experiment (run first, like `ecosim sweep`): one row per
  run, the swept keys as parameters; or
- a Latin-hypercube design of `--params key=lo:hi,...` (`--samples` points x `--seeds`
  seeds, scipy's seeded `LatinHypercube`), run through the same launchers as sweeps.

An outcome on a paired KPI (`ecosim.kpis.PAIRED`, e.g. `periphery_gain`) compares each run
with its baseline run with the same seed: in a sweep, `--baseline key=value` (default
`policy=isolated`); in a design, each point's `baseline_point`
(`ecosim.analysis.distribution`). Output directory (`results/discovery/<stamp>/`):
`data.csv` (parameters, outcome value, whether it holds, the run's `half`: `chose` or
`held_out`), `trajectory.csv` (in-sample), `box.csv`,
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
#: how the runs are split in halves, as discovery.json and the report say it
SPLIT = "seeded random half of the parameter points, every run of a point on one side"
CHOSE, HELD_OUT = "chose", "held_out"
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


def split_halves(x: pd.DataFrame, seed: int = 0) -> np.ndarray:
    """True for the runs of the half that chooses the box: the distinct parameter points
    of `x` in a seeded random order, the first half of them (rounded up); every run of a
    point is on the same side."""
    points = x.astype(str).agg("\x1f".join, axis=1) if len(x.columns) else pd.Series("", x.index)
    distinct = points.drop_duplicates().to_numpy()
    order = np.random.default_rng(seed).permutation(len(distinct))
    chosen = set(distinct[order[: (len(distinct) + 1) // 2]])
    return points.isin(chosen).to_numpy()


def in_box(limits: pd.DataFrame, x: pd.DataFrame) -> np.ndarray:
    """True for the rows of `x` inside a box's restrictions (`Box.limits`): a categorical
    parameter in its kept categories, a numeric one within each restricted side (a side
    with a quasi-p value; the other side is open, so a run beyond the range of the runs
    that chose the box is not left out for it)."""
    inside = np.ones(len(x), dtype=bool)
    for r in limits.to_dict("records"):
        values = x[r["param"]]
        if isinstance(r["low"], set | frozenset):
            inside &= values.isin(r["low"]).to_numpy()
            continue
        v = values.to_numpy(float)
        if np.isfinite(r["qp_low"]):
            inside &= v >= float(r["low"])
        if np.isfinite(r["qp_high"]):
            inside &= v <= float(r["high"])
    return inside


@dataclass(frozen=True)
class Measures:
    """A box measured on some runs: `coverage` (share of the runs where the outcome holds
    that are in the box), `density` (share of the box's runs where it holds); NaN when
    there is nothing to divide by."""

    runs: int
    holds: int
    in_box: int
    coverage: float
    density: float


def measure(inside: np.ndarray, holds: np.ndarray) -> Measures:
    inside, holds = np.asarray(inside, bool), np.asarray(holds, bool)
    hits = int((inside & holds).sum())
    coverage = hits / holds.sum() if holds.any() else float("nan")
    density = hits / inside.sum() if inside.any() else float("nan")
    return Measures(len(holds), int(holds.sum()), int(inside.sum()), coverage, density)


@dataclass
class Halves:
    """The box chosen on one half of the runs and measured on both."""

    box: Box
    chose: np.ndarray  # True for the runs of the half that chose the box
    in_sample: Measures
    held_out: Measures


def prim_halves(
    x: pd.DataFrame,
    holds: np.ndarray,
    split_seed: int = 0,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
    min_coverage: float = 0.5,
) -> Halves:
    """PRIM's box chosen on one half of the runs (`split_halves`), measured on that half
    (in-sample) and on the other (held-out)."""
    holds = np.asarray(holds, bool)
    chose = split_halves(x, split_seed)
    if chose.all() or not chose.any():
        raise ConfigError(
            "scenario discovery needs at least two parameter points to choose the box on one "
            "half of the runs and measure it on the other"
        )
    if not holds[chose].any():
        raise ConfigError(
            f"the outcome holds in no run of the half that chooses the box ({chose.sum()} "
            f"runs; it holds in {holds.sum()} of {len(holds)}); add runs (--samples, "
            "--seeds) or try another --split-seed"
        )
    if holds[chose].all():  # PRIM needs runs where it fails: every box would be the whole space
        raise ConfigError(
            f"the outcome holds in every run of the half that chooses the box ({chose.sum()} "
            f"runs; it holds in {holds.sum()} of {len(holds)}): there is no range to find; "
            "choose a stricter --outcome (e.g. a higher threshold)"
        )
    box = prim_box(x[chose], holds[chose], peel_alpha, mass_min, min_coverage)
    inside = in_box(box.limits, x)
    return Halves(
        box,
        chose,
        measure(inside[chose], holds[chose]),
        measure(inside[~chose], holds[~chose]),
    )


def choose(trajectory: pd.DataFrame, min_coverage: float) -> int:
    """The densest box with coverage >= min_coverage (ties: larger coverage); the first
    box (the whole space) when none has that coverage."""
    ok = trajectory[trajectory.coverage >= min_coverage]
    if ok.empty:
        return 0
    best = ok.sort_values(["density", "coverage"], ascending=False, kind="stable")
    return int(best.index[0])


def peeling_figure(
    box: Box, outcome: Outcome, held_out: tuple[float, float] | None = None
) -> bytes:
    """Coverage against density of every box on the trajectory (colour: restricted
    parameters; in-sample), the chosen one circled, and its held-out coverage and density
    (a cross) when given."""
    plt = pyplot()
    t = box.trajectory
    fig, ax = plt.subplots(figsize=(7, 5))
    points = ax.scatter(t.coverage, t.density, c=t.res_dim, cmap="viridis", s=25, zorder=3)
    ax.plot(t.coverage, t.density, color="#999999", lw=0.8)
    ax.scatter(
        [box.coverage],
        [box.density],
        s=160,
        facecolors="none",
        edgecolors="#c44e52",
        zorder=4,
        label="chosen box, in-sample",
    )
    if held_out is not None and np.isfinite(held_out).all():
        ax.scatter(*held_out, s=90, marker="x", color="#c44e52", zorder=5, label="held-out")
        ax.legend(loc="lower left")
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
    split_seed: int = 0,
) -> Halves:
    """PRIM on a table of runs (parameters, `seed`, the outcome's KPI), the box chosen on
    one half of the runs and measured on the other (`prim_halves`); writes the results."""
    params = [c for c in table.columns if c != "seed" and c not in KPIS and c not in PAIRED]
    holds = outcome.holds(table[outcome.kpi])
    halves = prim_halves(table[params], holds, split_seed, peel_alpha, mass_min, min_coverage)
    box = halves.box
    data = table.assign(holds=holds, half=np.where(halves.chose, CHOSE, HELD_OUT))
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
        "split": SPLIT,
        "split_seed": split_seed,
        "box": box.chosen,
        "in_sample_runs": halves.in_sample.runs,
        "in_sample_holds": halves.in_sample.holds,
        "in_sample_in_box": halves.in_sample.in_box,
        "coverage": box.coverage,
        "density": box.density,
        "held_out_runs": halves.held_out.runs,
        "held_out_holds": halves.held_out.holds,
        "held_out_in_box": halves.held_out.in_box,
        "held_out_coverage": _number(halves.held_out.coverage),
        "held_out_density": _number(halves.held_out.density),
        "restricted": {r.param: [_plain(r.low), _plain(r.high)] for r in box.limits.itertuples()},
    }
    io.write_text(out / INFO, json.dumps(info, indent=1) + "\n")
    held = (halves.held_out.coverage, halves.held_out.density)
    image = peeling_figure(box, outcome, held)
    io.atomic_write(out / "figures" / "peeling.png", lambda p: p.write_bytes(image))
    return halves


def _number(x: float) -> float | None:
    """A measure as JSON writes it: None (null) when undefined."""
    return float(x) if np.isfinite(x) else None


def _plain(value):
    """A box limit as JSON writes it: a number, or the set of categories as a list."""
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    return float(value) if isinstance(value, int | float | np.number) else str(value)


def describe(halves: Halves, outcome: Outcome) -> str:
    """The box's held-out density and coverage, its in-sample ones, then one line per
    restricted parameter."""
    box, held, chosen = halves.box, halves.held_out, halves.in_sample
    lines = [
        f"discover: box chosen on {chosen.runs} runs ({SPLIT}); on the {held.runs} held-out "
        f"runs, {outcome} holds in {_share(held.density)} of the runs in the box (density), "
        f"which holds {_share(held.coverage)} of the runs where it holds (coverage); "
        f"in-sample: density {_share(box.density)}, coverage {_share(box.coverage)}"
    ]
    if box.limits.empty:
        lines.append("  no restriction: no box is denser than the whole space at that coverage")
    for r in box.limits.itertuples():
        lines.append(
            f"  {r.param}: {_range(r.low, r.high)} "
            f"(in-sample quasi-p {qp_text(r.qp_low, r.qp_high)}, not a test)"
        )
    return "\n".join(lines)


def _share(x) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.0%}"


def _range(low, high) -> str:
    if isinstance(low, set | frozenset):
        return "{" + ", ".join(sorted(map(str, low))) + "}"
    return f"[{low:.4g}, {high:.4g}]"


def qp_text(low: float, high: float) -> str:
    """The quasi-p value of each restricted side: `lower 0.02, upper 0.4` (a side that is
    not restricted is left out)."""
    sides = [f"{name} {v:.2g}" for name, v in (("lower", low), ("upper", high)) if np.isfinite(v)]
    return ", ".join(sides) or "n/a"
