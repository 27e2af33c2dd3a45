"""Write errors for real: a disk that fills in the middle of a sweep (a small tmpfs), a
read-only results directory (a read-only bind mount, EROFS) and a forbidden one (another
user, EACCES). The mounts live in a private user and mount namespace (`unshare -rm`), so
no privilege is needed; the tests skip where the kernel forbids such namespaces.

Each asserts: exit code 1, one line per failure naming the path and the cause, no
traceback, no `.done` on an incomplete run, nothing complete damaged (every `.done`
checksum holds), no temporary file left, and a resume elsewhere completes what is missing.
"""

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from ecosim.runs.collect import collect
from ecosim.runs.run_dir import damage, is_done
from tests.test_faults_sweeps import JOBS, STEPS, SWEEP, summaries
from tests.test_sweep_cli import ecosim, tree

PAGE = 4096


def namespaces_available() -> bool:
    try:
        res = subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return res.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not namespaces_available(), reason="user and mount namespaces (unshare -rm) not allowed"
)


def in_namespace(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """Run a shell script as root of a private user + mount namespace."""
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("ecosim: error:")]


def pages(run_dir: Path) -> int:
    """What a run directory takes on a tmpfs: its files, each rounded up to whole pages."""
    return sum(-(-p.stat().st_size // PAGE) * PAGE for p in run_dir.iterdir() if p.is_file())


def assert_nothing_damaged(sweep_dir: Path) -> list[str]:
    """Every run with a `.done` has all its files as recorded; no temporary file is left.
    Returns the complete runs."""
    done = [j for j in JOBS if is_done(sweep_dir / j)]
    assert all(damage(sweep_dir / j) == "" for j in done)
    assert not [p for p in sweep_dir.rglob(".*") if p.name not in (".done", ".lock")]
    return done


@pytest.mark.slow
@needs_namespaces
def test_a_disk_filling_mid_sweep_loses_no_complete_run(
    tmp_path, ecosim_cmd, clean_env, demo_sweep
):
    """The sweep runs on a tmpfs with room for its plan and about 2.5 runs. Then the disk
    is filled to the last page, and collect, report and resume are tried on it. Last, the
    sweep is copied to a roomy disk and resumed there."""
    run_size = pages(demo_sweep / sorted(JOBS)[0])
    size = 4 * PAGE + int(2.5 * run_size)  # plan.json, Hydra's multirun.yaml, the lock
    disk, snapshot, out = tmp_path / "disk", tmp_path / "snapshot", tmp_path / "out"
    for d in (disk, snapshot, out):
        d.mkdir()
    cmd = shlex.quote(ecosim_cmd)
    sweep = " ".join(shlex.quote(a) for a in (*SWEEP, STEPS, "--jobs", "1"))

    def step(name: str, command: str) -> str:
        return f"{command} >{out}/{name}.out 2>{out}/{name}.err; echo $? >{out}/{name}.rc"

    script = f"""
        mount -t tmpfs -o size={size} tmpfs {disk} && cd {disk} || exit 99
        {step("sweep", f"{cmd} {sweep}")}
        cp -a {disk}/. {snapshot}/
        dd if=/dev/zero of={disk}/filler bs={PAGE} 2>/dev/null
        sweep_dir=$(ls -d results/sweeps/demo/*)
        {step("collect", f'{cmd} collect "$sweep_dir"')}
        {step("report", f'{cmd} report "$sweep_dir"')}
        {step("resume", f'{cmd} sweep --resume "$sweep_dir"')}
        cp -a {disk}/results/. {snapshot}/after
    """
    res = in_namespace(script, tmp_path, clean_env)
    assert res.returncode == 0, res.stderr

    def outcome(name):
        return int((out / f"{name}.rc").read_text()), (out / f"{name}.err").read_text()

    code, err = outcome("sweep")
    print(f"\nsweep on a {size // 1024} KiB tmpfs (a run takes {run_size // 1024} KiB):\n{err}")
    assert code == 1, err
    (sweep_dir,) = (snapshot / "results" / "sweeps" / "demo").iterdir()
    complete = assert_nothing_damaged(sweep_dir)
    assert 1 <= len(complete) < len(JOBS), err
    lines = error_lines(err)
    assert lines and "Traceback" not in err
    assert all("cannot write" in ln and "No space left on device (ENOSPC)" in ln for ln in lines)
    incomplete = JOBS - set(complete)
    named = {Path(ln.split("cannot write ")[1].split(": ")[0]).parent.name for ln in lines}
    assert named <= incomplete  # each names the file of a run left incomplete
    assert f"{len(incomplete)} of {len(JOBS)} runs not complete" in err
    print(f"ENOSPC: {len(complete)}/{len(JOBS)} runs complete when the disk filled")

    for name in ("collect", "report", "resume"):  # on the full disk: one line, exit 1
        code, err = outcome(name)
        print(f"full disk: ecosim {name}: exit {code}: {err.strip()}")
        assert code == 1, (name, err)
        (line,) = err.strip().splitlines()
        assert line.startswith("ecosim: error: cannot write") and "(ENOSPC)" in line, (name, err)
        assert "Traceback" not in err
    after = snapshot / "after" / "sweeps" / "demo" / sweep_dir.name
    assert [j for j in JOBS if is_done(after / j)] == complete
    assert all(damage(after / j) == "" for j in complete)
    for j in complete:  # byte for byte what the sweep wrote before the disk filled
        assert (after / j / "summary.json").read_bytes() == (
            sweep_dir / j / "summary.json"
        ).read_bytes()

    kept = {j: tree(sweep_dir / j) for j in complete}
    roomy = ecosim(ecosim_cmd, snapshot, clean_env, "sweep", "--resume", str(sweep_dir))
    assert roomy.returncode == 0, roomy.stderr
    assert {j: tree(sweep_dir / j) for j in complete} == kept
    assert set(collect(sweep_dir).runs.status) == {"complete"}
    assert summaries(sweep_dir) == summaries(demo_sweep)  # runs lost: 0


@pytest.mark.slow
@needs_namespaces
def test_a_read_only_sweep_directory_is_said_in_one_line_and_left_intact(
    tmp_path, ecosim_cmd, clean_env, demo_sweep
):
    """collect, report and resume on a sweep directory mounted read-only (EROFS)."""
    sweep_dir = tmp_path / "sweep"
    shutil.copytree(demo_sweep, sweep_dir)
    shutil.rmtree(sweep_dir / sorted(JOBS)[0])  # something left for a resume to do
    before = tree(sweep_dir)
    cmd, where = shlex.quote(ecosim_cmd), shlex.quote(str(sweep_dir))
    results = {}
    for command in ("collect", "report", "sweep --resume"):
        script = f"""
            mount --bind {where} {where} && mount -o remount,bind,ro {where} || exit 99
            {cmd} {command} {where}
        """
        results[command] = in_namespace(script, tmp_path, clean_env)
    for command, res in results.items():
        print(f"\nread-only: ecosim {command}: exit {res.returncode}: {res.stderr.strip()}")
        assert res.returncode == 1, (command, res.stderr)
        (line,) = res.stderr.strip().splitlines()
        assert line.startswith(f"ecosim: error: cannot write {sweep_dir}/"), (command, line)
        assert line.endswith("Read-only file system (EROFS)") and "Traceback" not in res.stderr
    assert tree(sweep_dir) == before


def as_nobody(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run(
        [*nobody, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv not available")
def test_a_forbidden_results_directory_is_said_in_one_line_and_nothing_is_written(
    ecosim_cmd, clean_env, demo_sweep
):
    """Another user (nobody) runs collect on a sweep, a sweep and a single run, where it
    may not write (EACCES): one line each, exit 1, nothing written."""
    if os.geteuid() != 0:
        pytest.skip("needs to start a process as another user")
    base = Path(tempfile.mkdtemp(prefix="ecosim-eacces-"))
    try:
        base.chmod(0o755)  # readable by nobody, writable by root only
        sweep_dir = base / "sweep"
        shutil.copytree(demo_sweep, sweep_dir)
        before = tree(base)
        env = dict(clean_env, HOME=str(base), MPLCONFIGDIR=str(base / "mpl"))
        probe = as_nobody([ecosim_cmd, "--help"], base, env)
        if probe.returncode != 0:
            # e.g. a checkout in a mode-700 directory (mktemp -d), or a Python whose shared
            # library lies under /root: nobody cannot even start ecosim there
            reason = (probe.stderr.strip().splitlines() or ["no output"])[-1]
            pytest.skip(f"another user cannot run this checkout's environment: {reason}")
        res = as_nobody([ecosim_cmd, "collect", str(sweep_dir)], base, env)
        print(f"\nforbidden: collect: exit {res.returncode}: {res.stderr.strip()}")
        assert res.returncode == 1, res.stderr
        (line,) = res.stderr.strip().splitlines()
        assert line == (
            f"ecosim: error: cannot write {sweep_dir}/runs.parquet: Permission denied (EACCES)"
        )
        res = as_nobody([ecosim_cmd, *SWEEP, STEPS], base, env)
        print(f"forbidden: sweep: exit {res.returncode}: {res.stderr.strip()}")
        assert res.returncode == 1, res.stderr
        (line,) = res.stderr.strip().splitlines()
        assert line.startswith("ecosim: error: cannot write results/sweeps/demo/")
        assert line.endswith("Permission denied (EACCES)") and "Traceback" not in res.stderr
        res = as_nobody([ecosim_cmd, "run", STEPS], base, env)
        print(f"forbidden: run: exit {res.returncode}: {res.stderr.strip()}")
        assert res.returncode == 1, res.stderr
        (line,) = res.stderr.strip().splitlines()
        assert line == "ecosim: error: cannot write results/runs: Permission denied (EACCES)"
        assert tree(base) == before
    finally:
        shutil.rmtree(base)


@pytest.mark.slow
@needs_namespaces
def test_a_search_on_a_disk_that_fills_stops_in_one_line_and_resumes(
    tmp_path, ecosim_cmd, clean_env
):
    """`ecosim search` on a 300 KiB tmpfs (its study.db alone takes ~112 KiB): the disk
    fills during the first batch. Copied to a roomy disk, `--resume` finishes the search
    without recomputing the runs completed before the disk filled."""
    disk, snapshot, out = tmp_path / "disk", tmp_path / "snapshot", tmp_path / "out.err"
    for d in (disk, snapshot):
        d.mkdir()
    args = ["search", STEPS, "--trials", "4", "--batch", "2", "--seeds", "2", "--jobs", "1"]
    command = " ".join(shlex.quote(a) for a in (ecosim_cmd, *args, "--out", "se"))
    script = f"""
        mount -t tmpfs -o size=300k tmpfs {disk} && cd {disk} || exit 99
        {command} 2>{out}; echo $? >{out}.rc
        cp -a {disk}/. {snapshot}/
    """
    res = in_namespace(script, tmp_path, clean_env)
    assert res.returncode == 0, res.stderr
    err, code = out.read_text(), int(Path(f"{out}.rc").read_text())
    print(f"\nsearch on a full disk: exit {code}:\n{err}")
    assert code == 1 and "Traceback" not in err, err
    lines = error_lines(err)
    assert lines and all("No space left on device (ENOSPC)" in ln for ln in lines)
    search = snapshot / "se"
    complete = [d for d in search.iterdir() if is_done(d)]
    assert complete and all(damage(d) == "" for d in complete)
    kept = {d.name: tree(d) for d in complete}

    resumed = ecosim(ecosim_cmd, snapshot, clean_env, "search", "--resume", "se")
    assert resumed.returncode == 0, resumed.stderr
    assert {d.name: tree(search / d.name) for d in complete} == kept
    assert len(pd.read_csv(search / "trials.csv")) == 4
