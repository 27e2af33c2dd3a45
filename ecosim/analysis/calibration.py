"""`ecosim calibrate`: Bayesian calibration of the model on stylized facts (ABC-SMC, pyABC).

Approximate Bayesian computation with sequential Monte Carlo: parameter sets are drawn
from the priors, simulated in-process (`ecosim.runs.run.simulate`, no Hydra job per
simulation) and kept when their facts fall close enough to the published ones; each
generation tightens the tolerance and proposes around the survivors. Distances are
scaled per fact by pyABC's adaptive distance, so a fact with a wide spread does not
drown the others. What is calibrated, and against which facts, is a user-editable file
(`configs/calibration/default.yaml`); the held-out facts (`ecosim.analysis.facts`) are
never shown to the calibration and come out in the posterior predictive check.

Outputs (`results/calibration/<stamp>/`): `history.db` (pyABC's database, what --resume
continues), `calibration.yaml` (the spec used), `posterior.parquet`, the marginal and
pairwise posterior plots, `predictive.csv` (each fact: published range, posterior
predictive mean and 90% interval), `identifiability.csv` (posterior vs prior width per
parameter) and `summary.md`. Everything is checked before the directory is created.
"""

from __future__ import annotations

import copy
import os
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ecosim.analysis.facts import (
    BY_KEY,
    CAPITAL_REGION,
    FACTS,
    FACTS_QUARTERS,
    FRANCE_CAPITAL_SHARE,
    calibration_facts,
    fact_values,
    judge,
    territory_investment_share,
)
from ecosim.config import (
    ConfigError,
    EcosimConfig,
    iter_params,
    set_value,
    split_key,
    validate,
)
from ecosim.inputs.regions import shipped_world
from ecosim.runs.posterior_draws import resample
from ecosim.runs.run import simulate

SPEC_KEYS = {"priors", "facts", "targets", "quarters", "overrides"}
HISTORY = "history.db"
SPEC_FILE = "calibration.yaml"
#: a posterior narrower than this share of its prior's 90% width counts as pinned down
IDENTIFIED_RATIO = 0.5
#: below this effective sample size the weights sit on a few particles: a narrow
#: posterior then says nothing about identifiability (too small a population)
MIN_ESS = 20


@dataclass(frozen=True)
class Prior:
    key: str  # dotted schema key, `key[i]` for one element of a per-stage list
    low: float
    high: float

    @property
    def width90(self) -> float:
        """Width of the uniform prior's central 90% interval."""
        return 0.9 * (self.high - self.low)


@dataclass(frozen=True)
class Spec:
    priors: tuple[Prior, ...]
    facts: tuple[str, ...]
    targets: dict
    quarters: int
    overrides: dict

    def observed(self) -> dict[str, float]:
        return {k: float(self.targets.get(k, BY_KEY[k].target)) for k in self.facts}


# -- the spec file ---------------------------------------------------------------------------
def _schema_range(key: str) -> tuple[str, int | None, dict]:
    """(dotted key, list index or None, schema metadata) of a prior's key; ConfigError if
    the key is not a real-valued parameter of the schema."""
    fields = dict(iter_params())
    try:
        name, index = split_key(key)
    except ConfigError:
        name, index = None, None
    if name not in fields:
        raise ConfigError(
            f"calibration prior {key!r} is not a parameter of the schema; "
            "allowed: a dotted key of docs/ODD.md section 7 such as economy.exit_mu"
        )
    field = fields[name]
    is_list = "list" in str(field.type)
    if (index is not None) != is_list or "bool" in str(field.type) or "str" in str(field.type):
        shown = f"{name}[i]" if is_list else name
        raise ConfigError(f"calibration prior {key!r} is not allowed; use {shown}")
    if field.metadata.get("min") is None:
        raise ConfigError(f"calibration prior {key!r} is not allowed; it has no numeric range")
    return name, index, field.metadata


def _check_prior(key: str, bounds) -> Prior:
    _, _, meta = _schema_range(key)
    ok = isinstance(bounds, list | tuple) and len(bounds) == 2
    if not ok or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds):
        raise ConfigError(
            f"calibration prior {key}={bounds!r} is not allowed; expected [low, high]"
        )
    low, high = float(bounds[0]), float(bounds[1])
    lo, hi = meta["min"], meta["max"]
    if not (lo <= low < high <= hi):
        raise ConfigError(
            f"calibration prior {key}=[{low:g}, {high:g}] is out of range; "
            f"allowed: low < high within the schema range [{lo}, {hi}]"
        )
    return Prior(key, low, high)


