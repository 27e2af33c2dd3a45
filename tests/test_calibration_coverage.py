"""The coverage study of `ecosim calibrate` (ecosim/analysis/coverage.py): simulation-based
calibration on a small seeded configuration, degenerate posteriors failing the study, the
binomial check, and bad input on the command line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ecosim.analysis import calibration, coverage
from ecosim.cli import main
from tests.test_calibration import needs_pyabc, write_spec


@needs_pyabc
@pytest.mark.slow
def test_posterior_intervals_cover_the_truth_as_often_as_they_claim(tmp_path):
    """Both calibrated parameters of the small spec (exit_mu, exit_sigma) drawn from their
    priors for 10 truths, each calibrated at population 50 over at most 2 generations
    (about 400 simulations per truth; the size is set by the test's cost, ~5 minutes on
    one idle core).

    Asserted: no run is degenerate (final ESS >= calibration.MIN_ESS) and, per parameter,
    the number of truths inside the 90% interval lies in the central 99% range of
    Binomial(10, 0.9) - scipy's `binom.interval(0.99, 10, 0.9)`, 6 to 10 - which a
    calibrated posterior misses with probability 0.2% per parameter. A confidently wrong
    posterior (issue 25: 38% coverage) covers 6 or more of 10 with probability 13%, so it
    fails here 87% of the time. The 50% level is reported, not asserted (its range,
    1-9 of 10, is too wide to say anything)."""
    spec = calibration.read_spec(write_spec(tmp_path / "spec.yaml"))
    budget = calibration.Budget(population_size=50, generations=2, jobs=1)
    table = coverage.run_study(spec, 10, tmp_path, budget, seed=0)
    summary = coverage.summarize(table).set_index("parameter")
    assert not table.degenerate.any(), table.groupby("truth_id").ess.first()
    assert coverage.accept_range(10, 0.9) == (6, 10)
    for p in spec.priors:
        assert 6 <= summary.loc[p.key, "covered90"] <= 10, summary
    assert table["rank"].between(0, 1).all()


def test_posteriors_on_a_few_particles_fail_the_study_even_when_they_cover(tmp_path):
    """Three truths whose posteriors hold each truth in every interval, but whose weights
    sit on one particle (ESS about 1): the study fails on degeneracy alone."""
    spec = calibration.read_spec(write_spec(tmp_path / "spec.yaml"))
    rng = np.random.default_rng(0)
    post = pd.DataFrame({p.key: rng.uniform(p.low, p.high, 50) for p in spec.priors})
    post["weight"] = np.r_[1.0, np.full(49, 1e-9)]
    truths = [post.iloc[0].to_dict() for _ in range(3)]
    table = pd.concat(
        [coverage.judge_run(post, spec, t).assign(truth_id=i) for i, t in enumerate(truths)]
    )
    assert table.in90.all() and table.degenerate.all()
    reasons = coverage.failures(coverage.summarize(table))
    assert reasons == [
        f"3 of 3 runs are degenerate (final ESS < {calibration.MIN_ESS}): "
        "their intervals sit on a few particles"
    ]


@needs_pyabc
@pytest.mark.slow
def test_a_study_of_degenerate_posteriors_fails_and_says_why(tmp_path):
    """Population 10, one generation: the last generation is the prior sample with equal
    weights, so its ESS is 10 < MIN_ESS (20) - whatever the coverage, the study fails,
    names the degenerate runs, and still writes every output."""
    spec = calibration.read_spec(write_spec(tmp_path / "spec.yaml"))
    budget = calibration.Budget(population_size=10, generations=1, jobs=1)
    paths, reasons = coverage.study(spec, 2, tmp_path / "out", budget, 3, 1, "ecosim calibrate")
    assert reasons and reasons[0].startswith("2 of 2 runs are degenerate"), reasons
    assert {p.name for p in paths} == {
        "calibration.yaml",
        "coverage.csv",
        "coverage_summary.csv",
        "rank_histogram.png",
        "summary.md",
    }
    table = pd.read_csv(tmp_path / "out" / "coverage.csv")
    assert len(table) == 2 * len(spec.priors) and table.degenerate.all()
    assert np.allclose(table.ess, 10.0)
    assert "**Fails**: 2 of 2 runs are degenerate" in (tmp_path / "out" / "summary.md").read_text()


def _table(covered90: int, n: int = 20, ess: float = 50.0) -> pd.DataFrame:
    """A study table of one parameter whose 90% interval held the truth `covered90` times."""
    return pd.DataFrame(
        {
            "truth_id": range(n),
            "parameter": "economy.exit_mu",
            "rank": np.linspace(0.01, 0.99, n),
            "in50": np.arange(n) < n // 2,
            "in90": np.arange(n) < covered90,
            "width90_ratio": 0.5,
            "ess": ess,
            "degenerate": ess < calibration.MIN_ESS,
        }
    )


def test_the_binomial_check_fails_a_confidently_wrong_posterior():
    """20 truths at 90%: the central 99% range of Binomial(20, 0.9) is 14-20 covered; 18
    passes, 8 (the 38% of issue 25's probe, rounded) fails and is named."""
    assert coverage.accept_range(20, 0.9) == (14, 20)
    assert coverage.failures(coverage.summarize(_table(18))) == []
    reasons = coverage.failures(coverage.summarize(_table(8)))
    assert reasons == ["economy.exit_mu: 8 of 20 truths in the 90% interval, outside 14-20"]


def test_the_truths_rank_is_the_posterior_weight_below_it():
    values, weights = np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.1, 0.2, 0.3, 0.4])
    assert coverage.weighted_rank(values, weights, 2.5) == pytest.approx(0.3)
    assert coverage.weighted_rank(values, weights, 3.0) == pytest.approx(0.3 + 0.15)
    assert coverage.weighted_rank(values, weights, 0.0) == 0.0
    assert coverage.weighted_rank(values, weights, 9.0) == 1.0


@needs_pyabc
@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--coverage", "1"], "--coverage: 1 is out of range"),
        (["--coverage", "two"], "--coverage: 'two' is not a valid int"),
        (["--coverage", "3", "--resume", "x"], "drop --resume and --dask"),
    ],
)
def test_bad_coverage_option_exit_2_one_line_nothing_written(
    args, word, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["calibrate", *args])
    lines = capsys.readouterr().err.strip().splitlines()
    assert exc.value.code == 2 and len(lines) == 1 and word in lines[0], lines
    assert list(tmp_path.iterdir()) == []


@needs_pyabc
@pytest.mark.slow
def test_the_study_is_the_same_whatever_the_number_of_processes(tmp_path):
    """Each truth is seeded on its own and calibrated on one core: one process or two
    give the same table (bar wall times)."""
    spec = calibration.read_spec(write_spec(tmp_path / "spec.yaml"))
    budget = calibration.Budget(population_size=10, generations=2, jobs=1)
    one, two = (
        coverage.run_study(spec, 2, tmp_path / str(jobs), budget, seed=5, jobs=jobs)
        for jobs in (1, 2)
    )
    pd.testing.assert_frame_equal(one.drop(columns="seconds"), two.drop(columns="seconds"))
