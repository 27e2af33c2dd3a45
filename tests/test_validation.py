"""Small versions of the three validation checks (docs/VALIDATION.md), qualitative
results across landscapes and seeds; the only numbers are the published ranges."""

import subprocess

import networkx as nx
import numpy as np
import pytest

from ecosim.analysis.facts import FACTS_QUARTERS, judge
from ecosim.analysis.stats import DISTINGUISHABLE, paired_difference, seeds_by_precision
from ecosim.cli import validate as validation_cli
from ecosim.config import ConfigError
from ecosim.core.knowledge import imitate_and_search
from ecosim.core.landscape import Landscapes
from ecosim.kpis import smallest_effect
from ecosim.runs.run import simulate
from ecosim.validation import homogenization, lazer_friedman, networks, stylized_facts
from ecosim.validation.configs import ecosystem_config
from ecosim.validation.lazer_friedman import SearchWorld, crossover_round, run_networks

LANDSCAPES = 12


# -- networks -------------------------------------------------------------------------
def test_networks_have_the_intended_structure():
    rng = np.random.default_rng(0)
    line = nx.from_numpy_array(networks.linear(100).astype(int))
    assert nx.is_connected(line) and {d for _, d in line.degree} == {2}
    assert nx.density(nx.from_numpy_array(networks.full(100).astype(int))) == 1.0
    dens = [
        nx.density(nx.from_numpy_array(networks.random_density(100, 0.1, rng).astype(int)))
        for _ in range(20)
    ]
    assert abs(np.mean(dens) - 0.1) < 0.01
    sw = networks.small_world(100, 10, rng)
    assert sw.sum() == networks.linear(100).sum()  # rewiring moves links, keeps their number
    assert (sw != networks.linear(100)).any()
    groups = networks.clusters(10, 10, 25, rng)
    cross = groups & ~networks.clusters(10, 10, 0, rng)
    assert cross.sum() == 2 * 25
    assert (
        networks.clusters(10, 10, networks.cross_group_pairs(10, 10), rng) == networks.full(100)
    ).all()
    for adj in (sw, groups):
        assert (adj == adj.T).all() and not adj.diagonal().any()


def test_imitation_reports_its_source_and_copies_only_better_neighbours():
    rng = np.random.default_rng(1)
    ls = Landscapes(1, 12, 3, rng)
    bits = rng.integers(0, 2, (30, 12), dtype=np.uint8)
    sector = np.zeros(30, dtype=np.int64)
    fit = ls.fitness(bits, sector)
    reach = networks.reach(networks.linear(30))
    _, new_fit, source = imitate_and_search(
        bits, fit, sector, np.arange(30), reach, ls, rng, 1.0, 0.0
    )
    copied = np.flatnonzero(source >= 0)
    assert len(copied) > 0
    assert (reach[copied, source[copied]] == 1).all() and (source[copied] != copied).all()
    assert (fit[source[copied]] > fit[copied]).all()  # only strictly better neighbours
    np.testing.assert_allclose(new_fit[copied], fit[source[copied]])  # exact copies


def test_partnerships_stay_within_isolated_territories_and_cross_links():
    def share(policy):
        summary, _, _ = simulate(ecosystem_config(0, 12, {"policy.name": policy}))
        return summary["within_territory_imitation_share"]

    assert share("isolated") == 1.0
    assert share("open_mesh") < 1.0


# -- Lazer & Friedman ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def lf():
    builders = lazer_friedman.lf_networks(100, 0.05, 5)
    return run_networks(SearchWorld(), builders, LANDSCAPES, 40, seed=0)


@pytest.mark.slow
def test_lf_same_start_for_every_network(lf):
    assert np.allclose(lf.score[:, :, 0], lf.score[:1, :, 0])
    assert (lf.distinct[:, :, 0] == 100).all()