def read_spec(path: Path) -> Spec:
    """The calibration file, checked whole (one line naming the first problem)."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the calibration config {path}: {exc.strerror}") from None
    except yaml.YAMLError:
        raise ConfigError(f"{path}: malformed YAML") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with keys {', '.join(sorted(SPEC_KEYS))}")
    unknown = set(data) - SPEC_KEYS
    if unknown:
        raise ConfigError(
            f"{path}: unknown key {sorted(unknown)[0]!r}; allowed: {', '.join(sorted(SPEC_KEYS))}"
        )
    priors = data.get("priors") or {}
    if not isinstance(priors, dict) or not priors:
        raise ConfigError(f"{path}: priors must map at least one parameter to [low, high]")
    facts = tuple(data.get("facts") or (f.key for f in calibration_facts()))
    for key in facts:
        if key not in BY_KEY:
            raise ConfigError(f"{path}: unknown fact {key!r}; allowed: {', '.join(BY_KEY)}")
    targets = data.get("targets") or {}
    for key, value in targets.items():
        if key not in facts or not isinstance(value, int | float):
            raise ConfigError(f"{path}: target {key}={value!r} must be a number for a fitted fact")
    quarters = data.get("quarters", FACTS_QUARTERS)
    if not isinstance(quarters, int) or not 1 <= quarters <= 100000:
        raise ConfigError(f"{path}: quarters={quarters!r} is not allowed; expected 1-100000")
    spec = Spec(
        priors=tuple(_check_prior(k, v) for k, v in priors.items()),
        facts=facts,
        targets={k: float(v) for k, v in targets.items()},
        quarters=quarters,
        overrides=dict(data.get("overrides") or {}),
    )
    clash = set(spec.overrides) & {p.key for p in spec.priors}
    if clash:
        raise ConfigError(f"{path}: {sorted(clash)[0]} is both calibrated and overridden")
    build_config(spec, {p.key: p.low for p in spec.priors}, 0)  # overrides are valid
    return spec


def spec_yaml(spec: Spec) -> str:
    import yaml

    return yaml.safe_dump(
        {
            "priors": {p.key: [p.low, p.high] for p in spec.priors},
            "facts": list(spec.facts),
            "targets": spec.targets,
            "quarters": spec.quarters,
            "overrides": spec.overrides,
        },
        sort_keys=False,
    )


# -- the simulator ---------------------------------------------------------------------------
def build_config(spec: Spec, params: dict, seed: int, base: EcosimConfig | None = None):
    """A validated config: `base` (default: the default world) with the spec's overrides
    and the parameter set; quiet, `spec.quarters` long."""
    cfg = copy.deepcopy(base) if base is not None else EcosimConfig()
    cfg.seed = seed
    cfg.sim.steps, cfg.sim.progress = spec.quarters, False
    for key, value in {**spec.overrides, **params}.items():
        if base is not None and key.startswith("world."):
            continue  # a preset world keeps its own territories
        set_value(cfg, key, value)
    return validate(cfg)


def penalized(value: float, key: str) -> float:
    """A fact that is undefined in a run (no cohort old enough, no exit) counts as far from
    its range - ten range widths above its target - so that the run is not accepted."""
    f = BY_KEY[key]
    return value if np.isfinite(value) else f.target + 10 * (f.high - f.low)


class Simulator:
    """pyABC's model: a parameter set -> the fitted facts of one run (a fresh seed each)."""

    def __init__(self, spec: Spec):
        self.spec = spec

    def __call__(self, params) -> dict[str, float]:
        seed = int(np.random.randint(0, 2**31 - 1))
        summary, timeseries, _ = simulate(build_config(self.spec, dict(params), seed))
        values = fact_values(summary, timeseries)
        return {k: penalized(values[k], k) for k in self.spec.facts}


# -- the ABC-SMC run -----------------------------------------------------------------------
@dataclass(frozen=True)
class Budget:
    """When ABC-SMC stops: at the first of the convergence criterion (the acceptance rate
    falls below `min_acceptance`: the tolerance has shrunk until nearly every proposal
    is rejected, so further generations cost much and move little), `min_epsilon`, or a
    cap (`generations`, `max_simulations`); the summary names the one met."""

    population_size: int = 200
    generations: int = 20  # a cap: the acceptance floor is meant to stop first
    min_epsilon: float = 0.0
    max_simulations: int | None = None
    jobs: int = max(1, os.cpu_count() or 1)
    dask: object | None = None  # a connected dask.distributed Client: run on its workers
    min_acceptance: float = 0.02  # stop when a generation accepts fewer of its proposals


