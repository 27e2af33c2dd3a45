"""`ecosim search` and `ecosim sensitivity` killed (SIGKILL on the whole process group, as
a scheduler's kill or a closed laptop lid does) in the middle of a batch, then resumed:
nothing told is computed again, and the result is the uninterrupted one."""

import os
import signal
import subprocess

import pandas as pd
import pytest

from tests.conftest import calls
from tests.test_faults_sweeps import wait_for
from tests.test_sweep_cli import ecosim

STEPS = "sim.steps=3"
SEARCH = ["search", STEPS, "--trials", "6", "--batch", "2", "--seeds", "2", "--jobs", "1"]
SEARCH += ["--space", "policy.openness=0:1,policy.link_budget=0:6"]
SENSITIVITY = ["sensitivity", STEPS, "--params", "policy.openness,policy.link_budget"]
SENSITIVITY += ["--trajectories", "2", "--seeds", "2", "--jobs", "1"]
SENSITIVITY += ["--kpis", "diversity_loss,npv_long"]


def killed_after(ecosim_cmd, cwd, env, log, args, runs: int) -> list[str]:
    """Start the command, SIGKILL its process group once `runs` simulations have started;
    returns the runs (config digests) started before the kill."""
    proc = subprocess.Popen(
        [ecosim_cmd, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    wait_for(lambda: len(calls(log)) >= runs or proc.poll() is not None, what=f"{runs} runs")
    assert proc.poll() is None, "the command ended before the kill"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    return calls(log, exactly=True)


@pytest.mark.slow
def test_a_killed_search_resumes_without_repeating_told_candidates(
    tmp_path, ecosim_cmd, clean_env, hooked
):
    """Killed when its second batch has started (the first two candidates told), the search
    goes on with `--resume`: none of the told candidates' runs is simulated again, and the
    candidates, their KPIs and the Pareto front are the uninterrupted search's."""
    env, log, _ = hooked
    whole = ecosim(ecosim_cmd, tmp_path, clean_env, *SEARCH, "--out", "whole")
    assert whole.returncode == 0, whole.stderr

    before = killed_after(ecosim_cmd, tmp_path, env, log, [*SEARCH, "--out", "cut"], runs=5)
    told = set(before[:4])  # batch 1: 2 candidates x 2 seeds, told before batch 2 started
    resumed = ecosim(ecosim_cmd, tmp_path, env, "search", "--resume", "cut", "--jobs", "1")
    assert resumed.returncode == 0, resumed.stderr
    after = calls(log, exactly=True)[len(before) :]
    print(f"\nsearch: {len(before)} runs before the kill, {len(after)} after the resume")
    assert not told & set(after)  # no told candidate computed again
    assert len(after) == len(set(after))
    for name in ("trials.csv", "pareto.csv"):
        pd.testing.assert_frame_equal(
            pd.read_csv(tmp_path / "cut" / name), pd.read_csv(tmp_path / "whole" / name)
        )
    assert len(pd.read_csv(tmp_path / "cut" / "trials.csv")) == 6

    again = ecosim(ecosim_cmd, tmp_path, env, "search", "--resume", "cut")
    assert again.returncode == 0, again.stderr
    assert calls(log, exactly=True)[len(before) + len(after) :] == []  # nothing left to do


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "--resume", "{missing}"], "not a search"),
        (["search", "--resume", "{cut}", "--trials", "9"], "give no other options"),
        (["search", "--out", "{cut}"], "--resume"),
    ],
)
def test_bad_resumes_are_one_line_and_exit_2(tmp_path, ecosim_cmd, clean_env, args, expected):
    cut = tmp_path / "cut"
    cut.mkdir()
    (cut / "study.db").write_bytes(b"")
    (cut / "request.json").write_text('{"args": []}')
    args = [a.format(missing=tmp_path / "missing", cut=cut) for a in args]
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args)
    assert res.returncode == 2, res.stderr
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("ecosim: error:") and expected in line


@pytest.mark.slow
def test_a_killed_sensitivity_analysis_goes_on_when_run_again(
    tmp_path, ecosim_cmd, clean_env, hooked
):
    """Killed mid-design, the same command with the same --out keeps the complete runs,
    runs the others, and gives the uninterrupted indices; another design there is refused."""
    env, log, _ = hooked
    whole = ecosim(ecosim_cmd, tmp_path, clean_env, *SENSITIVITY, "--out", "whole")
    assert whole.returncode == 0, whole.stderr

    before = killed_after(ecosim_cmd, tmp_path, env, log, [*SENSITIVITY, "--out", "cut"], runs=4)
    again = ecosim(ecosim_cmd, tmp_path, env, *SENSITIVITY, "--out", "cut")
    assert again.returncode == 0, again.stderr
    after = calls(log, exactly=True)[len(before) :]
    print(f"\nsensitivity: {len(before)} runs before the kill, {len(after)} after")
    assert not set(before[:-1]) & set(after)  # complete runs (all but the one killed) kept
    for name in ("indices.csv", "design.csv"):
        pd.testing.assert_frame_equal(
            pd.read_csv(tmp_path / "cut" / name), pd.read_csv(tmp_path / "whole" / name)
        )

    other = ecosim(ecosim_cmd, tmp_path, env, *SENSITIVITY, "--seeds", "3", "--out", "cut")
    assert other.returncode == 2, other.stderr
    (line,) = other.stderr.strip().splitlines()
    assert "another seeds (2, now 3)" in line
