"""`ecosim sweep <experiment>`: run a named experiment as a Hydra multirun, in parallel.

An experiment is `configs/experiment/<name>.yaml`: a `# @package _global_` config that
sets `hydra.sweeper.params` (what varies) and `hydra.sweep.dir`
(`results/sweeps/<name>/<stamp>`). `ecosim sweep <name> [overrides]` is
`ecosim run -m experiment=<name> [overrides]`; both come here, which:

1. plans the sweep: composes the config once to read the experiment's parameters and
   sweep directory, checks every value any job will use (nothing is written when one is
   bad), and lists every job as Hydra's basic sweeper will give it;
2. writes the plan (`plan.json`) and hands the multirun over to Hydra with the sweep
   directory fixed, so the directory watched for progress is the one Hydra writes;
3. shows progress as runs complete (done/total, elapsed, estimate left), by watching the
   run directories' markers: it works whatever the launcher (joblib by default, all
   cores; `--jobs N` or `hydra.launcher.n_jobs=N`).

`--launcher NAME` picks another Hydra launcher: `submitit_local`, `slurm` (SLURM via
submitit, configs/hydra/launcher/slurm.yaml), `ray` (a Ray instance started for the sweep)
or `ray_cluster` (an existing Ray cluster); it is kept in the plan, so a resume uses it.
Plans that list explicit jobs instead of a product of values (`explicit_plan`: sensitivity
designs, search batches) run through the `ecosim_plan` sweeper and the same launchers.

`--resume <sweep_dir>` re-runs a sweep's plan into its own directory: each job's
directory is named by its overrides (`ecosim.runs.sweep_paths`), the job skips a run whose
`.done` exists, and only missing, unfinished, failed or damaged runs are computed again.
A new sweep claims a directory no other sweep has (`Plan.create`), and one process at a
time runs a sweep's jobs (`launch_locked`, `ecosim.runs.sweep_lock`).

stdout is the sweep directory, alone, so a script can chain
`sweep=$(ecosim sweep demo) && ecosim report "$sweep"`; everything else goes to stderr.
The command's arguments are read in `ecosim.cli.sweep`.
"""

from __future__ import annotations

import re
import shlex
import signal
import sys
import threading
import time
from pathlib import Path

from ecosim.args import not_available, require
from ecosim.config import ConfigError, config_dir
from ecosim.runs.run_dir import COMPLETE, ERROR, FAILED, run_status
from ecosim.runs.sweep_paths import Plan, override_key

#: Hydra would log every job of the sweep (hundreds of lines); the progress says enough
QUIET_HYDRA = "hydra.hydra_logging.root.level=WARNING"
#: the sweeper of explicit plans (hydra_plugins/ecosim_plan_sweeper)
PLAN_SWEEPER = "hydra/sweeper=ecosim_plan"
#: launchers `--launcher` offers (the plugins' own configs and ecosim's overlays)
#: launchers that come with an optional extra: (plugin module, extra)
EXTRAS = {
    **dict.fromkeys(
        ("submitit_local", "submitit_slurm", "slurm"),
        ("hydra_plugins.hydra_submitit_launcher", "slurm"),
    ),
    **dict.fromkeys(("ray", "ray_cluster"), ("hydra_plugins.hydra_ray_launcher", "ray")),
}
LAUNCHERS = ("joblib", "basic", "submitit_local", "submitit_slurm", "slurm", "ray", "ray_cluster")


def experiments() -> dict[str, str]:
    """Named experiments and the first sentence of their description, however many
    comment lines it runs over (a first line alone can stop mid-sentence)."""
    found = {}
    for path in sorted((config_dir() / "experiment").glob("*.yaml")):
        comments = [
            line.lstrip("# ").strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#") and "@package" not in line
        ]
        text = " ".join(comments)
        end = re.search(r"[.!?](\s|$)", text)
        found[path.stem] = text[: end.start() + 1] if end else text
    return found


