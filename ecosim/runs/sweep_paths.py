"""Where each run of a sweep lives: one directory per job, named by the job's overrides.

Hydra numbers a multirun's jobs (`0/`, `1/`, ...); a number says nothing about the run
and changes when the sweep changes. ecosim names a job's directory by its overrides
instead (`policy=isolated,seed=3`), sorted so the name does not depend on their order.
Re-running a sweep into the same directory therefore finds each completed run where it
left it (its `.done` marker) and redoes only the others: that is how resume works.

A name is one path component: any character outside a small safe set (notably `/` and
`\\`) becomes `_`, and a name that had to be changed or is too long gets a hash of the
raw overrides, so crafted values can neither escape the sweep directory nor collide.

The sweep's plan (`plan.json`: every job's overrides and directory) is written by the
`ecosim sweep` / `ecosim run -m` front end before anything runs, so `ecosim collect`
can list runs that never started.

A new sweep's directory is named by `sweep_stamp` (`${ecosim_stamp:}` in the configs):
the time to the microsecond, the host and a random part, so two sweeps started in the
same second, or on two machines sharing a file system, never share a directory; and it is
claimed with a `mkdir` that fails if the directory exists (`Plan.create`), so even a
directory given by hand (`hydra.sweep.dir=...`) is never the home of two sweeps.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ecosim import io
from ecosim.config import ConfigError
from ecosim.runs.run_dir import is_done

PLAN = "plan.json"
#: overrides that say where or under which name a sweep runs, not what a run is
NOT_IN_NAME = ("experiment", "results_dir")
_UNSAFE = re.compile(r"[^A-Za-z0-9._,=+-]")
_MAX_NAME = 120


def override_key(override: str) -> str:
    """`policy.openness` for `policy.openness=0.5` (and for `+policy.openness=0.5`)."""
    return override.split("=", 1)[0].lstrip("+~")


def job_dirname(overrides) -> str:
    """The directory name of the job run with these overrides (see the module doc)."""
    items = sorted(str(o) for o in overrides if override_key(str(o)) not in NOT_IN_NAME)
    raw = ",".join(items)
    if not raw:  # a multirun of one job with no overrides
        return "defaults"
    name = _UNSAFE.sub("_", raw)
    if name != raw or len(name) > _MAX_NAME:
        digest = hashlib.sha256(raw.encode()).hexdigest()[:10]
        name = f"{name[: _MAX_NAME - 11]}-{digest}"
    return name


def sweep_stamp() -> str:
    """`20261202-061503-482113-node7-a3f9`: when (to the microsecond), where, and a random
    part, for the names of new sweep, sensitivity and search directories."""
    host = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname().split(".")[0])[:12] or "host"
    return f"{datetime.now():%Y%m%d-%H%M%S-%f}-{host}-{secrets.token_hex(2)}"


def register_resolver() -> None:
    """`${ecosim_job_dir:${hydra.overrides.task}}` in configs/config.yaml (hydra.sweep.subdir),
    and `${ecosim_stamp:}` in the sweep directories (`hydra.sweep.dir`).

    Called when `ecosim.runs.hydra_app` is imported: a joblib worker imports it to unpickle the task
    function before Hydra resolves the job's directory, so workers resolve it too.
    """
    from omegaconf import OmegaConf

    OmegaConf.register_new_resolver("ecosim_job_dir", job_dirname, replace=True)
    OmegaConf.register_new_resolver("ecosim_stamp", sweep_stamp, replace=True)


@dataclass
class Plan:
    """Every job of a sweep: its overrides as the sweeper gives them, and its directory."""

    sweep_dir: Path
    overrides: list[str]
    jobs: list[list[str]] = field(default_factory=list)
    experiment: str | None = None
    #: a posterior sweep's origin: {"dir": calibration dir, "draws": K, "keys": [set keys]}
    posterior: dict | None = None

    def job_dirs(self) -> list[Path]:
        return [self.sweep_dir / job_dirname(job) for job in self.jobs]

    def create(self) -> None:
        """Claim a new sweep's directory: ConfigError if it exists (see the module doc)."""
        try:
            self.sweep_dir.parent.mkdir(parents=True, exist_ok=True)
            self.sweep_dir.mkdir()
        except FileExistsError:
            raise ConfigError(
                f"{self.sweep_dir} already exists; finish that sweep with "
                f"`ecosim sweep --resume {self.sweep_dir}` or choose another directory"
            ) from None
        except OSError as exc:
            raise io.WriteError(self.sweep_dir, exc) from exc

    def write(self) -> None:
        data = {
            "experiment": self.experiment,
            "overrides": self.overrides,
            "jobs": [{"dir": job_dirname(job), "overrides": job} for job in self.jobs],
        }
        if self.posterior is not None:
            data["posterior"] = self.posterior
        io.write_text(self.sweep_dir / PLAN, json.dumps(data, indent=1) + "\n")

    @classmethod
    def read(cls, sweep_dir: Path) -> Plan:
        """The plan of an existing sweep; a clear error for anything that is not one."""
        sweep_dir = Path(sweep_dir)
        if not sweep_dir.is_dir():
            raise ConfigError(f"{sweep_dir} is not a directory; expected a sweep directory")
        path = sweep_dir / PLAN
        if not path.is_file():
            what = (
                "a single run's directory"
                if (sweep_dir / "summary.json").exists() or is_done(sweep_dir)
                else "not a sweep directory"
            )
            raise ConfigError(
                f"{sweep_dir} is {what} (no {PLAN}); expected results/sweeps/<name>/<stamp>"
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            jobs = [list(map(str, j["overrides"])) for j in data["jobs"]]
            posterior = data.get("posterior")
            return cls(sweep_dir, list(data["overrides"]), jobs, data.get("experiment"), posterior)
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path} is not a readable sweep plan ({exc})") from exc
