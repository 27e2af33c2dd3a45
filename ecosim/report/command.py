"""`ecosim report <sweep_dir>`: a self-contained HTML report and a markdown summary.

The report answers "which scenario does better, by how much, and how sure are we":
KPIs per scenario with 95% intervals, paired differences against a baseline scenario
(same seeds, common random numbers), world time series with bands, the trade-off
between attractiveness, diversity loss and long-run returns, a per-territory breakdown,
and findings written from those numbers (`ecosim.report.text`).

Every comparison with the baseline has a verdict (docs/STATISTICS.md): *distinguishable*
(its p-value, adjusted with Benjamini-Hochberg over all the report's comparisons, is
below 5% and its 95% interval excludes zero), *equivalent* (TOST within the KPI's
smallest effect, `ecosim.kpis.smallest_effect`) or *not established*. The comparisons
corrected together (`correct`) are every compared scenario's paired difference on each
REPORTED KPI, on the final cumulative net return of each territory, and on the
periphery's gain. In a posterior sweep every interval is clustered by posterior draw
(`Collected.cluster`).

Scenarios and baseline: a scenario is one combination of swept values other than the
seed. The baseline is one value of one swept key (`--baseline policy=isolated`; by
default `policy=isolated` when policies are swept, else the first value of the first
swept key); every other value of that key is compared with it at the same values of
the other swept keys, seed by seed.

This module computes the numbers (`analyse`) and writes the files; the figures are in
`ecosim.report.figures`, the HTML and markdown in `ecosim.report.render`. Files:
`report.html` (figures embedded as base64 PNG: one file that opens offline),
`report.md` and `figures/*.png`, in `<sweep_dir>/report/` or `--out`; the sweep's
tables (`ecosim collect`) are written too, and everything is read from them. The
command's arguments are read in `ecosim.cli.report`.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim import io
from ecosim.analysis.distribution import Distribution, biggest_losers, choose_baseline, distribution
from ecosim.analysis.robustness import robustness
from ecosim.analysis.stats import (
    adjust_verdicts,
    comparison,
    grouped_ci,
    paired_differences,
    pareto_efficient,
)
from ecosim.config import ConfigError
from ecosim.kpis import CHARTED, REPORTED, smallest_effect
from ecosim.names import preset_name
from ecosim.report.text import (
    Finding,
    effect,
    headline_sentence,
    loser_sentence,
    pareto_sentence,
    robust_sentence,
    scenario_findings,
    territory_sentence,
    who_sentence,
)
from ecosim.runs import collect as collect_mod


@dataclass
class Analysis:
    """Every number the report shows, computed once from the collected tables."""

    collected: collect_mod.Collected
    lang: str
    factor: str | None  # the compared key; None when there is a single scenario
    baseline: object  # its baseline value
    base_label: str  # how the findings and tables name the baseline
    labels: dict[str, str]  # scenario -> display label, in the sweep's order
    kpis: pd.DataFrame  # grouped_ci of the REPORTED KPIs by scenario
    paired: pd.DataFrame  # paired_differences + the compared `scenario`
    bands: pd.DataFrame  # grouped_ci of the CHARTED world series by scenario and step
    territories: pd.DataFrame  # grouped_ci of the final cum_net_return by scenario, territory
    territory_diff: pd.DataFrame  # its paired differences, by territory
    findings: list[Finding]
    pareto: str  # the frontier sentence ("" with a single scenario)
    distribution: Distribution | None = None  # who wins, who pays (None: no baseline)
    who: list[str] = field(default_factory=list)  # one sentence per compared scenario
    losers: list[str] = field(default_factory=list)  # the biggest losers' channels
    robust: pd.DataFrame | None = None  # robustness over posterior draws (posterior sweeps)
    family: dict[str, int] = field(default_factory=dict)  # comparisons corrected together
    periphery: pd.DataFrame | None = None  # the periphery's gain per scenario, judged
    headline: str = ""  # the main message, on the scenario with the largest total gain


#: the correction for many comparisons every report uses (`ecosim.analysis.stats`)
CORRECTION = "bh"
#: the verdict columns a comparison carries into the tables that show it
VERDICT_COLUMNS = ["p_value", "p_equivalence", "margin", "p_adjusted", "verdict", "distinguishable"]


#: the KPIs whose robustness over the posterior a finding states in words (all REPORTED
#: KPIs are in the robustness table)
ROBUST_SENTENCES = ("cum_net_return", "diversity_loss", "attractiveness")


def short_keys(keys: list[str]) -> dict[str, str]:
    """`link_budget` for `policy.link_budget`, unless two keys would then read the same."""
    short = {k: k.rsplit(".", 1)[-1] for k in keys}
    return short if len(set(short.values())) == len(keys) else {k: k for k in keys}


def display_labels(collected: collect_mod.Collected, lang: str = "en") -> dict[str, str]:
    """`complementarity` when only the policy is swept (`Complémentarité` in French),
    `policy=random, link_budget=3` when several keys are."""
    factors = [k for k in collected.factors if k != "seed"]
    first = collected.runs.drop_duplicates("scenario")
    if not factors:
        return dict(zip(first["scenario"], first["scenario"], strict=True))
    if len(factors) == 1:
        names = [preset_name(factors[0], v, lang) for v in first[factors[0]]]
        return dict(zip(first["scenario"], names, strict=True))
    short = short_keys(factors)
    return {
        row["scenario"]: ", ".join(f"{short[k]}={row[k]}" for k in factors)
        for row in first.to_dict("records")
    }


def baseline_label(collected: collect_mod.Collected, factor: str, base, lang: str = "en") -> str:
    """What a scenario is compared with: `isolated` (`Isolement` in French), or
    `link_budget=0` (the other swept keys being those of the scenario itself)."""
    factors = [k for k in collected.factors if k != "seed"]
    if len(factors) == 1:
        return preset_name(factor, base, lang)
    return f"{short_keys(factors)[factor]}={base}"


def name_scenarios(paired: pd.DataFrame, done: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Add the compared scenario's name to paired-difference rows (found by its keys)."""
    if paired.empty:  # no scenario has a complete run to pair with the baseline's
        return paired
    names = done[[*keys, "scenario"]].drop_duplicates(keys)
    return paired.merge(names, on=keys, how="left")


