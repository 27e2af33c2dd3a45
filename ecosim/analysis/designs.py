"""Parameter spaces and experimental designs, run as explicit sweep plans.

Ranges come from the schema's declared bounds (`ecosim.config.iter_params`). Shares and
probabilities (schema range [0, 1], no unit) use the whole range; other parameters' bounds
are bounds of validity, often absurdly wide (`economy.birth_rate` up to 1000), so they
are narrowed to [default / 2, default x 2] within the schema bounds (`WIDTH`).
`--params key=lo:hi` sets a range explicitly. Integer parameters are rounded when run;
the indices use the design's unrounded values (effects per grid step).

A design's points run through `ecosim.runs` (each distinct point x each seed, common
random numbers) and are averaged per point; sensitivity and policy search share this.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.config import ConfigError, EcosimConfig, get_value, iter_params

#: non-share parameters vary within [default / WIDTH, default x WIDTH]
WIDTH = 2.0


@dataclass
class Param:
    key: str
    low: float
    high: float
    integer: bool

    def value(self, x: float) -> str:
        """The override value of a design coordinate (6 significant digits, ints rounded)."""
        return str(int(round(x))) if self.integer else f"{x:.6g}"


def schema_param(key: str, low: float | None = None, high: float | None = None) -> Param:
    """A parameter with its range: given, or from the schema's bounds (see module doc)."""
    fields = dict(iter_params())
    if key not in fields or fields[key].type not in ("int", "float", int, float):
        numeric = [k for k, f in fields.items() if f.type in ("int", "float", int, float)]
        raise ConfigError(
            f"--params: {key!r} is not a numeric parameter; e.g. {', '.join(numeric[:6])}"
        )
    meta, default = fields[key].metadata, get_value(EcosimConfig(), key)
    lo, hi = meta["min"], meta["max"]
    if low is None:
        if (lo, hi) == (0.0, 1.0) and not meta["unit"]:
            low, high = lo, hi
        else:
            span = sorted((default / WIDTH, default * WIDTH))
            low, high = max(lo, span[0]), min(hi, span[1])
    if not lo <= low < high <= hi:
        raise ConfigError(f"--params {key}={low}:{high} is not allowed; range within [{lo}, {hi}]")
    return Param(key, float(low), float(high), fields[key].type in ("int", int))


def parse_ranges(items: list[str], option: str, bare: bool = True) -> list[Param]:
    """`key=lo:hi` items (`--params`, `--space`) -> parameters with those ranges, within
    the schema's bounds; with `bare`, a `key` alone takes its default range."""
    params = []
    for item in items:
        key, _, bounds = item.strip().partition("=")
        if bare and not bounds:
            params.append(schema_param(key))
            continue
        try:
            low, high = (float(b) for b in bounds.split(":"))
        except ValueError:
            expected = "key or key=low:high" if bare else "key=low:high"
            raise ConfigError(f"{option} {item}: expected {expected}") from None
        params.append(schema_param(key, low, high))
    return params


def problem(params: list[Param]) -> dict:
    return {
        "num_vars": len(params),
        "names": [p.key for p in params],
        "bounds": [[p.low, p.high] for p in params],
    }


def design(method: str, params: list[Param], size: int, seed: int) -> np.ndarray:
    """The SALib sample: Morris trajectories (`size` of them, 4 grid levels) or Saltelli
    points for first-order and total Sobol indices (`size` base samples, a power of 2)."""
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(problem(params), size, num_levels=4, seed=seed)
    from SALib.sample import sobol

    return sobol.sample(problem(params), size, calc_second_order=False, seed=seed)


def point_overrides(params: list[Param], x: np.ndarray) -> list[list[str]]:
    return [[f"{p.key}={p.value(v)}" for p, v in zip(params, row, strict=True)] for row in x]


def run_design(
    out: Path, fixed: list[str], points: list[list[str]], seeds: int, n_jobs, announce=False
):
    """Each distinct point x each seed as one explicit plan, launched; the collected runs."""
    from ecosim.runs import collect
    from ecosim.runs.sweep import explicit_plan, launch
    from ecosim.runs.sweep_lock import hold

    distinct = list(dict.fromkeys(map(tuple, points)))  # Morris revisits grid points
    jobs = [[*p, f"seed={s}"] for p in distinct for s in range(seeds)]
    plan = explicit_plan(out, fixed, jobs, experiment=out.parent.name)
    with hold(out):  # not while `ecosim sweep --resume` runs the same directory
        code = launch(plan, n_jobs, announce=announce)
    if code:  # interrupted (130), or runs not complete (1: a run failed, a full disk):
        raise SystemExit(code)  # averaging over fewer seeds would break the pairing
    collected = collect.collect(out)
    collect.write(collected)
    return collected


def point_means(runs: pd.DataFrame, keys: list[str], points, kpis) -> pd.DataFrame:
    """Each design point's KPIs averaged over its seeds (complete runs), in design order."""
    from ecosim.runs.collect import parse_values

    done = runs[runs.status == "complete"]
    means = done.groupby(keys)[list(kpis)].mean()
    index = [tuple(parse_values(p)[k] for k in keys) for p in points]
    missing = [i for i in index if i not in means.index]
    if missing:
        raise ConfigError(
            f"{len(missing)} design points have no complete run; "
            "see `ecosim collect` on the output directory, then resume it"
        )
    return means.loc[index].reset_index(drop=True)