def make_plan(overrides: list[str], sweep_dir: Path | None = None) -> Plan:
    """Every job of the multirun these overrides ask for, all values checked first."""
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from ecosim.runs.config_errors import compose_checked
    from ecosim.runs.hydra_app import check_overrides, expand_sweeps

    cfg = compose_checked(config_dir(), expand_sweeps(overrides)[0], return_hydra_config=True)
    params = [f"{key}={value}" for key, value in cfg.hydra.sweeper.params.items()]
    check_overrides(params + overrides)
    parser = OverridesParser.create()
    task = [o for o in parser.parse_overrides(params + overrides) if not o.is_hydra_override()]
    (jobs,) = BasicSweeper.split_arguments(task, None)
    kept = [o for o in overrides if override_key(o) != "hydra.sweep.dir"]
    experiment = next((o.split("=", 1)[1] for o in kept if override_key(o) == "experiment"), None)
    # The jobs are listed, every value already checked: the plan sweeper hands them to the
    # launcher as they are. (Hydra's basic sweeper would compose every job once more in
    # this process before launching, ~0.2 s each, serially: the bottleneck of a sweep.)
    hydra = [o for o in kept if override_key(o).lstrip("+").startswith("hydra")]
    plan = Plan(Path(sweep_dir or cfg.hydra.sweep.dir), [PLAN_SWEEPER, *hydra], jobs, experiment)
    dirs = [d.name for d in plan.job_dirs()]
    if len(set(dirs)) < len(dirs):
        twice = next(d for d in dirs if dirs.count(d) > 1)
        raise ConfigError(f"the sweep lists the same run twice ({twice}); remove repeated values")
    return plan


def explicit_plan(
    sweep_dir: Path, fixed: list[str], jobs: list[list[str]], experiment: str
) -> Plan:
    """A plan of listed jobs (each `fixed` + its own overrides), run by the plan sweeper.

    Every distinct job but its seed is composed and checked first (seeds are in range by
    construction), and two jobs may not share a directory."""
    from ecosim.runs.hydra_app import check_overrides

    jobs = [[*fixed, *job] for job in jobs]
    checked = {tuple(o for o in job if override_key(o) != "seed") for job in jobs}
    for job in checked:
        check_overrides(list(job))
    hydra = [o for o in fixed if override_key(o).startswith("hydra")]  # launcher settings
    jobs = [[o for o in job if o not in hydra] for job in jobs]
    plan = Plan(Path(sweep_dir), [PLAN_SWEEPER, *hydra], jobs, experiment)
    dirs = [d.name for d in plan.job_dirs()]
    if len(set(dirs)) < len(dirs):
        raise ConfigError("the plan lists the same run twice; remove repeated jobs")
    return plan


def posterior_plan(plan: Plan, directory: Path, k: int) -> Plan:
    """The plan's jobs once per posterior draw (`ecosim.runs.posterior_draws`), every
    draw's values checked; ConfigError if the experiment itself sets a calibrated key."""
    from ecosim.runs import posterior_draws
    from ecosim.runs.config_errors import compose_checked
    from ecosim.runs.hydra_app import check_overrides, to_config

    if k < 1:
        raise ConfigError(f"--draws {k} is not allowed; expected a number of draws >= 1")
    params = posterior_draws.resample(posterior_draws.read_posterior(directory), k, seed=0)
    base = to_config(compose_checked(config_dir(), plan.jobs[0]))
    draws = [posterior_draws.overrides(p, base) for p in params]
    keys = [override_key(o) for o in draws[0]]
    swept = {override_key(o) for job in plan.jobs for o in job}
    clash = next((key for key in keys if key in swept), None)
    if clash is not None:
        raise ConfigError(
            f"--posterior: the experiment sets {clash}, which the posterior draws set; "
            "sweep an experiment that leaves the calibrated parameters alone"
        )
    for draw in draws:
        check_overrides([*plan.jobs[0], *draw])
    jobs = posterior_draws.posterior_jobs(plan.jobs, draws)
    origin = {"dir": str(directory), "draws": k, "keys": [*keys, posterior_draws.DRAW]}
    return Plan(plan.sweep_dir, plan.overrides, jobs, plan.experiment, origin)


def launcher_overrides(launcher: str | None, n_jobs: int | None) -> list[str]:
    """The override of `--launcher NAME`, checked with `--jobs N` (joblib's option)."""
    if launcher is not None and launcher not in LAUNCHERS:
        raise not_available(f"--launcher {launcher}", launcher, LAUNCHERS)
    if n_jobs is not None and n_jobs < 1:
        raise ConfigError(f"--jobs {n_jobs} is not allowed; expected a number of runs >= 1")
    if n_jobs is not None and launcher not in (None, "joblib"):
        raise ConfigError(
            f"--jobs applies to the joblib launcher; with --launcher {launcher} set the "
            "launcher's own limit (e.g. hydra.launcher.array_parallelism=N)"
        )
    if launcher in EXTRAS:
        require(*EXTRAS[launcher], f"--launcher {launcher}")
    return [f"hydra/launcher={launcher}"] if launcher else []


