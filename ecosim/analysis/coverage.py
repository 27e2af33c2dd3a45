"""Does `ecosim calibrate` work? Simulation-based calibration (SBC) of its ABC-SMC posterior.

A posterior that claims "90% sure the parameter lies in [a, b]" should contain the true
value nine times in ten when the data really come from the model. The study checks that
claim where the truth is known: it draws `n` true parameter vectors from the spec's
uniform priors (every calibrated parameter drawn, none fixed), simulates each truth's
facts, calibrates each with `calibration.run_abc` (single-core, seeded: reproducible),
and records per truth and parameter:

- the truth's normalised rank among the weighted posterior particles (the weight below
  it): uniform over [0, 1] for a calibrated posterior, U-shaped when the posterior is too
  narrow (confidently wrong), peaked in the middle when it is too wide;
- whether the truth lies in the weighted central 50% and 90% intervals;
- the 90% interval's width over the prior's (`calibration.identifiability`'s ratio): a
  posterior can cover honestly by being as wide as the prior, which says nothing;
- the final effective sample size (ESS). Below `calibration.MIN_ESS` the weights sit on a
  few particles and the intervals are not intervals: such a run is *degenerate* and the
  study fails, whatever its coverage (issue 25: coverage 38% at ESS 2.9 of 40).

The study passes when no run is degenerate and, for each parameter and level, the number
of truths covered lies in the central 99% range of Binomial(n, level) - the count a
calibrated posterior gives (truths are independent draws with independent seeds). Over
p parameters and two levels that is 2p checks, so a calibrated posterior fails one with
probability at most 2p% (Bonferroni), 4% for two parameters.

The synthetic data are what pyABC's model returns (`calibration.Simulator`, penalised
facts included): with `target_seeds=1` the observation is one draw from the very
likelihood the ABC assumes, which SBC needs. A mean over several seeds is less noisy than
that likelihood, so the posterior would be too wide for it and coverage would be
flattered. ABC's tolerance widens the posterior too (coverage above nominal is expected
there: conservative, not wrong); the width ratio says what that costs.

Outputs (`write_study`): `coverage.csv` (one row per truth x parameter),
`coverage_summary.csv` and `summary.md` (coverage per parameter with Wilson 95%
intervals and the binomial acceptance range), `rank_histogram.png`, `calibration.yaml`
(the spec), and one pyABC history per truth under `truth_<i>/`.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats as sps

from ecosim.analysis import calibration
from ecosim.analysis.calibration import Budget, Spec
from ecosim.config import ConfigError

#: nominal levels of the central posterior intervals checked
LEVELS = (0.5, 0.9)
#: the central share of Binomial(n, level) a parameter's covered count must fall in
ACCEPT = 0.99


def draw_truths(spec: Spec, n: int, seed: int) -> list[dict[str, float]]:
    """`n` parameter vectors, each parameter uniform over its prior (seeded)."""
    if n < 2:
        raise ConfigError(f"coverage study: {n} truth(s) is not allowed; expected at least 2")
    rng = np.random.default_rng(seed)
    return [{p.key: float(rng.uniform(p.low, p.high)) for p in spec.priors} for _ in range(n)]


def synthetic_targets(spec: Spec, truth: dict, target_seeds: int) -> dict[str, float]:
    """The facts pyABC's model returns for `truth`, averaged over `target_seeds` runs whose
    seeds come from numpy's global generator (seed it first)."""
    model = calibration.Simulator(spec)
    runs = [model(truth) for _ in range(target_seeds)]
    return {k: float(np.mean([r[k] for r in runs])) for k in spec.facts}


def weighted_rank(values, weights, truth: float) -> float:
    """The posterior weight below `truth` (ties count half): the truth's normalised rank."""
    v, w = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    return float((w[v < truth].sum() + 0.5 * w[v == truth].sum()) / w.sum())


def judge_run(post: pd.DataFrame, spec: Spec, truth: dict) -> pd.DataFrame:
    """One row per parameter: the truth's rank, whether each central interval holds it,
    the 90% width over the prior's, and the run's ESS and degeneracy."""
    ess = calibration.effective_sample_size(post.weight)
    rows = []
    for p in spec.priors:
        x, value = post[p.key], truth[p.key]
        row = {"parameter": p.key, "truth": value, "rank": weighted_rank(x, post.weight, value)}
        for level in LEVELS:
            lo, hi = calibration.weighted_quantile(
                x, post.weight, [(1 - level) / 2, (1 + level) / 2]
            )
            row[f"q{level:.0%}_low"], row[f"q{level:.0%}_high"] = lo, hi
            row[f"in{level * 100:.0f}"] = bool(lo <= value <= hi)
        row["median"] = float(calibration.weighted_quantile(x, post.weight, 0.5))
        row["width90_ratio"] = (row["q90%_high"] - row["q90%_low"]) / p.width90
        rows.append(row)
    return pd.DataFrame(rows).assign(ess=ess, degenerate=ess < calibration.MIN_ESS)


