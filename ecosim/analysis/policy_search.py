"""`ecosim search`: multi-objective search over policy parameters (Optuna).

Policy teams ask "which settings give the best long-run returns without losing more than
10% diversity?". No single setting answers that: improving one KPI costs another. The
search returns the **Pareto front**: candidates that no other candidate beats on every
objective (default: maximize `npv_long` and `attractiveness`, minimize `diversity_loss`
and `gini_investment`), optionally under a constraint such as `diversity_loss<=0.10`.

How: Optuna's NSGA-II sampler, seeded (`--seed`), asks for candidates in batches of
`--batch` (one NSGA-II generation). Each candidate runs over the same `--seeds` seeds
(common random numbers) and is scored by its KPIs' means. A batch is an explicit sweep
plan run by the `ecosim_plan` sweeper through the chosen launcher, so batches use a
cluster the way `ecosim sweep` does; all runs land in one directory and `plan.json` grows
with each batch. The study is stored in `study.db` (sqlite) in the output directory: no
external service. Given the same seed, space, objectives and batch size, the search asks
for the same candidates in the same order (Optuna's samplers are seeded and candidates
are told in order).

Interrupted (Ctrl-C, a killed process, a full disk), a search goes on with
`ecosim search --resume DIR`: the options are those kept in `request.json`, candidates
already told are kept (each stored with its record in the study), candidates asked but not
told are run again (their complete runs are not), and the sampler asks the remaining
candidates an uninterrupted search would have asked (it is seeded per batch, `sampler`).
One process at a time runs a search directory (`ecosim.runs.sweep_lock`).

Output directory (`results/search/<stamp>/`): the runs, `trials.csv` (every candidate:
its overrides as run, KPI means, feasibility, `rerun`), `pareto.csv`, `search.json`,
`figures/pareto.png`. Each candidate's `rerun` is the exact `ecosim run -m` command that
reruns it over the same seeds; `ecosim report SWEEP --add DIR` shows the front.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim import io
from ecosim.analysis.designs import Param, parse_ranges, schema_param
from ecosim.analysis.stats import pareto_front
from ecosim.config import ConfigError
from ecosim.kpis import DECISION, KPIS, PAIRED, heading
from ecosim.plots import png, pyplot

#: policy parameters searched by default, with the ranges searched
SPACE = (
    ("policy.link_budget", 0, 8),
    ("policy.openness", 0.0, 1.0),
    ("policy.cross_imitation", 0.0, 1.0),
    ("policy.drift_rate", 0.0, 0.06),
    ("protection.level", 0.0, 1.0),
)
#: objectives searched by default: the decision KPIs, each in its better direction
OBJECTIVES = {key: KPIS[key].direction for key in DECISION}
INFO, TRIALS, FRONT, STUDY = "search.json", "trials.csv", "pareto.csv", "study.db"
#: the command line of a search, kept in its directory for `--resume`
REQUEST = "request.json"


def parse_space(text: str | None) -> list[Param]:
    """`key=lo:hi,...` (ranges within the schema's bounds) or the default SPACE."""
    if not text:
        return [schema_param(k, lo, hi) for k, lo, hi in SPACE]
    return parse_ranges(text.split(","), "--space", bare=False)


def parse_objectives(text: str | None) -> dict[str, str]:
    """`npv_long:max,worst_off_gain:max` -> {kpi: direction}; a KPI of a run or a paired
    KPI (`ecosim.kpis.PAIRED`: against the `--baseline` run with the same seed)."""
    if not text:
        return dict(OBJECTIVES)
    out = {}
    for item in text.split(","):
        kpi, _, way = item.strip().partition(":")
        if (kpi not in KPIS and kpi not in PAIRED) or way not in ("max", "min"):
            raise ConfigError(
                f"--objectives {item}: expected KPI:max or KPI:min, "
                f"KPI one of {', '.join([*KPIS, *PAIRED])}"
            )
        out[kpi] = "maximize" if way == "max" else "minimize"
    if len(out) < 2:
        raise ConfigError("--objectives: give at least two objectives")
    return out


def parse_constraint(text: str | None) -> tuple[str, str, float] | None:
    """`diversity_loss<=0.10` or `share_gaining>=0.8` -> (kpi, op, bound)."""
    if not text:
        return None
    match = re.fullmatch(r"\s*(\w+)\s*(<=|>=)\s*([-+]?[0-9.]+(?:[eE][-+]?\d+)?)\s*", text)
    if not match or (match[1] not in KPIS and match[1] not in PAIRED):
        raise ConfigError(
            f"--constraint {text!r}: expected KPI<=value or KPI>=value, "
            f"KPI one of {', '.join([*KPIS, *PAIRED])}"
        )
    try:
        return match[1], match[2], float(match[3])
    except ValueError:
        raise ConfigError(f"--constraint {text!r}: {match[3]!r} is not a number") from None


def parse_baseline(text: str) -> str:
    """The baseline paired KPIs compare each candidate with (`key=value`)."""
    if "=" not in text or not text.split("=", 1)[1]:
        raise ConfigError(f"--baseline {text!r}: expected key=value, e.g. policy=isolated")
    return text


def violation(constraint, means: dict) -> float:
    """Optuna's convention: <= 0 when the constraint holds."""
    if constraint is None:
        return 0.0
    kpi, op, bound = constraint
    return means[kpi] - bound if op == "<=" else bound - means[kpi]


def suggest(trial, space: list[Param]) -> list[str]:
    """The candidate's overrides, values as they run (6 significant digits)."""
    out = []
    for p in space:
        if p.integer:
            value = trial.suggest_int(p.key, int(p.low), int(p.high))
        else:
            value = trial.suggest_float(p.key, p.low, p.high)
        out.append(f"{p.key}={p.value(value)}")
    return out


def rerun_command(fixed: list[str], candidate: list[str], seeds: int) -> str:
    task = [o for o in fixed if not o.startswith("hydra")]
    args = [*task, *candidate, f"seed=range(0,{seeds})"]
    return "ecosim run -m " + " ".join(shlex.quote(a) for a in args)


def sampler(seed: int, batch: int, constrained: bool, before: int):
    """NSGA-II for the batch asked after `before` candidates, seeded by the search's seed
    and `before`: NSGA-II keeps its generations in the study's storage and only its random
    generator in the process, so a resumed search asks what an uninterrupted one would."""
    import optuna

    return optuna.samplers.NSGAIISampler(
        population_size=batch,
        seed=int(np.random.SeedSequence([seed, before]).generate_state(1)[0]),
        constraints_func=(lambda t: [t.user_attrs["violation"]]) if constrained else None,
    )


def study(out: Path, objectives: dict, resume: bool = False):
    """The search's Optuna study, stored in `<out>/study.db`; `resume` loads it."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna.create_study(
        storage=f"sqlite:///{out.resolve() / STUDY}",
        study_name="ecosim-search",
        directions=list(objectives.values()),
        load_if_exists=resume,
    )


def stored_trials(opt) -> tuple[list, list]:
    """A resumed study's candidates: (records of those told, trials asked but never told,
    as trials whose suggestions return their stored values)."""
    import optuna
    from optuna.trial import TrialState

    told = [t.user_attrs["record"] for t in opt.trials if t.state == TrialState.COMPLETE]
    running = [t for t in opt.trials if t.state == TrialState.RUNNING]
    return told, [optuna.trial.Trial(opt, t._trial_id) for t in running]


def search(
    out: Path,
    fixed: list[str],
    space: list[Param],
    objectives: dict,
    constraint,
    n_trials: int,
    batch: int,
    seeds: int,
    seed: int = 0,
    n_jobs: int | None = None,
    baseline: str = "policy=isolated",
    resume: bool = False,
) -> pd.DataFrame:
    """Run the search (`resume`: go on with the study stored in `out`); writes its tables
    and figure, returns the Pareto front."""
    out.mkdir(parents=True, exist_ok=True)
    opt = study(out, objectives, resume)
    records, pending = stored_trials(opt)
    candidates = [r["overrides"] for r in records]
    while len(candidates) < n_trials:
        opt.sampler = sampler(seed, batch, constraint is not None, len(opt.trials))
        size = min(batch, n_trials - len(candidates))
        trials, pending = pending or [opt.ask() for _ in range(size)], []
        asked = [suggest(t, space) for t in trials]
        candidates += asked
        kpis = list(dict.fromkeys([*objectives, *([constraint[0]] if constraint else [])]))
        means = evaluate(out, fixed, space, candidates, len(asked), kpis, seeds, n_jobs, baseline)
        for trial, overrides, row in zip(trials, asked, means.to_dict("records"), strict=True):
            values = dict(o.split("=", 1) for o in overrides)
            record = {
                "trial": trial.number,
                **{p.key: (int if p.integer else float)(values[p.key]) for p in space},
                **{k: float(row[k]) for k in kpis},
                "feasible": bool(violation(constraint, row) <= 0),
                "rerun": rerun_command(fixed, overrides, seeds),
            }
            records.append(record)
            trial.set_user_attr("violation", float(violation(constraint, row)))
            trial.set_user_attr("record", {**record, "overrides": overrides})  # for a resume
            opt.tell(trial, [row[k] for k in objectives])
        print(f"search: {len(candidates)}/{n_trials} candidates evaluated", file=sys.stderr)
    table = pd.DataFrame(records).drop(columns="overrides", errors="ignore")
    signs = np.array([-1.0 if d == "maximize" else 1.0 for d in objectives.values()])
    feasible = table[table["feasible"]]
    front = feasible  # no feasible candidate: an empty front
    if len(feasible):
        front = feasible[pareto_front(feasible[list(objectives)].to_numpy(float) * signs)]
    io.atomic_write(out / TRIALS, lambda p: table.to_csv(p, index=False))
    io.atomic_write(out / FRONT, lambda p: front.to_csv(p, index=False))
    info = {
        "sampler": "NSGA-II",
        "seed": seed,
        "trials": n_trials,
        "batch": batch,
        "seeds": seeds,
        "overrides": fixed,
        "space": {p.key: [p.low, p.high] for p in space},
        "objectives": objectives,
        "constraint": "".join(map(str, constraint)) if constraint else None,
        "baseline": baseline if {*objectives, *(constraint or ())[:1]} & set(PAIRED) else None,
    }
    io.write_text(out / INFO, json.dumps(info, indent=1) + "\n")
    x, y = list(objectives)[:2]
    image = pareto_figure(feasible, front, x, y)
    io.atomic_write(out / "figures" / "pareto.png", lambda p: p.write_bytes(image))
    return front


def evaluate(
    out: Path,
    fixed: list[str],
    space: list[Param],
    candidates: list[list[str]],
    new: int,
    kpis: list[str],
    seeds: int,
    n_jobs,
    baseline: str,
) -> pd.DataFrame:
    """Run every candidate so far (finished runs are kept) and return the KPI means over
    seeds of the `new` last ones. Paired KPIs (`ecosim.kpis.PAIRED`) also run each
    candidate's baseline (`ecosim.analysis.distribution.baseline_point`) with its seeds."""
    from ecosim.analysis.designs import point_means, run_design
    from ecosim.analysis.distribution import run_paired_design

    paired = [k for k in kpis if k in PAIRED]
    if paired:
        collected, runs = run_paired_design(out, fixed, candidates, seeds, n_jobs, baseline)
    else:
        collected = run_design(out, fixed, candidates, seeds, n_jobs)
    asked = candidates[len(candidates) - new :]
    own = [k for k in kpis if k not in PAIRED]
    means = point_means(collected.runs, [p.key for p in space], asked, own)
    if paired:
        by_point = runs.groupby("point")[paired].mean()
        first = len(candidates) - new
        means[paired] = by_point.reindex(range(first, len(candidates))).to_numpy()
    return means


def pareto_figure(trials: pd.DataFrame, front: pd.DataFrame, x: str, y: str) -> bytes:
    """All feasible candidates (grey) and the Pareto front (numbered) on two objectives."""
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(7, 5))
    ax.scatter(trials[x], trials[y], color="#bbbbbb", s=20, label="candidates")
    ax.scatter(front[x], front[y], color="#c44e52", s=45, label="Pareto front")
    for row in front.itertuples():
        ax.annotate(str(row.trial), (getattr(row, x), getattr(row, y)), fontsize=8)
    ax.set_xlabel(heading(x))
    ax.set_ylabel(heading(y))
    ax.grid(alpha=0.3)
    ax.legend()
    return png(fig)
