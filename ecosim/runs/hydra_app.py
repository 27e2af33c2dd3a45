"""Hydra glue: compose and check configs before anything is written, and Hydra's task.

A (multi)run's every value is composed and validated first (`check_overrides`), so a bad
value exits with one line and no run directory; then Hydra creates the run directory
and calls `run_job` there, in this process or in a launcher's worker. A worker imports
this module to unpickle `run_job`, which registers the job-directory resolver first.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from ecosim.config import ConfigError, EcosimConfig, config_dir, validate
from ecosim.runs.sweep_paths import register_resolver

# Hydra resolves each job's directory with this resolver, in whichever process runs the
# job; a joblib worker imports this module (to unpickle `run_job`) before it does.
register_resolver()


def to_config(cfg) -> EcosimConfig:
    from omegaconf import OmegaConf

    return validate(OmegaConf.to_object(cfg))


def check_overrides(overrides: list[str]) -> None:
    """Compose every value a (multi)run will use, before anything runs or is written."""
    from ecosim.runs.config_errors import compose_checked

    for combo in expand_sweeps(overrides):
        try:
            to_config(compose_checked(config_dir(), combo))
        except ConfigError:
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. a missing mandatory value
            from ecosim.runs.config_errors import one_line

            raise ConfigError(one_line(exc, config_dir())) from exc


def expand_sweeps(overrides: list[str]) -> list[list[str]]:
    """One override list per sweep value (others at their first value): every value checked."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from ecosim.runs.config_errors import one_line

    parser = OverridesParser.create()
    parsed = []
    for override in overrides:  # one at a time, so the error names the one that fails
        try:
            parsed += parser.parse_overrides([override])
        except Exception as exc:  # noqa: BLE001 - Hydra's parser raises several kinds
            raise ConfigError(
                f"cannot parse the override {override!r} ({one_line(exc)}); expected"
                " key=value or group=option, quoting a value with special characters"
                " (key='a b!')"
            ) from exc
    latest = {o.get_key_element(): o for o in parsed}  # a later value of a key wins, as in Hydra
    fixed, sweeps = [], []
    for o in latest.values():
        if o.is_sweep_override():
            values = [f"{o.get_key_element()}={v}" for v in o.sweep_string_iterator()]
            sweeps.append(values)
        else:
            fixed.append(o.input_line)
    if not sweeps:
        return [fixed]
    firsts = [vals[0] for vals in sweeps]
    combos = []
    for i, vals in enumerate(sweeps):
        for v in vals:
            combos.append(fixed + firsts[:i] + [v] + firsts[i + 1 :])
    return combos


def run_job(cfg) -> None:
    """The Hydra task: one run, written to Hydra's output directory (and, for a batch of
    seeds, each other seed's run into its own directory: `ecosim.runs.batches`).

    The same code runs a single run, a job of a sequential multirun and a job in a joblib
    worker. In a sweep, a run already complete (resume) is left untouched, and a failure
    is recorded in the run's directory instead of stopping the other jobs.
    """
    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from ecosim.runs.batches import other_seeds, with_seed
    from ecosim.runs.sweep_paths import job_dirname

    logging.getLogger("MESA").setLevel(logging.WARNING)  # Mesa logs every step at INFO
    hydra_cfg = HydraConfig.get()
    run_dir = Path(hydra_cfg.runtime.output_dir)
    overrides = list(hydra_cfg.overrides.task)
    in_sweep = hydra_cfg.mode == RunMode.MULTIRUN  # the sweep front end shows progress
    try:
        config = to_config(cfg)  # composed once for the whole batch
    except Exception as exc:
        config = exc
    _run_one(config, run_dir, overrides, in_sweep)
    for seed in other_seeds():
        job = with_seed(overrides, seed)
        seeded = config if isinstance(config, Exception) else _reseeded(config, seed)
        _run_one(seeded, run_dir.parent / job_dirname(job), job, in_sweep)


def _reseeded(config: EcosimConfig, seed: str):
    """The batch's configuration with another seed (the exception if the seed is bad)."""
    import copy

    try:
        seeded = copy.deepcopy(config)  # each run its own copy, as if composed alone
        seeded.seed = int(seed)
        return validate(seeded)
    except Exception as exc:  # noqa: BLE001 - recorded as that run's failure
        return exc


def _run_one(config, run_dir: Path, overrides: list[str], in_sweep: bool) -> None:
    """One run into `run_dir` (skipped when complete); `config` may be the exception that
    composing it raised, recorded as the run's failure."""
    from ecosim import io
    from ecosim.runs.run import Progress, format_kpis, simulate
    from ecosim.runs.run_dir import is_done, record_failure, start_run, write_run

    if is_done(run_dir):
        return
    run_dir.mkdir(parents=True, exist_ok=True)
    try:
        if isinstance(config, Exception):
            raise config
        start_run(run_dir, overrides, config.seed)
        label = f"{config.policy.name}/{config.world.name}/seed {config.seed}"
        progress = Progress(label, config.sim.progress and not in_sweep)
        summary, timeseries, agents = simulate(config, progress)
        write_run(run_dir, config, summary, timeseries, agents)
    except Exception as exc:
        recorded = record_failure(run_dir, exc)
        if in_sweep:  # a full or read-only disk is said at once, not only in `collect`
            if isinstance(exc, io.WriteError):  # names the run's file
                print(f"ecosim: error: {exc}", file=sys.stderr, flush=True)
            elif not recorded:
                print(f"ecosim: error: {run_dir.name}: {exc}", file=sys.stderr, flush=True)
            return
        if isinstance(exc, io.WriteError):  # one line and exit 1, past Hydra's handler
            raise SystemExit(f"ecosim: error: {exc}") from None
        raise
    if not in_sweep:
        print(f"\n{label} -> {run_dir}\n{format_kpis(summary)}")


def run_hydra(args: list[str]) -> None:
    """Hand the command line over to Hydra, with `run_job` as the task."""
    import hydra

    app = hydra.main(version_base="1.3", config_path=str(config_dir()), config_name="config")
    sys.argv = ["ecosim run", *args]
    app(run_job)()
