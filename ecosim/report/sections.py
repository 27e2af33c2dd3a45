"""Report sections for the outputs of `ecosim sensitivity`, `ecosim search` and
`ecosim discover`.

`ecosim report SWEEP --add DIR [--add DIR]` appends them to a sweep's report: the
sensitivity ranking (ranked bars with 95% intervals, per KPI), the Pareto front of a
policy search (table and figure) and the box of a scenario discovery (restricted ranges,
its coverage and density on the held-out half of the runs beside the in-sample ones,
peeling trajectory). Each section is read from its directory's files
alone (`sensitivity.json` + `indices.csv`, `search.json` + `pareto.csv` + `trials.csv`,
or `discovery.json` + `box.csv` + `trajectory.csv`), so a section can be added to any
report once its command has run. Sections are in English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ecosim.config import ConfigError
from ecosim.kpis import heading
from ecosim.report.figures import Figure
from ecosim.report.render import Table


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def sensitivity_section(directory: Path) -> Section:
    from ecosim.analysis.sensitivity import INDICES, INFO, RANKED, ranking, sensitivity_figures

    info = json.loads((directory / INFO).read_text(encoding="utf-8"))
    indices = pd.read_csv(directory / INDICES)
    method = info["method"]
    value, conf = RANKED[method]
    scenario = " ".join(o for o in info["overrides"] if not o.startswith("hydra")) or "defaults"
    what = "Morris screening (mu_star: mean absolute elementary effect)"
    if method == "sobol":
        what = "Sobol indices (ST: total-order share of the variance)"
    text = (
        f"{what} of {len(info['params'])} parameters, {info['points']} design points x "
        f"{info['seeds']} seeds ({info['runs']} runs), scenario: {scenario}. Each point's "
        "KPIs are averaged over the same seeds; intervals are SALib's 95% bootstrap "
        "intervals. Parameters are ranked per KPI, most influential first."
    )
    table = Table(
        f"Sensitivity ranking ({value} [95% interval])",
        ["rank", *(heading(k) for k in info["kpis"])],
    )
    ranked = {k: r for k, r in ranking(indices, method).groupby("kpi", sort=False)}
    for i in range(len(info["params"])):
        cells = []
        for kpi in info["kpis"]:
            r = ranked[kpi].iloc[i]
            cells.append((f"{r['param']} {r[value]:.3g} ±{r[conf]:.2g}", False))
        table.rows.append([(str(i + 1), False), *cells])
    figures = [
        Figure(name, f"Sensitivity of {name.removeprefix('sensitivity-')}", "", png)
        for name, png in sensitivity_figures(indices, method)
    ]
    return Section("Sensitivity analysis", [text], [table], figures)


def search_section(directory: Path) -> Section:
    from ecosim.analysis.policy_search import FRONT, INFO, TRIALS, pareto_figure

    info = json.loads((directory / INFO).read_text(encoding="utf-8"))
    front = pd.read_csv(directory / FRONT)
    trials = pd.read_csv(directory / TRIALS)
    objectives = info["objectives"]
    goals = ", ".join(f"{d} {heading(k)}" for k, d in objectives.items())
    constraint = f"; constraint: {info['constraint']}" if info.get("constraint") else ""
    text = (
        f"Optuna ({info['sampler']}, seed {info['seed']}): {len(trials)} candidates, each "
        f"averaged over {info['seeds']} seeds; objectives: {goals}{constraint}. The table "
        "lists the Pareto front (no candidate is better on every objective); `rerun` runs "
        "a point again as a scenario."
    )
    keys = list(info["space"])
    table = Table("Pareto front", ["trial", *keys, *map(heading, objectives), "rerun"])
    for row in front.to_dict("records"):
        cells = [f"{row[k]:.4g}" if isinstance(row[k], float) else str(row[k]) for k in keys]
        cells += [f"{row[k]:.4g}" for k in objectives]
        table.rows.append([(str(row["trial"]), False), *((c, False) for c in cells)])
        table.rows[-1].append((row["rerun"], False))
    x, y = list(objectives)[:2]
    feasible = trials[trials["feasible"]] if "feasible" in trials else trials
    png = pareto_figure(feasible, front, x, y)
    figure = Figure("pareto", "Policy search: Pareto front", "numbers: trial ids", png)
    return Section("Policy search", [text], [table], [figure])


def discovery_section(directory: Path) -> Section:
    from ecosim.analysis.discovery import (
        BOX,
        INFO,
        TRAJECTORY,
        Box,
        Outcome,
        parse_outcome,
        peeling_figure,
        qp_text,
    )

    info = json.loads((directory / INFO).read_text(encoding="utf-8"))
    limits = pd.read_csv(directory / BOX)
    trajectory = pd.read_csv(directory / TRAJECTORY)
    outcome: Outcome = parse_outcome(info["outcome"])
    if "design" in info:
        where = (
            f"a Latin-hypercube design of {len(info['space'])} parameters "
            f"({info['samples']} points x {info['seeds']} seeds"
        )
        where += f", scenario: {' '.join(info['overrides']) or 'defaults'})"
    else:
        where = f"the sweep {info.get('sweep', info.get('from'))}"
    paired = (
        f" Paired against {info.get('baseline') or 'the sweep baseline'} with the same seed."
        if outcome.paired
        else ""
    )
    text = (
        f"PRIM (EMA Workbench) over {where}: {info['outcome']} holds in {info['holds']} of "
        f"{info['runs']} runs.{paired} " + _halves_text(info) + " Ranges outside the box are "
        "unrestricted. PRIM's quasi-p values are computed on the runs that chose the box, "
        "so they are no test of it; only the held-out density and coverage say how well "
        "the box holds."
    )
    table = Table(
        f"Scenario discovery: where {info['outcome']}",
        ["parameter", "range", "quasi-p (in-sample, not a test)"],
    )
    for r in limits.to_dict("records"):
        qp = qp_text(float(r["qp_low"]), float(r["qp_high"]))
        table.rows.append([(r["param"], False), (_range(r["low"], r["high"]), False), (qp, False)])
    measures = Table(
        "Coverage and density of the box",
        ["half", "runs", "where the outcome holds", "in the box", "density", "coverage"],
    )
    for name, prefix in (("held-out half", "held_out_"), ("in-sample half", "in_sample_")):
        if f"{prefix}runs" not in info:
            continue
        in_box = info.get(f"{prefix}in_box")
        key = "held_out_" if prefix == "held_out_" else ""
        cells = [name, str(info[f"{prefix}runs"]), str(info[f"{prefix}holds"])]
        cells += ["" if in_box is None else str(in_box)]
        cells += [_share(info.get(f"{key}density")), _share(info.get(f"{key}coverage"))]
        measures.rows.append([(c, prefix == "held_out_" and i >= 4) for i, c in enumerate(cells)])
    box = Box(trajectory, int(info["box"]), limits)
    figure = Figure(
        f"peeling-{directory.name}",
        f"Scenario discovery: peeling trajectory ({info['outcome']})",
        "Each point is a box, measured on the runs that chose it; circled: the box in the "
        "table; cross: its coverage and density on the held-out half.",
        peeling_figure(box, outcome, _held_out_point(info)),
    )
    tables = [table, measures] if measures.rows else [table]
    return Section(f"Scenario discovery: {info['outcome']}", [text], tables, [figure])


def _share(x) -> str:
    return "n/a" if x is None else f"{float(x):.0%}"


def _held_out_point(info: dict) -> tuple[float, float] | None:
    coverage, density = info.get("held_out_coverage"), info.get("held_out_density")
    return None if coverage is None or density is None else (coverage, density)


def _halves_text(info: dict) -> str:
    """Where the box was chosen and how it does on the runs that did not choose it; a
    discovery made before halves says it was measured on the runs that chose it only."""
    if "held_out_runs" not in info:
        return (
            f"The box below was chosen on all {info['runs']} runs, and measured on them "
            f"only (in-sample density {_share(info['density'])}, coverage "
            f"{_share(info['coverage'])}): no held-out measure; run the discovery again "
            "to measure it on held-out runs."
        )
    return (
        f"The box below was chosen on {info['in_sample_runs']} runs ({info['split']}, "
        f"split seed {info['split_seed']}) and measured on the other "
        f"{info['held_out_runs']}: there, {info['outcome']} holds in "
        f"{_share(info['held_out_density'])} of the runs in the box (held-out density), "
        f"and the box holds {_share(info['held_out_coverage'])} of the runs where it holds "
        f"(held-out coverage); on the runs that chose it, density "
        f"{_share(info['density'])} and coverage {_share(info['coverage'])} (in-sample)."
    )


def _range(low, high) -> str:
    """`[0.1, 0.5]` for a numeric range; the categories kept (as written) otherwise."""
    try:
        return f"[{float(low):.4g}, {float(high):.4g}]"
    except ValueError:
        return str(low)


def load_section(directory: Path) -> Section:
    """The section of a sensitivity, search or discovery output directory; ConfigError
    otherwise."""
    from ecosim.analysis.discovery import INFO as DISCOVERY
    from ecosim.analysis.policy_search import INFO as SEARCH
    from ecosim.analysis.sensitivity import INFO as SENSITIVITY

    directory = Path(directory)
    if (directory / SENSITIVITY).is_file():
        return sensitivity_section(directory)
    if (directory / SEARCH).is_file():
        return search_section(directory)
    if (directory / DISCOVERY).is_file():
        return discovery_section(directory)
    raise ConfigError(
        f"--add {directory}: expected the output directory of `ecosim sensitivity` "
        f"({SENSITIVITY}), `ecosim search` ({SEARCH}) or `ecosim discover` ({DISCOVERY})"
    )
