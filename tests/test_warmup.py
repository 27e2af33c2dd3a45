"""MSER-5 (ecosim/analysis/warmup.py) on synthetic series whose transient is known."""

import numpy as np
import pytest

from ecosim.analysis.warmup import batch_means, mser, mser_replications, mser_statistic


def noise(seed: int, n: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, 1.0, n)


def test_statistic_by_hand():
    # batches of 5: means 10, 0, 2 (a trailing partial batch is left out)
    series = [10] * 5 + [0] * 5 + [1, 3, 2, 2, 2] + [99, 99]
    assert list(batch_means(series)) == [10.0, 0.0, 2.0]
    stat = mser_statistic(series)
    # d = 0: mean 4, squared deviations 36 + 16 + 4 = 56, over 3^2;
    # d = 1: mean 1, squared deviations 1 + 1 = 2, over 2^2
    assert stat == pytest.approx([56 / 9, 2 / 4])
    warm = mser(series, max_fraction=1.0)
    assert warm.point == 5 and warm.batches == 1


def test_a_step_transient_is_cut_where_it_ends():
    """50 observations 5 standard deviations too high, then a stationary series: MSER-5
    deletes exactly the transient in most replications and never less of it."""
    points = []
    for seed in range(50):
        y = noise(seed, 500)
        y[:50] += 5.0
        warm = mser(y)
        assert warm.reliable
        points.append(warm.point)
    assert min(points) == 50
    assert np.mean(np.array(points) == 50) >= 0.6
    assert max(points) <= 100


def test_a_decaying_transient_is_cut_and_the_truncated_mean_is_closer_to_the_truth():
    """y_t = 10 exp(-t / 20) + noise: the bias is below the noise after ~45 observations."""
    for seed in range(30):
        y = 10 * np.exp(-np.arange(1000) / 20) + noise(seed, 1000)
        warm = mser(y)
        assert warm.reliable
        assert 40 <= warm.point <= 150
        assert abs(y[warm.point :].mean()) < abs(y.mean())


def test_a_stationary_series_keeps_almost_everything():
    points = [mser(noise(seed, 500)).point for seed in range(200)]
    assert np.median(points) == 0
    assert np.percentile(points, 90) <= 50  # 10% of the series


def test_a_trend_has_no_end_within_the_run():
    """A series that never settles: the minimum lies in the second half (unreliable)."""
    y = np.linspace(0.0, 10.0, 500) + noise(1, 500)
    assert not mser(y).reliable


def test_replications_are_judged_one_by_one_and_on_their_mean():
    rows = []
    for seed in range(20):
        y = noise(seed, 300)
        y[:40] += 3.0
        rows.append(y)
    result = mser_replications(np.array(rows))
    assert len(result.each) == 20
    assert result.of_mean.point == 40  # the mean over seeds is less noisy: exactly the step
    assert np.median(result.points) >= 40
    assert result.unreliable == 0


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="at least 3 batches"):
        mser(np.zeros(14))
    with pytest.raises(ValueError, match="finite"):
        mser([1.0] * 10 + [np.nan] * 5)
    with pytest.raises(ValueError, match="one row per replication"):
        mser_replications(np.zeros(30))