def sampler(budget: Budget):
    """Where the simulations run: a Dask cluster's workers when a client is given (pyABC's
    Dask sampler), else pyABC's multicore sampler on `jobs` processes (single-core when 1,
    the only reproducible one)."""
    from pyabc.sampler import (
        DaskDistributedSampler,
        MulticoreEvalParallelSampler,
        SingleCoreSampler,
    )

    if budget.dask is not None:
        return DaskDistributedSampler(dask_client=budget.dask)
    if budget.jobs == 1:
        return SingleCoreSampler()
    return MulticoreEvalParallelSampler(n_procs=budget.jobs)


def connect_dask(address: str):
    """A client of the Dask scheduler at `address`; ConfigError (one line) if it cannot be
    reached within 10 s."""
    from distributed import Client

    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(
            f"--dask {address}: cannot reach a Dask scheduler there ({type(exc).__name__}); "
            "expected the address of a running scheduler, e.g. tcp://scheduler:8786"
        ) from None


def check_history(path: Path) -> None:
    """A history to resume must be a pyABC database: a truncated or overwritten file would
    otherwise surface as a SQLAlchemy traceback from inside pyABC. Opened read-only, so a
    damaged file is left as it was."""
    import sqlite3

    try:
        with closing(sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)) as db:
            db.execute("SELECT count(*) FROM populations").fetchone()
    except sqlite3.Error as exc:
        raise ConfigError(
            f"{path}: not a readable calibration history ({exc}); expected the {HISTORY} an"
            " interrupted `ecosim calibrate` wrote - start a new calibration with --out"
        ) from None


def run_abc(spec: Spec, out: Path, budget: Budget, resume: bool = False):
    """Run (or continue) ABC-SMC; the history lives in `out/history.db`."""
    import pyabc

    prior = pyabc.Distribution(
        **{p.key: pyabc.RV("uniform", p.low, p.high - p.low) for p in spec.priors}
    )
    abc = pyabc.ABCSMC(
        Simulator(spec),
        prior,
        pyabc.AdaptivePNormDistance(p=2),
        population_size=budget.population_size,
        # Local kernels (covariance of each particle's nearest quarter): with 8 parameters
        # and 5 facts the posterior is a curved ridge, and pyABC's default global kernel
        # let the weights collapse (effective sample size 9.8 of 200 at generation 6 of
        # the default calibration, docs/VALIDATION.md section 5).
        transitions=pyabc.LocalTransition(k_fraction=0.25),
        sampler=sampler(budget),
    )
    db = f"sqlite:///{(out / HISTORY).resolve()}"
    if resume:
        abc.load(db, 1)
    else:
        abc.new(db, spec.observed())
    return abc.run(
        minimum_epsilon=budget.min_epsilon,
        max_nr_populations=budget.generations,
        max_total_nr_simulations=budget.max_simulations or np.inf,
        min_acceptance_rate=budget.min_acceptance,
    )


def generations(history) -> pd.DataFrame:
    """One row per generation: its tolerance, proposals simulated, acceptance rate and
    effective sample size - how the run approached convergence."""
    pops = history.get_all_populations()
    pops = pops[pops.t >= 0]
    rows = []
    for t, eps, samples in zip(pops.t, pops.epsilon, pops.samples, strict=True):
        _, w = history.get_distribution(m=0, t=int(t))
        n = len(w)
        rows.append(
            {
                "generation": int(t),
                "epsilon": float(eps),
                "simulations": int(samples),
                "acceptance_rate": n / samples if samples else float("nan"),
                "ess": effective_sample_size(np.asarray(w) / np.sum(w)),
            }
        )
    return pd.DataFrame(rows)


def stopped_by(budget: Budget, gens: pd.DataFrame, total_simulations: int) -> str:
    """Which stopping rule ended the run (the first that holds, in pyABC's order)."""
    last = gens.iloc[-1]
    if len(gens) >= budget.generations:
        return f"generation cap ({budget.generations}): not converged"
    if last.epsilon <= budget.min_epsilon:
        return f"minimum epsilon ({budget.min_epsilon})"
    if last.acceptance_rate < budget.min_acceptance:
        return f"converged: acceptance rate {last.acceptance_rate:.3f} < {budget.min_acceptance}"
    if budget.max_simulations and total_simulations >= budget.max_simulations:
        return f"simulation cap ({budget.max_simulations}): not converged"
    return "unknown"


