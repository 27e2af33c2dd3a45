"""Sweeps through the console script: a multirun, collect, resume after an interruption
and a failure, the report, and bad input (one line, exit 2, nothing written)."""

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ecosim.analysis.stats import mean_ci
from ecosim.report.command import analyse, write_report
from ecosim.report.text import number
from ecosim.runs.collect import collect
from ecosim.runs.sweep_paths import Plan, job_dirname

STEPS = 12
HOOK = '''
"""Loaded at start-up by every Python process of the sweep under test (PYTHONPATH):
records each simulation and fires each trigger file once, like a crash or a Ctrl-C."""
import os

if os.environ.get("ECOSIM_TEST_HOOKS"):
    import signal
    import time
    from pathlib import Path

    import ecosim.runs.run as runner

    _simulate = runner.simulate

    def simulate(cfg, progress=None):
        hooks = Path(os.environ["ECOSIM_TEST_HOOKS"])
        name = f"{cfg.policy.name}-{cfg.seed}"
        with open(hooks / "calls.log", "a") as log:
            log.write(name + "\\n")
        for action in ("fail", "interrupt", "terminate", "kill"):
            try:
                (hooks / f"{name}.{action}").unlink()
            except FileNotFoundError:
                continue
            if action == "fail":
                raise RuntimeError("injected failure")
            if action == "kill":  # the worker dies mid-run, as from the OOM killer
                os.kill(os.getpid(), signal.SIGKILL)
            sig = signal.SIGINT if action == "interrupt" else signal.SIGTERM
            os.killpg(os.getpgid(0), sig)  # Ctrl-C, or a scheduler's TERM, on the sweep
            time.sleep(60)
        return _simulate(cfg, progress)

    runner.simulate = simulate
'''