def final_territories(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Each run's last quarter, one row per territory."""
    last = timeseries.groupby("job")["step"].transform("max")
    return timeseries[(timeseries.territory != "world") & (timeseries.step == last)]


def short_horizon(collected: collect_mod.Collected) -> int:
    from omegaconf import OmegaConf

    first = collected.complete["job"].iloc[0]
    return int(OmegaConf.load(collected.sweep_dir / first / "config.yaml").sim.short_horizon)


def analyse(collected: collect_mod.Collected, baseline: str | None, lang: str) -> Analysis:
    done = collected.complete
    if done.empty:
        where = shlex.quote(str(collected.sweep_dir))
        raise ConfigError(
            f"{where} has no complete run yet; see `ecosim collect {where}`, "
            f"finish it with `ecosim sweep --resume {where}`"
        )
    factor, base = choose_baseline(collected, baseline)
    others = [k for k in collected.factors if k not in ("seed", factor)]
    labels = display_labels(collected, lang)
    metrics = list(REPORTED)
    cluster = collected.cluster
    kpis = grouped_ci(done, ["scenario"], metrics, cluster=cluster)
    ts = collected.timeseries
    world = ts[ts.territory == "world"]
    bands = grouped_ci(world, ["scenario", "step"], list(CHARTED), cluster=cluster)
    final = final_territories(ts)
    territories = grouped_ci(final, ["scenario", "territory"], ["cum_net_return"], cluster=cluster)
    paired = territory_diff = pd.DataFrame()
    findings, pareto, base_label = [], "", ""
    if factor is not None:
        pair_on = collected.pair_on
        raw = paired_differences(done, factor, base, metrics, others, pair_on, cluster=cluster)
        paired = name_scenarios(raw, done, [factor, *others])
        raw = paired_differences(
            final,
            factor,
            base,
            ["cum_net_return"],
            [*others, "territory"],
            pair_on,
            cluster=cluster,
        )
        territory_diff = name_scenarios(raw, done, [factor, *others])
        base_label = baseline_label(collected, factor, base, lang)
    dist, periphery, family = None, None, {}
    if not paired.empty:
        dist = distribution(collected, factor, base, others)
        periphery = periphery_comparisons(dist, cluster)
        paired, territory_diff, periphery, family = correct(paired, territory_diff, periphery)
        judge_distribution(dist, territory_diff, periphery)
    robust = None
    if not paired.empty and collected.plan.posterior:
        robust = name_scenarios(
            robustness(done, factor, base, metrics, others), done, [factor, *others]
        )
    if not paired.empty:
        horizon = short_horizon(collected)
        for scenario, rows in paired.groupby("scenario", sort=False):
            by_metric = {r["metric"]: r for r in rows.to_dict("records")}
            finding = scenario_findings(labels[scenario], base_label, by_metric, horizon, lang)
            local = territory_diff[territory_diff.scenario == scenario].to_dict("records")
            finding.text += " " + territory_sentence(labels[scenario], local, lang)
            if robust is not None:
                rows = robust[robust.scenario == scenario].set_index("metric")
                finding.text += "".join(
                    " "
                    + robust_sentence(
                        labels[scenario], base_label, rows.loc[m].to_dict() | {"metric": m}, lang
                    )
                    for m in ROBUST_SENTENCES
                    if m in rows.index
                )
            findings.append(finding)
    who, losers, headline = [], [], ""
    if dist is not None:
        who, losers, headline = who_wins(dist, paired, labels, base_label, lang)
    means = kpis.pivot(index="scenario", columns="metric", values="mean")
    means = means.loc[[s for s in labels if s in means.index]]
    if len(means) > 1:
        front = pareto_efficient(means["cum_net_return"], means["diversity_loss"])
        pareto = pareto_sentence([labels[s] for s in means.index[front]], lang, len(means))
    return Analysis(
        collected,
        lang,
        factor,
        base,
        base_label,
        labels,
        kpis,
        paired,
        bands,
        territories,
        territory_diff,
        findings,
        pareto,
        dist,
        who,
        losers,
        robust,
        family,
        periphery,
        headline,
    )


def periphery_comparisons(dist: Distribution, cluster: str | None) -> pd.DataFrame:
    """The periphery's gain of each compared scenario as a comparison with the baseline
    (`ecosim.analysis.stats.comparison`, margin: the KPI's smallest effect). The core's
    gain is one territory's, judged with the territories."""
    rows = []
    margin = smallest_effect("periphery_gain").margin(0.0)
    for scenario, runs in dist.runs.groupby("scenario", sort=False):
        labels = None if cluster is None else runs[cluster].to_numpy()
        found = comparison(runs["periphery_gain"].to_numpy(float), margin, labels)
        rows.append({"scenario": scenario, "metric": "periphery_gain", **found})
    return pd.DataFrame(rows)


def correct(paired: pd.DataFrame, territory_diff: pd.DataFrame, periphery: pd.DataFrame):
    """The report's comparisons corrected together (`CORRECTION`, `adjust_verdicts`):
    the three tables again, with `p_adjusted` and their verdicts, and the family's size
    (`comparisons`, and how many of each kind)."""
    (paired, territory_diff, periphery), count = adjust_verdicts(
        [paired, territory_diff, periphery], CORRECTION
    )
    family = {
        "comparisons": count,
        "scenarios": paired["scenario"].nunique(),
        "kpis": _tested(paired, "metric"),
        "territories": _tested(territory_diff, "territory"),
        "periphery": len(periphery),
    }
    return paired, territory_diff, periphery, family


def _tested(table: pd.DataFrame, key: str) -> int:
    """How many values of `key` have at least one comparison with a p-value."""
    if table.empty:
        return 0
    return int(table.loc[np.isfinite(table["p_value"].to_numpy(float)), key].nunique())


def judge_distribution(dist: Distribution, territory_diff: pd.DataFrame, periphery) -> None:
    """Who-wins-who-pays states the verdicts of the report's corrected comparisons: each
    territory's gain is its final cumulative net return's paired difference (the same
    pairs, the same numbers), the core's gain is its territory's, the periphery's its own."""
    keys = ["scenario", "territory"]
    judged = territory_diff[[*keys, *VERDICT_COLUMNS]]
    table = dist.territories.drop(columns=["distinguishable"]).merge(judged, on=keys, how="left")
    table["distinguishable"] = table["distinguishable"].astype("boolean").fillna(False).astype(bool)
    dist.territories = table
    if dist.kpis.empty:
        return
    rows = []
    for row in dist.kpis.to_dict("records"):
        if row["metric"] == "periphery_gain":
            match = periphery[periphery.scenario == row["scenario"]]
        elif row["metric"] == "core_gain":
            core = dist.core[row["scenario"]]
            match = judged[(judged.scenario == row["scenario"]) & (judged.territory == core)]
        else:
            match = None
        if match is not None and len(match):
            row |= {k: match.iloc[0][k] for k in VERDICT_COLUMNS}
        rows.append(row)
    dist.kpis = pd.DataFrame(rows)


def who_wins(dist: Distribution, paired: pd.DataFrame, labels, base_label: str, lang: str):
    """One who-wins sentence per compared scenario, the channels of its three biggest
    losers (`ecosim.analysis.distribution`), and the headline: the who-wins numbers of the
    scenario with the largest total gain, the one a policy team asks about first."""
    who, losers, best = [], [], None
    for scenario, rows in dist.kpis.groupby("scenario", sort=False):
        kpis = {r["metric"]: r for r in rows.to_dict("records")}
        territories = dist.territories[dist.territories.scenario == scenario]
        net = paired[(paired.scenario == scenario) & (paired.metric == "cum_net_return")]
        aggregate = effect(net.iloc[0].to_dict()) if len(net) else None
        core = dist.core[scenario]
        records = territories.to_dict("records")
        args = (labels[scenario], base_label, aggregate, kpis, records, core, lang)
        who.append(who_sentence(*args))
        total = aggregate.value if aggregate else float("-inf")
        if best is None or total > best[0]:
            best = (total, headline_sentence(*args))
        for row in biggest_losers(dist.territories, scenario).to_dict("records"):
            losers.append(loser_sentence(labels[scenario], row, lang))
    return who, losers, best[1] if best else ""


def write_report(analysis: Analysis, out: Path, sections=()) -> Path:
    """The report's files; `sections` (ecosim.report.sections) are appended after the
    sweep's own figures: the sensitivity ranking, the Pareto front of a policy search."""
    from ecosim.report.figures import all_figures
    from ecosim.report.render import render_html, render_markdown

    figures = all_figures(analysis)
    for fig in [*figures, *(f for s in sections for f in s.figures)]:
        io.atomic_write(out / "figures" / f"{fig.name}.png", lambda p, f=fig: p.write_bytes(f.png))
    io.write_text(out / "report.md", render_markdown(analysis, figures, sections))
    io.write_text(out / "report.html", render_html(analysis, figures, sections))
    return out / "report.html"
