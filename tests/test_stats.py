"""Statistics over seeds, checked on synthetic data with known answers."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from ecosim.analysis.stats import (
    grouped_ci,
    mean_ci,
    paired_difference,
    paired_differences,
    pareto_efficient,
)


def test_mean_ci_known_answer():
    ci = mean_ci([1, 2, 3, 4, 5])
    half = sps.t.ppf(0.975, 4) * np.sqrt(2.5) / np.sqrt(5)  # 2.776 x 1.581 / 2.236
    assert ci.mean == 3 and ci.n == 5
    assert ci.low == pytest.approx(3 - half) and ci.high == pytest.approx(3 + half)
    assert half == pytest.approx(1.9632, abs=1e-4)


def test_mean_ci_drops_missing_values_and_has_no_interval_for_one_value():
    assert mean_ci([1.0, np.nan, 3.0]).n == 2
    one = mean_ci([4.0])
    assert one.mean == 4 and np.isnan(one.low) and not one.excludes_zero


def test_intervals_cover_the_true_mean_95_percent_of_the_time():
    rng = np.random.default_rng(1)
    covered = [mean_ci(rng.normal(5.0, 2.0, 10)) for _ in range(2000)]
    share = np.mean([c.low <= 5.0 <= c.high for c in covered])
    assert 0.935 <= share <= 0.965


def scenarios(effect=2.0, shared_sd=10.0, own_sd=0.1, seeds=10, rng_seed=0):
    """Two scenarios over the same seeds: a large seed effect both share (what common
    random numbers give) and a small effect of the scenario."""
    rng = np.random.default_rng(rng_seed)
    shared = rng.normal(100.0, shared_sd, seeds)
    rows = []
    for policy, shift in (("isolated", 0.0), ("linked", effect)):
        own = rng.normal(0.0, own_sd, seeds)
        for seed in range(seeds):
            rows.append({"policy": policy, "seed": seed, "kpi": shared[seed] + shift + own[seed]})
    return pd.DataFrame(rows)


def test_exact_paired_difference_and_its_relative_size():
    df = scenarios(effect=2.0, own_sd=0.0)
    (row,) = paired_differences(df, "policy", "isolated", ["kpi"]).to_dict("records")
    base_mean = df[df.policy == "isolated"].kpi.mean()
    assert row["policy"] == "linked" and row["n"] == 10
    assert row["mean"] == pytest.approx(2.0)
    assert row["low"] == pytest.approx(2.0) and row["high"] == pytest.approx(2.0)
    assert row["distinguishable"]
    assert row["baseline_mean"] == pytest.approx(base_mean)
    assert row["rel_mean"] == pytest.approx(200.0 / base_mean)


def test_pairing_by_seed_finds_what_independent_samples_cannot():
    df = scenarios(effect=1.0, shared_sd=10.0, own_sd=0.3)
    (row,) = paired_differences(df, "policy", "isolated", ["kpi"]).to_dict("records")
    assert row["distinguishable"] and row["low"] > 0.5 and row["high"] < 1.5
    a = mean_ci(df[df.policy == "linked"].kpi)
    b = mean_ci(df[df.policy == "isolated"].kpi)
    assert a.low < b.high  # the two means' intervals overlap: unpaired, no answer


def test_no_effect_is_not_distinguishable():
    df = scenarios(effect=0.0, own_sd=1.0, rng_seed=3)
    (row,) = paired_differences(df, "policy", "isolated", ["kpi"]).to_dict("records")
    assert row["low"] < 0 < row["high"] and not row["distinguishable"]


def test_pairs_within_the_other_swept_keys_and_only_on_shared_seeds():
    rows = []
    for budget in (1, 5):
        for seed in range(6):
            rows.append({"budget": budget, "policy": "isolated", "seed": seed, "kpi": seed})
            if seed != 5 or budget != 5:  # one run of the treatment failed
                rows.append(
                    {"budget": budget, "policy": "linked", "seed": seed, "kpi": seed + budget}
                )
    out = paired_differences(pd.DataFrame(rows), "policy", "isolated", ["kpi"], within=["budget"])
    got = {r["budget"]: (r["mean"], r["n"]) for r in out.to_dict("records")}
    assert got == {1: (pytest.approx(1.0), 6), 5: (pytest.approx(5.0), 5)}


def test_paired_difference_needs_the_same_seeds():
    with pytest.raises(ValueError):
        paired_difference([1, 2, 3], [1, 2])


def test_grouped_ci_is_mean_ci_per_group_in_order_of_appearance():
    df = scenarios(own_sd=1.0)
    out = grouped_ci(df, ["policy"], ["kpi"])
    assert list(out.policy) == ["isolated", "linked"]
    for row in out.to_dict("records"):
        ci = mean_ci(df[df.policy == row["policy"]].kpi)
        assert (row["mean"], row["low"], row["high"], row["n"]) == pytest.approx(
            (ci.mean, ci.low, ci.high, ci.n)
        )


def test_pareto_frontier():
    returns = [10, 8, 12, 7, 12]
    loss = [0.5, 0.2, 0.9, 0.3, 0.95]
    # 3 is beaten by 1 (more return, less loss); 4 by 2 (same return, less loss)
    assert list(pareto_efficient(returns, loss)) == [True, True, True, False, False]


# -- verdicts, seeds by precision, clusters, corrections ------------------------------------
def test_verdicts_tell_an_effect_an_equivalence_and_not_established_apart():
    from ecosim.analysis.stats import (
        DISTINGUISHABLE,
        EQUIVALENT,
        NOT_ESTABLISHED,
        verdict,
    )

    rng = np.random.default_rng(0)
    assert verdict(rng.normal(1.0, 0.5, 30), margin=0.2).verdict == DISTINGUISHABLE
    assert verdict(rng.normal(0.0, 0.1, 30), margin=0.2).verdict == EQUIVALENT
    wide = verdict(rng.normal(0.0, 5.0, 10), margin=0.2)  # includes 0, and +/- margin
    assert wide.verdict == NOT_ESTABLISHED and not wide.interval.excludes_zero


def test_tost_p_value_matches_its_definition():
    from ecosim.analysis.stats import verdict

    x = np.array([0.1, -0.2, 0.05, 0.3, -0.1, 0.0, 0.15, -0.05])
    v = verdict(x, margin=0.5)
    se = x.std(ddof=1) / np.sqrt(len(x))
    lower = sps.t.sf((x.mean() + 0.5) / se, len(x) - 1)  # H0: mean <= -margin
    upper = sps.t.cdf((x.mean() - 0.5) / se, len(x) - 1)  # H0: mean >= +margin
    assert v.p_equivalence == pytest.approx(max(lower, upper))
    assert v.p_value == pytest.approx(sps.ttest_1samp(x, 0.0).pvalue)


def test_equivalence_holds_its_error_rate_at_the_margin():
    """A true difference exactly at the margin is called equivalent at most ~5% of the time."""
    from ecosim.analysis.stats import EQUIVALENT, verdict

    rng = np.random.default_rng(2)
    calls = [verdict(rng.normal(0.5, 1.0, 40), 0.5).verdict == EQUIVALENT for _ in range(2000)]
    assert np.mean(calls) <= 0.065


def test_seeds_are_added_until_the_interval_is_narrower_than_the_smallest_effect():
    from ecosim.analysis.stats import seeds_by_precision

    def noisy(seeds):
        return [np.random.default_rng(s).normal(0.3, 1.0) for s in seeds]

    result, seeds = seeds_by_precision(noisy, margin=0.5, batch=10, cap=200)
    assert result.half_width < 0.5 and len(seeds) % 10 == 0 and len(seeds) < 200
    narrower, more = seeds_by_precision(noisy, margin=0.25, batch=10, cap=200)
    assert len(more) > len(seeds) and narrower.half_width < 0.25
    capped, few = seeds_by_precision(noisy, margin=0.01, batch=10, cap=30)
    assert few == list(range(30)) and capped.half_width > 0.01  # stopped at the cap


def test_cluster_intervals_cover_when_runs_share_their_cluster():
    """Runs within a cluster share a random effect: the naive interval over runs is too
    narrow (coverage well below 95%), the cluster interval is right."""
    from ecosim.analysis.stats import cluster_ci

    rng = np.random.default_rng(3)
    naive, clustered = [], []
    for _ in range(1000):
        shared = rng.normal(0.0, 1.0, 10)  # 10 clusters (posterior draws)
        values = np.repeat(shared, 5) + rng.normal(0.0, 0.3, 50)  # 5 seeds each
        clusters = np.repeat(np.arange(10), 5)
        a, b = mean_ci(values), cluster_ci(values, clusters)
        naive.append(a.low <= 0 <= a.high)
        clustered.append(b.low <= 0 <= b.high)
    assert np.mean(naive) < 0.85
    assert 0.93 <= np.mean(clustered) <= 0.97


def test_corrections_for_many_comparisons_known_answers():
    from ecosim.analysis.stats import adjust_pvalues

    p = [0.01, 0.04, 0.03, 0.005, np.nan]
    # Benjamini-Hochberg: sorted 0.005, 0.01, 0.03, 0.04 -> x4/1, x4/2, x4/3, x4/4, monotone
    np.testing.assert_allclose(adjust_pvalues(p, "bh")[:4], [0.02, 0.04, 0.04, 0.02])
    # Holm: 0.005x4, 0.01x3, 0.03x2, 0.04x1 -> 0.02, 0.03, 0.06, 0.06 (monotone)
    np.testing.assert_allclose(adjust_pvalues(p, "holm")[:4], [0.03, 0.06, 0.06, 0.02])
    assert np.isnan(adjust_pvalues(p)[4])


# -- the comparisons of a report: margins, p-values, correction, clusters --------------------
def test_paired_differences_carry_their_test_margin_and_verdict():
    """Margins come from the KPI registry: 5% of |baseline mean| for returns, 2 points for
    shares; a tiny, precise difference within the margin is equivalent, not "no effect"."""
    from ecosim.analysis.stats import DISTINGUISHABLE, EQUIVALENT

    rows = []
    for seed in range(10):
        base = {"cum_net_return": 200.0 + 10 * seed, "diversity_loss": 0.30 + 0.01 * seed}
        rows.append({"policy": "isolated", "seed": seed, **base})
        wobble = 0.001 * (-1) ** seed
        rows.append(
            {
                "policy": "linked",
                "seed": seed,
                "cum_net_return": base["cum_net_return"] + 50.0 + seed % 3,
                "diversity_loss": base["diversity_loss"] + wobble,
            }
        )
    out = paired_differences(
        pd.DataFrame(rows), "policy", "isolated", ["cum_net_return", "diversity_loss"]
    ).set_index("metric")
    ret, div = out.loc["cum_net_return"], out.loc["diversity_loss"]
    assert ret["margin"] == pytest.approx(0.05 * 245.0)  # 5% of the baseline's mean
    assert div["margin"] == pytest.approx(0.02)  # 2 points of a share
    assert ret["verdict"] == DISTINGUISHABLE and ret["distinguishable"]
    assert div["verdict"] == EQUIVALENT and not div["distinguishable"]
    x = np.array([50.0 + s % 3 for s in range(10)])
    assert ret["p_value"] == pytest.approx(sps.ttest_1samp(x, 0.0).pvalue)
    # two comparisons in the table, adjusted together (Benjamini-Hochberg)
    np.testing.assert_allclose(
        out["p_adjusted"], adjust_pvalues_bh(out["p_value"].to_numpy()), rtol=1e-12
    )


def adjust_pvalues_bh(p):
    from ecosim.analysis.stats import adjust_pvalues

    return adjust_pvalues(p, "bh")


def many_comparisons(shift: float) -> pd.DataFrame:
    """One policy against isolated on ten metrics over 10 seeds: `k0` moves by `shift`
    with unit spread (standardized noise), the nine others not at all on average."""
    z = np.array([-1.5, -1.0, -0.6, -0.3, -0.1, 0.1, 0.3, 0.6, 1.0, 1.5])
    z = (z - z.mean()) / z.std(ddof=1)  # sample mean 0, sample sd 1
    rows = []
    for seed in range(10):
        base = {f"k{i}": 10.0 for i in range(10)}
        linked = {f"k{i}": 10.0 + z[(seed + i) % 10] for i in range(10)}
        linked["k0"] = 10.0 + shift + z[seed]
        rows.append({"policy": "isolated", "seed": seed, **base})
        rows.append({"policy": "linked", "seed": seed, **linked})
    return pd.DataFrame(rows)


def test_distinguishable_alone_is_not_distinguishable_among_ten_comparisons():
    """A difference with p = 0.02 (its 95% interval excludes zero) is distinguishable as the
    only comparison; among ten whose others show nothing, its Benjamini-Hochberg adjusted
    p-value is 0.2 and it is not called distinguishable (here: not established, since 0.89
    is beyond the margin, 5% of the baseline = 0.5)."""
    from ecosim.analysis.stats import DISTINGUISHABLE, NOT_ESTABLISHED

    shift = sps.t.ppf(0.99, 9) / np.sqrt(10)  # two-sided p = 0.02 with unit spread
    df = many_comparisons(shift)
    (alone,) = paired_differences(df, "policy", "isolated", ["k0"]).to_dict("records")
    assert alone["p_value"] == pytest.approx(0.02)
    assert alone["low"] > 0 and alone["verdict"] == DISTINGUISHABLE and alone["distinguishable"]

    table = paired_differences(df, "policy", "isolated", [f"k{i}" for i in range(10)])
    k0 = table.set_index("metric").loc["k0"]
    assert k0["p_value"] == pytest.approx(0.02) and k0["low"] > 0  # the same interval
    assert k0["p_adjusted"] == pytest.approx(0.2)  # 0.02 x 10 / 1
    assert k0["verdict"] == NOT_ESTABLISHED and not k0["distinguishable"]
    assert not table["distinguishable"].any()


def test_tables_are_corrected_together_across_a_report():
    """adjust_verdicts pools every table's comparisons (KPIs, territories, ...): a
    comparison alone in its table is corrected for the others too."""
    from ecosim.analysis.stats import DISTINGUISHABLE, adjust_verdicts

    shift = sps.t.ppf(0.99, 9) / np.sqrt(10)
    df = many_comparisons(shift)
    first = paired_differences(df, "policy", "isolated", ["k0"])
    rest = paired_differences(df, "policy", "isolated", [f"k{i}" for i in range(1, 10)])
    assert first["verdict"].iloc[0] == DISTINGUISHABLE
    (first, rest), count = adjust_verdicts([first, rest])
    assert count == 10
    assert first["p_adjusted"].iloc[0] == pytest.approx(0.2)
    assert not first["distinguishable"].iloc[0] and not rest["distinguishable"].any()


def posterior_runs(offset_sd=1.0, seed_sd=0.2, draws=6, seeds=5, effect=0.5, rng_seed=0):
    """Two scenarios at `draws` posterior draws x `seeds` seeds: the scenario's effect
    shifts by an offset each draw's runs share, plus a little seed noise."""
    rng = np.random.default_rng(rng_seed)
    offsets = rng.normal(0.0, offset_sd, draws)
    rows = []
    for draw in range(draws):
        for seed in range(seeds):
            world = rng.normal(100.0, 5.0)
            diff = effect + offsets[draw] + rng.normal(0.0, seed_sd)
            rows.append({"policy": "isolated", "draw": draw, "seed": seed, "kpi": world})
            rows.append({"policy": "linked", "draw": draw, "seed": seed, "kpi": world + diff})
    return pd.DataFrame(rows)


