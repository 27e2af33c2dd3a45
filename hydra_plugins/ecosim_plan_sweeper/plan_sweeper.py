"""A Hydra sweeper that runs the jobs listed in `<sweep dir>/plan.json`, as listed.

Hydra's basic sweeper can only run the cartesian product of swept values. A sensitivity
design (SALib) or a batch of policy-search candidates (Optuna) is a list of points, each
with its own value of every parameter: not a product. ecosim writes such lists as an
ordinary sweep plan (`ecosim.runs.sweep_paths.Plan`) and selects this sweeper
(`hydra/sweeper=ecosim_plan`, configs/hydra/sweeper/), so those jobs go through whichever
launcher is chosen (joblib, submitit, Ray) and land in the usual run directories.

Jobs whose directory is already complete (`.done`) are not handed to the launcher at all,
so a resumed or grown plan does not submit cluster jobs that would only return at once.
Jobs that differ only by their seed go to the launcher as one task per batch
(`ecosim.runs.batches`): their configuration is composed once, each seed still runs into
its own directory.
Hydra loads this module as a plugin (the `hydra_plugins` namespace package).
"""

from __future__ import annotations

from pathlib import Path

from hydra.plugins.sweeper import Sweeper
from omegaconf import OmegaConf


class PlanSweeper(Sweeper):
    def __init__(self, max_batch_size: int | None = None, params=None):
        # `params` (set by named experiments for Hydra's basic sweeper) is already expanded
        # into the plan's jobs.
        self.max_batch_size = max_batch_size
        self.config = self.launcher = None

    def setup(self, *, hydra_context, task_function, config) -> None:
        from hydra.core.plugins import Plugins

        self.config = config
        self.launcher = Plugins.instance().instantiate_launcher(
            hydra_context=hydra_context, task_function=task_function, config=config
        )

    def sweep(self, arguments: list[str]):
        from ecosim.runs.batches import as_task, seed_batches, workers_of
        from ecosim.runs.run_dir import is_done
        from ecosim.runs.sweep_paths import Plan

        sweep_dir = Path(self.config.hydra.sweep.dir)
        plan = Plan.read(sweep_dir)
        todo = [
            job
            for job, run_dir in zip(plan.jobs, plan.job_dirs(), strict=True)
            if not is_done(run_dir)
        ]
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        workers = workers_of(self.config.hydra.get("launcher"))
        tasks = [as_task(batch) for batch in seed_batches(todo, workers)]
        size = self.max_batch_size or len(tasks) or 1
        returns = []
        for start in range(0, len(tasks), size):
            returns.append(self.launcher.launch(tasks[start : start + size], initial_job_idx=start))
        return returns