# -- reading the posterior -----------------------------------------------------------------
def posterior(history) -> pd.DataFrame:
    """The last generation's particles: one column per parameter and their `weight`."""
    df, w = history.get_distribution(m=0, t=history.max_t)
    return df.reset_index(drop=True).assign(weight=np.asarray(w) / np.sum(w))


def weighted_quantile(values, weights, q) -> np.ndarray:
    order = np.argsort(values)
    v, w = np.asarray(values)[order], np.asarray(weights)[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(q, cdf, v)


def effective_sample_size(weights) -> float:
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / np.sum(w**2))


def identifiability(post: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """Per parameter: prior range, posterior median and 90% interval, and the posterior's
    90% width over the prior's: small means the facts pin the parameter down - unless the
    weights sit on a few particles (effective sample size < MIN_ESS), when the verdict is
    `unknown`."""
    ess = effective_sample_size(post.weight)
    rows = []
    for p in spec.priors:
        q05, q50, q95 = weighted_quantile(post[p.key], post.weight, [0.05, 0.5, 0.95])
        ratio = (q95 - q05) / p.width90
        rows.append(
            {
                "parameter": p.key,
                "prior_low": p.low,
                "prior_high": p.high,
                "posterior_median": q50,
                "posterior_q05": q05,
                "posterior_q95": q95,
                "width_ratio": ratio,
                "pinned_down": ("yes" if ratio < IDENTIFIED_RATIO else "no")
                if ess >= MIN_ESS
                else "unknown",
            }
        )
    return pd.DataFrame(rows)


def predictive(post: pd.DataFrame, spec: Spec, draws: int, seed: int) -> pd.DataFrame:
    """Posterior predictive check: each fact (fitted and used, plus the French regions'
    pattern) over `draws` posterior draws, one run each (seeds seed, seed+1, ...)."""
    france = EcosimConfig(world=shipped_world("france_regions"))
    values = []
    for i, params in enumerate(resample(post, draws, seed)):
        summary, timeseries, _ = simulate(build_config(spec, params, seed + i))
        row = fact_values(summary, timeseries)
        _, ts_fr, _ = simulate(build_config(spec, params, seed + i, base=france))
        row[FRANCE_CAPITAL_SHARE.key] = territory_investment_share(ts_fr, CAPITAL_REGION)
        values.append(row)
    per_draw = pd.DataFrame(values)
    rows = []
    for f in (*FACTS, FRANCE_CAPITAL_SHARE):
        x = per_draw[f.key].dropna().to_numpy()
        lo, hi = np.quantile(x, [0.05, 0.95]) if len(x) else (np.nan, np.nan)
        rows.append(
            {
                "fact": f.label,
                "key": f.key,
                "use": "fitted" if f.key in spec.facts else "used",
                "published": f.published,
                "low": f.low,
                "high": f.high,
                "predictive_mean": float(x.mean()) if len(x) else np.nan,
                "predictive_q05": lo,
                "predictive_q95": hi,
                "status": judge(f.low, f.high, lo, hi),
                "draws": len(x),
            }
        )
    return pd.DataFrame(rows)


# -- figures and summary ---------------------------------------------------------------------
def marginal_figure(post: pd.DataFrame, spec: Spec):
    from ecosim.plots import pyplot

    plt = pyplot()
    cols = min(4, len(spec.priors))
    rows = int(np.ceil(len(spec.priors) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 2.6 * rows), squeeze=False)
    for ax, p in zip(axes.flat, spec.priors, strict=False):
        ax.hist(post[p.key], bins=20, range=(p.low, p.high), weights=post.weight, density=True)
        ax.axhline(1 / (p.high - p.low), color="grey", ls="--", label="prior")
        ax.set_title(p.key, fontsize=9)
    for ax in axes.flat[len(spec.priors) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("Posterior marginals (last generation, weighted)")
    fig.tight_layout()
    return fig


def pairs_figure(post: pd.DataFrame, spec: Spec):
    from ecosim.plots import pyplot

    plt = pyplot()
    n = len(spec.priors)
    fig, axes = plt.subplots(n, n, figsize=(1.9 * n + 1, 1.9 * n + 1), squeeze=False)
    size = 4 + 60 * post.weight / post.weight.max()
    for i, pi in enumerate(spec.priors):
        for j, pj in enumerate(spec.priors):
            ax = axes[i, j]
            if i == j:
                ax.hist(post[pi.key], bins=15, range=(pi.low, pi.high), weights=post.weight)
            else:
                ax.scatter(post[pj.key], post[pi.key], s=size, alpha=0.4)
                ax.set(xlim=(pj.low, pj.high), ylim=(pi.low, pi.high))
            ax.tick_params(labelsize=6)
            if i == n - 1:
                ax.set_xlabel(pj.key, fontsize=7)
            if j == 0:
                ax.set_ylabel(pi.key, fontsize=7)
    fig.suptitle("Pairwise posterior (marker size: weight)")
    fig.tight_layout()
    return fig


def markdown_table(df: pd.DataFrame) -> str:
    def cell(v):
        return f"{v:.3g}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(False)]
    return "\n".join(lines)


def summary_text(
    spec: Spec, budget: Budget, history, ident, pred, gens: pd.DataFrame, elapsed: float
) -> str:
    eps = gens.epsilon.iloc[-1] if len(gens) else float("nan")
    ess = effective_sample_size(posterior(history).weight)
    pinned = ", ".join(ident.parameter[ident.pinned_down == "yes"]) or "none"
    loose = ", ".join(ident.parameter[ident.pinned_down == "no"]) or "none"
    verdict = (
        f"Pinned down (ratio < {IDENTIFIED_RATIO}): {pinned}. Not pinned down: {loose}."
        if ess >= MIN_ESS
        else f"**No verdict**: the last generation's effective sample size is {ess:.1f} "
        f"(< {MIN_ESS}), its weights sit on a few particles; raise --population-size."
    )
    return "\n".join(
        [
            "# Calibration (ABC-SMC)",
            "",
            f"Fitted facts: {', '.join(spec.facts)}. The others are checked, not fitted; "
            "none of them is held out (docs/FACTS.md: each was looked at while choosing).",
            f"Targets: {', '.join(f'{k} = {v:.3g}' for k, v in spec.observed().items())}.",
            f"Runs: {spec.quarters} quarters; overrides: {spec.overrides or 'none'}.",
            f"Budget: population {budget.population_size}, generations run "
            f"{history.max_t + 1}, simulations {history.total_nr_simulations}, "
            f"final epsilon {eps:.4g}, wall time {elapsed:.0f} s on "
            + ("a Dask cluster." if budget.dask is not None else f"{budget.jobs} process(es)."),
            f"Stopped by: {stopped_by(budget, gens, history.total_nr_simulations)}.",
            "",
            "## Generations",
            "",
            markdown_table(gens),
            "",
            "## Identifiability (posterior 90% width / prior 90% width)",
            "",
            f"Effective sample size of the last generation: {ess:.1f} of "
            f"{budget.population_size}. {verdict}",
            "",
            markdown_table(ident),
            "",
            "## Posterior predictive check (each fact over posterior draws, 90% interval)",
            "",
            markdown_table(pred.drop(columns=["key"])),
            "",
        ]
    )


# -- the calibration, end to end -----------------------------------------------------------
def calibrate(spec: Spec, out: Path, budget: Budget, draws: int, seed: int, resume: bool):
    """Run the calibration and write every output; returns the paths written."""
    from ecosim.plots import png

    out.mkdir(parents=True, exist_ok=True)
    if not resume:
        (out / SPEC_FILE).write_text(spec_yaml(spec), encoding="utf-8")
    np.random.seed(seed)  # pyABC's and the simulator's draws (single-core: reproducible)
    start = time.perf_counter()
    history = run_abc(spec, out, budget, resume)
    elapsed = time.perf_counter() - start
    print(f"ecosim calibrate: {history.total_nr_simulations} simulations", file=sys.stderr)
    post = posterior(history)
    ident = identifiability(post, spec)
    pred = predictive(post, spec, draws, seed)
    gens = generations(history)
    written = {
        "generations.csv": gens,
        "posterior.parquet": post,
        "identifiability.csv": ident,
        "predictive.csv": pred,
    }
    paths = [out / HISTORY]
    for name, df in written.items():
        path = out / name
        if name.endswith(".parquet"):
            df.to_parquet(path, index=False)
        else:
            df.to_csv(path, index=False)
        paths.append(path)
    for name, fig in (
        ("posterior_marginals.png", marginal_figure(post, spec)),
        ("posterior_pairs.png", pairs_figure(post, spec)),
    ):
        (out / name).write_bytes(png(fig))
        paths.append(out / name)
    text = summary_text(spec, budget, history, ident, pred, gens, elapsed)
    (out / "summary.md").write_text(text, encoding="utf-8")
    return [*paths, out / "summary.md"]