def test_intervals_clustered_by_draw_are_wider_when_draws_share_an_offset():
    """Paired by draw and seed, then clustered by draw (cluster_ci over the draws' mean
    differences): wider than the naive interval over all pairs, and exactly the t
    interval of the draw means."""
    from ecosim.analysis.stats import cluster_ci

    df = posterior_runs()
    pair_on = ["draw", "seed"]
    (naive,) = paired_differences(df, "policy", "isolated", ["kpi"], pair_on=pair_on).to_dict(
        "records"
    )
    (clustered,) = paired_differences(
        df, "policy", "isolated", ["kpi"], pair_on=pair_on, cluster="draw"
    ).to_dict("records")
    assert clustered["high"] - clustered["low"] > 1.5 * (naive["high"] - naive["low"])
    assert naive["n"] == clustered["n"] == 30 and clustered["clusters"] == 6
    wide = df.pivot_table(index=["draw", "seed"], columns="policy", values="kpi")
    diff = wide["linked"] - wide["isolated"]
    by_hand = cluster_ci(diff.to_numpy(), diff.index.get_level_values("draw"))
    assert (clustered["low"], clustered["high"]) == pytest.approx((by_hand.low, by_hand.high))
    means = diff.groupby(level="draw").mean()
    assert clustered["p_value"] == pytest.approx(sps.ttest_1samp(means, 0.0).pvalue)
    assert naive["p_value"] < clustered["p_value"]


