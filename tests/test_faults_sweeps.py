"""Faults met on a shared cluster or a laptop, injected for real through the console script:
sweeps started together, a sweep's parent killed with SIGKILL, two resumes racing for one
sweep, and result files truncated after the fact. Each asserts that no run is lost, none
is mixed into another sweep or computed twice, and that what is said is one clear line.
"""

import json
import multiprocessing
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ecosim.config import ConfigError
from ecosim.runs.collect import collect
from ecosim.runs.run_dir import DONE, damage, is_done
from ecosim.runs.sweep_lock import LOCK
from ecosim.runs.sweep_paths import Plan, job_dirname
from tests.conftest import DEMO_SWEEP as SWEEP
from tests.conftest import DEMO_SWEEP_STEPS as STEPS
from tests.conftest import calls
from tests.test_sweep_cli import ecosim, tree

POLICIES = ("isolated", "complementarity")
SEEDS = 3
#: every run of SWEEP: its directory -> its name in the hook's log
NAMES = {
    job_dirname([f"policy={p}", f"seed={s}", STEPS]): f"{p}-{s}"
    for p in POLICIES
    for s in range(SEEDS)
}
JOBS = set(NAMES)


def sweep_dirs(cwd: Path) -> list[Path]:
    return sorted((cwd / "results" / "sweeps" / "demo").iterdir())


def summaries(sweep_dir: Path) -> dict[str, bytes]:
    return {job: (sweep_dir / job / "summary.json").read_bytes() for job in JOBS}