def calibrate_truth(
    spec: Spec, truth: dict, out: Path, budget: Budget, seed: int | list[int], target_seeds: int
) -> pd.DataFrame:
    """Calibrate one truth in `out` (its pyABC history and its rows of the study's table):
    synthetic targets, then ABC-SMC on one core, both drawing from numpy's generator
    seeded with `seed`."""
    np.random.seed(seed)
    spec = dataclasses.replace(spec, targets=synthetic_targets(spec, truth, target_seeds))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    history = calibration.run_abc(spec, out, dataclasses.replace(budget, jobs=1, dask=None))
    seconds = time.perf_counter() - start
    gens = calibration.generations(history)
    table = judge_run(calibration.posterior(history), spec, truth).assign(
        generations=len(gens),
        simulations=history.total_nr_simulations,
        stopped_by=calibration.stopped_by(budget, gens, history.total_nr_simulations),
        seconds=seconds,
    )
    table.to_csv(out / "coverage.csv", index=False)  # kept if a later truth fails
    return table


def _calibrate_task(args) -> pd.DataFrame:
    return calibrate_truth(*args)


def run_study(
    spec: Spec, n: int, out: Path, budget: Budget, seed: int, jobs: int = 1, target_seeds: int = 1
) -> pd.DataFrame:
    """The study's tidy table: one row per truth x parameter. Truth i uses the seed
    (seed, i) and a single-core sampler, so the table is the same whatever `jobs` (the
    number of truths calibrated at once, one process each). `target_seeds` > 1 averages
    the synthetic facts over more runs than the likelihood assumes (flattering coverage;
    the module's docstring)."""
    truths = draw_truths(spec, n, seed)
    tasks = [
        (spec, t, out / f"truth_{i:03d}", budget, [seed, i], target_seeds)
        for i, t in enumerate(truths)
    ]
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            tables = list(pool.map(_calibrate_task, tasks))
    else:
        tables = [_calibrate_task(t) for t in tasks]
    table = pd.concat([t.assign(truth_id=i) for i, t in enumerate(tables)], ignore_index=True)
    return table[["truth_id", *tables[0].columns]]