def test_clustered_intervals_cover_and_naive_ones_do_not():
    """Over many posterior sweeps with a true effect of 0.5, the clustered interval covers
    it about 95% of the time; the naive one, far less."""
    naive, clustered = [], []
    for rng_seed in range(300):
        df = posterior_runs(draws=8, seeds=4, rng_seed=rng_seed)
        kw = {"pair_on": ["draw", "seed"]}
        a = paired_differences(df, "policy", "isolated", ["kpi"], **kw).iloc[0]
        b = paired_differences(df, "policy", "isolated", ["kpi"], cluster="draw", **kw).iloc[0]
        naive.append(a["low"] <= 0.5 <= a["high"])
        clustered.append(b["low"] <= 0.5 <= b["high"])
    assert np.mean(naive) < 0.8
    assert 0.91 <= np.mean(clustered) <= 0.99


def test_the_variety_sensitivity_correlation_is_clustered_by_world():
    """experiments/diversity_value: runs with the same seed share their world; the
    correlation's interval is over worlds (each world's runs averaged), not over runs."""
    import importlib.util
    from pathlib import Path

    from ecosim.analysis.stats import cluster_ci

    path = Path(__file__).parents[1] / "experiments" / "diversity_value" / "analyse.py"
    spec = importlib.util.spec_from_file_location("diversity_value_analyse", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    rng = np.random.default_rng(4)
    rows, expected = [], {}
    for seed in range(4):  # four worlds, each run under three link budgets
        variety = rng.uniform(0.5, 1.5, 6)
        for budget in range(3):
            job = f"s{seed}-b{budget}"
            noise = rng.normal(0, 0.3, 6)
            sensitivity = (seed - 1.5) * variety + noise  # the world sets the sign
            for step in (0, 40):
                for t in range(6):
                    rows.append(
                        {
                            "job": job,
                            "seed": seed,
                            "sector_shocks.shock_rate": 0.05,
                            "territory": f"T{t}",
                            "step": step,
                            "unrelated_variety": variety[t] if step == 0 else np.nan,
                            "shock_sensitivity": sensitivity[t] if step == 40 else np.nan,
                        }
                    )
            ranks = pd.DataFrame({"v": variety, "s": sensitivity}).rank()
            expected[job] = (seed, ranks.corr().iloc[0, 1])
    text, ci = module.variety_vs_sensitivity(pd.DataFrame(rows))
    seeds, rhos = zip(*expected.values(), strict=True)
    by_hand = cluster_ci(np.array(rhos), np.array(seeds))
    assert ci.n == 4 and (ci.low, ci.high) == pytest.approx((by_hand.low, by_hand.high))
    naive = mean_ci(np.array(rhos))
    assert ci.high - ci.low > naive.high - naive.low
    assert "12 runs with sector shocks in 4 worlds; clustered by world" in text
