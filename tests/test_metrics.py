import numpy as np

from ecosim.analysis.stats import mean_ci, paired_difference
from ecosim.core import measures


def test_gini_known_values():
    assert measures.gini(np.ones(5)) == 0.0
    assert np.isclose(measures.gini(np.array([0, 0, 0, 1.0])), 0.75)
    assert measures.gini(np.zeros(3)) == 0.0


def test_specialization_diversity_bounds():
    same = np.tile([0.5, 0.5, 0.0], (4, 1))
    assert measures.specialization_diversity(same) == 0.0
    distinct = np.eye(4)
    assert np.isclose(measures.specialization_diversity(distinct), 0.75)


def test_solution_diversity_is_expected_hamming_distance():
    bits = np.array([[0, 0], [1, 1], [0, 1], [1, 0]], dtype=np.uint8)
    sector = np.zeros(4, dtype=np.int64)
    pairs = [np.mean(a != b) for i, a in enumerate(bits) for b in bits[i + 1 :]]
    assert np.isclose(measures.solution_diversity(bits, sector, 1), np.mean(pairs))
    assert measures.solution_diversity(np.zeros((3, 2), np.uint8), np.zeros(3, int), 1) == 0


def test_cohort_survival():
    birth = np.array([0, 0, 0, 0, 10])
    end = np.array([2, 8, 20, 20, 12])
    failed = np.array([True, True, False, False, True])
    # judged at step 20 over 4 quarters: all five; the 1st and 5th died within 4 quarters
    assert measures.cohort_survival(birth, end, failed, 20, 4) == 0.6
    # at step 12 the last one is too young to be judged
    assert measures.cohort_survival(birth, end, failed, 12, 4) == 0.75


def test_discounting():
    assert np.isclose(measures.discounted(np.array([1.0, 1.0]), 0.0), 2.0)
    assert np.isclose(measures.discounted(np.array([1.1]), 0.1), 1.0)


def test_confidence_intervals_on_known_data():
    ci = mean_ci([1.0, 2.0, 3.0])
    assert ci.mean == 2.0
    assert np.isclose(ci.high - ci.mean, 4.302652729911275 * 1.0 / np.sqrt(3))
    d = paired_difference([2.0, 3.0, 4.0], [1.0, 2.0, 3.1])
    assert d.excludes_zero and np.isclose(d.mean, 0.9666666)