def ecosim(cmd, cwd, env, *args, **kw):
    return subprocess.run(
        [cmd, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, **kw
    )


def tree(root: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory, ecosim_cmd, clean_env):
    """2 policies x 2 seeds with `ecosim run -m`, on two workers."""
    cwd = tmp_path_factory.mktemp("sweep")
    res = ecosim(
        ecosim_cmd,
        cwd,
        clean_env,
        "run",
        "-m",
        "policy=isolated,complementarity",
        "seed=0,1",
        f"sim.steps={STEPS}",
        "hydra.launcher.n_jobs=2",
    )
    assert res.returncode == 0, res.stderr
    return cwd, cwd / res.stdout.strip().splitlines()[-1], res


@pytest.mark.slow
def test_multirun_then_collect_gives_one_row_per_run(small_sweep, ecosim_cmd, clean_env):
    cwd, sweep_dir, res = small_sweep
    assert sweep_dir.parent == cwd / "results" / "sweeps" / "multirun"
    assert "4/4 runs done" in res.stderr
    res = ecosim(ecosim_cmd, cwd, clean_env, "collect", str(sweep_dir))
    assert res.returncode == 0, res.stderr
    runs = pd.read_parquet(sweep_dir / "runs.parquet")
    assert len(runs) == 4 and set(runs.status) == {"complete"}
    assert set(zip(runs.policy, runs.seed, strict=True)) == {
        (p, s) for p in ("isolated", "complementarity") for s in (0, 1)
    }
    assert set(runs.job) == {
        f"policy={p},seed={s},sim.steps={STEPS}"
        for p, s in zip(runs.policy, runs.seed, strict=True)
    }
    assert set(runs.scenario) == {"policy=isolated", "policy=complementarity"}
    # the world is recorded though the sweep did not vary it
    assert set(runs.world) == {"two_speed"} and set(runs["sim.steps"]) == {STEPS}
    for row in runs.itertuples():
        summary = json.loads((sweep_dir / row.job / "summary.json").read_text())
        assert row.cum_net_return == pytest.approx(summary["cum_net_return"])
    ts = pd.read_parquet(sweep_dir / "timeseries.parquet")
    assert len(ts) == 4 * STEPS * 11 and set(ts.job) == set(runs.job)
    assert {"policy", "seed", "scenario", "step", "territory"} <= set(ts.columns)


@pytest.mark.slow
def test_resume_redoes_only_interrupted_and_failed_runs(tmp_path, ecosim_cmd, clean_env):
    """A run fails once, then Ctrl-C hits the sweep in the middle of another run."""
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(HOOK)
    hooks = tmp_path / "triggers"
    hooks.mkdir()
    (hooks / "isolated-1.fail").touch()
    (hooks / "complementarity-0.interrupt").touch()
    env = dict(clean_env, PYTHONPATH=str(tmp_path / "hook"), ECOSIM_TEST_HOOKS=str(hooks))
    args = ("sweep", "demo", "policy=isolated,complementarity", "seed=range(0,2)", "sim.steps=3")
    first = ecosim(ecosim_cmd, tmp_path, env, *args, "--jobs", "1", start_new_session=True)
    assert first.returncode == 130, first.stderr
    (sweep_dir,) = (tmp_path / "results" / "sweeps" / "demo").iterdir()
    assert f"ecosim sweep --resume {sweep_dir.relative_to(tmp_path)}" in first.stderr

    runs = collect(sweep_dir).runs.set_index("job")
    name = {
        (p, s): job_dirname([f"policy={p}", f"seed={s}", "sim.steps=3"])
        for p in ("isolated", "complementarity")
        for s in (0, 1)
    }
    assert runs.loc[name["isolated", 0], "status"] == "complete"
    assert runs.loc[name["isolated", 1], "status"] == "failed"
    assert "RuntimeError: injected failure" in runs.loc[name["isolated", 1], "error"]
    assert runs.loc[name["complementarity", 0], "status"] == "unfinished"
    assert runs.loc[name["complementarity", 1], "status"] == "not started"
    report = ecosim(ecosim_cmd, tmp_path, env, "report", str(sweep_dir))  # of what is done
    assert report.returncode == 0, report.stderr
    assert "RuntimeError: injected failure" in (sweep_dir / "report" / "report.md").read_text()
    kept = sweep_dir / name["isolated", 0]
    before = tree(kept)

    (hooks / "complementarity-1.fail").touch()  # the resumed sweep meets a failure too
    again = ecosim(ecosim_cmd, tmp_path, env, "sweep", "--resume", str(sweep_dir), "--jobs", "1")
    assert again.returncode == 1, again.stderr
    assert "1 already complete" in again.stderr and "(1 failed)" in again.stderr
    assert again.stdout.strip() == str(sweep_dir)
    last = ecosim(ecosim_cmd, tmp_path, env, "sweep", "--resume", str(sweep_dir), "--jobs", "1")
    assert last.returncode == 0, last.stderr
    assert tree(kept) == before  # the completed run was neither recomputed nor rewritten
    calls = (hooks / "calls.log").read_text().split()
    first_try = ["isolated-0", "isolated-1", "complementarity-0"]  # then the Ctrl-C
    resumed = ["isolated-1", "complementarity-0", "complementarity-1"]  # the last fails
    assert calls == first_try + resumed + ["complementarity-1"]
    done = collect(sweep_dir).runs
    assert len(done) == 4 and done.job.is_unique and set(done.status) == {"complete"}
    assert not (sweep_dir / name["isolated", 1] / "error.json").exists()
    run_dirs = {p.name for p in sweep_dir.iterdir() if p.is_dir()} - {"report"}
    assert run_dirs == set(name.values())


@pytest.mark.slow
def test_report_has_the_kpi_table_every_figure_and_findings_from_the_table(
    small_sweep, ecosim_cmd, clean_env, tmp_path
):
    cwd, sweep_dir, _ = small_sweep
    res = ecosim(ecosim_cmd, cwd, clean_env, "report", str(sweep_dir))
    assert res.returncode == 0, res.stderr
    out = sweep_dir / "report"
    page = (out / "report.html").read_text()
    md = (out / "report.md").read_text()
    assert res.stdout.strip() == str(out / "report.html")
    # it leads with the main message and what was simulated, before any section
    head = md.split("\n## ", 1)[0]
    assert "**In short: against isolated, complementarity changes long-run returns by" in head
    assert (
        f"What was simulated: world two_speed, {STEPS} quarters (3 years), seeds 0, 1 (2 per"
        in head
    )

    figures = ("gains_map", "channels", "timeseries", "tradeoff", "differences", "territories")
    images = re.findall(r'<figure id="(\w+)">.*?src="data:image/png;base64,([^"]+)"', page, re.S)
    assert [name for name, _ in images] == list(figures)
    for name, data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
        assert (out / "figures" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    assert "<script" not in page and "http://" not in page and "https://" not in page

    runs = pd.read_parquet(sweep_dir / "runs.parquet")
    by = {
        p: runs[runs.policy == p].set_index("seed").sort_index()
        for p in ("isolated", "complementarity")
    }
    ci = mean_ci(by["isolated"].cum_net_return)
    row = "| isolated | 2 | "
    cell = f"{number(ci.mean, 'en')} [{number(ci.low, 'en')} to {number(ci.high, 'en')}]"
    (line,) = [ln for ln in md.splitlines() if ln.startswith(row)]
    assert cell in line and "<th>diversity loss</th>" in page

    diff = by["complementarity"].cum_net_return - by["isolated"].cum_net_return
    base = abs(by["isolated"].cum_net_return.mean())
    expected = mean_ci(diff)
    rel = [100 * x / base for x in (expected.mean, expected.low, expected.high)]
    findings = md.split("## Findings", 1)[1].splitlines()  # after "Who wins, who pays"
    (finding,) = [ln for ln in findings if ln.startswith("- complementarity")]
    m = re.search(
        r"(raises|lowers|changes|may or may not change) long-run returns "
        r"\(cumulative net return\)\D*?(-?[\d.]+)% \[(-?[\d.]+)% to (-?[\d.]+)%\]",
        finding,
    )
    assert m, finding
    verb, shown = m.group(1), [float(x) for x in m.group(2, 3, 4)]
    analysis = analyse(collect(sweep_dir), None, "en")
    judged = analysis.paired.set_index("metric").loc["cum_net_return"]
    words = {"distinguishable": ("raises", "lowers"), "equivalent": ("changes",)}
    assert verb in words.get(judged["verdict"], ("may or may not change",))
    if verb == "lowers":
        assert expected.high < 0
        rel = [-rel[0], -rel[2], -rel[1]]
    elif verb == "raises":
        assert expected.low > 0
    assert shown == pytest.approx(rel, abs=0.051)

    (f,) = analysis.findings
    loss = by["complementarity"].diversity_loss - by["isolated"].diversity_loss
    e = f.effects["diversity_loss"]
    assert (e.value, e.low, e.high) == pytest.approx(
        tuple(100 * x for x in (mean_ci(loss).mean, mean_ci(loss).low, mean_ci(loss).high))
    )
    assert f.text in finding
    assert f"{abs(e.value):.1f} points" in finding or f"({e.value:+.1f} points" in finding

    fr = tmp_path / "fr"
    res = ecosim(ecosim_cmd, cwd, clean_env, "report", str(sweep_dir), "lang=fr", "--out", str(fr))
    assert res.returncode == 0, res.stderr
    page = (fr / "report.html").read_text()
    assert '<html lang="fr">' in page and "Constats" in page
    assert "par rapport à Isolement" in (fr / "report.md").read_text()


@pytest.mark.slow
def test_report_names_its_correction_and_defines_the_verdicts(small_sweep, tmp_path):
    """The report defines the three verdicts before the first section that uses them and
    names its correction with the number of comparisons, in English and French; every
    comparison's adjusted p-value is Benjamini-Hochberg's over all of them."""
    from ecosim.analysis.stats import adjust_pvalues
    from ecosim.report.render import render_markdown

    _, sweep_dir, _ = small_sweep
    collected = collect(sweep_dir)
    a = analyse(collected, None, "en")
    tables = [a.paired, a.territory_diff, a.periphery]
    p = pd.concat([t["p_value"] for t in tables]).to_numpy(float)
    adjusted = pd.concat([t["p_adjusted"] for t in tables]).to_numpy(float)
    count = int(np.isfinite(p).sum())
    assert a.family["comparisons"] == count and count > 10
    np.testing.assert_allclose(adjusted, adjust_pvalues(p, "bh"))
    for table in tables:
        sure = table["distinguishable"].to_numpy(bool)
        assert (table.loc[sure, "p_adjusted"] < 0.05).all()
        excludes = (table["low"] > 0) | (table["high"] < 0)
        assert excludes[sure].all()
        assert set(table["verdict"]) <= {"distinguishable", "equivalent", "not established"}

    md = render_markdown(a, [])
    named = f"p-values adjusted for {count} comparisons (Benjamini-Hochberg false discovery rate)"
    assert named in md
    first = md.index("## How findings are judged")
    assert first < md.index("## Who wins, who pays") < md.index("## Findings")
    for words in ("Distinguishable: ", "Equivalent: ", "Not established: "):
        assert first < md.index(words) < md.index("## Who wins, who pays")
    assert "| margin | p | adjusted p | verdict |" in md
    assert md.count("no effect") == md.count("not evidence of no effect") == 1  # never a verdict
    fr = render_markdown(analyse(collected, None, "fr"), [])
    assert f"p-valeurs ajustées pour {count} comparaisons" in fr
    assert "(taux de fausses découvertes de Benjamini-Hochberg)" in fr
    for words in ("Distinguable : ", "Équivalent : ", "Non établi : "):
        assert fr.index("## Comment les constats sont jugés") < fr.index(words)
    assert "| marge | p | p ajustée | verdict |" in fr


@pytest.mark.slow
def test_who_wins_states_the_paired_distribution_of_real_runs(small_sweep):
    """The who-wins sentence's numbers are the paired table's, the table's are the runs'
    (final cumulative net return, same seed), and the channels add up on real runs."""
    _, sweep_dir, _ = small_sweep
    analysis = analyse(collect(sweep_dir), None, "en")
    dist = analysis.distribution
    ts = collect(sweep_dir).timeseries
    last = ts[(ts.territory != "world") & (ts.step == ts.step.max())]
    final = last.set_index(["policy", "seed", "territory"])["cum_net_return"]
    gains = final["complementarity"] - final["isolated"]
    for seed in (0, 1):
        g = gains[seed]
        row = dist.runs.set_index("seed").loc[seed]
        assert row.share_gaining == pytest.approx((g > 0).mean())
        assert row.core_gain == pytest.approx(g["Metropolis"])
        assert row.periphery_gain == pytest.approx(g.drop("Metropolis").sum())
        assert row.worst_off_gain == pytest.approx(g.min())
    (sentence,) = analysis.who
    share = dist.kpis.set_index("metric").loc["share_gaining"]
    assert sentence.startswith("complementarity vs isolated: long-run returns")
    assert f"{number(100 * share['mean'], 'en', 0)}% of territories gain" in sentence
    columns = [c for c in dist.pairs.columns if c.startswith("via_")]
    assert len(columns) == 7
    assert (dist.pairs[columns].sum(axis=1) - dist.pairs.gain).abs().max() < 1e-6


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("sweep", "nope"), "unknown experiment 'nope'"),
        (("sweep",), "give an experiment name"),
        (("sweep", "demo", "policy=isolated,nope"), "nope"),
        (("sweep", "demo", "seed=1,1"), "twice"),
        (("sweep", "demo", "--jobs", "0"), "--jobs"),
        (("sweep", "demo", "--bogus"), "unrecognized"),
        (("sweep", "--resume", "{missing}"), "not a directory"),
        (("sweep", "--resume", "{sweep}", "seed=3"), "give no other"),
        (("collect",), "sweep_dir"),
        (("collect", "{missing}"), "not a directory"),
        (("collect", "{empty}"), "not a sweep directory"),
        (("collect", "{run}"), "single run"),
        (("report", "{empty}"), "not a sweep directory"),
        (("report", "{unstarted}"), "no complete run"),
        (("report", "{sweep}", "--baseline", "policy=nope"), "policy takes"),
        (("report", "{sweep}", "--baseline", "policy=isolatd"), "did you mean policy=isolated?"),
        (("report", "{sweep}", "--baseline", "seed=0"), "swept key"),
        (("report", "{sweep}", "lang=de"), "lang=de"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_modified(
    small_sweep, ecosim_cmd, clean_env, tmp_path, args, expected
):
    cwd, sweep_dir, _ = small_sweep
    (tmp_path / "empty").mkdir()
    run = tmp_path / "run"
    run.mkdir()
    (run / ".done").write_text("complete\n")
    Plan(
        tmp_path / "unstarted", ["policy=isolated,random"], [["policy=isolated"], ["policy=random"]]
    ).write()
    places = {
        "missing": tmp_path / "missing",
        "empty": tmp_path / "empty",
        "run": run,
        "unstarted": tmp_path / "unstarted",
        "sweep": sweep_dir,
    }
    args = [a.format(**places) for a in args]
    before = tree(tmp_path), tree(cwd)
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args)
    assert res.returncode == 2, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecosim: error:"), res.stderr
    assert expected in lines[0] and "Traceback" not in res.stderr
    assert (tree(tmp_path), tree(cwd)) == before


@pytest.mark.slow
def test_report_of_a_single_scenario(small_sweep, tmp_path):
    """Seeds only (nothing else swept): KPIs and bands, no paired comparison."""
    _, sweep_dir, _ = small_sweep
    jobs = [["policy=isolated", f"seed={s}", f"sim.steps={STEPS}"] for s in (0, 1)]
    Plan(tmp_path, ["seed=0,1"], jobs).write()
    for job in jobs:
        shutil.copytree(sweep_dir / job_dirname(job), tmp_path / job_dirname(job))
    analysis = analyse(collect(tmp_path), None, "en")
    assert analysis.factor is None and analysis.findings == [] and analysis.paired.empty
    assert list(analysis.labels.values()) == ["all runs"]
    html_path = write_report(analysis, tmp_path / "report")
    assert html_path.read_text().count("data:image/png;base64,") == 3


@pytest.mark.slow
def test_sigterm_and_a_killed_worker_lose_nothing_and_resume_completes(
    tmp_path, ecosim_cmd, clean_env
):
    """A worker is killed mid-run (SIGKILL); then, on resume, SIGTERM hits the sweep. Each
    time, whatever collect calls complete has all its files, no half-written file is left,
    and a last resume completes every run exactly once."""
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(HOOK)
    hooks = tmp_path / "triggers"
    hooks.mkdir()
    (hooks / "isolated-1.kill").touch()
    env = dict(clean_env, PYTHONPATH=str(tmp_path / "hook"), ECOSIM_TEST_HOOKS=str(hooks))
    args = ("sweep", "demo", "policy=isolated,complementarity", "seed=range(0,2)", "sim.steps=3")

    def check(sweep_dir):
        runs = collect(sweep_dir).runs
        for job in runs[runs.status == "complete"].job:
            assert (sweep_dir / job / ".done").exists()
            json.loads((sweep_dir / job / "summary.json").read_text())
        assert not list(sweep_dir.rglob("*.tmp"))
        return runs

    first = ecosim(ecosim_cmd, tmp_path, env, *args, "--jobs", "1", start_new_session=True)
    assert first.returncode != 0
    (sweep_dir,) = (tmp_path / "results" / "sweeps" / "demo").iterdir()
    assert (check(sweep_dir).status != "complete").any()

    (hooks / "complementarity-1.terminate").touch()
    resume = ("sweep", "--resume", str(sweep_dir), "--jobs", "1")
    second = ecosim(ecosim_cmd, tmp_path, env, *resume, start_new_session=True)
    assert second.returncode == 130, second.stderr
    assert "interrupted; resume with" in second.stderr
    assert (check(sweep_dir).status != "complete").any()

    last = ecosim(ecosim_cmd, tmp_path, env, *resume, start_new_session=True)
    assert last.returncode == 0, last.stderr
    done = check(sweep_dir)
    assert len(done) == 4 and done.job.is_unique and set(done.status) == {"complete"}
    calls = (hooks / "calls.log").read_text().split()
    assert sorted(set(calls)) == sorted(
        f"{p}-{s}" for p in ("isolated", "complementarity") for s in (0, 1)
    )


def test_findings_follow_the_verdict_never_no_effect():
    """The three verdicts in words, English and French: a distinguishable rise, an
    equivalence within the KPI's margin, and a not-established change."""
    from ecosim.report.text import scenario_findings

    def row(metric, mean, low, high, verdict, margin, base=100.0):
        rel = [100 * x / base for x in (mean, low, high)]
        return {
            "metric": metric,
            "mean": mean,
            "low": low,
            "high": high,
            "n": 10,
            "baseline_mean": base,
            "rel_mean": rel[0],
            "rel_low": rel[1],
            "rel_high": rel[2],
            "verdict": verdict,
            "distinguishable": verdict == "distinguishable",
            "margin": margin,
            "p_value": 0.01,
            "p_adjusted": 0.03,
        }

    rows = {
        "cum_net_return": row("cum_net_return", 12.0, 8.0, 16.0, "distinguishable", 5.0),
        "diversity_loss": row("diversity_loss", 0.004, -0.002, 0.01, "equivalent", 0.02, 0.3),
        "attractiveness": row("attractiveness", 3.0, -20.0, 26.0, "not established", 5.0),
    }
    en = scenario_findings("open", "isolated", rows, 8, "en").text
    assert "open raises long-run returns (cumulative net return) by 12.0% [8.0% to 16.0%]" in en
    assert "with a change in diversity loss of less than ±2.0 points: equivalent (+0.4 " in en
    assert "open may or may not change attractiveness relative to isolated: not established" in en
    fr = scenario_findings("open", "isolated", rows, 8, "fr").text
    assert "avec une variation de la perte de diversité de moins de ±2,0 points : équivalent" in fr
    assert "open peut ou non modifier l'attractivité par rapport à isolated : non établi" in fr
    assert "no effect" not in en and "aucun effet" not in fr


def test_report_of_an_experiments_directory_takes_its_latest_sweep(tmp_path, capsys):
    """`ecosim report results/sweeps/demo` means the latest stamp, and says so."""
    from ecosim.cli.report import latest_sweep

    for stamp in ("20261201-090000", "20261203-090000", "20261202-090000"):
        (tmp_path / stamp).mkdir()
        (tmp_path / stamp / "plan.json").write_text("{}")
    (tmp_path / "notes").mkdir()
    assert latest_sweep(tmp_path) == tmp_path / "20261203-090000"
    assert "the latest of 3 sweeps" in capsys.readouterr().err
    assert latest_sweep(tmp_path / "20261202-090000") == tmp_path / "20261202-090000"


def test_sweep_list_gives_whole_first_sentences():
    """A description that wraps over comment lines is not cut at the first line's end."""
    from ecosim.runs.sweep import experiments

    found = experiments()
    assert found["diversity_value_mesh"].endswith("(the same as experiment diversity_value).")
    assert all(desc.endswith((".", "!", "?")) for desc in found.values()), found


@pytest.mark.slow
def test_overrides_may_follow_options(tmp_path, ecosim_cmd, clean_env):
    """`ecosim sweep demo --jobs 1 results_dir=x`: the override after the option is read."""
    args = ["sweep", "demo", "--jobs", "1", "results_dir=x", "seed=0", "policy=isolated"]
    res = ecosim(ecosim_cmd, tmp_path, clean_env, *args, "sim.steps=2")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().startswith("x/sweeps/demo/")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_heatmaps_name_panel_and_unit_and_channel_bars_stay_in_frame(
    small_sweep, monkeypatch, lang
):
    """The territories figure has a titled panel per table, each naming its unit, and
    colour bars in EUR M; every channel bar and gain mark of the channels figure lies
    inside its axes (a bar was cut at the right edge)."""
    from ecosim.report import figures

    kept = []
    monkeypatch.setattr(figures, "png", lambda fig: kept.append(fig) or b"")
    a = analyse(collect(small_sweep[1]), None, lang)
    figures.territories(a)
    figures.channels(a)
    heat, bars = kept
    unit = "EUR M" if lang == "en" else "M EUR"
    titled = [ax for ax in heat.axes if ax.get_title()]
    assert len(titled) == 2 and all(unit in ax.get_title() for ax in titled)
    assert [ax.get_ylabel() for ax in heat.axes if not ax.get_title()] == [unit] * 2
    ax = bars.axes[0]
    low, high = ax.get_xlim()
    ends = [x for p in ax.patches for x in (p.get_x(), p.get_x() + p.get_width())]
    ends += [x for line in ax.get_lines() for x in line.get_xdata()]
    assert ends and low < min(ends) and max(ends) < high, (low, high, min(ends), max(ends))


def test_a_mistyped_baseline_key_is_suggested(small_sweep):
    """--baseline polic=isolated names the swept key it probably meant."""
    from ecosim.analysis.distribution import choose_baseline
    from ecosim.config import ConfigError

    with pytest.raises(ConfigError, match=r"did you mean policy=isolated\?"):
        choose_baseline(collect(small_sweep[1]), "polic=isolated")