@pytest.mark.slow
def test_lf_full_network_leads_early_linear_leads_late(lf):
    lin, full = lf.labels.index("linear"), lf.labels.index("full")
    early = paired_difference(lf.score[full, :, 3], lf.score[lin, :, 3])
    late = paired_difference(lf.score[lin, :, -1], lf.score[full, :, -1])
    assert early.low > 0, early
    assert late.low > 0, late
    means = lf.score.mean(axis=1)
    assert crossover_round(means[lin], means[full]) is not None


@pytest.mark.slow
def test_lf_full_network_collapses_to_few_solutions(lf):
    lin, full = lf.labels.index("linear"), lf.labels.index("full")
    assert lf.distinct[full, :, 3].mean() <= 2  # "one or two distinct solutions"
    assert (lf.distinct[lin, :, 3] > lf.distinct[full, :, 3]).all()


@pytest.mark.slow
def test_lf_lower_velocity_raises_long_run_score_at_a_short_run_cost():
    full = {"full": lazer_friedman.lf_networks(100, 0.05, 5)["full"]}
    fast = run_networks(SearchWorld(), full, LANDSCAPES, 60, seed=1)
    slow = run_networks(SearchWorld(velocity=0.1), full, LANDSCAPES, 60, seed=1)
    late = paired_difference(slow.score[0, :, -1], fast.score[0, :, -1])
    early = paired_difference(slow.score[0, :, 2], fast.score[0, :, 2])
    assert late.low > 0, late
    assert early.high < 0, early


def test_lf_without_interactions_both_networks_reach_the_optimum():
    """K = 0: a single peak, found by local search alone, on the line and the full network."""
    builders = lazer_friedman.lf_networks(100, 0.05, 5)
    two = {name: builders[name] for name in ("linear", "full")}
    traj = run_networks(SearchWorld(k=0), two, 4, 60, seed=2)
    np.testing.assert_allclose(traj.score[:, :, -1], 1.0)


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["lazer_friedman", "--landscapes", "0"], "--landscapes"),
        (["lazer_friedman", "--velocity", "2"], "--velocity"),
        (["lazer_friedman", "--rounds", "ten"], "--rounds"),
        (["homogenisation"], "homogenization"),
        (["stylized_facts", "--bogus"], "--bogus"),
    ],
)
def test_validate_rejects_bad_arguments_in_one_line(args, word):
    with pytest.raises(ConfigError) as err:
        validation_cli.parser().parse_args(args)
    message = str(err.value)
    assert word in message and "\n" not in message