def accept_range(n: int, level: float) -> tuple[int, int]:
    """The central ACCEPT range of covered counts over n truths at nominal `level`."""
    lo, hi = sps.binom.interval(ACCEPT, n, level)
    return int(lo), int(hi)


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson 95% interval of k covered of n (scipy's, as the report's shares use)."""
    ci = sps.binomtest(int(k), int(n)).proportion_ci(method="wilson")
    return float(ci.low), float(ci.high)


def summarize(table: pd.DataFrame) -> pd.DataFrame:
    """Per parameter, then all parameters pooled: coverage at each level with its Wilson
    interval and acceptance range, mean width ratio, ESS and degenerate runs. The pooled
    row treats parameter-truths as independent (they share runs): its interval is a lower
    bound on the true uncertainty and it is not a pass/fail check."""
    rows = []
    groups = [*table.groupby("parameter", sort=False), ("all", table)]
    for name, g in groups:
        n = len(g)
        row = {"parameter": name, "n": n}
        for level in LEVELS:
            col = f"in{level * 100:.0f}"
            k = int(g[col].sum())
            lo, hi = wilson(k, n)
            a, b = accept_range(n, level)
            row |= {
                f"covered{level * 100:.0f}": k,
                f"coverage{level * 100:.0f}": k / n,
                f"ci{level * 100:.0f}_low": lo,
                f"ci{level * 100:.0f}_high": hi,
                f"accept{level * 100:.0f}": f"{a}-{b}",
                f"ok{level * 100:.0f}": bool(a <= k <= b) if name != "all" else None,
            }
        row |= {
            "mean_width90_ratio": float(g.width90_ratio.mean()),
            "median_ess": float(g.ess.median()),
            "degenerate_runs": int(g.groupby("truth_id").degenerate.first().sum()),
        }
        rows.append(row)
    return pd.DataFrame(rows)


def failures(summary: pd.DataFrame) -> list[str]:
    """Why the study fails (empty: it passes): degenerate runs, then every parameter and
    level whose covered count falls outside its acceptance range."""
    reasons = []
    pooled = summary.set_index("parameter").loc["all"]
    if pooled.degenerate_runs:
        reasons.append(
            f"{pooled.degenerate_runs} of {summary.n.iloc[0]} runs are degenerate "
            f"(final ESS < {calibration.MIN_ESS}): their intervals sit on a few particles"
        )
    for row in summary[summary.parameter != "all"].itertuples():
        for level in LEVELS:
            pct = f"{level * 100:.0f}"
            if not getattr(row, f"ok{pct}"):
                reasons.append(
                    f"{row.parameter}: {getattr(row, f'covered{pct}')} of {row.n} truths in "
                    f"the {pct}% interval, outside {getattr(row, f'accept{pct}')}"
                )
    return reasons


def rank_figure(table: pd.DataFrame, spec: Spec):
    """Rank histograms, one panel per parameter, with the count a calibrated posterior
    gives per bin and its central 99% binomial range."""
    from ecosim.plots import pyplot

    plt = pyplot()
    n = table.truth_id.nunique()
    bins = int(np.clip(n // 4, 2, 10))
    lo, hi = sps.binom.interval(ACCEPT, n, 1 / bins)
    cols = min(4, len(spec.priors))
    rows = int(np.ceil(len(spec.priors) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 2.6 * rows), squeeze=False)
    for ax, p in zip(axes.flat, spec.priors, strict=False):
        ax.axhspan(lo, hi, color="grey", alpha=0.2, label=f"{ACCEPT:.0%} range if calibrated")
        ax.axhline(n / bins, color="grey", ls="--")
        ax.hist(table.loc[table.parameter == p.key, "rank"], bins=bins, range=(0, 1))
        ax.set_title(p.key, fontsize=9)
        ax.set_xlabel("rank of the truth in the posterior", fontsize=7)
    for ax in axes.flat[len(spec.priors) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=6)
    fig.suptitle(f"Simulation-based calibration: {n} truths drawn from the prior")
    fig.tight_layout()
    return fig


def summary_text(
    table: pd.DataFrame, summary: pd.DataFrame, spec: Spec, budget: Budget, command: str
) -> str:
    """The study's summary.md: verdict, coverage table, runs and how to reproduce."""
    reasons = failures(summary)
    n = table.truth_id.nunique()
    runs = table.groupby("truth_id").first()
    verdict = "**Passes**" if not reasons else "**Fails**: " + "; ".join(reasons)
    shown = summary.drop(columns=["ok50", "ok90"])
    stops = ", ".join(f"{k} ({v} runs)" for k, v in runs.stopped_by.value_counts().items())
    return "\n".join(
        [
            "# Simulation-based calibration of `ecosim calibrate`",
            "",
            f"{n} truths drawn from the priors of {len(spec.priors)} parameters, each "
            f"calibrated by ABC-SMC on its synthetic facts ({', '.join(spec.facts)}); "
            f"{spec.quarters}-quarter runs, overrides: {spec.overrides or 'none'}.",
            f"Budget per truth: population {budget.population_size}, at most "
            f"{budget.generations} generations, acceptance floor {budget.min_acceptance}"
            + (f", at most {budget.max_simulations} simulations" if budget.max_simulations else "")
            + "; one core each.",
            f"Simulations: {int(runs.simulations.sum())} in all "
            f"({runs.simulations.median():.0f} per truth, median); generations run: "
            f"{runs.generations.min()}-{runs.generations.max()}; "
            f"calibration time {runs.seconds.sum() / 60:.1f} core-minutes.",
            f"Final ESS per truth: median {runs.ess.median():.1f}, range "
            f"{runs.ess.min():.1f}-{runs.ess.max():.1f} of {budget.population_size}; "
            f"degenerate (< {calibration.MIN_ESS}): {int(runs.degenerate.sum())}.",
            "",
            f"Verdict: {verdict}.",
            "",
            f"A calibrated posterior covers each parameter's truth in the central L% interval "
            f"for a Binomial(n, L) count of the n truths; the acceptance range is its central "
            f"{ACCEPT:.0%}. The intervals are Wilson 95%. The 'all' row pools parameters "
            "(not independent: not a check). width90 ratio: the posterior's 90% width over "
            "the prior's (1: the facts taught nothing).",
            "",
            calibration.markdown_table(shown),
            "",
            f"Stopped by: {stops}.",
            "",
            f"Reproduce: `{command}`",
            "",
        ]
    )


def write_study(
    table: pd.DataFrame, spec: Spec, budget: Budget, out: Path, command: str
) -> list[Path]:
    """Write the study's outputs into `out`; returns their paths."""
    from ecosim.plots import png

    summary = summarize(table)
    paths = {
        "coverage.csv": lambda p: table.to_csv(p, index=False),
        "coverage_summary.csv": lambda p: summary.to_csv(p, index=False),
        "rank_histogram.png": lambda p: p.write_bytes(png(rank_figure(table, spec))),
        "summary.md": lambda p: p.write_text(
            summary_text(table, summary, spec, budget, command), encoding="utf-8"
        ),
    }
    for name, write in paths.items():
        write(out / name)
    return [out / name for name in paths]


def study(
    spec: Spec, n: int, out: Path, budget: Budget, seed: int, jobs: int, command: str
) -> tuple[list[Path], list[str]]:
    """Run the coverage study into `out` and write every output; returns the paths written
    and why the study fails (empty: it passes)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / calibration.SPEC_FILE).write_text(calibration.spec_yaml(spec), encoding="utf-8")
    table = run_study(spec, n, out, budget, seed, jobs)
    paths = write_study(table, spec, budget, out, command)
    return [out / calibration.SPEC_FILE, *paths], failures(summarize(table))