# -- sweeps started together ---------------------------------------------------------------
@pytest.mark.slow
def test_sweeps_started_in_the_same_second_get_their_own_directories(
    tmp_path, ecosim_cmd, clean_env, demo_sweep
):
    """Three sweeps of the same experiment start at once in one directory (the old stamp,
    to the second, gave them one sweep directory): each gets its own, with its own runs."""
    procs = [
        subprocess.Popen(
            [ecosim_cmd, *SWEEP, STEPS, "--jobs", "1"],
            cwd=tmp_path,
            env=clean_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in outs]
    dirs = sweep_dirs(tmp_path)
    print("\nthree sweeps started together:", *(d.name for d in dirs))
    assert len(dirs) == 3 and {tmp_path / out.strip() for out, _ in outs} == set(dirs)
    for sweep_dir in dirs:
        runs = collect(sweep_dir).runs
        assert set(runs.job) == JOBS and set(runs.status) == {"complete"}
        assert {p.name for p in sweep_dir.iterdir() if p.is_dir()} == JOBS
        assert summaries(sweep_dir) == summaries(demo_sweep)


def _claim(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        Plan(Path(path), [], []).create()
        results.put("created")
    except ConfigError as exc:
        results.put(str(exc))


@pytest.mark.slow
def test_two_processes_claiming_one_directory_cannot_both_get_it(tmp_path):
    """Eight processes released together claim one sweep directory (as two machines could
    on a shared file system, with the same name): exactly one gets it."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(8), ctx.Queue()
    target = tmp_path / "sweeps" / "same"
    procs = [ctx.Process(target=_claim, args=(str(target), barrier, results)) for _ in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    outcomes = sorted(results.get(timeout=5) for _ in procs)
    assert outcomes.count("created") == 1
    assert all("already exists" in o and "--resume" in o for o in outcomes if o != "created")


@pytest.mark.slow
def test_a_sweep_into_an_existing_directory_is_refused_in_one_line(
    tmp_path, ecosim_cmd, clean_env, demo_sweep
):
    before = tree(demo_sweep)
    res = ecosim(
        ecosim_cmd, tmp_path, clean_env, "run", "-m", "seed=0,1", f"hydra.sweep.dir={demo_sweep}"
    )
    assert res.returncode == 2, res.stderr
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("ecosim: error:") and "already exists" in line and "--resume" in line
    assert tree(demo_sweep) == before


# -- the sweep's parent killed -------------------------------------------------------------
def wait_for(condition, timeout=300.0, what="condition"):
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.slow
def test_sigkill_of_the_sweep_parent_then_resume_twice_loses_nothing(
    tmp_path, ecosim_cmd, hooked, demo_sweep
):
    """The sweep's parent (not a worker) is killed with SIGKILL once two runs are complete;
    its lock is never released. The resume says it takes over from the killed holder,
    computes only what was not complete, and a second resume computes nothing."""
    env, log, _ = hooked
    parent = subprocess.Popen(
        [ecosim_cmd, *SWEEP, STEPS, "--jobs", "1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wait_for(lambda: (tmp_path / "results" / "sweeps" / "demo").is_dir(), what="the sweep dir")
    (sweep_dir,) = sweep_dirs(tmp_path)

    def complete() -> list[str]:
        return [j for j in JOBS if is_done(sweep_dir / j)]

    wait_for(lambda: len(complete()) >= 2, what="two complete runs")
    parent.send_signal(signal.SIGKILL)
    parent.communicate(timeout=60)
    assert parent.returncode == -signal.SIGKILL
    time.sleep(2)  # let an orphaned worker finish what it was doing, if it still runs
    done_before = complete()
    assert len(done_before) < len(JOBS), "the sweep ended before the kill"
    assert json.loads((sweep_dir / LOCK).read_text())["pid"] == parent.pid  # never released
    kept = {j: tree(sweep_dir / j) for j in done_before}
    computed_before = len(calls(log))

    resume = ("sweep", "--resume", str(sweep_dir), "--jobs", "1")
    first = ecosim(ecosim_cmd, tmp_path, env, *resume)
    assert first.returncode == 0, first.stderr
    assert f"pid {parent.pid}" in first.stderr and "killed" in first.stderr
    assert "taking over" in first.stderr and "Traceback" not in first.stderr
    second = ecosim(ecosim_cmd, tmp_path, env, *resume)
    assert second.returncode == 0, second.stderr
    assert f"{len(JOBS)} already complete" in second.stderr and "taking over" not in second.stderr

    assert {j: tree(sweep_dir / j) for j in done_before} == kept  # not recomputed nor rewritten
    resumed = calls(log)[computed_before:]
    assert len(resumed) == len(set(resumed)) == len(JOBS) - len(done_before)
    runs = collect(sweep_dir).runs
    assert len(runs) == len(JOBS) and set(runs.status) == {"complete"}
    assert summaries(sweep_dir) == summaries(demo_sweep)  # nothing mixed: as if never killed
    print(
        f"\nSIGKILL of the parent: {len(done_before)}/{len(JOBS)} complete at the kill; "
        f"resume computed {len(resumed)}; runs lost: 0\n{first.stderr}"
    )
    assert not list(sweep_dir.rglob(".*.tmp")) and (sweep_dir / LOCK).read_text() == ""


# -- two resumes racing --------------------------------------------------------------------
@pytest.mark.slow
def test_two_resumes_started_together_one_runs_the_other_says_who(
    tmp_path, ecosim_cmd, hooked, demo_sweep
):
    """Two shells resume the same unfinished sweep at the same moment. The runs wait at a
    gate until the loser has answered, so both really overlap: one holds the lock and
    completes every run once; the other exits 2 with one line naming the holder."""
    env, log, gate = hooked
    sweep_dir = tmp_path / "sweep"
    shutil.copytree(demo_sweep, sweep_dir)
    redo = sorted(JOBS)[:3]
    for job in redo:
        shutil.rmtree(sweep_dir / job)
    kept = {j: tree(sweep_dir / j) for j in JOBS - set(redo)}
    env = dict(env, ECOSIM_TEST_GATE=str(gate))
    resume = [ecosim_cmd, "sweep", "--resume", str(sweep_dir), "--jobs", "1"]
    procs = [
        subprocess.Popen(
            resume, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    wait_for(lambda: any(p.poll() is not None for p in procs), what="the loser to answer")
    loser = next(p for p in procs if p.poll() is not None)
    winner = next(p for p in procs if p is not loser)
    _, err = loser.communicate()
    print(f"\nrace: the second resume: exit {loser.returncode}: {err.strip()}")
    assert loser.returncode == 2, err
    (line,) = err.strip().splitlines()
    assert line.startswith("ecosim: error:") and f"pid {winner.pid}" in line
    assert "is being run by" in line and "ecosim sweep --resume" in line
    gate.touch()
    _, err = winner.communicate(timeout=600)
    assert winner.returncode == 0, err
    assert sorted(calls(log)) == sorted(NAMES[job] for job in redo)  # each once
    assert summaries(sweep_dir) == summaries(demo_sweep)
    assert {j: tree(sweep_dir / j) for j in JOBS - set(redo)} == kept


# -- damaged result files ------------------------------------------------------------------
@pytest.mark.slow
def test_truncated_and_corrupted_files_are_named_left_out_and_redone(
    tmp_path, ecosim_cmd, hooked, demo_sweep
):
    """An interrupted copy truncates one run's parquet to half, another's summary.json
    loses its end, a third's has one digit changed (same size), a fourth's `.done` marker
    is cut. collect and report name each damaged run and file and keep them out of every
    statistic; resume redoes exactly those four, and the results are as before."""
    env, log, _ = hooked
    sweep_dir = tmp_path / "sweep"
    shutil.copytree(demo_sweep, sweep_dir)
    jobs = sorted(JOBS)
    ts = sweep_dir / jobs[0] / "timeseries.parquet"
    ts.write_bytes(ts.read_bytes()[: ts.stat().st_size // 2])
    summary = sweep_dir / jobs[1] / "summary.json"
    summary.write_bytes(summary.read_bytes()[:-40])
    changed = sweep_dir / jobs[2] / "summary.json"
    text = changed.read_text()
    digit = next(i for i, c in enumerate(text) if c.isdigit() and c != "9")
    changed.write_text(text[:digit] + str(int(text[digit]) + 1) + text[digit + 1 :])
    marker = sweep_dir / jobs[3] / DONE
    marker.write_bytes(marker.read_bytes()[:30])
    expected = {
        jobs[0]: "timeseries.parquet is",
        jobs[1]: "summary.json is",
        jobs[2]: "summary.json changed since the run completed",
        jobs[3]: ".done marker damaged",
    }

    res = ecosim(ecosim_cmd, tmp_path, env, "collect", str(sweep_dir))
    print(f"\ndamaged files: collect says:\n{res.stderr}")
    assert res.returncode == 0, res.stderr
    runs = collect(sweep_dir).runs.set_index("job")
    assert sorted(runs.index[runs.status == "damaged"]) == sorted(expected)
    for job, problem in expected.items():
        (line,) = [ln for ln in res.stderr.splitlines() if job in ln]
        assert line.split()[0] == "damaged" and problem in line
        assert runs.loc[job, ["cum_net_return", "diversity_loss"]].isna().all()
    res = ecosim(ecosim_cmd, tmp_path, env, "report", str(sweep_dir))
    assert res.returncode == 0, res.stderr
    md = (sweep_dir / "report" / "report.md").read_text()
    assert all(job in md for job in expected) and "damaged" in md
    complete = runs[runs.status == "complete"]
    for policy, rows in complete.groupby("policy"):  # the KPI table counts complete runs only
        assert any(ln.startswith(f"| {policy} | {len(rows)} | ") for ln in md.splitlines())

    res = ecosim(ecosim_cmd, tmp_path, env, "sweep", "--resume", str(sweep_dir), "--jobs", "1")
    assert res.returncode == 0, res.stderr
    for job, problem in expected.items():
        (line,) = [ln for ln in res.stderr.splitlines() if "damaged, redo" in ln and job in ln]
        assert problem in line
    print(f"resume says:\n{res.stderr}")
    assert len(calls(log)) == len(expected)
    assert summaries(sweep_dir) == summaries(demo_sweep)
    assert all(damage(sweep_dir / job) == "" for job in JOBS)