@pytest.mark.slow
def test_validate_command_writes_outputs_exit_2_on_bad_input(ecosim_cmd, clean_env, tmp_path):
    def run(*args):
        return subprocess.run(
            [ecosim_cmd, "validate", *args],
            cwd=tmp_path,
            env=clean_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    res = run("lazer_friedman", "--landscapes", "2", "--rounds", "5")
    assert res.returncode == 0, res.stderr
    out = tmp_path / "results" / "validation" / "lazer_friedman"
    assert {"rounds.csv", "summary.md", "lazer_friedman.png"} <= {p.name for p in out.iterdir()}
    res = run("lazer_friedman", "--landscapes", "-3")
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2 and len(lines) == 1 and "--landscapes" in lines[0], res.stderr


# -- homogenization -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def groups():
    levels = (0, 20, networks.cross_group_pairs(10, 10))
    nets = homogenization.group_networks(levels)
    return run_networks(SearchWorld(), nets, LANDSCAPES, 50, seed=3)


@pytest.mark.slow
def test_more_cross_links_converge_faster_and_lose_more_diversity(groups):
    table = homogenization.group_table(groups)
    for col in (f"diversity_loss_round_{homogenization.EARLY}", "diversity_loss_final"):
        assert np.all(np.diff(table[col]) > 0), table


@pytest.mark.slow
def test_moderate_cross_linking_gives_the_best_long_run_score():
    """20 cross-group links - the one interior level, named before measuring, so no best
    level is picked on the landscapes that test it - score higher at round 50 than no
    cross links and than every pair linked: both distinguishable. Paired by landscape;
    the score is not a KPI: margin 5% of the extreme's mean (`smallest_effect`'s
    default). Landscapes in batches of 20 (each batch its own seed) by precision, cap 60:
    at the 12 landscapes this test used, the comparison with the full network was not
    established (+0.031 [-0.015, +0.077]); at 40, +0.079 [+0.022, +0.135]
    (experiments/remeasured/run.py homogenization)."""
    levels = (0, 20, networks.cross_group_pairs(10, 10))
    nets = homogenization.group_networks(levels)
    batches = {}

    def scores(seeds) -> np.ndarray:
        """Final scores[level, landscape] of the batch that starts at seeds[0]."""
        key = seeds[0]
        if key not in batches:
            run = run_networks(SearchWorld(), nets, len(seeds), 50, seed=1000 + key)
            batches[key] = run.score[:, :, -1]
        return batches[key]

    first = scores(range(20))
    for extreme in (0, 2):
        margin = smallest_effect("group_score").margin(first[extreme].mean())
        found, _ = seeds_by_precision(
            lambda seeds, e=extreme: scores(seeds)[1] - scores(seeds)[e], margin, 20, 60
        )
        assert found.verdict == DISTINGUISHABLE and found.interval.low > 0, (extreme, found)


def test_territories_linked_lose_more_solution_diversity():
    scenarios = [s for s in homogenization.SCENARIOS if s[0] in ("isolated", "open_mesh")]
    series = homogenization.run_territories(4, 24, 0, settings=("default",), scenarios=scenarios)
    loss = homogenization.territory_per_seed(series).set_index(["scenario", "seed"])
    diff = paired_difference(
        loss.loc["open_mesh", "diversity_loss_final"], loss.loc["isolated", "diversity_loss_final"]
    )
    assert diff.low > 0, diff


# -- stylized facts -----------------------------------------------------------------------
_STALE = "fitted before the recycling cap (issue 23): the calibration is stale"
#: Facts whose interval over seeds lies outside the published range at 20 seeds x
#: FACTS_QUARTERS (docs/VALIDATION.md section 2), each with its reason. The test asserts
#: this set exactly: a listed fact that comes back inside or onto its range fails, and so
#: does any other fact outside - an exemption cannot outlive its reason unnoticed.
OUTSIDE = {
    # The aggregate share is dominated by the largest territory, which copies mostly from
    # itself; the mean over territories (territory_mean_within_share) is the comparable one.
    "within_territory_imitation_share": "aggregate dominated by the largest territory",
    # A funded startup moves to growth-stage burn and either raises again or fails at 0x:
    # no bridge rounds, no partial recoveries (docs/VALIDATION.md section 2).
    "second_round_share": "no bridge rounds: a funded startup raises again or fails",
    # A fitted fact that the economy's change moved outside (inside at issue 14); after
    # the funding tie-break fix top 5%'s value share and 5-year survival came back to
    # their ranges (0.684 [0.662, 0.705] overlaps, 0.415 [0.406, 0.425] inside):
    "share_below_1x": _STALE,
}


@pytest.mark.slow
def test_default_world_facts_judged_by_their_interval_over_seeds():
    """20 seeds x FACTS_QUARTERS, as docs/VALIDATION.md section 2 (about 7 s): with 5 seeds
    x 80 quarters, this test's old size, the venture facts judged only the births of
    quarters 36-40 and the intervals were too wide to put a fact outside."""
    per_seed = stylized_facts.measure(seeds=20, quarters=FACTS_QUARTERS)
    status = stylized_facts.compare(per_seed).set_index("key").status
    assert (status != "undefined").all(), status
    assert set(status.index[status == "outside"]) == set(OUTSIDE), status


def test_a_fact_is_judged_by_its_interval_not_its_mean():
    # mean inside the range, interval straddling its edge: not "inside"
    assert judge(0.4, 0.46, 0.43, 0.50) == "overlaps"
    assert judge(0.4, 0.46, 0.41, 0.45) == "inside"
    assert judge(0.4, 0.46, 0.47, 0.52) == "outside"
    assert judge(0.4, 0.46, float("nan"), 0.5) == "undefined"