class ProgressWatch(threading.Thread):
    """Prints `done/total, failed, elapsed, ~left` to stderr whenever a run finishes.

    Runs complete before the start (resume) count as done but not in the estimate;
    failures recorded before the start are being retried, so only newer ones count."""

    def __init__(self, run_dirs: list[Path], every: float = 1.0):
        super().__init__(daemon=True)
        self.run_dirs, self.every = run_dirs, every
        self.stop_event = threading.Event()
        self.started, self.start_time = time.time(), time.perf_counter()
        self.initial = self.counts()[0]
        self.last = None

    def counts(self) -> tuple[int, int]:
        """(complete, failed since the start)."""
        done = failed = 0
        for d in self.run_dirs:
            status = run_status(d)[0]
            done += status == COMPLETE
            failed += status == FAILED and self.recorded_since_start(d / ERROR)
        return done, failed

    def recorded_since_start(self, path: Path) -> bool:
        try:
            return path.stat().st_mtime >= self.started
        except FileNotFoundError:  # the job is being retried right now
            return False

    def report(self) -> None:
        done, failed = self.counts()
        if (done, failed) == self.last:
            return
        self.last = (done, failed)
        total, elapsed = len(self.run_dirs), time.perf_counter() - self.start_time
        new = done - self.initial + failed
        left = f", ~{clock(elapsed / new * (total - done - failed))} left" if new else ""
        failures = f", {failed} failed" if failed else ""
        print(
            f"sweep: {done}/{total} runs done{failures} | {clock(elapsed)} elapsed{left}",
            file=sys.stderr,
            flush=True,
        )

    def run(self) -> None:
        while not self.stop_event.wait(self.every):
            self.report()

    def stop(self) -> None:
        self.stop_event.set()
        self.join()
        self.report()


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def hydra_value(path: Path) -> str:
    """A path as a Hydra override value (quoted when it has characters Hydra would parse)."""
    text = str(path)
    if re.fullmatch(r"[\w./-]+", text):
        return text
    if "$" in text:
        raise ConfigError(f"the sweep directory {text!r} contains '$'; choose another results_dir")
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _terminate(signum, frame):
    raise KeyboardInterrupt


def launch(plan: Plan, n_jobs: int | None = None, announce: bool = True) -> int:
    """Run the plan's missing jobs; returns the exit code (0: every run complete).

    The sweep directory is given to Hydra as an absolute path: workers of a Ray or SLURM
    cluster do not start in this process's directory. `announce=False` keeps stdout for
    the caller (sensitivity, search)."""
    from ecosim.runs.hydra_app import run_hydra

    watch = ProgressWatch(plan.job_dirs())
    total, already = len(plan.jobs), watch.initial
    note = f", {already} already complete" if already else ""
    print(f"sweep: {total} runs{note} -> {plan.sweep_dir}", file=sys.stderr, flush=True)
    plan.write()
    where_abs = hydra_value(plan.sweep_dir.resolve())
    args = ["-m", *plan.overrides, f"hydra.sweep.dir={where_abs}", QUIET_HYDRA]
    if n_jobs is not None:
        args.append(f"hydra.launcher.n_jobs={n_jobs}")
    interrupted = False
    watch.start()
    # SIGTERM (a scheduler or `kill`) stops the sweep like Ctrl-C: completed runs stay,
    # the run in progress never gets its `.done`, and the resume command is printed.
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        run_hydra(args)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        signal.signal(signal.SIGTERM, previous)
        watch.stop()
    done, failed = watch.counts()
    where = shlex.quote(str(plan.sweep_dir))
    resume = f"ecosim sweep --resume {where}"
    if interrupted:
        print(f"sweep: interrupted; resume with: {resume}", file=sys.stderr)
        return 130
    if announce:
        print(plan.sweep_dir)
    if done == total:
        next_step = f"; next: ecosim report {where}" if announce else ""
        print(f"sweep: complete{next_step}", file=sys.stderr)
        return 0
    print(
        f"sweep: {total - done} of {total} runs not complete ({failed} failed); "
        f"errors: ecosim collect {where}; retry: {resume}",
        file=sys.stderr,
    )
    return 1


def resumed_plan(old: Plan) -> Plan:
    """The plan `--resume` runs: listed jobs as they are, a product of values expanded
    again into the same directory."""
    if PLAN_SWEEPER in old.overrides:  # listed jobs: nothing to expand
        return old
    return make_plan(old.overrides, sweep_dir=old.sweep_dir)


def launch_locked(plan: Plan, n_jobs: int | None = None, resume: bool = False) -> int:
    """`launch` holding the sweep directory's lock (`ecosim.runs.sweep_lock`); a resume
    first withdraws the `.done` of damaged runs (files not matching their checksums), so
    they are run again, and lists them."""
    from ecosim.runs.run_dir import redo_damaged
    from ecosim.runs.sweep_lock import hold

    with hold(plan.sweep_dir):
        if resume:
            for run_dir, problem in redo_damaged(plan.job_dirs()):
                print(f"sweep: damaged, redo: {run_dir.name}: {problem}", file=sys.stderr)
        return launch(plan, n_jobs)
